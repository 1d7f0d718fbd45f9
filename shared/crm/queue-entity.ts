/**
 * Sales queues of the CRM intake (entity crmQueue): who gets the next form lead (round robin).
 *
 *   PK = CRMQUEUE#{queueId}   SK = QUEUE   GSI1 CRMQUEUES / {createdAt}#{queueId}
 *   queueId, name, memberIds[≤50], pointer (last assigned member, '' at first), assignments, lastAssignedAt?,
 *   skipOffline, fallbackUserId, createdAt, updatedAt, version
 *
 * | access pattern        | how |
 * |---|---|
 * | a queue (routing)     | GetItem (consistent) + ONE BatchGet of members' profiles and presence |
 * | queues (list)         | ONE Query GSI1 CRMQUEUES |
 * | create                | create (attribute_not_exists) |
 * | edit                  | patch where version = :v |
 * | the pointer moves     | patch SET pointer, lastAssignedAt ADD assignments where pointer = :seen AND version = :v, in the lead's transaction (routing.ts) |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const QUEUE_ENTITY = 'crmQueue';
export const QUEUES_PK = 'CRMQUEUES';

const buildQueues = () =>
  new Entity(
    {
      model: { entity: QUEUE_ENTITY, version: '1', service: SERVICE },
      attributes: {
        queueId: { type: 'string', required: true },
        name: { type: 'string', required: true },
        memberIds: { type: 'list', items: { type: 'string' }, required: true },
        pointer: { type: 'string', required: true },
        assignments: { type: 'number', required: true },
        lastAssignedAt: { type: 'string' },
        skipOffline: { type: 'boolean', required: true },
        fallbackUserId: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        version: { type: 'number', required: true },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['queueId'], template: 'CRMQUEUE#${queueId}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'QUEUE', casing: 'none' },
        },
        newest: {
          index: 'GSI1',
          pk: { field: 'GSI1PK', composite: [], template: QUEUES_PK, casing: 'none' },
          sk: {
            field: 'GSI1SK',
            composite: ['createdAt', 'queueId'],
            template: '${createdAt}#${queueId}',
            casing: 'none',
          },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildQueues> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Queues = () => (built ??= buildQueues());

export type QueueItem = EntityItem<ReturnType<typeof Queues>>;
