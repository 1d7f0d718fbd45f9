/**
 * Jest globalSetup of the `e2e` project: checks that the SPA is built and Chromium is installed, then
 * starts ONE local stack for the run (free ports, in-memory DynamoDB, temp data folder) serving web/dist
 * at its portal port. The stack runs in a child process (infra/local/spawn.ts → startLocalStack); its
 * connection info goes to a JSON file named by process.env.PORTAL_STACK_INFO, which the test workers
 * inherit (read it with itStack() from ./local-stack-client). It builds nothing: `npm test` and
 * `npm run test:e2e` run `npm run build:web` first.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnLocalStack, type SpawnedLocalStack } from '../../infra/local/spawn';
import { repoRoot } from '../../infra/local/util';
import { assertChromium } from './browser';

export const E2E_INFO_ENV = 'PORTAL_STACK_INFO';

export default async function e2eGlobalSetup(): Promise<void> {
  const repo = repoRoot();
  const index = path.join(repo, 'web', 'dist', 'index.html');
  if (!existsSync(index)) throw new Error(`web/dist/index.html is missing: build the SPA first (npm run build:web), or run npm run test:e2e`);
  assertChromium();
  mkdirSync(path.join(repo, 'test-results', 'e2e'), { recursive: true });

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-'));
  const started = Date.now();
  const stack = await spawnLocalStack({
    ports: { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 },
    inMemoryDb: true,
    dataDir,
    web: 'dist',
    quiet: true,
  });
  const infoFile = path.join(os.tmpdir(), `portal-e2e-${process.pid}.json`);
  writeFileSync(infoFile, JSON.stringify(stack.info, null, 2));
  process.env[E2E_INFO_ENV] = infoFile;
  (globalThis as { __portalE2eStack?: { stack: SpawnedLocalStack; infoFile: string; dataDir: string } }).__portalE2eStack = { stack, infoFile, dataDir };
  console.log(`\ne2e stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${stack.info.urls.portal} (log ${stack.logFile})`);
}
