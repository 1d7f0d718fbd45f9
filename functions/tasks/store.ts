/** Tasks' reads: the few DynamoDB calls every route composes (each names its cost). */
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { db, strip, type Raw } from '../../shared/data/document';
import { tableName } from '../../shared/data/table';
import { isConditionFailure } from '../../shared/data/versioning';
import type { PeopleMap, PersonRef } from '../../shared/tasks/contract';
import { taskKey, type TaskItem } from './task-entity';

export const T = () => tableName();
export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });

/** A profile row → what views show of a person. */
export const personRef = (r: Raw): PersonRef => ({
  name: `${(r.firstName as string | undefined) ?? ''} ${(r.lastName as string | undefined) ?? ''}`.trim(),
  hasPhoto: typeof r.thumbnailKey === 'string' || typeof r.photoKey === 'string',
});

export function peopleFromRows(rows: Raw[]): PeopleMap {
  const out: PeopleMap = {};
  for (const r of rows) if (r.__edb_e__ === 'profile' && typeof r.userId === 'string') out[r.userId] = personRef(r);
  return out;
}

/** Names of up to 100 people: ONE BatchGet of their profiles (no call when there is nobody). */
export async function peopleMap(ids: Iterable<string>): Promise<PeopleMap> {
  const unique = [...new Set(ids)].filter(Boolean).slice(0, 100);
  return unique.length ? peopleFromRows(await batchGet(unique.map(profileKey))) : {};
}

/** ONE GetItem. */
export async function getRaw(key: Raw): Promise<Raw | undefined> {
  const r = await db().send(new GetCommand({ TableName: T(), Key: key }));
  return r.Item as Raw | undefined;
}

export async function readTask(taskId: string): Promise<TaskItem | null> {
  const row = await getRaw(taskKey(taskId));
  return row && row.__edb_e__ === 'task' ? strip<TaskItem>(row) : null;
}

/** ONE BatchGet (≤ 100 keys; unprocessed keys retried). */
export async function batchGet(keys: Raw[]): Promise<Raw[]> {
  const seen = new Set<string>();
  const unique = keys.filter((k) => {
    const id = `${String(k.PK)}|${String(k.SK)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (!unique.length) return [];
  const out: Raw[] = [];
  let pending: Raw[] | undefined = unique;
  for (let attempt = 0; pending?.length && attempt < 5; attempt++) {
    const r = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: pending } } }));
    out.push(...((r.Responses?.[T()] ?? []) as Raw[]));
    pending = r.UnprocessedKeys?.[T()]?.Keys as Raw[] | undefined;
  }
  return out;
}

export const find = (rows: Raw[], key: { PK: string; SK: string }) =>
  rows.find((r) => r.PK === key.PK && r.SK === key.SK);

export async function transact(items: TxItem[]): Promise<void> {
  await db().send(new TransactWriteCommand({ TransactItems: items }));
}

export interface QueryPage {
  items: Raw[];
  count: number;
  lastKey: Raw | undefined;
}

export async function queryPage(
  input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
): Promise<QueryPage> {
  const r = await db().send(new QueryCommand({ ...input, TableName: T() }));
  return { items: (r.Items ?? []) as Raw[], count: r.Count ?? 0, lastKey: r.LastEvaluatedKey as Raw | undefined };
}

/** A lost race: a failed condition, or (real DynamoDB) another transaction on the same item at the same moment. */
export function isRace(e: unknown): boolean {
  if (isConditionFailure(e)) return true;
  const reasons = (e as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return (
    (e as { name?: string }).name === 'TransactionCanceledException' &&
    reasons.some((r) => r.Code === 'TransactionConflict')
  );
}
