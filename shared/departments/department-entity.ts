/**
 * The department item as every feature reads it. functions/departments owns and writes it;
 * functions/invitations validates ids through `getDepartments` and counts accepted people in.
 *
 *   Department  PK=DEPT#{id} SK=DEPT  name, nameKey, parentId?, headUserId?, headName?, memberCount,
 *               childCount, version, createdAt, updatedAt
 *               GSI1PK=DEPARTMENTS GSI1SK={nameKey}#{id}   (the whole tree: ONE Query, name order)
 *
 * Members are the profiles' `departmentIds` (shared/people/profile-entity.ts); `memberCount` and
 * `childCount` are kept in the same transactions that change them, so a delete can refuse atomically.
 */
import { BatchGetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, strip, type Raw } from '../data/document';
import { tableName } from '../data/table';
import type { DepartmentView } from './contract';

export const DEPARTMENT_ENTITY = 'department';
export const DEPARTMENT_SK = 'DEPT';
export const DEPARTMENTS_PK = 'DEPARTMENTS';
export const departmentKey = (departmentId: string) => ({ PK: `DEPT#${departmentId}`, SK: DEPARTMENT_SK });

export interface DepartmentRecord {
  departmentId: string;
  name: string;
  nameKey: string;
  parentId?: string;
  headUserId?: string;
  headName?: string;
  memberCount: number;
  childCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function departmentRow(d: DepartmentRecord): Raw {
  return {
    ...departmentKey(d.departmentId),
    GSI1PK: DEPARTMENTS_PK,
    GSI1SK: `${d.nameKey}#${d.departmentId}`,
    ...d,
    __edb_e__: DEPARTMENT_ENTITY,
    __edb_v__: '1',
  };
}

export const isDepartmentRow = (row: Raw | undefined): boolean => !!row && row.__edb_e__ === DEPARTMENT_ENTITY;
export const departmentFromRow = (row: Raw): DepartmentRecord => strip<DepartmentRecord>(row);

export const departmentView = (d: DepartmentRecord): DepartmentView => ({
  departmentId: d.departmentId,
  name: d.name,
  parentId: d.parentId ?? null,
  headUserId: d.headUserId ?? null,
  headName: d.headName ?? null,
  memberCount: d.memberCount ?? 0,
  childCount: d.childCount ?? 0,
  version: d.version,
  updatedAt: d.updatedAt,
});

/** ONE BatchGet (≤ 100 ids, unprocessed keys retried): the departments that exist, by id. */
export async function getDepartments(ids: readonly string[]): Promise<Map<string, DepartmentRecord>> {
  const out = new Map<string, DepartmentRecord>();
  let keys: Raw[] = [...new Set(ids)].map(departmentKey);
  if (keys.length > 100) throw new Error('getDepartments: at most 100 ids');
  for (let attempt = 0; keys.length && attempt < 5; attempt++) {
    const res = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys } } }));
    for (const row of res.Responses?.[tableName()] ?? [])
      if (isDepartmentRow(row)) out.set(row.departmentId as string, departmentFromRow(row));
    keys = (res.UnprocessedKeys?.[tableName()]?.Keys as Raw[] | undefined) ?? [];
  }
  return out;
}

/** A transaction item adding `delta` people to a department's count (condition: it still exists). */
type TxUpdate = NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Update']>;

export function memberCountUpdate(departmentId: string, delta: number): TxUpdate {
  return {
    TableName: tableName(),
    Key: departmentKey(departmentId),
    UpdateExpression: 'ADD memberCount :d',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':d': delta },
  };
}
