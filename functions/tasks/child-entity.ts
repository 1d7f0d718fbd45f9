/**
 * A subtask's list row under its parent.
 *
 *   Child  PK=TASK#{parent} SK=CHILD#{t}  parentId + the subtask's list summary
 */
import { Entity } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { summaryAttributes } from './summary-attributes';
import { E, summaryOf, type TaskItem } from './task-entity';

export const CHILD_PREFIX = 'CHILD#';

export const TaskChildren = new Entity(
  {
    model: { entity: E.child, version: '1', service: SERVICE },
    attributes: { ...summaryAttributes, parentId: { type: 'string', required: true, readOnly: true } },
    indexes: {
      byParent: {
        pk: { field: 'PK', composite: ['parentId'], template: 'TASK#${parentId}', casing: 'none' },
        sk: { field: 'SK', composite: ['taskId'], template: 'CHILD#${taskId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

/** The write of a subtask's row under its parent. */
export const childPut = (t: TaskItem & { parentId: string }) =>
  TaskChildren.put({ parentId: t.parentId, ...summaryOf(t) });
