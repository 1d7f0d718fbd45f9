/**
 * The one event path (README "Events"): the table's stream has ONE reader, the stream router Lambda
 * (functions/stream-router), whose event-source mapping lets through only what some consumer wants. The
 * router invokes each consumer feature's Lambda asynchronously with its subset; every consumer keeps its own
 * dead-letter queue (the async on-failure destination, after Lambda's two retries), so one failing
 * feature neither blocks nor replays the others. Routing table, filter and targets all derive from the
 * manifest's `streams` through shared/events/routing.ts, which the local stack uses too.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { routerFilter, streamRoutes, type StreamRoute } from '../../shared/events/routing';
import type { FeatureManifest } from '../../shared/manifest/types';
import { FeatureFunction } from './feature-function';
import type { PortalFunctions } from './functions';
import { StackScoped } from './stack-scoped';

/** The router is a function of its own, not a manifest feature (it has no routes and no feature grants). */
export const STREAM_ROUTER_FEATURE = 'stream-router';

/** Lambda's limit for all environment variables of a function together. */
const LAMBDA_ENV_LIMIT_BYTES = 4 * 1024;

/** The router mapping's filter: new images for INSERT/MODIFY, old images for REMOVE (filtering is free). */
export function routerFilters(routes: readonly StreamRoute[]): Record<string, unknown>[] {
  const { upserts, removes } = routerFilter(routes);
  const filters: Record<string, unknown>[] = [];
  for (const eventName of ['INSERT', 'MODIFY'] as const) {
    if (!upserts[eventName].length) continue;
    const event: unknown = lambda.FilterRule.isEqual(eventName); // typed `any` by aws-cdk-lib
    filters.push(
      lambda.FilterCriteria.filter({
        eventName: event,
        dynamodb: { NewImage: { __edb_e__: { S: lambda.FilterRule.or(...upserts[eventName]) } } },
      }),
    );
  }
  if (removes.length) {
    const event: unknown = lambda.FilterRule.isEqual('REMOVE');
    filters.push(
      lambda.FilterCriteria.filter({
        eventName: event,
        dynamodb: { OldImage: { __edb_e__: { S: lambda.FilterRule.or(...removes) } } },
      }),
    );
  }
  return filters;
}

export interface EventsProps {
  tenant: string;
  repoRoot: string;
  /** The table whose stream feeds the consumers. */
  table: dynamodb.ITable;
  features: readonly FeatureManifest[];
  functions: PortalFunctions;
  /** Reserved concurrency of the router (context `maxConcurrency`, as every function of the tenant). */
  reservedConcurrency?: number;
}

export class Events extends StackScoped {
  /** Dead-letter queues by name (each consumer feature, and `stream-router`), each alarmed by Monitoring. */
  readonly deadLetterQueues = new Map<string, sqs.IQueue>();
  readonly router: lambda.IFunction;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    const routes = streamRoutes(props.features);
    const targets: Record<string, string> = {};

    for (const route of routes) {
      const f = route.feature;
      // Same logical ID as the queue each feature had as its mapping's on-failure destination before.
      const dlq = this.deadLetterQueue(`StreamDlq-${f}`, f, `the ${f} stream consumer's asynchronous invocations`);
      const fn = props.functions.of(f);
      fn.configureAsyncInvoke({
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        onFailure: new SqsDestination(dlq),
      });
      targets[f] = fn.functionName;
    }

    // Subsets the router could hand to no consumer, and batches it failed on: kept, alarmed, replayable.
    const undelivered = this.deadLetterQueue(
      'StreamUndelivered',
      STREAM_ROUTER_FEATURE,
      'the stream router (undelivered subsets and failed batches)',
    );

    const environment = {
      STREAM_ROUTES: JSON.stringify(routes),
      STREAM_TARGETS: Stack.of(this).toJsonString(targets),
      STREAM_UNDELIVERED_QUEUE_URL: undelivered.queueUrl,
    };
    // Function names are tokens here; each resolves to at most 64 characters.
    const envBytes = JSON.stringify(environment.STREAM_ROUTES).length + routes.length * 80 + 200;
    if (envBytes > LAMBDA_ENV_LIMIT_BYTES - 512)
      throw new Error(
        `The stream router's routing table (${envBytes} B) would not fit Lambda's 4 KB environment: move it into the bundle (esbuild define).`,
      );

    const router = new FeatureFunction(this.stack, 'StreamRouter', {
      manifest: { feature: STREAM_ROUTER_FEATURE, grants: [], http: {}, ws: {}, streams: {}, schedules: {} },
      repoRoot: props.repoRoot,
      tenant: props.tenant,
      environment,
      resources: null,
      reservedConcurrency: props.reservedConcurrency,
    });
    this.router = router.fn;
    // Exactly the consumers' unqualified ARNs (grantInvoke would add `:*`, every version and alias).
    router.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: routes.map((r) => props.functions.of(r.feature).functionArn),
      }),
    );
    undelivered.grantSendMessages(router.fn);

    router.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(undelivered),
        filters: routerFilters(routes),
      }),
    );
    Validations.of(router.fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams has no resource-level permissions (added by the stream event source); X-Ray likewise.',
    });
  }

  /** An encrypted, TLS-only queue kept 14 days, registered for its alarm; it needs no DLQ of its own. */
  private deadLetterQueue(id: string, name: string, of: string): sqs.Queue {
    const q = new sqs.Queue(this.stack, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.deadLetterQueues.set(name, q);
    Validations.of(q).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the dead-letter queue of ${of}.`,
    });
    return q;
  }
}
