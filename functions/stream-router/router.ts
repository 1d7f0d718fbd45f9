/**
 * The stream router: the table stream's ONE reader. Each batch from the event-source mapping is split by
 * the routing table (shared/events/routing.ts, derived from the manifest) into one subset per consumer
 * feature, and each subset is handed to that feature's Lambda as an ASYNCHRONOUS invocation:
 * - a slow or failing consumer never holds up the stream or the other features: Lambda queues the event,
 *   retries a failed one twice, then puts it in that feature's own dead-letter queue;
 * - the router fails its batch only if a subset can be neither handed over nor parked in the
 *   undelivered queue (then the mapping retries it; consumers are idempotent, so a replay is harmless).
 * Order: a feature's records go out in stream order, but asynchronous invocations may run concurrently
 * and be retried, so consumers must not rely on delivery order (each consumer says how it copes).
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { chunkRecords, routeWants, type RoutedStreamEvent, type StreamRoute } from '../../shared/events/routing';

export interface RouterTarget extends StreamRoute {
  /** The consumer's function name (cloud) or feature name (local Lambda Invoke API). */
  target: string;
}

export interface ConsumerInvoker {
  /** Queues an asynchronous invocation (InvocationType Event). */
  invokeAsync(target: string, payload: string): Promise<void>;
  /** Runs a synchronous invocation (payload over the async limit); resolves false when the function failed. */
  invokeSync(target: string, payload: string): Promise<boolean>;
  /** Parks a subset that could not be handed over (the router's undelivered queue). */
  park(feature: string, payload: string, reason: string): Promise<void>;
}

export interface RouteOutcome {
  feature: string;
  records: number;
  invocations: number;
  parked: number;
}

export async function routeBatch(
  records: readonly DynamoDBRecord[],
  targets: readonly RouterTarget[],
  invoker: ConsumerInvoker,
): Promise<RouteOutcome[]> {
  return Promise.all(
    targets.map(async (t) => {
      const mine = records.filter((r) => routeWants(t, r));
      const outcome: RouteOutcome = { feature: t.feature, records: mine.length, invocations: 0, parked: 0 };
      for (const chunk of chunkRecords(mine, t.batchSize)) {
        const payload = JSON.stringify({
          Records: chunk.records,
          routedBy: 'stream-router',
        } satisfies RoutedStreamEvent);
        outcome.invocations++;
        try {
          if (!chunk.oversized) await invoker.invokeAsync(t.target, payload);
          else if (!(await invoker.invokeSync(t.target, payload))) throw new Error('the consumer failed');
        } catch (err) {
          // Parking failing too throws: the mapping retries the router's batch.
          await invoker.park(t.feature, payload, (err as Error).message);
          outcome.parked++;
        }
      }
      return outcome;
    }),
  );
}

/** The routing table and the targets, from the environment (CDK and the local stack set both). */
export function targetsFromEnv(env: NodeJS.ProcessEnv = process.env): RouterTarget[] {
  const routes = JSON.parse(env.STREAM_ROUTES ?? '[]') as StreamRoute[];
  const names = JSON.parse(env.STREAM_TARGETS ?? '{}') as Record<string, string>;
  return routes.map((r) => {
    const target = names[r.feature];
    if (!target) throw new Error(`stream router: no target for feature ${r.feature}`);
    return { ...r, target };
  });
}
