/**
 * The one BatchGet: any number of keys, deduplicated, sent in chunks of 100 (the API's limit) in
 * parallel; `UnprocessedKeys` (throttling, the 16 MB answer limit) are retried with exponential backoff
 * and jitter. Keys that are still unprocessed after the last attempt fail the call: a caller never gets
 * a silently shorter answer.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { db, type Raw } from './document';
import { tableName } from './table';

export const BATCH_GET_MAX_KEYS = 100;
const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 25;

export interface BatchGetOptions {
  consistentRead?: boolean;
  /** Attribute names to read (a ProjectionExpression is built with placeholders). */
  attributes?: readonly string[];
  /** For tests: how to wait between attempts. */
  sleep?: (ms: number) => Promise<void>;
}

export class UnprocessedKeysError extends Error {
  constructor(readonly keys: Raw[]) {
    super(`BatchGet left ${keys.length} key(s) unprocessed after ${MAX_ATTEMPTS} attempts`);
    this.name = 'UnprocessedKeysError';
  }
}

const keyId = (k: Raw) => JSON.stringify(Object.entries(k).sort(([a], [b]) => a.localeCompare(b)));
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads the items of `keys` (missing items are simply absent from the answer; order is not kept). */
export async function batchGet<T = Raw>(keys: readonly Raw[], options: BatchGetOptions = {}): Promise<T[]> {
  const seen = new Set<string>();
  const unique = keys.filter((k) => {
    const id = keyId(k);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const chunks: Raw[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX_KEYS) chunks.push(unique.slice(i, i + BATCH_GET_MAX_KEYS));
  const pages = await Promise.all(chunks.map((chunk) => getChunk(chunk, options)));
  return pages.flat() as T[];
}

async function getChunk(keys: Raw[], options: BatchGetOptions): Promise<Raw[]> {
  const table = tableName();
  const sleep = options.sleep ?? defaultSleep;
  const projection = options.attributes?.length
    ? {
        ProjectionExpression: options.attributes.map((_, i) => `#p${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(options.attributes.map((a, i) => [`#p${i}`, a])),
      }
    : {};
  const out: Raw[] = [];
  let pending = keys;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt >= MAX_ATTEMPTS) throw new UnprocessedKeysError(pending);
    if (attempt > 0) await sleep(Math.round(BASE_DELAY_MS * 2 ** (attempt - 1) * (0.5 + Math.random() / 2)));
    const r = await db().send(
      new BatchGetCommand({
        RequestItems: {
          [table]: { Keys: pending, ...(options.consistentRead ? { ConsistentRead: true } : {}), ...projection },
        },
      }),
    );
    out.push(...((r.Responses?.[table] ?? []) as Raw[]));
    pending = (r.UnprocessedKeys?.[table]?.Keys ?? []) as Raw[];
  }
  return out;
}

/** The row of `rows` with this key (after a batchGet, whose answer has no order). */
export const findByKey = (rows: readonly Raw[], key: { PK: string; SK: string }): Raw | undefined =>
  rows.find((r) => r.PK === key.PK && r.SK === key.SK);
