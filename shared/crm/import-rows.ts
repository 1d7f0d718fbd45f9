/**
 * One CSV row → the fields of a lead, contact or company (pure; the worker adds ids, the responsible and the
 * dates), or the first problem found (`field` names the target field, e.g. `email`, `phone`, `name`).
 * E-mails and phones may come from several columns and a cell may hold several (`a@x.ro, b@y.ro`; phones
 * separated by `,` or `;`); at most 5 of each, duplicates dropped.
 */
import { emailAddress, LIMITS } from './contract';
import { normEmail, normPhone } from './dedupe';
import { unguardCell } from './csv';
import type { ImportField, ImportType } from './intake-contract';
import type { CompanyRecord, ContactRecord, LeadRecord, RecordBaseItem } from './records';

type Base = keyof Omit<RecordBaseItem, 'type'>;
export type LeadDraft = Omit<LeadRecord, Base>;
export type ContactDraft = Omit<ContactRecord, Base>;
export type CompanyDraft = Omit<CompanyRecord, Base>;
export type Draft = LeadDraft | ContactDraft | CompanyDraft;
export interface RowProblem {
  field: string;
  reason: string;
}

const MAX = { name: LIMITS.nameChars, text: 300, comments: LIMITS.commentsChars, tag: LIMITS.tagChars };
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function rowToDraft(
  type: ImportType,
  mapping: readonly (ImportField | null)[],
  cells: readonly string[],
  phoneCountry: string,
): Draft | RowProblem {
  const single = new Map<ImportField, string>();
  const emailsIn: string[] = [];
  const phonesIn: string[] = [];
  mapping.forEach((f, i) => {
    if (!f) return;
    const v = unguardCell((cells[i] ?? '').trim());
    if (!v) return;
    if (f === 'email') emailsIn.push(...v.split(/[,;\s]+/).filter(Boolean));
    else if (f === 'phone')
      phonesIn.push(
        ...v
          .split(/[,;/]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else single.set(f, v);
  });
  for (const [f, v] of single) {
    const max =
      f === 'comments'
        ? MAX.comments
        : f === 'name' || f === 'companyName' || f === 'fullName' || f === 'legalName'
          ? MAX.name
          : MAX.text;
    if (v.length > max) return { field: f, reason: `at most ${max} characters` };
    if (CONTROL.test(v)) return { field: f, reason: 'contains characters that are not allowed' };
  }
  const emails: { value: string; norm: string }[] = [];
  for (const e of emailsIn) {
    const norm = emailAddress.safeParse(e).success ? normEmail(e) : null;
    if (!norm) return { field: 'email', reason: `not an e-mail address: ${e.slice(0, 80)}` };
    if (!emails.some((x) => x.norm === norm)) emails.push({ value: e, norm });
  }
  if (emails.length > LIMITS.emails) return { field: 'email', reason: `at most ${LIMITS.emails} e-mail addresses` };
  const phones: { display: string; e164: string }[] = [];
  for (const p of phonesIn) {
    const e164 = /^[0-9+()./\s-]{3,40}$/.test(p) ? normPhone(p, phoneCountry) : null;
    if (!e164) return { field: 'phone', reason: `not a phone number: ${p.slice(0, 40)}` };
    if (!phones.some((x) => x.e164 === e164)) phones.push({ display: p, e164 });
  }
  if (phones.length > LIMITS.phones) return { field: 'phone', reason: `at most ${LIMITS.phones} phone numbers` };
  const tags = [
    ...new Set(
      (single.get('tags') ?? '')
        .split(/[,;|]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
  if (tags.length > LIMITS.tags) return { field: 'tags', reason: `at most ${LIMITS.tags} tags` };
  if (tags.some((t) => t.length > MAX.tag)) return { field: 'tags', reason: `a tag has at most ${MAX.tag} characters` };
  const country = single.get('country')?.toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country))
    return { field: 'country', reason: 'not a two-letter country code (RO, DE…)' };
  const birthday = single.get('birthday');
  if (birthday && (!/^\d{4}-\d{2}-\d{2}$/.test(birthday) || Number.isNaN(Date.parse(`${birthday}T00:00:00Z`))))
    return { field: 'birthday', reason: 'not a date (YYYY-MM-DD)' };
  const address: Record<string, string> = {};
  for (const k of ['street', 'city', 'region', 'postalCode'] as const) {
    const v = single.get(k);
    if (v) address[k] = v;
  }
  if (country) address.country = country;
  const hasAddress = Object.keys(address).length > 0;
  const opt = <K extends string>(k: K, v: string | undefined) => (v ? ({ [k]: v } as Record<K, string>) : {});

  if (type === 'lead') {
    const name = single.get('name');
    if (!name) return { field: 'name', reason: 'required' };
    return {
      type,
      name,
      ...opt('companyName', single.get('companyName')),
      emails,
      phones,
      source: 'import',
      status: 'new',
      ...opt('comments', single.get('comments')),
    };
  }
  if (type === 'contact') {
    let firstName = single.get('firstName');
    let lastName = single.get('lastName');
    const full = single.get('fullName');
    if (!lastName && full) {
      const parts = full.split(/\s+/);
      lastName = parts.length > 1 ? parts.pop()! : parts[0]!;
      firstName ??= parts.length ? parts.join(' ') : undefined;
    }
    if (!lastName) return { field: 'lastName', reason: 'required' };
    return {
      type,
      ...opt('firstName', firstName),
      lastName,
      emails,
      phones,
      ...(hasAddress ? { address } : {}),
      tags,
      ...opt('position', single.get('position')),
      ...opt('birthday', birthday),
    };
  }
  const name = single.get('name');
  if (!name) return { field: 'name', reason: 'required' };
  return {
    type,
    name,
    ...opt('legalName', single.get('legalName')),
    ...opt('vatId', single.get('vatId')),
    ...opt('regNo', single.get('regNo')),
    emails,
    phones,
    ...(hasAddress ? { address } : {}),
    ...opt('website', single.get('website')),
    ...opt('industry', single.get('industry')),
    tags,
  };
}

export const isProblem = (x: Draft | RowProblem): x is RowProblem => 'reason' in x && 'field' in x && !('type' in x);
