/**
 * One local stack per Jest project that needs one (`integration`, `e2e`), started by its globalSetup on
 * free ports with in-memory DynamoDB and a temporary data folder, in a child process
 * (infra/local/spawn.ts). Its connection info goes to a JSON file named by an environment variable
 * per project, so when Jest runs both projects in one go each test file still reaches its own stack:
 * the project's setup file says which (`PORTAL_TEST_STACK`), and itStack() in ./local-stack-client reads it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnLocalStack, type SpawnedLocalStack } from '../../infra/local/spawn';
import { INFO_ENV, type TestStackKind } from './stack-info-env';

const KEEP_ENV: Record<TestStackKind, string> = { integration: 'PORTAL_IT_KEEP_DATA', e2e: 'PORTAL_E2E_KEEP_DATA' };

interface Running {
  stack: SpawnedLocalStack;
  infoFile: string;
  dataDir: string;
}
const running =
  (globalThis as { __portalTestStacks?: Partial<Record<TestStackKind, Running>> }).__portalTestStacks ?? {};
(globalThis as { __portalTestStacks?: Partial<Record<TestStackKind, Running>> }).__portalTestStacks = running;

export async function startTestStack(kind: TestStackKind, web: 'dist' | 'none'): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `portal-${kind}-`));
  const started = Date.now();
  const stack = await spawnLocalStack({
    ports: { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 },
    inMemoryDb: true,
    dataDir,
    web,
    quiet: true,
    // Tests run schedules themselves (runSchedule) so their effects are deterministic.
    scheduleFirstRunMs: null,
    // The offline e-mail digest waits 3 s instead of 10 minutes (tests then run the `digest` schedule).
    // Every browser and client of a test run signs in from 127.0.0.1: the per-IP sign-in limit (an operator
    // setting) is raised so the per-address limit, which the tests assert, is the one they meet.
    env: { MESSENGER_DIGEST_MINUTES: '0.05', SIGN_IN_LIMIT_PER_IP: '5000' },
  });
  const infoFile = path.join(os.tmpdir(), `portal-${kind}-${process.pid}.json`);
  writeFileSync(infoFile, JSON.stringify(stack.info, null, 2));
  process.env[INFO_ENV[kind]] = infoFile;
  running[kind] = { stack, infoFile, dataDir };
  const s = stack.info;
  console.log(
    `\n${kind} stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s (stack ${(s.startupMs / 1000).toFixed(1)} s: ${JSON.stringify(s.timings)}; ${web === 'dist' ? `portal ${s.urls.portal}; ` : ''}log ${stack.logFile})`,
  );
}

export async function stopTestStack(kind: TestStackKind): Promise<void> {
  const r = running[kind];
  if (!r) return;
  running[kind] = undefined;
  await r.stack.stop();
  rmSync(r.infoFile, { force: true });
  if (!process.env[KEEP_ENV[kind]]) rmSync(r.dataDir, { recursive: true, force: true });
}
