/**
 * Counts DynamoDB calls per request, for benchmarks and tests ("how many reads does GET /x make?").
 * `attachCallCounter(client)` adds an SDK middleware once; `countCalls(fn)` runs `fn` in an async
 * context and returns how many commands it sent, by name. Off the request path unless attached.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type CallCounts = Record<string, number>;
const store = new AsyncLocalStorage<CallCounts>();
const attached = new WeakSet<object>();

export function attachCallCounter(client: DynamoDBClient): void {
  if (attached.has(client)) return;
  attached.add(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const counts = store.getStore();
      if (counts) {
        const name = (context as { commandName?: string }).commandName ?? 'unknown';
        counts[name] = (counts[name] ?? 0) + 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'portalCallCounter' },
  );
}

export async function countCalls<T>(fn: () => Promise<T>): Promise<{ result: T; counts: CallCounts; total: number }> {
  const counts: CallCounts = {};
  const outer = store.getStore();
  const result = await store.run(counts, fn);
  // A count inside another (a service counting its own calls within the gateway's per-request count) adds to it.
  if (outer) for (const [name, n] of Object.entries(counts)) outer[name] = (outer[name] ?? 0) + n;
  return { result, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}
