/**
 * The table's stream to the features' stream consumers (the manifest's `streams`): one filtered
 * DynamoDB event source per feature, each with a dead-letter queue for the records that failed every retry.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FeatureManifest, StreamEventName } from '../../shared/manifest/types';
import type { PortalFunctions } from './functions';
import { StackScoped } from './stack-scoped';

/** Stream filter patterns for one feature: new images for INSERT/MODIFY, old images for REMOVE. */
export function streamFilters(manifest: FeatureManifest): Record<string, unknown>[] {
  const consumers = Object.values(manifest.streams);
  const all: StreamEventName[] = ['INSERT', 'MODIFY', 'REMOVE'];
  const withEvent = (e: StreamEventName) =>
    [...new Set(consumers.filter((c) => (c.events ?? all).includes(e)).flatMap((c) => c.entities))].sort();
  const filters: Record<string, unknown>[] = [];
  const upserts = (['INSERT', 'MODIFY'] as const).filter((e) => withEvent(e).length);
  if (upserts.length) {
    const entities = [...new Set(upserts.flatMap(withEvent))].sort();
    filters.push(
      lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.or(...upserts),
        dynamodb: { NewImage: { __edb_e__: { S: lambda.FilterRule.or(...entities) } } },
      }),
    );
  }
  const removes = withEvent('REMOVE');
  if (removes.length) {
    const removeEvent: unknown = lambda.FilterRule.isEqual('REMOVE'); // typed `any` by aws-cdk-lib
    filters.push(
      lambda.FilterCriteria.filter({
        eventName: removeEvent,
        dynamodb: { OldImage: { __edb_e__: { S: lambda.FilterRule.or(...removes) } } },
      }),
    );
  }
  return filters;
}

export interface EventsProps {
  /** The table whose stream feeds the consumers. */
  table: dynamodb.ITable;
  features: readonly FeatureManifest[];
  functions: PortalFunctions;
}

export class Events extends StackScoped {
  /** Dead-letter queues by name (here: the consumer feature), each alarmed by Monitoring. */
  readonly deadLetterQueues = new Map<string, sqs.IQueue>();

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    for (const f of props.features) {
      if (!Object.keys(f.streams).length) continue;
      const dlq = new sqs.Queue(this.stack, `StreamDlq-${f.feature}`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      this.deadLetterQueues.set(f.feature, dlq);
      Validations.of(dlq).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself the on-failure destination of the ${f.feature} stream consumer.`,
      });
      const batchSize = Math.min(100, Math.max(...Object.values(f.streams).map((s) => s.batchSize ?? 25)));
      const fn = props.functions.of(f.feature);
      fn.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: lambda.StartingPosition.LATEST,
          batchSize,
          maxBatchingWindow: Duration.seconds(1),
          bisectBatchOnError: true,
          retryAttempts: 5,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(dlq),
          filters: streamFilters(f),
        }),
      );
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams has no resource-level permissions (added by the stream event source); X-Ray likewise.',
      });
    }
  }
}
