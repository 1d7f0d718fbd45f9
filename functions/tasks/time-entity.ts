/**
 * Time spent on a task (from a timer segment or entered by hand), editable with its own version.
 *
 *   TimeEntry  PK=TASK#{t} SK=TIME#{ulid}  userId, seconds, startedAt, endedAt, comment, source, version, edits
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { E } from './task-entity';

export interface TimeEdit {
  at: string;
  by: string;
  seconds: number;
  comment: string;
}

export const TimeEntries = new Entity(
  {
    model: { entity: E.time, version: '1', service: SERVICE },
    attributes: {
      taskId: { type: 'string', required: true, readOnly: true },
      entryId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true },
      seconds: { type: 'number', required: true },
      startedAt: { type: 'string', required: true },
      endedAt: { type: 'string', required: true },
      comment: { type: 'string', required: true },
      source: { type: ['timer', 'manual'] as const, required: true },
      version: { type: 'number', required: true },
      edits: { type: CustomAttributeType<TimeEdit[]>('any'), required: true },
    },
    indexes: {
      byTask: {
        pk: { field: 'PK', composite: ['taskId'], template: 'TASK#${taskId}', casing: 'none' },
        sk: { field: 'SK', composite: ['entryId'], template: 'TIME#${entryId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type TimeEntryItem = EntityItem<typeof TimeEntries>;
