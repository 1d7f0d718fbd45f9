/**
 * A task's list row per (person, role): what "my tasks" lists read (see task-entity.ts for the access patterns).
 *
 *   TaskRole  PK=TASK#{t} SK=ROLE#{u}#{role}  list summary; GSI1 USER#{u}#{role} always; GSI2 USER#{u}#{role}#OPEN
 *             while open; GSI3 USER#{u}#OPEN on ONE of u's rows while open with a deadline (./task-entity.ts roleIndexKeys)
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { TASK_ROLES } from '../../shared/tasks/contract';
import { gsi1, gsi2, gsi3, indexKeyAttributes } from './index-keys';
import { summaryAttributes } from './summary-attributes';
import { E, roleIndexKeys, summaryOf, type RoleRef, type TaskItem } from './task-entity';

export const TaskRoles = new Entity(
  {
    model: { entity: E.role, version: '1', service: SERVICE },
    attributes: {
      ...summaryAttributes,
      userId: { type: 'string', required: true, readOnly: true },
      role: { type: TASK_ROLES, required: true, readOnly: true },
      ...indexKeyAttributes,
    },
    indexes: {
      byTask: {
        pk: { field: 'PK', composite: ['taskId'], template: 'TASK#${taskId}', casing: 'none' },
        sk: { field: 'SK', composite: ['userId', 'role'], template: 'ROLE#${userId}#${role}', casing: 'none' },
      },
      byRole: gsi1,
      openByRole: gsi2,
      openByDeadline: gsi3,
    },
  },
  entityConfig(),
);

export type TaskRoleItem = EntityItem<typeof TaskRoles>;

/** The write of one role row of a task, with its index keys. */
export const rolePut = (t: TaskItem, ref: RoleRef) =>
  TaskRoles.put({ ...summaryOf(t), userId: ref.userId, role: ref.role, ...roleIndexKeys(t, ref) });

/** The stored item of a role row (seeding tests and benches): exactly what `rolePut` writes. */
export const roleRow = (t: TaskItem, ref: RoleRef): Record<string, unknown> =>
  (rolePut(t, ref).params() as { Item: Record<string, unknown> }).Item;
