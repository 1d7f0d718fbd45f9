/**
 * The seller printed on quotes and invoices comes from CRM → Settings → Company details. A fresh portal has none
 * there yet, so the company name given at registration (the portal record, shared/portal/portal-entity.ts) stands in
 * for the legal name until an admin fills in the details: an invoice can be issued on day one. The other details
 * (tax id, address, bank account) stay empty until set; the draft page says which are missing.
 */
import type { SettingsView } from '../../shared/crm/contract';
import type { Visibility } from '../../shared/crm/policy';
import { UnprocessableError } from '../../shared/http/errors';
import { readPortal } from '../../shared/portal/portal-entity';

/** The settings with the portal's company name as the seller's legal name when the CRM settings have none. */
export function withPortalCompanyName(settings: SettingsView, portalCompanyName: string | undefined): SettingsView {
  const name = portalCompanyName?.trim();
  if (settings.seller.legalName?.trim() || !name) return settings;
  return { ...settings, seller: { ...settings.seller, legalName: name } };
}

/** My visibility with the seller's name filled in from the portal when needed (ONE GetItem, only then). */
export async function withSellerName(vis: Visibility): Promise<Visibility> {
  if (vis.settings.seller.legalName?.trim()) return vis;
  const portal = await readPortal();
  return { ...vis, settings: withPortalCompanyName(vis.settings, portal?.companyName) };
}

/** Refusal when neither the CRM settings nor the portal name the company (the SPA shows it translated, by path). */
export const noSellerName = (what: 'issuing' | 'sending') =>
  new UnprocessableError(
    `The seller’s company name is missing: fill it in at CRM → Settings → Company details before ${what}`,
    [{ path: 'seller.legalName', reason: 'missing: set it in CRM → Settings → Company details' }],
  );
