/**
 * A seeded CSV of contacts for the CRM import benchmark (test/bench/crm.ts), the way a Romanian company's Excel
 * export looks: `;`-delimited, UTF-8, a header in Romanian (Prenume;Nume;E-mail;E-mail 2;Telefon;…), names with
 * diacritics (Ștefan Țăranu, Cătălina Mureșan…), 20 % of rows with a second e-mail, phones as people type them
 * (RO mobiles and landlines in four spellings, ~15 % foreign numbers: FR, DE, IT, UK, US), 3 % duplicates of
 * earlier rows (same e-mail, spelled in upper case, phone in another spelling) and 1 % bad rows (an e-mail that is
 * not one, a phone that is not one, no last name). A few fields are quoted (a `;` inside, a quote inside).
 *
 * The file is STREAMED to disk (written in blocks with back-pressure): memory does not grow with the row count.
 * The same seed always writes the same bytes.
 *
 *   const fx = await writeContactsCsv('/tmp/contacts.csv', { rows: 50_000, seed: 7 });
 *   fx.bytes, fx.expected.{good, duplicates, bad}, fx.sampleEmails (addresses in the file, for duplicate lookups)
 *
 * Run alone to write a file and self-check it (every good phone valid, every bad row bad):
 *   npx tsx test/bench/crm-fixtures.ts [/tmp/contacts.csv] [rows]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { normEmail, normPhone } from '../../shared/crm/dedupe';

/** The header as a Romanian export has it; the import preview maps it (see shared/crm/import-mapping.ts). */
export const CONTACT_COLUMNS = [
  'Prenume',
  'Nume',
  'E-mail',
  'E-mail 2',
  'Telefon',
  'Funcție',
  'Oraș',
  'Județ',
  'Țară',
  'Etichete',
] as const;
/** The mapping those columns need (one entry per column), as the start body takes it. */
export const CONTACT_MAPPING = [
  'firstName',
  'lastName',
  'email',
  'email',
  'phone',
  'position',
  'city',
  'region',
  'country',
  'tags',
] as const;

const FIRST = [
  'Ștefan',
  'Ioana',
  'Mihaela',
  'Răzvan',
  'Cătălina',
  'Andreea',
  'Bogdan',
  'Ionuț',
  'Irina',
  'Oana',
  'Tudor',
  'Gheorghe',
  'Alexandru',
  'Maria',
  'Elena',
  'Ana',
  'Mădălina',
  'Cosmin',
  'Dănuț',
  'Florin',
  'Iulia',
  'Larisa',
  'Mircea',
  'Nicoleta',
  'Petruța',
  'Radu',
  'Sorin',
  'Teodora',
  'Vlad',
  'Zoița',
  'Costel',
  'Lăcrămioara',
  'Aurelian',
  'Bianca',
  'Crina',
  'Dorin',
  'Gabriela',
  'Horia',
  'Liviu',
  'Ștefania',
];
const LAST = [
  'Popescu',
  'Ionescu',
  'Țăranu',
  'Dumitrescu',
  'Stănescu',
  'Mureșan',
  'Bălan',
  'Căpraru',
  'Șerban',
  'Neagu',
  'Constantinescu',
  'Răducanu',
  'Pîrvu',
  'Vlăduț',
  'Sârbu',
  'Grigoraș',
  'Lăzărescu',
  'Florea',
  'Bîrsan',
  'Țurcanu',
  'Oprea',
  'Munteanu',
  'Dobrescu',
  'Ștefănescu',
  'Nițu',
  'Ciobanu',
  'Rădulescu',
  'Moldovan',
  'Crăciun',
  'Tănase',
  'Enache',
  'Vasilescu',
  'Iordache',
  'Cozma',
  'Gheorghiu',
  'Mocanu',
];
const POSITIONS = [
  'Director general',
  'Manager vânzări',
  'Contabil-șef',
  'Inginer',
  'Achiziții',
  'Reprezentant comercial',
  'Administrator',
  'Asistent manager',
  '',
];
const PLACES: [string, string][] = [
  ['București', 'București'],
  ['Cluj-Napoca', 'Cluj'],
  ['Iași', 'Iași'],
  ['Timișoara', 'Timiș'],
  ['Brașov', 'Brașov'],
  ['Constanța', 'Constanța'],
  ['Craiova', 'Dolj'],
  ['Galați', 'Galați'],
  ['Ploiești', 'Prahova'],
  ['Oradea', 'Bihor'],
  ['Sibiu', 'Sibiu'],
  ['Târgu Mureș', 'Mureș'],
  ['Pitești', 'Argeș'],
  ['Bacău', 'Bacău'],
  ['Suceava', 'Suceava'],
  ['Râmnicu Vâlcea', 'Vâlcea'],
];
const DOMAINS = ['gmail.com', 'yahoo.ro', 'exemplu.ro', 'firma-test.ro', 'outlook.com', 'companie.example'];
const WORK_DOMAINS = ['alfa-distributie.ro', 'beta-construct.ro', 'gama-soft.example', 'delta-agro.ro'];
const TAGS = ['client', 'furnizor', 'vip', 'partener', 'client,vip', 'newsletter', ''];

