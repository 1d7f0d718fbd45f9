/**
 * Jest globalSetup of the `integration` project: ONE local stack for the whole run, on free ports,
 * with in-memory DynamoDB and a temporary data folder, no SPA. It runs in a child process
 * (infra/local/spawn.ts); its connection info goes to a JSON file whose path is put in
 * process.env.PORTAL_IT_INFO, which the test workers inherit (test/support/local-stack-client.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnLocalStack, type SpawnedLocalStack } from '../../infra/local/spawn';

export const INFO_ENV = 'PORTAL_IT_INFO';

export default async function integrationGlobalSetup(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-it-'));
  const started = Date.now();
  const stack = await spawnLocalStack({
    ports: { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 },
    inMemoryDb: true,
    dataDir,
    web: 'none',
    quiet: true,
    scheduleFirstRunMs: null,
  });
  const infoFile = path.join(os.tmpdir(), `portal-it-${process.pid}.json`);
  writeFileSync(infoFile, JSON.stringify(stack.info, null, 2));
  process.env[INFO_ENV] = infoFile;
  (globalThis as { __portalItStack?: { stack: SpawnedLocalStack; infoFile: string; dataDir: string } }).__portalItStack = { stack, infoFile, dataDir };
  console.log(`\nintegration stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s (stack ${(stack.info.startupMs / 1000).toFixed(1)} s: ${JSON.stringify(stack.info.timings)}; log ${stack.logFile})`);
}
