/**
 * The portal record: one per stack (the company that owns it and its settings). Shared contract:
 * registration creates it (functions/registration), portal settings edits it (functions/portal-settings),
 * invitations reads `employeesMayInvite` (functions/invitations).
 *
 * | access pattern                              | how                                                        |
 * |---------------------------------------------|------------------------------------------------------------|
 * | the portal (exists? settings)               | GetItem PK=PORTAL, SK=META                                  |
 * | create the portal once                      | Put PK=PORTAL, SK=META, condition attribute_not_exists(PK)  |
 * | edit the settings (optimistic version)      | UpdateItem, condition version = expected (a record written  |
 * |                                             | without `version` counts as version 0)                      |
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../data/electro';

export const Portals = new Entity(
  {
    model: { entity: 'portal', version: '1', service: SERVICE },
    attributes: {
      companyName: { type: 'string', required: true },
      portalName: { type: 'string', required: true },
      ownerId: { type: 'string', required: true, readOnly: true },
      ownerEmail: { type: 'string', required: true },
      /** Self-registration after the portal exists: only for these e-mail domains (empty = invitation only). */
      allowedDomains: { type: 'list', items: { type: 'string' } },
      /** Whether employees (not only admins) may invite people; absent = false. */
      employeesMayInvite: { type: 'boolean' },
      licenceVersion: { type: 'string', required: true },
      licenceAcceptedAt: { type: 'string', required: true },
      licenceAcceptedBy: { type: 'string', required: true },
      promoCode: { type: 'string' },
      /** Drive: the largest file anyone may upload, and each person's storage quota, in bytes (absent = the drive defaults). */
      driveMaxFileBytes: { type: 'number' },
      driveQuotaBytes: { type: 'number' },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: { type: 'string', required: true },
      /** Who last changed the settings (an admin's e-mail); absent until the first change. */
      updatedBy: { type: 'string' },
      /** Optimistic version of the settings (1 on create). */
      version: { type: 'number', required: true },
    },
    indexes: {
      singleton: {
        pk: { field: 'PK', composite: [], template: 'PORTAL', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'META', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type PortalRecord = EntityItem<typeof Portals>;

/** The portal record, or null while none exists. */
export async function readPortal(): Promise<PortalRecord | null> {
  const { data } = await Portals.get({}).go();
  return data;
}
