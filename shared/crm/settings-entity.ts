/**
 * CRM settings: ONE item, PK=CRMSETTINGS SK=SETTINGS (entity crmSettings), versioned. Absent until an admin saves:
 * readers get the defaults (no lazy write on a GET).
 *
 * | access pattern | how |
 * |---|---|
 * | the settings   | GetItem (or inside the BatchGet that also reads my profile: policy.ts `visibility`) |
 * | edit (admin)   | Put with condition version = :v (or attribute_not_exists for the first save) → 409 + current |
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, strip, type Raw } from '../data/document';
import type { SettingsView } from './contract';
import { DEFAULT_BASE_CURRENCY, DEFAULT_CURRENCIES } from './currencies';
import { SETTINGS_PK, SETTINGS_SK } from './keys';
import { ENTITIES, T, mark } from './records';

export const settingsKey = { PK: SETTINGS_PK, SK: SETTINGS_SK } as const;

export const DEFAULT_SETTINGS: SettingsView = {
  departmentVisibility: true,
  currencies: [...DEFAULT_CURRENCIES],
  baseCurrency: DEFAULT_BASE_CURRENCY,
  defaultPhoneCountry: 'RO',
  /** Romania's standard VAT rate (21 % since August 2025). */
  defaultTaxRateBp: 2100,
  paymentTermDays: 30,
  seller: {},
  invoicePrefix: 'INV',
  quotePrefix: 'QUO',
  documentLanguage: 'ro',
  version: 0,
  updatedAt: null,
};

/** A stored settings row (or none) → the view with defaults filled in. `version` 0 = never saved. */
export function settingsFromRow(row: Raw | undefined): SettingsView {
  if (!row || row.__edb_e__ !== ENTITIES.settings)
    return { ...DEFAULT_SETTINGS, seller: {}, currencies: [...DEFAULT_SETTINGS.currencies] };
  const s = strip<Partial<SettingsView>>(row);
  return { ...DEFAULT_SETTINGS, ...s, seller: s.seller ?? {}, updatedAt: s.updatedAt ?? null } as SettingsView;
}

export function settingsRow(s: SettingsView): Raw {
  return { ...settingsKey, ...s, ...mark(ENTITIES.settings) };
}

/** ONE GetItem. */
export async function readSettings(): Promise<SettingsView> {
  const r = await db().send(new GetCommand({ TableName: T(), Key: settingsKey }));
  return settingsFromRow(r.Item as Raw | undefined);
}
