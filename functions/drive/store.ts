/** Drive's DynamoDB calls that every service composes (each names its cost), and the limits from portal settings. */
import { query, queryAll as queryEvery, type QueryAllOptions, type QueryInput } from '../../shared/data/query';
import {
  BatchWriteCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { db, strip, type Raw } from '../../shared/data/document';
import { tableName } from '../../shared/data/table';
import { LIMITS } from '../../shared/drive/contract';
import { usageKey, type NodeItem, type VersionItem } from '../../shared/drive/drive-entity';
import { getRaw } from '../../shared/drive/access';
import { AppError } from '../../shared/http/errors';

export { batchGet, getRaw, asNode, loadAccess, accessFor } from '../../shared/drive/access';
export const T = () => tableName();
export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export const newId = monotonicFactory();
export const nowIso = () => new Date().toISOString();

/**
 * ONE TransactWriteItems. On cancellation, throws `TxFailed` with the index of each item whose condition
 * failed, so the caller can tell which rule was broken (stale version, name taken, quota).
 */
export class TxFailed extends Error {
  constructor(
    readonly failed: number[],
    readonly conflict: boolean,
  ) {
    super(`transaction cancelled (items ${failed.join(', ')})`);
  }
}
export async function transact(items: TxItem[]): Promise<void> {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (e) {
    const err = e as { name?: string; CancellationReasons?: { Code?: string }[] };
    if (err.name === 'TransactionCanceledException') {
      const reasons = err.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      throw new TxFailed(
        failed,
        reasons.some((r) => r.Code === 'TransactionConflict'),
      );
    }
    throw e;
  }
}

export const put = (Item: Raw, ConditionExpression?: string, values?: Raw, names?: Record<string, string>): TxItem => ({
  Put: {
    TableName: T(),
    Item,
    ...(ConditionExpression ? { ConditionExpression } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
    ...(names ? { ExpressionAttributeNames: names } : {}),
  },
});
export const putNew = (Item: Raw): TxItem => put(Item, 'attribute_not_exists(PK)');
/** Put a node only if it still has the version that was read. */
export const putNodeAt = (Item: Raw, readVersion: number): TxItem =>
  put(Item, '#v = :v', { ':v': readVersion }, { '#v': 'version' });
export const del = (Key: Raw, ConditionExpression?: string): TxItem => ({
  Delete: { TableName: T(), Key, ...(ConditionExpression ? { ConditionExpression } : {}) },
});

/** Charges `size` bytes to a person: fails (condition) when it would go over the quota. */
export function chargeUsage(userId: string, size: number, quotaBytes: number): TxItem {
  return {
    Update: {
      TableName: T(),
      Key: usageKey(userId),
      UpdateExpression: 'ADD usedBytes :s SET #e = :e, #ev = :one',
      ConditionExpression: 'attribute_not_exists(usedBytes) OR usedBytes <= :max',
      ExpressionAttributeNames: { '#e': '__edb_e__', '#ev': '__edb_v__' },
      ExpressionAttributeValues: { ':s': size, ':max': quotaBytes - size, ':e': 'driveUsage', ':one': '1' },
    },
  };
}

/** Gives bytes back (purge). */
export async function refundUsage(userId: string, size: number): Promise<void> {
  if (size <= 0) return;
  await db().send(
    new UpdateCommand({
      TableName: T(),
      Key: usageKey(userId),
      UpdateExpression: 'ADD usedBytes :s',
      ExpressionAttributeValues: { ':s': -size },
    }),
  );
}

export async function usedBytes(userId: string): Promise<number> {
  const row = await getRaw(usageKey(userId));
  return typeof row?.usedBytes === 'number' ? Math.max(0, row.usedBytes) : 0;
}

export interface DriveLimits {
  maxFileBytes: number;
  quotaBytes: number;
}
/** Max file size and per-person quota from the portal settings (defaults: LIMITS). ONE GetItem. */
export async function driveLimits(): Promise<DriveLimits> {
  const p = await getRaw({ PK: 'PORTAL', SK: 'META' });
  return {
    maxFileBytes: typeof p?.driveMaxFileBytes === 'number' ? p.driveMaxFileBytes : LIMITS.defaultMaxFileBytes,
    quotaBytes: typeof p?.driveQuotaBytes === 'number' ? p.driveQuotaBytes : LIMITS.defaultQuotaBytes,
  };
}

export function quotaExceeded(used: number, quota: number, size: number): AppError {
  return new AppError(
    409,
    'QUOTA_EXCEEDED',
    `Not enough space: ${size} bytes needed, ${Math.max(0, quota - used)} of your ${quota} bytes are free`,
    [{ path: 'size', reason: 'over your quota' }],
    { usedBytes: used, quotaBytes: quota },
  );
}

export interface QueryPage {
  items: Raw[];
  lastKey: Raw | undefined;
}
/** ONE Query (shared/data). */
export async function queryPage(input: QueryInput): Promise<QueryPage> {
  const page = await query(input);
  return { items: page.items, lastKey: page.lastKey };
}

/** Every item of a partition (the SDK's paginator; for moves and purges), or the first `maxItems`. */
export const queryAll = (pk: string, index?: string, pkField = 'PK', options: QueryAllOptions = {}): Promise<Raw[]> =>
  queryEvery(
    {
      ...(index ? { IndexName: index } : {}),
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': pkField },
      ExpressionAttributeValues: { ':pk': pk },
    },
    options,
  );

/** Deletes keys with BatchWriteItem (25 a call; unprocessed retried). */
export async function deleteKeys(keys: Raw[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let pending: Raw[] | undefined = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; pending?.length && attempt < 6; attempt++) {
      const r = await db().send(new BatchWriteCommand({ RequestItems: { [T()]: pending as never } }));
      pending = r.UnprocessedItems?.[T()] as Raw[] | undefined;
    }
  }
}

export const asVersion = (row: Raw | undefined): VersionItem | null =>
  row && row.__edb_e__ === 'driveVersion' ? strip<VersionItem>(row) : null;
export const nodeOf = (row: Raw) => strip<NodeItem>(row);
