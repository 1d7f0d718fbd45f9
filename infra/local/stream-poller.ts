/**
 * The table stream's event-source mapping, locally: polls the stream (DescribeStream / GetShardIterator /
 * GetRecords, every ~250 ms, following new shards) and invokes the ONE reader, the stream router
 * (functions/stream-router), with `{ Records }` in Lambda's DynamoDB stream event shape, exactly as the
 * cloud's single mapping does. Records are filtered like that mapping's filter (shared/events/routing.ts
 * `routerFilter`, from the manifest); `batchItemFailures` are retried from that record (bounded). The
 * router then invokes each consumer feature asynchronously through the local Lambda Invoke API.
 *
 * The Streams API is called over its JSON wire protocol directly (DynamoDB Local does not check
 * signatures), which spares a dependency on @aws-sdk/client-dynamodb-streams.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { FEATURES } from '../../functions/manifest';
import { entityOf, routerFilter, streamRoutes } from '../../shared/events/routing';
import { LOCAL_REGION } from './bootstrap';
import type { LambdaRuntime } from './lambda-runtime';
import { sleep } from './util';

type Wire = Record<string, unknown>;

/** The router's function name locally (functions/stream-router/handler.ts). */
export const STREAM_ROUTER = 'stream-router';
/** Records per router invocation (the cloud mapping's BatchSize). */
export const ROUTER_BATCH_SIZE = 100;

export interface StreamPollerOptions {
  endpoint: string;
  streamArn: string;
  runtime: LambdaRuntime;
  intervalMs?: number;
  maxRetries?: number;
  log?: (line: string) => void;
}

export class StreamPoller {
  private readonly wants: (r: DynamoDBRecord) => boolean;
  private delivered = 0;
  private readonly iterators = new Map<string, string | null>();
  private readonly seenShards = new Set<string>();
  private running = false;
  private loop: Promise<void> | undefined;
  private lastShardScan = 0;
  private cycle = 0;
  private readonly waiters: { afterCycle: number; resolve: () => void }[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly opts: StreamPollerOptions) {
    const filter = routerFilter(streamRoutes(FEATURES));
    const upserts = { INSERT: new Set(filter.upserts.INSERT), MODIFY: new Set(filter.upserts.MODIFY) };
    const removes = new Set(filter.removes);
    this.wants = (r) => {
      const entity = entityOf(r);
      if (!entity) return false;
      if (r.eventName === 'REMOVE') return removes.has(entity);
      return r.eventName === 'INSERT' || r.eventName === 'MODIFY' ? upserts[r.eventName].has(entity) : false;
    };
  }

  /** Records handed to the router so far (the stack's idle check compares it before and after a wait). */
  get deliveredCount(): number {
    return this.delivered;
  }

