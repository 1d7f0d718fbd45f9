/**
 * The department item as every feature reads it. functions/departments owns and writes it;
 * functions/invitations validates ids through `getDepartments` and counts accepted people in.
 *
 * | access pattern                   | how                                                               |
 * |----------------------------------|-------------------------------------------------------------------|
 * | a department                     | GetItem PK=DEPT#{id} SK=DEPT                                      |
 * | the whole tree, by name          | ONE Query GSI1 GSI1PK=DEPARTMENTS (GSI1SK={nameKey}#{id})          |
 * | departments by id (validation)   | ONE BatchGet (shared/data)                                        |
 *
 *   Department  PK=DEPT#{id} SK=DEPT  name, nameKey, parentId?, headUserId?, headName?, memberCount,
 *               childCount, version, createdAt, updatedAt
 *               GSI1PK=DEPARTMENTS GSI1SK={nameKey}#{id}   (the whole tree: ONE Query, name order)
 *
 * Members are the profiles' `departmentIds` (shared/people/profile-entity.ts); `memberCount` and
 * `childCount` are kept in the same transactions that change them, so a delete can refuse atomically.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { batchGet } from '../data/batch-get';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import type { EntityWrite } from '../data/transaction';
import type { DepartmentView } from './contract';

export const DEPARTMENT_ENTITY = 'department';
export const DEPARTMENT_SK = 'DEPT';
export const DEPARTMENTS_PK = 'DEPARTMENTS';
export const departmentKey = (departmentId: string) => ({ PK: `DEPT#${departmentId}`, SK: DEPARTMENT_SK });

export const Departments = new Entity(
  {
    model: { entity: DEPARTMENT_ENTITY, version: '1', service: SERVICE },
    attributes: {
      departmentId: { type: 'string', required: true, readOnly: true },
      name: { type: 'string', required: true },
      nameKey: { type: 'string', required: true },
      parentId: { type: 'string' },
      headUserId: { type: 'string' },
      headName: { type: 'string' },
      memberCount: { type: 'number', required: true },
      childCount: { type: 'number', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['departmentId'], template: 'DEPT#${departmentId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: DEPARTMENT_SK, casing: 'none' },
      },
      tree: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: [], template: DEPARTMENTS_PK, casing: 'none' },
        sk: {
          field: 'GSI1SK',
          composite: ['nameKey', 'departmentId'],
          template: '${nameKey}#${departmentId}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);

export type DepartmentRecord = EntityItem<typeof Departments>;

/** The stored item of a department (seeding tests): exactly what `Departments.put` writes. */
export function departmentRow(d: DepartmentRecord): Raw {
  return (Departments.put(d).params() as { Item: Raw }).Item;
}

export const isDepartmentRow = (row: Raw | undefined): row is Raw => !!row && row.__edb_e__ === DEPARTMENT_ENTITY;

/** A stored department row → the typed record (ElectroDB's own parsing: keys and markers dropped). */
export const departmentFromRow = (row: Raw): DepartmentRecord => {
  const { data } = Departments.parse({ Item: row });
  if (!data) throw new Error('departmentFromRow: not a department item');
  return data;
};

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
  const unique = [...new Set(ids)];
  if (unique.length > 100) throw new Error('getDepartments: at most 100 ids');
  const out = new Map<string, DepartmentRecord>();
  if (!unique.length) return out;
  for (const row of await batchGet(unique.map(departmentKey)))
    if (isDepartmentRow(row)) {
      const d = departmentFromRow(row);
      out.set(d.departmentId, d);
    }
  return out;
}

/** The write adding `delta` to a department's member count (condition: it still exists), for `transaction()`. */
export const memberCountWrite = (departmentId: string, delta: number): EntityWrite =>
  Departments.patch({ departmentId }).add({ memberCount: delta });
