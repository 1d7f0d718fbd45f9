/** Stops the integration stack and removes its files (PORTAL_IT_KEEP_DATA=1 keeps the data folder). */
import { stopTestStack } from './test-stack';

export default async function integrationGlobalTeardown(): Promise<void> {
  await stopTestStack('integration');
}
