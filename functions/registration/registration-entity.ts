/**
 * Registration data: each person's registration and the portal name's uniqueness item. The portal
 * record itself (PORTAL/META) is shared: shared/portal/portal-entity.ts.
 *
 * | access pattern                              | how                                                        |
 * |---------------------------------------------|------------------------------------------------------------|
 * | a person's registration                     | GetItem PK=USER#{userId}, SK=REGISTRATION                   |
 * | confirm the e-mail (pending → confirmed)    | UpdateItem, condition status = pending-email                |
 * | complete (stage 2 / join)                   | in the stage-2 transaction, condition status = email-confirmed |
 * | the portal; create it once                  | see shared/portal/portal-entity.ts                          |
 * | portal name taken?                          | Put PK=PORTALNAME#{name}, SK=PORTALNAME, attribute_not_exists |
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { LANGUAGES } from '../../shared/i18n/languages';

export const REGISTRATION_STATUSES = ['pending-email', 'email-confirmed', 'complete'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const Registrations = new Entity(
  {
    model: { entity: 'registration', version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      email: { type: 'string', required: true },
      language: { type: LANGUAGES, required: true },
      status: { type: REGISTRATION_STATUSES, required: true },
      /** What completing it did: created the portal (`owner`) or joined it through an allowed domain (`member`). */
      outcome: { type: ['owner', 'member'] as const },
      createdAt: { type: 'string', required: true, readOnly: true },
      confirmedAt: { type: 'string' },
      completedAt: { type: 'string' },
      licenceVersion: { type: 'string' },
      licenceAcceptedAt: { type: 'string' },
      promoCode: { type: 'string' },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'REGISTRATION', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export const PortalNames = new Entity(
  {
    model: { entity: 'portalName', version: '1', service: SERVICE },
    attributes: {
      portalName: { type: 'string', required: true, readOnly: true },
      ownerId: { type: 'string', required: true, readOnly: true },
      createdAt: { type: 'string', required: true, readOnly: true },
    },
    indexes: {
      byName: {
        pk: { field: 'PK', composite: ['portalName'], template: 'PORTALNAME#${portalName}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'PORTALNAME', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type RegistrationItem = EntityItem<typeof Registrations>;
