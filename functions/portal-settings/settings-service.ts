/**
 * The portal record's settings as admins read and edit them (entity: shared/portal/portal-entity.ts).
 *
 * | route                  | DynamoDB                                                                       |
 * |------------------------|--------------------------------------------------------------------------------|
 * | GET /portal/settings   | GetItem PORTAL/META (absent → 404)                                              |
 * | PATCH /portal/settings | UpdateItem if it exists and version = expected (missing version = 0); on a      |
 * |                        | failed condition one GetItem: absent → 404, else 409 with the current settings   |
 *
 * Effects elsewhere, read from the same item: registration lets addresses of `allowedDomains` join
 * (functions/registration), invitations lets employees invite when `employeesMayInvite` (functions/invitations).
 */
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import { versionedWrite } from '../../shared/data/versioning';
import { NotFoundError } from '../../shared/http/errors';
import { Portals, readPortal, type PortalRecord } from '../../shared/portal/portal-entity';
import { LIMITS as DRIVE_LIMITS } from '../../shared/drive/contract';
import type { PortalSettingsView } from '../../shared/portal/settings-view';
import type { settingsInput } from './routes';

export type { PortalSettingsView };

export function settingsView(p: PortalRecord): PortalSettingsView {
  const allowedDomains = p.allowedDomains ?? [];
  return {
    companyName: p.companyName,
    portalName: p.portalName,
    ownerEmail: p.ownerEmail,
    allowedDomains,
    employeesMayInvite: p.employeesMayInvite === true,
    selfRegistration: allowedDomains.length ? 'domains' : 'closed',
    licenceVersion: p.licenceVersion,
    licenceAcceptedAt: p.licenceAcceptedAt,
    promoCode: p.promoCode ?? null,
    driveMaxFileBytes: p.driveMaxFileBytes ?? DRIVE_LIMITS.defaultMaxFileBytes,
    driveQuotaBytes: p.driveQuotaBytes ?? DRIVE_LIMITS.defaultQuotaBytes,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    updatedBy: p.updatedBy ?? null,
    // Records written before settings were versioned have none: they count as version 0.
    version: typeof p.version === 'number' ? p.version : 0,
  };
}

const NO_PORTAL = () =>
  new NotFoundError('There is no portal yet: it is created when its first administrator registers.');

export async function getSettings(): Promise<PortalSettingsView> {
  const p = await readPortal();
  if (!p) throw NO_PORTAL();
  return settingsView(p);
}

export async function updateSettings(
  admin: UserContext,
  input: z.output<typeof settingsInput>,
): Promise<PortalSettingsView> {
  const expected = input.version;
  const set = {
    ...(input.companyName !== undefined ? { companyName: input.companyName } : {}),
    ...(input.allowedDomains !== undefined ? { allowedDomains: input.allowedDomains } : {}),
    ...(input.employeesMayInvite !== undefined ? { employeesMayInvite: input.employeesMayInvite } : {}),
    ...(input.driveMaxFileBytes !== undefined ? { driveMaxFileBytes: input.driveMaxFileBytes } : {}),
    ...(input.driveQuotaBytes !== undefined ? { driveQuotaBytes: input.driveQuotaBytes } : {}),
    version: expected + 1,
    updatedBy: admin.email || admin.sub,
    updatedAt: new Date().toISOString(),
  };
  const updated = await versionedWrite(
    () =>
      Portals.patch({})
        .set(set)
        .where(({ version }, { eq, notExists }) =>
          expected === 0 ? `(${eq(version, 0)} OR ${notExists(version)})` : eq(version, expected),
        )
        .go({ response: 'all_new' }),
    getSettings, // absent → 404; otherwise the 409 carries the current settings
  );
  return settingsView(updated.data as PortalRecord);
}
