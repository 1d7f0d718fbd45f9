/** Tasks' reads: the few DynamoDB calls every route composes (each names its cost). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, db, isConditionFailure, tableName, type Raw } from '../../shared/data';
import type { PeopleMap, PersonRef } from '../../shared/tasks/contract';
import { Profiles } from '../../shared/people/profile-entity';
import { Tasks, type TaskItem } from './task-entity';

/** The profile entity's name (`__edb_e__`): which rows of a mixed read are profiles. */
const PROFILE_ENTITY = Profiles.schema.model.entity;

export const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });

/** A profile row → what views show of a person. */
export const personRef = (r: Raw): PersonRef => ({
  name: `${(r.firstName as string | undefined) ?? ''} ${(r.lastName as string | undefined) ?? ''}`.trim(),
  hasPhoto: typeof r.thumbnailKey === 'string' || typeof r.photoKey === 'string',
});

export function peopleFromRows(rows: Raw[]): PeopleMap {
  const out: PeopleMap = {};
  for (const r of rows)
    if (r.__edb_e__ === PROFILE_ENTITY && typeof r.userId === 'string') out[r.userId] = personRef(r);
  return out;
}

/** Names of up to 100 people: ONE BatchGet of their profiles (no call when there is nobody). */
export async function peopleMap(ids: Iterable<string>): Promise<PeopleMap> {
  const unique = [...new Set(ids)].filter(Boolean).slice(0, 100);
  return unique.length ? peopleFromRows(await batchGet(unique.map(profileKey))) : {};
}

/** ONE GetItem. */
export async function getRaw(key: Raw): Promise<Raw | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: key }));
  return r.Item as Raw | undefined;
}

/** ONE GetItem: the task, or null. */
export async function readTask(taskId: string): Promise<TaskItem | null> {
  return (await Tasks.get({ taskId }).go()).data;
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
