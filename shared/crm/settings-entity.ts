/**
 * CRM settings: ONE item, PK=CRMSETTINGS SK=SETTINGS (entity crmSettings), versioned. Absent until an admin saves:
 * readers get the defaults (no lazy write on a GET).
 *
 * | access pattern | how |
 * |---|---|
 * | the settings   | GetItem (or inside the BatchGet that also reads my profile: policy.ts `visibility`) |
 * | edit (admin)   | put where version = :v (or create, attribute_not_exists, for the first save) → 409 + current |
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { db, strip, type Raw } from '../data/document';
import { entityConfig, SERVICE } from '../data/electro';
import { tableName } from '../data/table';
import { putItemOf } from '../data/transaction';
import type { Seller, SettingsView } from './contract';
import { DEFAULT_BASE_CURRENCY, DEFAULT_CURRENCIES } from './currencies';
import { isEntityRow } from './entity-names';
import { SETTINGS_PK, SETTINGS_SK } from './keys';

export const SETTINGS_ENTITY = 'crmSettings';
export const settingsKey = { PK: SETTINGS_PK, SK: SETTINGS_SK } as const;

const buildSettings = () =>
  new Entity(
    {
      model: { entity: SETTINGS_ENTITY, version: '1', service: SERVICE },
      attributes: {
        departmentVisibility: { type: 'boolean', required: true },
        currencies: { type: 'list', items: { type: 'string' }, required: true },
        baseCurrency: { type: 'string', required: true },
        defaultPhoneCountry: { type: 'string', required: true },
        defaultTaxRateBp: { type: 'number', required: true },
        paymentTermDays: { type: 'number', required: true },
        seller: { type: CustomAttributeType<Seller>('any'), required: true },
        invoicePrefix: { type: 'string', required: true },
        quotePrefix: { type: 'string', required: true },
        documentLanguage: { type: ['en', 'ro'] as const, required: true },
        version: { type: 'number', required: true },
        updatedAt: { type: 'string' },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: [], template: SETTINGS_PK, casing: 'none' },
          sk: { field: 'SK', composite: [], template: SETTINGS_SK, casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildSettings> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Settings = () => (built ??= buildSettings());

export type SettingsItem = EntityItem<ReturnType<typeof Settings>>;

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
  if (!isEntityRow(row, SETTINGS_ENTITY))
    return { ...DEFAULT_SETTINGS, seller: {}, currencies: [...DEFAULT_SETTINGS.currencies] };
  const s = strip<Partial<SettingsView>>(row);
  return { ...DEFAULT_SETTINGS, ...s, seller: s.seller ?? {}, updatedAt: s.updatedAt ?? null } as SettingsView;
}

/** The settings as their entity's item (a never-saved `updatedAt: null` is not stored). */
export const settingsItem = (s: SettingsView): SettingsItem => {
  const { updatedAt, ...rest } = s;
  return { ...rest, ...(updatedAt !== null ? { updatedAt } : {}) };
};
/** The stored settings item (what `Settings().put` writes). */
export const settingsRow = (s: SettingsView): Raw => putItemOf(Settings().put(settingsItem(s)));

/** ONE GetItem. */
export async function readSettings(): Promise<SettingsView> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: settingsKey }));
  return settingsFromRow(r.Item as Raw | undefined);
}
