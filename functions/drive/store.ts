/**
 * Drive's reads that every service composes (each names its cost), how a cancelled transaction is told apart,
 * and the limits from portal settings. Every write goes through the entities (shared/drive/*-entity.ts) and
 * shared/data `transaction()`.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { query, queryAll as queryEvery, type QueryAllOptions, type QueryInput } from '../../shared/data/query';
import { failedConditions, isTransactionConflict } from '../../shared/data/transaction';
import { monotonicFactory } from 'ulid';
import type { Raw } from '../../shared/data/document';
import { LIMITS } from '../../shared/drive/contract';
import { usageKey } from '../../shared/drive/drive-entity';
import { getRaw } from '../../shared/drive/access';
import { AppError } from '../../shared/http/errors';

export { batchGet, getRaw, asNode, loadAccess, accessFor } from '../../shared/drive/access';
export { versionFromRow as asVersion } from '../../shared/drive/version-entity';
export const newId = monotonicFactory();
export const nowIso = () => new Date().toISOString();

/** A cancelled TransactWriteItems: which items failed their condition (indexes in `add` order). */
export interface Cancelled {
  failed: number[];
  /** Another transaction held one of the items (and no condition failed): worth a retry. */
  conflict: boolean;
  /** The stored item of a failed write added with `addReturningOnConflict` (plain values). */
  itemAt(index: number): Raw | undefined;
}

/** The cancellation of a transaction, or null for any other error (rethrow it). */
export function cancellation(e: unknown): Cancelled | null {
  if ((e as { name?: string } | undefined)?.name !== 'TransactionCanceledException') return null;
  const failed = failedConditions(e);
  return {
    failed: failed.map((f) => f.index),
    conflict: isTransactionConflict(e),
    itemAt(index) {
      const item = failed.find((f) => f.index === index)?.item;
      // Cancellation reasons carry the item in DynamoDB JSON (the document client does not unmarshall errors).
      return item ? unmarshall(item as Record<string, AttributeValue>) : undefined;
    },
  };
}

const usedIn = (row: Raw | undefined): number => (typeof row?.usedBytes === 'number' ? Math.max(0, row.usedBytes) : 0);

/** A person's bytes in use (ONE GetItem). */
export async function usedBytes(userId: string): Promise<number> {
  return usedIn(await getRaw(usageKey(userId)));
}

/** The bytes in use when a charge failed: from the usage item the cancellation carried back, else ONE GetItem. */
export async function usedWhenRefused(c: Cancelled, chargeAt: number, userId: string): Promise<number> {
  const item = c.itemAt(chargeAt);
  return item ? usedIn(item) : usedBytes(userId);
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
