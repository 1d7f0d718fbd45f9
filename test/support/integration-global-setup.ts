/** Jest globalSetup of the `integration` project: one local stack without the SPA (see ./test-stack.ts). */
import { startTestStack } from './test-stack';

export default async function integrationGlobalSetup(): Promise<void> {
  await startTestStack('integration', 'none');
}
