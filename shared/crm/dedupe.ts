/**
 * Duplicate keys (design §4). Every lead, contact and company has one `crmDup` row per key:
 *   E#{email}            e-mail: trimmed, lower-case, IDN domain → punycode
 *   P#{e164}             phone: E.164 via libphonenumber-js (full `max` metadata) with the settings' default country
 *   N#{person}|{company} a person (lead, contact) with a company: diacritic-free, word order ignored, legal forms dropped
 *   N#{company}          a company (and the company named on a lead, looked up for repeat customers)
 * So "0722 123 456" (RO) = "+40 722 123 456" and "Ștefan Popescu / SC Alfa SRL" = "Popescu Stefan / Alfa S.R.L.".
 * A lookup is ONE Query per key (`PK = CRMDUP#{kind}#{norm}`); a whole record's check runs its ≤ 11 Queries in parallel.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { searchKey } from './keys';

export type DupKind = 'E' | 'P' | 'N';
export interface DupKey {
  kind: DupKind;
  norm: string;
}

/** Lower-case, trimmed; the domain in punycode ("ion@școală.ro" → "ion@xn--coal-…"). Null when it is not an address. */
export function normEmail(input: string): string | null {
  const s = input.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return null;
  const local = s.slice(0, at);
  let domain = s.slice(at + 1);
  if (/[^ -~]/.test(domain)) {
    try {
      domain = new URL(`http://${domain}`).hostname;
    } catch {
      return null;
    }
  }
  return `${local}@${domain}`;
}

/** E.164 of a phone as typed, with `defaultCountry` for national numbers; null when it is not a valid number. */
export function normPhone(input: string, defaultCountry = 'RO'): string | null {
  const p = parsePhoneNumberFromString(input.trim(), { defaultCountry: defaultCountry as CountryCode, extract: false });
  return p && p.isValid() ? p.number : null;
}

/** Legal-form tokens dropped from company names (after dots are removed: "S.R.L." → "srl"). */
const LEGAL_FORMS = new Set([
  'sc',
  'srl',
  'srld',
  'sa',
  'pfa',
  'ii',
  'if',
  'sca',
  'scs',
  'snc',
  'ra',
  'ong',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'ag',
  'kg',
  'inc',
  'corp',
  'co',
  'plc',
  'sas',
  'sarl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'sp',
  'zoo',
  'kft',
  'sro',
]);

/** A company name's key: "SC Alfa S.R.L." = "Alfa SRL" = "alfa". Empty when only legal forms are left. */
export function companyKey(name: string): string {
  const words = searchKey(name.replace(/\.(?=\S)/g, '').replace(/\./g, ' '))
    .split(' ')
    .filter(Boolean);
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  return (kept.length ? kept : words).join(' ');
}

/** A person's key: diacritic-free words in alphabetical order ("Ștefan Popescu" = "popescu stefan"). */
export function personKey(name: string): string {
  return searchKey(name).split(' ').filter(Boolean).sort().join(' ');
}

export const nameKey = (person: string, company: string): string => `${personKey(person)}|${companyKey(company)}`;

export interface DupSource {
  type: string;
  emails?: readonly { norm: string }[];
  phones?: readonly { e164: string }[];
  /** Person name (lead name, contact "first last") or company name. */
  name?: string | null;
  companyName?: string | null;
}

/** The keys a record is found by (each once). Leads and contacts: person|company only when a company is named. */
export function dupKeysOf(rec: DupSource): DupKey[] {
  const out = new Map<string, DupKey>();
  const add = (kind: DupKind, norm: string) => {
    if (norm && norm.length <= 600) out.set(`${kind}#${norm}`, { kind, norm });
  };
  for (const e of rec.emails ?? []) add('E', e.norm);
  for (const p of rec.phones ?? []) add('P', p.e164);
  if (rec.type === 'company' && rec.name) add('N', companyKey(rec.name));
  else if (
    (rec.type === 'lead' || rec.type === 'contact') &&
    rec.name &&
    rec.companyName &&
    personKey(rec.name) &&
    companyKey(rec.companyName)
  ) {
    add('N', nameKey(rec.name, rec.companyName));
  }
  return [...out.values()];
}

/** Which field a key kind answers for. */
export const matchedOn = (kind: DupKind): 'email' | 'phone' | 'name' =>
  kind === 'E' ? 'email' : kind === 'P' ? 'phone' : 'name';
