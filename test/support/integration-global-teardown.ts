/** Stops the integration stack started by integration-global-setup.ts and removes its files. */
import { rmSync } from 'node:fs';
import type { SpawnedLocalStack } from '../../infra/local/spawn';

export default async function integrationGlobalTeardown(): Promise<void> {
  const g = globalThis as { __portalItStack?: { stack: SpawnedLocalStack; infoFile: string; dataDir: string } };
  const it = g.__portalItStack;
  if (!it) return;
  g.__portalItStack = undefined;
  await it.stack.stop();
  rmSync(it.infoFile, { force: true });
  if (!process.env.PORTAL_IT_KEEP_DATA) rmSync(it.dataDir, { recursive: true, force: true });
}
