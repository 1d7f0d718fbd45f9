/**
 * Import column mapping: header names (English and Romanian, any case or diacritics) → target fields, and the
 * checks of a chosen mapping. Shared by the API (preview suggestion, start validation) and the SPA wizard.
 */
import { IMPORT_FIELDS, type ImportField, type ImportType } from './intake-contract';

const norm = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Known header names per field (normalised). */
const NAMES: Record<ImportField, string[]> = {
  name: ['name', 'nume', 'lead', 'denumire', 'company name', 'nume firma', 'firma', 'companie', 'societate'],
  companyName: ['company', 'company name', 'companie', 'firma', 'societate', 'organizatie', 'organization'],
  email: [
    'email',
    'e mail',
    'mail',
    'email address',
    'adresa email',
    'adresa de email',
    'email 1',
    'email 2',
    'email 3',
    'email2',
    'email3',
    'e mail 2',
  ],
  phone: [
    'phone',
    'telefon',
    'tel',
    'mobil',
    'mobile',
    'phone number',
    'numar telefon',
    'numar de telefon',
    'phone 1',
    'phone 2',
    'telefon 2',
    'phone2',
    'telefon2',
    'fax',
  ],
  comments: [
    'comments',
    'comment',
    'comentarii',
    'comentariu',
    'note',
    'notes',
    'observatii',
    'mesaj',
    'message',
    'descriere',
    'description',
  ],
  firstName: ['first name', 'firstname', 'given name', 'prenume'],
  lastName: ['last name', 'lastname', 'surname', 'family name', 'nume de familie'],
  fullName: ['full name', 'nume complet', 'contact', 'persoana de contact', 'contact name'],
  position: ['position', 'job title', 'title', 'functie', 'post', 'rol'],
  street: ['street', 'address', 'strada', 'adresa', 'street address'],
  city: ['city', 'town', 'oras', 'localitate', 'municipiu'],
  region: ['region', 'county', 'state', 'judet', 'regiune', 'province'],
  postalCode: ['postal code', 'postcode', 'zip', 'zip code', 'cod postal'],
  country: ['country', 'tara', 'country code', 'cod tara'],
  tags: ['tags', 'tag', 'etichete', 'eticheta', 'labels'],
  birthday: ['birthday', 'birth date', 'date of birth', 'data nasterii', 'zi de nastere'],
  legalName: ['legal name', 'denumire legala', 'denumire oficiala', 'registered name'],
  vatId: ['vat', 'vat id', 'vat number', 'cif', 'cui', 'cod fiscal', 'tax id', 'cod tva'],
  regNo: [
    'reg no',
    'registration number',
    'nr reg com',
    'numar registrul comertului',
    'registrul comertului',
    'company number',
  ],
  website: ['website', 'web', 'site', 'url', 'web site', 'pagina web'],
  industry: ['industry', 'industrie', 'domeniu', 'sector', 'domeniu de activitate'],
};

/** Fields that may be mapped from several columns (their values are gathered, ≤ 5 each). */
export const MULTI_FIELDS: readonly ImportField[] = ['email', 'phone'];

/** The suggested field per column (each single field used once; `name` means the person for contacts). */
export function suggestMapping(type: ImportType, columns: readonly string[]): (ImportField | null)[] {
  const allowed = IMPORT_FIELDS[type] as readonly ImportField[];
  const used = new Set<ImportField>();
  const hasFirst = columns.some((c) => NAMES.firstName.includes(norm(c)));
  return columns.map((c) => {
    const n = norm(c);
    const candidates = allowed.filter((f) => NAMES[f].includes(n) || norm(f) === n.replace(/ /g, ''));
    // A contact file with "Nume" + "Prenume": "Nume" is the last name; alone it is the full name.
    if (type === 'contact' && NAMES.name.includes(n) && !candidates.length)
      candidates.push(hasFirst ? 'lastName' : 'fullName');
    // A company file: its "company" column is the company's name.
    if (type === 'company' && NAMES.companyName.includes(n) && !candidates.includes('name')) candidates.unshift('name');
    const pick = candidates.find((f) => MULTI_FIELDS.includes(f) || !used.has(f)) ?? null;
    if (pick) used.add(pick);
    return pick;
  });
}

/** Problems of a chosen mapping: `{path, reason}` per bad entry (empty = fine). */
export function mappingProblems(
  type: ImportType,
  columns: readonly string[],
  mapping: readonly (ImportField | null)[],
): { path: string; reason: string }[] {
  const out: { path: string; reason: string }[] = [];
  if (mapping.length !== columns.length)
    return [{ path: 'mapping', reason: `expected ${columns.length} entries, one per column` }];
  const allowed = new Set<string>(IMPORT_FIELDS[type]);
  const count = new Map<ImportField, number>();
  mapping.forEach((f, i) => {
    if (!f) return;
    if (!allowed.has(f)) out.push({ path: `mapping.${i}`, reason: `${f} is not a field of a ${type}` });
    count.set(f, (count.get(f) ?? 0) + 1);
    if (!MULTI_FIELDS.includes(f) && count.get(f) === 2)
      out.push({ path: `mapping.${i}`, reason: `${f} is mapped twice` });
    if (MULTI_FIELDS.includes(f) && count.get(f) === 6)
      out.push({ path: `mapping.${i}`, reason: `at most 5 columns for ${f}` });
  });
  const has = (f: ImportField) => (count.get(f) ?? 0) > 0;
  if (!out.length) {
    if (type === 'lead' && !has('name')) out.push({ path: 'mapping', reason: 'map a column to name' });
    if (type === 'contact' && !has('lastName') && !has('fullName'))
      out.push({ path: 'mapping', reason: 'map a column to lastName or fullName' });
    if (type === 'company' && !has('name')) out.push({ path: 'mapping', reason: 'map a column to name' });
  }
  return out;
}
