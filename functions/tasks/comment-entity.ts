/**
 * A comment on a task (the task.comment / task.mention notifications read its stream record).
 *
 *   Comment  PK=TASK#{t} SK=COMMENT#{ulid}  authorId, text (sanitised HTML), mentions, createdAt
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { E } from './task-entity';

export const TaskComments = new Entity(
  {
    model: { entity: E.comment, version: '1', service: SERVICE },
    attributes: {
      taskId: { type: 'string', required: true, readOnly: true },
      commentId: { type: 'string', required: true, readOnly: true },
      authorId: { type: 'string', required: true },
      text: { type: 'string', required: true },
      mentions: { type: 'list', items: { type: 'string' }, required: true },
      createdAt: { type: 'string', required: true },
    },
    indexes: {
      byTask: {
        pk: { field: 'PK', composite: ['taskId'], template: 'TASK#${taskId}', casing: 'none' },
        sk: { field: 'SK', composite: ['commentId'], template: 'COMMENT#${commentId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type CommentItem = EntityItem<typeof TaskComments>;
