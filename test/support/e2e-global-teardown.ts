/** Stops the e2e stack started by e2e-global-setup.ts and removes its files (PORTAL_E2E_KEEP_DATA=1 keeps the data folder). */
import { rmSync } from 'node:fs';
import type { SpawnedLocalStack } from '../../infra/local/spawn';

export default async function e2eGlobalTeardown(): Promise<void> {
  const g = globalThis as { __portalE2eStack?: { stack: SpawnedLocalStack; infoFile: string; dataDir: string } };
  const it = g.__portalE2eStack;
  if (!it) return;
  g.__portalE2eStack = undefined;
  await it.stack.stop();
  rmSync(it.infoFile, { force: true });
  if (!process.env.PORTAL_E2E_KEEP_DATA) rmSync(it.dataDir, { recursive: true, force: true });
}
