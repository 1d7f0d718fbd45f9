/**
 * Invitations: one item per invited address (re-inviting the same address replaces it).
 *
 * | access pattern                          | how                                                            |
 * |-----------------------------------------|----------------------------------------------------------------|
 * | an address's invitation                 | GetItem PK=INVITE#{normalizedEmail}, SK=INVITE                 |
 * | invite / re-invite                      | PutItem (version = previous + 1)                               |
 * | revoke / resend                         | UpdateItem, condition version = read version                   |
 * | accept                                  | Update in the accept transaction, condition status = pending   |
 * | all invitations, newest first           | Query GSI1 GSI1PK=INVITES, ScanIndexForward=false, signed cursor |
 *
 * The link's expiry is `linkExpiresAt`, NOT `expiresAt`: `expiresAt` is the table's TTL attribute and
 * would make DynamoDB delete the invitation (and its history in the admin list) a week later.
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { LANGUAGES } from '../../shared/i18n/languages';
import { INVITABLE_ROLES, INVITATION_STATUSES } from './routes';

export { INVITABLE_ROLES, INVITATION_STATUSES, type InvitableRole, type InvitationStatus } from './routes';

export const Invitations = new Entity(
  {
    model: { entity: 'invitation', version: '1', service: SERVICE },
    attributes: {
      email: { type: 'string', required: true, readOnly: true },
      status: { type: INVITATION_STATUSES, required: true },
      role: { type: INVITABLE_ROLES, required: true },
      language: { type: LANGUAGES, required: true },
      invitedBy: { type: 'string', required: true },
      invitedByEmail: { type: 'string' },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
      /** When the latest link stops working (epoch seconds). */
      linkExpiresAt: { type: 'number', required: true },
      acceptedAt: { type: 'string' },
      acceptedBy: { type: 'string' },
      revokedAt: { type: 'string' },
      /** Departments the invitee joins on accepting (checked when inviting and again when accepting). */
      departmentIds: { type: 'list', items: { type: 'string' } },
      version: { type: 'number', required: true },
    },
    indexes: {
      byEmail: {
        pk: { field: 'PK', composite: ['email'], template: 'INVITE#${email}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'INVITE', casing: 'none' },
      },
      all: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: [], template: 'INVITES', casing: 'none' },
        sk: { field: 'GSI1SK', composite: ['createdAt', 'email'], template: '${createdAt}#${email}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type InvitationItem = EntityItem<typeof Invitations>;
