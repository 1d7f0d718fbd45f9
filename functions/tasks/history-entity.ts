/**
 * One change of a task, written in the change's own transaction.
 *
 *   History  PK=TASK#{t} SK=HIST#{ulid}  userId, at, field, from, to
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { E } from './task-entity';

export const TaskHistory = new Entity(
  {
    model: { entity: E.history, version: '1', service: SERVICE },
    attributes: {
      taskId: { type: 'string', required: true, readOnly: true },
      historyId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true },
      at: { type: 'string', required: true },
      field: { type: 'string', required: true },
      // null is stored as such ("no value before / after").
      from: { type: CustomAttributeType<string | null>('any'), required: true },
      to: { type: CustomAttributeType<string | null>('any'), required: true },
    },
    indexes: {
      byTask: {
        pk: { field: 'PK', composite: ['taskId'], template: 'TASK#${taskId}', casing: 'none' },
        sk: { field: 'SK', composite: ['historyId'], template: 'HIST#${historyId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type HistoryItem = EntityItem<typeof TaskHistory>;

export interface HistoryChange {
  taskId: string;
  historyId: string;
  userId: string;
  at: string;
  field: string;
  from: string | null;
  to: string | null;
}

/**
 * The write of one history item. ElectroDB's input types leave null out, but the attributes are `any` and it
 * stores null as given ("no value"), exactly as history items have always been stored.
 */
export const historyWrite = (h: HistoryChange) =>
  TaskHistory.put(h as Omit<HistoryChange, 'from' | 'to'> & { from: string; to: string });
