/**
 * A drive file attached to a task (the file stays in the drive; this is the link and what lists show).
 *
 *   Attachment  PK=TASK#{t} SK=ATTACH#{nodeId}  name, size, contentType, attachedBy, attachedAt
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';

export const ATTACHMENT_ENTITY = 'taskAttachment';
export const attachSk = (nodeId: string) => `ATTACH#${nodeId}`;

export const TaskAttachments = new Entity(
  {
    model: { entity: ATTACHMENT_ENTITY, version: '1', service: SERVICE },
    attributes: {
      taskId: { type: 'string', required: true, readOnly: true },
      nodeId: { type: 'string', required: true, readOnly: true },
      name: { type: 'string', required: true },
      size: { type: 'number', required: true },
      contentType: { type: 'string', required: true },
      attachedBy: { type: 'string', required: true },
      attachedAt: { type: 'string', required: true },
    },
    indexes: {
      byTask: {
        pk: { field: 'PK', composite: ['taskId'], template: 'TASK#${taskId}', casing: 'none' },
        sk: { field: 'SK', composite: ['nodeId'], template: 'ATTACH#${nodeId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type AttachmentItem = EntityItem<typeof TaskAttachments>;
