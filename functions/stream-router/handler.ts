/**
 * The stream router's Lambda: the only event-source mapping on the table's stream (see router.ts).
 * Locally the stream poller invokes this same handler with the same event.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { loggerFor } from '../../shared/runtime/logger';
import { awsInvoker } from './invoker';
import { routeBatch, targetsFromEnv, type RouterTarget } from './router';

const logger = loggerFor('stream-router');
let targets: RouterTarget[] | undefined;

export async function handler(event: DynamoDBStreamEvent): Promise<{ batchItemFailures: never[] }> {
  targets ??= targetsFromEnv();
  const outcomes = await routeBatch(event.Records, targets, awsInvoker);
  const parked = outcomes.filter((o) => o.parked > 0);
  if (parked.length) logger.error('stream subsets parked in the undelivered queue', { parked });
  logger.debug('routed', { records: event.Records.length, outcomes });
  return { batchItemFailures: [] };
}
