/** Stops the e2e stack and removes its files (PORTAL_E2E_KEEP_DATA=1 keeps the data folder). */
import { stopTestStack } from './test-stack';

export default async function e2eGlobalTeardown(): Promise<void> {
  await stopTestStack('e2e');
}