  private async call<T>(op: string, body: Wire): Promise<T> {
    const r = await fetch(this.opts.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${op}`,
        authorization: `AWS4-HMAC-SHA256 Credential=local/20200101/${LOCAL_REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${op}: ${r.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }

  /** Starts at LATEST on the shards open now; shards that appear later are read from their start. */
  async start(): Promise<void> {
    await this.scanShards('LATEST');
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Resolves once a full poll cycle that began after this call found nothing new to deliver. */
  idle(timeoutMs = 15_000): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = { afterCycle: this.cycle + 1, resolve };
      this.waiters.push(w);
      this.wake?.();
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(new Error(`stream poller still busy after ${timeoutMs} ms`));
        }
      }, timeoutMs).unref();
    });
  }

  private async scanShards(position: 'LATEST' | 'TRIM_HORIZON') {
    this.lastShardScan = Date.now();
    let start: string | undefined;
    do {
      const d = await this.call<{
        StreamDescription: {
          Shards?: { ShardId: string; SequenceNumberRange?: { EndingSequenceNumber?: string } }[];
          LastEvaluatedShardId?: string;
        };
      }>('DescribeStream', { StreamArn: this.opts.streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) });
      for (const s of d.StreamDescription.Shards ?? []) {
        if (this.seenShards.has(s.ShardId)) continue;
        this.seenShards.add(s.ShardId);
        // At start-up closed shards hold history we do not replay; open ones are followed from now on.
        if (position === 'LATEST' && s.SequenceNumberRange?.EndingSequenceNumber) continue;
        const it = await this.call<{ ShardIterator?: string }>('GetShardIterator', {
          StreamArn: this.opts.streamArn,
          ShardId: s.ShardId,
          ShardIteratorType: position,
        });
        if (it.ShardIterator) this.iterators.set(s.ShardId, it.ShardIterator);
      }
      start = d.StreamDescription.LastEvaluatedShardId;
    } while (start);
  }

  private async run() {
    const every = this.opts.intervalMs ?? 250;
    while (this.running) {
      const cycle = ++this.cycle;
      let delivered = 0;
      try {
        if (Date.now() - this.lastShardScan > 2000) await this.scanShards('TRIM_HORIZON');
        for (const [shard, iterator] of [...this.iterators]) {
          if (!iterator) continue;
          let next: string | null = iterator;
          // Drain the shard: keep reading while it returns records.
          for (let pages = 0; next && pages < 50; pages++) {
            const r: { Records?: Wire[]; NextShardIterator?: string } = await this.call('GetRecords', {
              ShardIterator: next,
              Limit: 1000,
            });
            next = r.NextShardIterator ?? null;
            const records = r.Records ?? [];
            if (!records.length) break;
            delivered += records.length;
            const readAt = Date.now();
            await this.deliver(records.map((x) => this.toLambdaRecord(x, readAt)));
          }
          if (next) this.iterators.set(shard, next);
          else this.iterators.delete(shard); // the shard closed: its successor is found by the next scan
        }
      } catch (e) {
        this.opts.log?.(`stream poller: ${(e as Error).message}`);
        if (
          (e as Error).message.includes('ExpiredIteratorException') ||
          (e as Error).message.includes('TrimmedDataAccess')
        ) {
          this.iterators.clear();
          this.seenShards.clear();
          await this.scanShards('LATEST').catch(() => undefined);
        }
      }
      if (delivered === 0) {
        for (const w of [...this.waiters]) {
          if (cycle >= w.afterCycle) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delivered || this.waiters.length ? 0 : every);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** `x-local-read-at` (local only) lets the bench measure stream-to-consumer lag to the millisecond. */
  private toLambdaRecord(x: Wire, readAt: number): DynamoDBRecord {
    type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
    const d = x.dynamodb as NonNullable<DynamoDBRecord['dynamodb']> | undefined;
    const repaired = (img: Image) => repairImage(img as Wire) as Image;
    return {
      ...(x as DynamoDBRecord),
      ...(d
        ? {
            dynamodb: {
              ...d,
              ...(d.NewImage ? { NewImage: repaired(d.NewImage) } : {}),
              ...(d.OldImage ? { OldImage: repaired(d.OldImage) } : {}),
            },
          }
        : {}),
      eventSource: 'aws:dynamodb',
      awsRegion: LOCAL_REGION,
      eventVersion: (x.eventVersion as string | undefined) ?? '1.1',
      eventSourceARN: this.opts.streamArn,
      ...{ 'x-local-read-at': readAt },
    };
  }

  private async deliver(records: DynamoDBRecord[]) {
    const mine = records.filter(this.wants);
    this.delivered += mine.length;
    for (let i = 0; i < mine.length; i += ROUTER_BATCH_SIZE)
      await this.invokeWithRetries(mine.slice(i, i + ROUTER_BATCH_SIZE));
  }

  private async invokeWithRetries(batch: DynamoDBRecord[]) {
    const maxRetries = this.opts.maxRetries ?? 3;
    let pending = batch;
    for (let attempt = 0; pending.length; attempt++) {
      const out = await this.opts.runtime.invoke(STREAM_ROUTER, { Records: pending });
      let from = -1;
      if (!out.ok) from = 0;
      else {
        const failures =
          (out.result as { batchItemFailures?: { itemIdentifier?: string }[] } | undefined)?.batchItemFailures ?? [];
        if (failures.length) {
          const ids = new Set(failures.map((f) => f.itemIdentifier));
          from = pending.findIndex((r) => ids.has(r.dynamodb?.SequenceNumber));
          if (from < 0) from = 0;
        }
      }
      if (from < 0) return;
      if (attempt >= maxRetries) {
        this.opts.log?.(
          `stream router failed ${attempt + 1} times; skipping ${pending.length - from} record(s)${out.ok ? '' : `: ${out.error.message}`}`,
        );
        return;
      }
      pending = pending.slice(from);
      await sleep(100 * 2 ** attempt);
    }
  }
}

/**
 * DynamoDB Local's stream writes an empty map attribute as `{}` instead of `{"M":{}}` (its JSON writer drops
 * the empty member; empty lists come through as `{"L":[]}`), and `unmarshall` throws "No value defined: {}"
 * on it. The real stream sends `{"M":{}}`: restore that, at any depth.
 */
export function repairImage(image: Wire): Wire {
  const fix = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    const av = v as { M?: Wire; L?: unknown[] };
    if (Object.keys(av).length === 0) return { M: {} };
    if (av.M) return { M: Object.fromEntries(Object.entries(av.M).map(([k, x]) => [k, fix(x)])) };
    if (Array.isArray(av.L)) return { L: av.L.map(fix) };
    return v;
  };
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, fix(v)]));
}
