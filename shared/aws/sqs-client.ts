/** The SQS client (the stream router's undelivered queue), created on first use (see registry.ts). */
import { SQSClient } from '@aws-sdk/client-sqs';
import { endpointFrom, onClientsReset, region } from './registry';

let sqs: SQSClient | undefined;
onClientsReset(() => (sqs = undefined));

export function sqsClient(): SQSClient {
  sqs ??= new SQSClient({ region: region(), ...endpointFrom('SQS_ENDPOINT'), maxAttempts: 3 });
  return sqs;
}