/** mulberry32: a small seeded PRNG (the same seed, the same file). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A phone unique to row `i` (the number's digits come from i), in one of the ways people type them. */
function phoneFor(i: number, r: () => number): string {
  const x = r();
  if (x < 0.85) {
    // RO: mobiles 072x–078x, or Bucharest landlines 021 3xx xx xx.
    if (r() < 0.8) {
      const d = `7${2 + (i % 7)}${pad(i, 7)}`; // 9 digits after the 0 / +40
      const v = r();
      if (v < 0.4) return `0${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
      if (v < 0.7) return `+40 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
      if (v < 0.9) return `+40${d}`;
      return `0${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
    }
    const d = `3${pad(i, 6)}`;
    return r() < 0.5 ? `021 ${d.slice(0, 3)} ${d.slice(3, 5)} ${d.slice(5)}` : `+40 21 ${d}`;
  }
  const y = r();
  const e = pad(i, 8);
  if (y < 0.3) return `+33 6 ${e.slice(0, 2)} ${e.slice(2, 4)} ${e.slice(4, 6)} ${e.slice(6)}`;
  if (y < 0.55) return `+49 151 ${e}`;
  if (y < 0.75) return `+39 347 ${pad(i, 7)}`;
  if (y < 0.9) return `+44 7911 ${pad(i, 6)}`;
  return `+1 415 2${pad(i % 100, 2)} ${pad(Math.floor(i / 100), 4)}`;
}

/** Another spelling of the same number (a duplicate row types it differently): "+40 722…" ↔ "0722…". */
function respell(phone: string): string {
  if (phone.startsWith('+40 21 ')) return `021${phone.slice(7)}`;
  if (phone.startsWith('+40')) return `0${phone.slice(3).replace(/\s+/g, '')}`;
  if (phone.startsWith('0')) return `+40 ${phone.slice(1)}`;
  return phone.replace(/\s+/g, '');
}

/** The country of a generated phone (the address country of that contact). */
function countryOf(phone: string): string {
  for (const [prefix, cc] of [
    ['+33', 'FR'],
    ['+49', 'DE'],
    ['+39', 'IT'],
    ['+44', 'GB'],
    ['+1 ', 'US'],
  ] as const)
    if (phone.startsWith(prefix)) return cc;
  return 'RO';
}

/** A CSV field: quoted when it holds the delimiter, a quote or a line break. */
const field = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export interface ContactsCsv {
  path: string;
  rows: number;
  bytes: number;
  columns: readonly string[];
  mapping: readonly string[];
  expected: {
    /** Rows that should become contacts. */
    good: number;
    /** Rows repeating an earlier row's e-mail (skipped with duplicates=skip). */
    duplicates: number;
    /** Rows that should be rejected (error rows). */
    bad: number;
    /** Good rows with two e-mails. */
    twoEmails: number;
    /** Good rows with a foreign phone number. */
    foreignPhones: number;
  };
  /** Up to 2,000 e-mail addresses of good rows, spread over the file (for duplicate lookups). */
  sampleEmails: string[];
}

interface Kept {
  first: string;
  last: string;
  email: string;
  phone: string;
}

/**
 * Writes `rows` data rows (plus the header) to `path`, streamed, deterministic for `seed`.
 * With `check`, every good row's e-mails and phone are verified valid with the server's normalisers and every bad
 * row's bad value invalid (slower: for the self-check run).
 */
export async function writeContactsCsv(
  path: string,
  opts: { rows?: number; seed?: number; check?: boolean } = {},
): Promise<ContactsCsv> {
  const rows = opts.rows ?? 50_000;
  const r = rng(opts.seed ?? 7);
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  let bytes = 0;
  let buf = '';
  const flush = async () => {
    if (!buf) return;
    bytes += Buffer.byteLength(buf);
    const ok = out.write(buf);
    buf = '';
    if (!ok) await Promise.race([once(out, 'drain'), failed]);
  };
  const line = (cells: string[]) => (buf += `${cells.map(field).join(';')}\r\n`);

  line([...CONTACT_COLUMNS]);
  const expected = { good: 0, duplicates: 0, bad: 0, twoEmails: 0, foreignPhones: 0 };
  // Earlier good rows a duplicate may repeat: a reservoir of 5,000 (memory stays bounded).
  const kept: Kept[] = [];
  const sampleEmails: string[] = [];
  const sampleEvery = Math.max(1, Math.floor(rows / 2000));
  const problems: string[] = [];

  for (let i = 0; i < rows; i++) {
    const x = r();
    const [city, county] = PLACES[Math.floor(r() * PLACES.length)]!;
    const position = POSITIONS[Math.floor(r() * POSITIONS.length)]!;
    const tags = TAGS[Math.floor(r() * TAGS.length)]!;
    if (x < 0.01 && i > 0) {
      // A bad row: one thing wrong with it.
      expected.bad++;
      const first = FIRST[Math.floor(r() * FIRST.length)]!;
      const last = LAST[Math.floor(r() * LAST.length)]!;
      const kind = i % 3;
      // kind 0: an e-mail without its @; kind 1: a phone of 4 digits; kind 2: no name at all.
      const email = `${ascii(first)}.${ascii(last)}.${i}${kind === 0 ? '.' : '@'}${DOMAINS[i % DOMAINS.length]}`;
      const phone = kind === 1 ? `07${pad(i % 100, 2)}` : phoneFor(i, r);
      if (opts.check && kind === 0 && normEmail(email)) problems.push(`row ${i}: bad e-mail ${email} passes`);
      if (opts.check && kind === 1 && normPhone(phone)) problems.push(`row ${i}: bad phone ${phone} passes`);
      line([kind === 2 ? '' : first, kind === 2 ? '' : last, email, '', phone, position, city, county, 'RO', tags]);
    } else if (x < 0.04 && kept.length > 0) {
      // A duplicate of an earlier good row: same person, the e-mail in capitals, the phone spelled otherwise.
      expected.duplicates++;
      const k = kept[Math.floor(r() * kept.length)]!;
      line([k.first, k.last, k.email.toUpperCase(), '', respell(k.phone), position, city, county, 'RO', tags]);
    } else {
      expected.good++;
      const first = FIRST[Math.floor(r() * FIRST.length)]!;
      // Some people have a double first name or surname ("Ana-Maria", "Popescu-Țăranu").
      const last =
        r() < 0.05
          ? `${LAST[Math.floor(r() * LAST.length)]!}-${LAST[Math.floor(r() * LAST.length)]!}`
          : LAST[Math.floor(r() * LAST.length)]!;
      const email = `${ascii(first)}.${ascii(last)}.${i}@${DOMAINS[Math.floor(r() * DOMAINS.length)]!}`;
      const two = r() < 0.2;
      const email2 = two
        ? `${ascii(first).slice(0, 1)}${ascii(last)}.${i}@${WORK_DOMAINS[Math.floor(r() * WORK_DOMAINS.length)]!}`
        : '';
      if (two) expected.twoEmails++;
      const phone = phoneFor(i, r);
      if (!phone.startsWith('0') && !phone.startsWith('+40')) expected.foreignPhones++;
      if (opts.check) {
        for (const e of [email, email2].filter(Boolean))
          if (!normEmail(e)) problems.push(`row ${i}: e-mail ${e} invalid`);
        if (!normPhone(phone)) problems.push(`row ${i}: phone ${phone} invalid`);
        if (normPhone(respell(phone)) !== normPhone(phone))
          problems.push(`row ${i}: respelled ${respell(phone)} ≠ ${phone}`);
      }
      // A few quoted fields: a position with a ';' and one with quotes.
      const pos =
        i % 997 === 0 ? `${position || 'Consultant'}; part-time` : i % 991 === 0 ? `Consultant "senior"` : position;
      line([first, last, email, email2, phone, pos, city, county, countryOf(phone), tags]);
      const k = { first, last, email, phone };
      if (kept.length < 5000) kept.push(k);
      else kept[Math.floor(r() * 5000)] = k;
      if (i % sampleEvery === 0 && sampleEmails.length < 2000) sampleEmails.push(email);
    }
    if (buf.length > 64 * 1024) await flush();
  }
  await flush();
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  if (problems.length)
    throw new Error(
      `the generated CSV is not what it claims (${problems.length} problems):\n${problems.slice(0, 20).join('\n')}`,
    );
  return { path, rows, bytes, columns: CONTACT_COLUMNS, mapping: CONTACT_MAPPING, expected, sampleEmails };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const path = process.argv[2] ?? '/tmp/crm-contacts.csv';
  const rows = Number(process.argv[3] ?? 50_000);
  const t = Date.now();
  const fx = await writeContactsCsv(path, { rows, check: true });
  console.log(
    `${fx.path}: ${fx.rows} rows, ${(fx.bytes / 1e6).toFixed(2)} MB in ${Date.now() - t} ms, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  console.log(JSON.stringify(fx.expected));
}
