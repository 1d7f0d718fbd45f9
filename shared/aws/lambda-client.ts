/** The Lambda client (invoking another feature's function), created on first use (see registry.ts). */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { endpointFrom, onClientsReset, region } from './registry';

let lambda: LambdaClient | undefined;
onClientsReset(() => (lambda = undefined));

export function lambdaClient(): LambdaClient {
  lambda ??= new LambdaClient({ region: region(), ...endpointFrom('LAMBDA_ENDPOINT'), maxAttempts: 3 });
  return lambda;
}
