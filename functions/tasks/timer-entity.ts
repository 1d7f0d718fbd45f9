/**
 * A person's one timer.
 *
 *   Timer  PK=USER#{u} SK=TIMER  taskId, taskTitle, state running|paused, startedAt, version
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { E } from './task-entity';

export const Timers = new Entity(
  {
    model: { entity: E.timer, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      taskId: { type: 'string', required: true },
      taskTitle: { type: 'string', required: true },
      state: { type: ['running', 'paused'] as const, required: true },
      startedAt: { type: 'string' },
      version: { type: 'number', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'TIMER', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type TimerItem = EntityItem<typeof Timers>;
