/**
 * A person's request to join a closed group (functions/workgroups). Removed when answered.
 *
 * | access pattern              | how                                                    |
 * |-----------------------------|--------------------------------------------------------|
 * | has U asked to join G       | GetItem PK=GROUP#{g} SK=REQUEST#{u} (one key of a BatchGet) |
 * | a group's pending requests  | Query PK=GROUP#{g} begins_with REQUEST#                |
 *
 *   JoinRequest  PK=GROUP#{g} SK=REQUEST#{u}  groupId, userId, firstName, lastName, requestedAt
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';

export const REQUEST_ENTITY = 'groupJoinRequest';
export const REQUEST_PREFIX = 'REQUEST#';
export const requestSk = (userId: string) => `${REQUEST_PREFIX}${userId}`;

export const JoinRequests = new Entity(
  {
    model: { entity: REQUEST_ENTITY, version: '1', service: SERVICE },
    attributes: {
      groupId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      firstName: { type: 'string', required: true },
      lastName: { type: 'string', required: true },
      requestedAt: { type: 'string', required: true },
    },
    indexes: {
      byGroup: {
        pk: { field: 'PK', composite: ['groupId'], template: 'GROUP#${groupId}', casing: 'none' },
        sk: { field: 'SK', composite: ['userId'], template: 'REQUEST#${userId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type RequestItem = EntityItem<typeof JoinRequests>;

/** A stored row → the request, or null when it is another kind of item. */
export function requestFromRow(row: Record<string, unknown>): RequestItem | null {
  return row.__edb_e__ === REQUEST_ENTITY ? JoinRequests.parse({ Item: row }).data : null;
}
