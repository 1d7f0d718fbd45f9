/**
 * CRM record rows (design §2.2, §2.4): the ONE place that turns a record into its items on the single table.
 * functions/crm, functions/crm-docs (quotes, invoices), functions/crm-intake / crm-jobs (form leads, import) and the
 * benchmark all write through these builders, so index rows, duplicate rows, counters and reports never drift.
 *
 * Exported signatures (the seams other helpers use):
 *   recordRow(rec: CrmRecord): Raw                                   the REC item (PK=CRM#{id} SK=REC)
 *   indexRows(rec: CrmRecord): Raw[]                                 one IX row per scope (A, U#{resp}, D#{dept}) with GSI1/2/3
 *   dupRows(rec: CrmRecord): Raw[]                                   one crmDup row per duplicate key (leads, contacts, companies)
 *   recordRows(rec: CrmRecord): Raw[]                                recordRow + indexRows + dupRows (a NEW record: BatchWrite / Puts)
 *   activityRow(a: ActivityInput): Raw                               an ACT# row (PK=CRM#{recordId})
 *   linkRows(a: LinkEnd, b: LinkEnd, at: string): [Raw, Raw]         LINK rows in both directions (put both in ONE transaction)
 *   counterDeltas(old: CrmRecord | null, next: CrmRecord | null): CounterDelta[]      per-scope column counts and amounts
 *   counterUpdates(deltas: CounterDelta[]): TxItem[]                 ADD updates (merged per item; zero deltas dropped)
 *   counterRows(deltas: CounterDelta[]): Raw[]                       the same as whole rows, for seeding an EMPTY table by BatchWrite
 *   wonReportDeltas(old, next): WonDelta[] / wonReportUpdates(deltas): TxItem[]        WON report rows (deals)
 *   recordWriteItems(old: CrmRecord | null, next: CrmRecord | null, opts?): TxItem[]  EVERYTHING a change writes:
 *       record Put (condition version = old.version, or attribute_not_exists on create) or Delete, index Puts/Deletes,
 *       dup Puts/Deletes, counters, WON report rows. Add activities/links/reach rows yourself.
 *   CRM_COMMIT                                                        commit options of every CRM transaction:
 *       `transaction().addItems(...items).commit(CRM_COMMIT)` retries a TransactionConflict on a hot counter 3× with
 *       jitter, then 409 BUSY; other errors pass through (use isConditionFailure)
 *   summaryOf(rec: CrmRecord): RecordSummary / summaryFromIndexRow(row: Raw): RecordSummary
 *   txOf(write) / recordExists(id): entity-built TransactItems (shared/data itemOf / checkOf); T() = the table name
 *
 * All rows carry their entity's name marker (crmRecord | crmIndex | crmDup | crmActivity | crmLink | crmCounter |
 * crmReport) so stream consumers filter by entity. Records have no GSI keys: lists read the index rows.
 */
import {
  checkOf,
  itemOf,
  putItemOf,
  type CommitOptions,
  type EntityTransactItem,
  type EntityWrite,
} from '../data/transaction';
import { strip, type Raw } from '../data/document';
import { tableName } from '../data/table';
import type {
  Address,
  DealLine,
  EmailValue,
  LeadSource,
  LeadStatus,
  PhoneValue,
  RecordSummary,
  RecordType,
  StageKind,
} from './contract';
import { ACTIVITY_ENTITY, Activities } from './activity-entity';
import { COUNTER_ENTITY, Counters, type CounterItem } from './counter-entity';
import { dupKeysOf, type DupKey } from './dedupe';
import { DUP_ENTITY, Dups, type DupItem } from './dup-entity';
import { isEntityRow } from './entity-names';
import {
  REC_SK,
  amountAttr,
  columnKey,
  counterPk,
  dupPk,
  linkSk,
  monthOf,
  recordPk,
  scopesOf,
  searchKey,
  typeKey,
  wonPk,
  wonSk,
  yearOf,
  type ScopeKey,
} from './keys';
import { LINK_ENTITY, Links } from './link-entity';
import { NOT_DUP_ENTITY } from './not-dup-entity';
import { PIPELINE_ENTITY } from './pipeline-entity';
import { PRODUCT_ENTITY } from './product-entity';
import { REPORT_ENTITY, Reports } from './report-entity';
import { INDEX_ENTITY, RecordIndexes, type IndexItem } from './index-entity';
import { RECORD_ENTITY, Records, recordAttributes, type RecordItem } from './record-entity';
import { SETTINGS_ENTITY } from './settings-entity';

export const T = () => tableName();
/** A TransactItem built by its entity (shared/data `itemOf` / `checkOf`): the parts CRM changes are made of. */
export type TxItem = EntityTransactItem;

/** The TransactItem of an entity write: keys, markers and conditions built by the entity, through shared/data. */
export const txOf = (write: EntityWrite): TxItem => itemOf(write);

/** How every CRM transaction commits: a TransactionConflict on a hot counter is retried 3× with jitter, then 409 BUSY. */
export const CRM_COMMIT: CommitOptions = {
  retryConflicts: 3,
  busyMessage: 'Busy: others are changing the same totals right now. Try again.',
};

export const ENTITIES = {
  record: RECORD_ENTITY,
  index: INDEX_ENTITY,
  dup: DUP_ENTITY,
  notDup: NOT_DUP_ENTITY,
  link: LINK_ENTITY,
  activity: ACTIVITY_ENTITY,
  counter: COUNTER_ENTITY,
  report: REPORT_ENTITY,
  pipeline: PIPELINE_ENTITY,
  product: PRODUCT_ENTITY,
  settings: SETTINGS_ENTITY,
} as const;

// ---------------------------------------------------------------- the stored record

export interface RecordBaseItem {
  id: string;
  type: RecordType;
  version: number;
  responsibleId: string;
  responsibleName: string;
  /** The responsible's primary department (departmentIds[0]) when assigned. */
  deptId?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Who made the last change (stream consumers skip notifying them). */
  lastActorId: string;
  /** Written by an import job: the consumer sends one summary per assignee instead of one mail per record. */
  importJobId?: string;
  /** Imported with duplicates = create although it matched this record (the import flags it). */
  possibleDuplicateOf?: string;
}

export interface LeadRecord extends RecordBaseItem {
  type: 'lead';
  name: string;
  companyName?: string;
  emails: EmailValue[];
  phones: PhoneValue[];
  source: LeadSource;
  formId?: string;
  status: LeadStatus;
  junkReason?: string;
  comments?: string;
  consent?: { textHash: string; at: string; ip: string };
  repeatOf?: { type: 'contact' | 'company'; id: string; name: string };
  convertedTo?: { contactId?: string; companyId?: string; dealId?: string };
}

export interface ContactRecord extends RecordBaseItem {
  type: 'contact';
  firstName?: string;
  lastName: string;
  emails: EmailValue[];
  phones: PhoneValue[];
  address?: Address;
  tags: string[];
  position?: string;
  birthday?: string;
  comments?: string;
  primaryCompanyId?: string;
  primaryCompanyName?: string;
}

export interface CompanyRecord extends RecordBaseItem {
  type: 'company';
  name: string;
  legalName?: string;
  vatId?: string;
  regNo?: string;
  emails: EmailValue[];
  phones: PhoneValue[];
  address?: Address;
  website?: string;
  industry?: string;
  tags: string[];
  comments?: string;
}

export interface DealRecord extends RecordBaseItem {
  type: 'deal';
  title: string;
  pipelineId: string;
  stageId: string;
  stageKind: StageKind;
  movedAt: string;
  probability?: number;
  closeDate?: string;
  currency: string;
  amountMinor: number;
  lines: DealLine[];
  contactId?: string;
  contactName?: string;
  companyId?: string;
  companyName?: string;
  comments?: string;
  maxReachedOrder: number;
  /** Stages this deal has been counted in (funnel REACH rows are written once per stage). */
  reachedStageIds: string[];
  wonAt?: string;
  wonAmountMinor?: number;
  lostReason?: string;
  createdMonth: string;
}

/**
 * Quotes and invoices (functions/crm-docs owns their fields). The builders read only these: `status` (GSI1 bucket
 * and counters), `number` (name, GSI3 when numbered), `currency` + `totals.total` (amounts), `dealTitle`/`buyer.name`.
 */
export interface DocRecord extends RecordBaseItem {
  type: 'quote' | 'invoice';
  dealId: string;
  status: string;
  currency: string;
  number?: string;
  issueDate?: string;
  totals?: { total: number };
  dealTitle?: string;
  buyer?: { name?: string; [k: string]: unknown };
  [extra: string]: unknown;
}

export type CoreRecord = LeadRecord | ContactRecord | CompanyRecord | DealRecord;
export type CrmRecord = CoreRecord | DocRecord;

export const recordKey = (id: string) => ({ PK: recordPk(id), SK: REC_SK });

/** The record's display name: lead/company name, contact "first last", deal title, document number (or "draft"). */
export function nameOf(rec: CrmRecord): string {
  switch (rec.type) {
    case 'lead':
    case 'company':
      return rec.name;
    case 'contact':
      return [rec.firstName, rec.lastName].filter(Boolean).join(' ');
    case 'deal':
      return rec.title;
    default:
      return rec.number ?? 'draft';
  }
}

/** Name sort key of a contact: last name first. */
function sortName(rec: CrmRecord): string {
  if (rec.type === 'contact') return searchKey([rec.lastName, rec.firstName].filter(Boolean).join(' '));
  return searchKey(nameOf(rec));
}

/** GSI1 group and bucket: deals by pipeline/stage, leads and documents by status; contacts/companies have none. */
function column(rec: CrmRecord): { group: string; bucket: string } | null {
  if (rec.type === 'deal') return { group: rec.pipelineId, bucket: rec.stageId };
  if (rec.type === 'lead' || rec.type === 'quote' || rec.type === 'invoice') return { group: '_', bucket: rec.status };
  return null;
}

/** The amount counted in column totals: deals' amount, documents' total. */
function amountOf(rec: CrmRecord): { currency: string; minor: number } | null {
  if (rec.type === 'deal') return { currency: rec.currency, minor: rec.amountMinor };
  if ((rec.type === 'quote' || rec.type === 'invoice') && rec.totals)
    return { currency: rec.currency, minor: rec.totals.total };
  return null;
}

export function summaryOf(rec: CrmRecord): RecordSummary {
  const amount = amountOf(rec);
  const emails = 'emails' in rec ? (rec.emails as EmailValue[] | undefined) : undefined;
  const phones = 'phones' in rec ? (rec.phones as PhoneValue[] | undefined) : undefined;
  return {
    id: rec.id,
    type: rec.type,
    name: nameOf(rec),
    status: rec.type === 'lead' || rec.type === 'quote' || rec.type === 'invoice' ? rec.status : null,
    pipelineId: rec.type === 'deal' ? rec.pipelineId : null,
    stageId: rec.type === 'deal' ? rec.stageId : null,
    amountMinor: amount ? amount.minor : null,
    currency: amount ? amount.currency : rec.type === 'quote' || rec.type === 'invoice' ? rec.currency : null,
    responsibleId: rec.responsibleId,
    responsibleName: rec.responsibleName,
    companyName:
      rec.type === 'lead'
        ? (rec.companyName ?? null)
        : rec.type === 'contact'
          ? (rec.primaryCompanyName ?? null)
          : rec.type === 'deal'
            ? (rec.companyName ?? null)
            : rec.type === 'company'
              ? null
              : (rec.buyer?.name ?? null),
    contactName:
      rec.type === 'deal'
        ? (rec.contactName ?? null)
        : rec.type === 'quote' || rec.type === 'invoice'
          ? (rec.dealTitle ?? null)
          : null,
    email: emails?.[0]?.value ?? null,
    phone: phones?.[0]?.display ?? null,
    number: rec.type === 'quote' || rec.type === 'invoice' ? (rec.number ?? null) : null,
    closeDate:
      rec.type === 'deal'
        ? (rec.closeDate ?? null)
        : rec.type === 'invoice' || rec.type === 'quote'
          ? ((rec.dueDate as string | undefined) ?? null)
          : null,
    movedAt: rec.type === 'deal' ? rec.movedAt : null,
    updatedAt: rec.updatedAt,
    version: rec.version,
  };
}

const SUMMARY_KEYS: (keyof RecordSummary)[] = [
  'id',
  'type',
  'name',
  'status',
  'pipelineId',
  'stageId',
  'amountMinor',
  'currency',
  'responsibleId',
  'responsibleName',
  'companyName',
  'contactName',
  'email',
  'phone',
  'number',
  'closeDate',
  'movedAt',
  'updatedAt',
  'version',
];
export function summaryFromIndexRow(row: Raw): RecordSummary {
  const out: Record<string, unknown> = {};
  for (const k of SUMMARY_KEYS) out[k] = row[k] ?? null;
  return out as unknown as RecordSummary;
}

// ---------------------------------------------------------------- builders

/**
 * The record as its entity's item. The entity writes declared attributes only, so a record carrying a field
 * record-entity.ts does not declare is refused here rather than stored without it.
 */
export function recordItem(rec: CrmRecord): RecordItem {
  const declared = recordAttributes();
  const undeclared = Object.keys(rec).filter((k) => rec[k as keyof CrmRecord] !== undefined && !declared.has(k));
  if (undeclared.length)
    throw new Error(`crmRecord ${rec.type}: fields not declared in record-entity.ts: ${undeclared.join(', ')}`);
  // Every field is declared (checked above); the entity validates each attribute's type on write.
  return rec as unknown as RecordItem;
}

/** The REC row as stored (BatchWrite seeding): built by the entity. */
export function recordRow(rec: CrmRecord): Raw {
  return putItemOf(Records().put(recordItem(rec)));
}

/** Quote/invoice fields their index rows carry beyond the summary (functions/crm-docs lists show them). */
export type IndexExtra = Pick<IndexItem, 'dealId' | 'dealTitle' | 'buyerName' | 'issueDate' | 'dueDate'>;

/** The index row of one scope; `null` summary fields are left out (DynamoDB stores no nulls we need). */
function indexItem(rec: CrmRecord, scope: ScopeKey, extra: IndexExtra = {}): IndexItem {
  const s = summaryOf(rec);
  const col = column(rec);
  const gsi3 =
    rec.type === 'deal'
      ? (rec.closeDate ?? '~')
      : rec.type === 'quote' || rec.type === 'invoice'
        ? rec.number
        : sortName(rec);
  const present = <V>(v: V | null): V | undefined => (v === null ? undefined : v);
  return {
    id: rec.id,
    scope,
    ...(col
      ? {
          columnKey: columnKey(scope, rec.type, col.group, col.bucket),
          columnSort: `${rec.type === 'deal' ? rec.movedAt : rec.updatedAt}#${rec.id}`,
        }
      : {}),
    typeKey: typeKey(scope, rec.type),
    updatedSort: `${rec.updatedAt}#${rec.id}`,
    ...(gsi3 !== undefined ? { sortTypeKey: typeKey(scope, rec.type), sortKey: `${gsi3}#${rec.id}` } : {}),
    type: s.type,
    name: s.name,
    status: present(s.status),
    pipelineId: present(s.pipelineId),
    stageId: present(s.stageId),
    amountMinor: present(s.amountMinor),
    currency: present(s.currency),
    responsibleId: s.responsibleId,
    responsibleName: s.responsibleName,
    companyName: present(s.companyName),
    contactName: present(s.contactName),
    email: present(s.email),
    phone: present(s.phone),
    number: present(s.number),
    closeDate: present(s.closeDate),
    movedAt: present(s.movedAt),
    updatedAt: s.updatedAt,
    version: s.version,
    deptId: rec.deptId || undefined,
    ...extra,
  };
}

/** One index row per scope, as stored (BatchWrite seeding): built by the entity. */
export function indexRows(rec: CrmRecord, extra: IndexExtra = {}): Raw[] {
  return scopesOf(rec).map((scope) => putItemOf(RecordIndexes().put(indexItem(rec, scope, extra))));
}

function dupSource(rec: CrmRecord) {
  if (rec.type === 'lead')
    return { type: rec.type, emails: rec.emails, phones: rec.phones, name: rec.name, companyName: rec.companyName };
  if (rec.type === 'contact')
    return {
      type: rec.type,
      emails: rec.emails,
      phones: rec.phones,
      name: nameOf(rec),
      companyName: rec.primaryCompanyName,
    };
  if (rec.type === 'company') return { type: rec.type, emails: rec.emails, phones: rec.phones, name: rec.name };
  return null;
}

/** The duplicate keys of a record (none for deals and documents). */
export function dupKeysOfRecord(rec: CrmRecord): DupKey[] {
  const src = dupSource(rec);
  return src ? dupKeysOf(src) : [];
}

/** One duplicate item per duplicate key of the record. */
export function dupItems(rec: CrmRecord): DupItem[] {
  return dupKeysOfRecord(rec).map((k) => ({
    dupKey: dupPk(k.kind, k.norm),
    id: rec.id,
    type: rec.type,
    kind: k.kind,
    name: nameOf(rec),
    responsibleId: rec.responsibleId,
    responsibleName: rec.responsibleName,
    ...(rec.deptId ? { deptId: rec.deptId } : {}),
  }));
}

/** The duplicate rows as stored (BatchWrite seeding): built by the entity. */
export function dupRows(rec: CrmRecord): Raw[] {
  return dupItems(rec).map((d) => putItemOf(Dups().put(d)));
}

export function recordRows(rec: CrmRecord): Raw[] {
  return [recordRow(rec), ...indexRows(rec), ...dupRows(rec)];
}

export interface ActivityInput {
  recordId: string;
  /** ULID (time-ordered). */
  activityId: string;
  kind: string;
  by: string;
  byName: string;
  at: string;
  text?: string;
  dueAt?: string;
  done?: boolean;
  durationMin?: number;
  outcome?: string;
  place?: string;
  meta?: Record<string, string>;
  /** Editable (manual) kinds carry a version. */
  version?: number;
  /** An open todo's GSI1 keys (./attention.ts `plannedKeys`). */
  plannedKey?: string;
  plannedSort?: string;
}
/** The Put of an activity row, built by its entity. */
export const activityPut = (a: ActivityInput): TxItem => txOf(Activities().put(a));

/** The activity row as stored (views, BatchWrite): built by its entity. */
export const activityRow = (a: ActivityInput): Raw => putItemOf(Activities().put(a));

export interface LinkEnd {
  type: RecordType;
  id: string;
  name: string;
  status?: string | null;
  stageId?: string | null;
  amountMinor?: number | null;
  currency?: string | null;
  number?: string | null;
}
/** A link end from a record. */
export const linkEndOf = (rec: CrmRecord): LinkEnd => {
  const s = summaryOf(rec);
  return {
    type: rec.type,
    id: rec.id,
    name: s.name,
    status: s.status,
    stageId: s.stageId,
    amountMinor: s.amountMinor,
    currency: s.currency,
    number: s.number,
  };
};
/** What a link row says about the other end (null fields left out). */
function linkFields(other: LinkEnd) {
  return {
    type: other.type,
    id: other.id,
    name: other.name,
    ...(other.status != null ? { status: other.status } : {}),
    ...(other.stageId != null ? { stageId: other.stageId } : {}),
    ...(other.amountMinor != null ? { amountMinor: other.amountMinor } : {}),
    ...(other.currency != null ? { currency: other.currency } : {}),
    ...(other.number != null ? { number: other.number } : {}),
  };
}

/** The Puts of both LINK rows (a describing b, b describing a): put both in ONE transaction. */
export function linkPuts(a: LinkEnd, b: LinkEnd, at: string): [TxItem, TxItem] {
  const put = (on: LinkEnd, other: LinkEnd) =>
    txOf(Links().put({ ownerId: on.id, linkKey: linkSk(other.type, other.id), ...linkFields(other), linkedAt: at }));
  return [put(a, b), put(b, a)];
}

/** [row on a describing b, row on b describing a], as stored (views, BatchWrite): built by the entity. */
export function linkRows(a: LinkEnd, b: LinkEnd, at: string): [Raw, Raw] {
  const [onA, onB] = linkPuts(a, b, at);
  return [onA.Put!.Item as Raw, onB.Put!.Item as Raw];
}

/** The Deletes of both LINK rows between two records (put both in ONE transaction). */
export function linkDeletes(
  a: { type: RecordType; id: string },
  b: { type: RecordType; id: string },
): [TxItem, TxItem] {
  return [
    txOf(Links().delete({ ownerId: a.id, linkKey: linkSk(b.type, b.id) })),
    txOf(Links().delete({ ownerId: b.id, linkKey: linkSk(a.type, a.id) })),
  ];
}

/** A ConditionCheck that the record exists (with `notMerged`: and is not a merge tombstone). */
export function recordExists(id: string, opts: { notMerged?: boolean } = {}): TxItem {
  const patch = Records().patch({ id }).set({});
  return checkOf(opts.notMerged ? patch.where(({ mergedInto }, { notExists }) => notExists(mergedInto)) : patch);
}

// ---------------------------------------------------------------- counters and reports

export interface CounterDelta {
  scope: ScopeKey;
  type: RecordType;
  group: string;
  bucket: string;
  n: number;
  amounts: Record<string, number>;
}

function counterGroup(rec: CrmRecord): { group: string; bucket: string } {
  return column(rec) ?? { group: '_', bucket: '_' };
}

/** −1/−amount in the old record's columns, +1/+amount in the new one's, merged; zero deltas are dropped. */
export function counterDeltas(old: CrmRecord | null, next: CrmRecord | null): CounterDelta[] {
  const out = new Map<string, CounterDelta>();
  const apply = (rec: CrmRecord, sign: 1 | -1) => {
    const { group, bucket } = counterGroup(rec);
    const amount = amountOf(rec);
    for (const scope of scopesOf(rec)) {
      const k = `${scope}|${rec.type}|${group}|${bucket}`;
      const d = out.get(k) ?? { scope, type: rec.type, group, bucket, n: 0, amounts: {} };
      d.n += sign;
      if (amount) d.amounts[amount.currency] = (d.amounts[amount.currency] ?? 0) + sign * amount.minor;
      out.set(k, d);
    }
  };
  if (old) apply(old, -1);
  if (next) apply(next, 1);
  return [...out.values()]
    .map((d) => ({ ...d, amounts: Object.fromEntries(Object.entries(d.amounts).filter(([, v]) => v !== 0)) }))
    .filter((d) => d.n !== 0 || Object.keys(d.amounts).length > 0);
}

export function counterUpdates(deltas: CounterDelta[]): TxItem[] {
  const merged = new Map<string, CounterDelta>();
  for (const d of deltas) {
    const k = `${d.scope}|${d.type}|${d.group}|${d.bucket}`;
    const m = merged.get(k);
    if (!m) merged.set(k, { ...d, amounts: { ...d.amounts } });
    else {
      m.n += d.n;
      for (const [c, v] of Object.entries(d.amounts)) m.amounts[c] = (m.amounts[c] ?? 0) + v;
    }
  }
  const items: TxItem[] = [];
  for (const d of merged.values()) {
    const amounts = Object.entries(d.amounts).filter(([, v]) => v !== 0);
    if (d.n === 0 && !amounts.length) continue;
    const adds: Record<string, number> = Object.fromEntries(amounts.map(([cur, v]) => [amountAttr(cur), v]));
    items.push(
      txOf(
        Counters()
          .update({ scope: d.scope, type: d.type, group: d.group, bucket: d.bucket })
          .add({ n: d.n, ...adds }),
      ),
    );
  }
  return items;
}

/**
 * Counter ROWS (Puts, not ADDs) for seeding an empty table with BatchWrite (benchmarks, fixtures): the deltas of
 * many new records (`counterDeltas(null, rec)` each) merged into one row per scope/column.
 */
export function counterRows(deltas: CounterDelta[]): Raw[] {
  const merged = new Map<string, CounterItem & Record<string, unknown>>();
  for (const d of deltas) {
    const key = `${counterPk(d.scope, d.type, d.group)}|${d.bucket}`;
    const row = merged.get(key) ?? { scope: d.scope, type: d.type, group: d.group, bucket: d.bucket, n: 0 };
    row.n = (row.n ?? 0) + d.n;
    for (const [cur, v] of Object.entries(d.amounts))
      row[amountAttr(cur)] = ((row[amountAttr(cur)] as number | undefined) ?? 0) + v;
    merged.set(key, row);
  }
  return [...merged.values()].map((row) => putItemOf(Counters().put(row)));
}

/** A counter row → {n, amounts{CUR: minor}}. */
export function counterTotals(row: Raw | undefined): { n: number; amounts: Record<string, number> } {
  const amounts: Record<string, number> = {};
  if (row)
    for (const [k, v] of Object.entries(row))
      if (k.startsWith('A_') && typeof v === 'number' && v !== 0) amounts[k.slice(2)] = v;
  return { n: typeof row?.n === 'number' ? row.n : 0, amounts };
}

export interface WonDelta {
  year: string;
  month: string;
  currency: string;
  deptId?: string;
  userId: string;
  n: number;
  amount: number;
}

/** WON report rows follow the deal's won state: leaving won (or changing a won deal's amount/owner) subtracts what was added. */
export function wonReportDeltas(old: CrmRecord | null, next: CrmRecord | null): WonDelta[] {
  const entry = (rec: CrmRecord | null, sign: 1 | -1): WonDelta | null => {
    if (!rec || rec.type !== 'deal' || rec.stageKind !== 'won' || !rec.wonAt) return null;
    return {
      year: yearOf(rec.wonAt),
      month: monthOf(rec.wonAt).slice(5),
      currency: rec.currency,
      ...(rec.deptId ? { deptId: rec.deptId } : {}),
      userId: rec.responsibleId,
      n: sign,
      amount: sign * (rec.wonAmountMinor ?? rec.amountMinor),
    };
  };
  const a = entry(old, -1);
  const b = entry(next, 1);
  if (
    a &&
    b &&
    a.year === b.year &&
    a.month === b.month &&
    a.currency === b.currency &&
    a.deptId === b.deptId &&
    a.userId === b.userId
  ) {
    const amount = a.amount + b.amount;
    return amount === 0 ? [] : [{ ...b, n: 0, amount }];
  }
  return [a, b].filter((x): x is WonDelta => !!x);
}

export function wonReportUpdates(deltas: WonDelta[]): TxItem[] {
  return deltas.map((d) =>
    txOf(
      Reports()
        .update({ reportKey: wonPk(d.year), reportSlot: wonSk(d.month, d.currency, d.deptId, d.userId) })
        .add({ n: d.n, amount: d.amount })
        .set({ month: `${d.year}-${d.month}`, currency: d.currency, userId: d.userId, deptId: d.deptId ?? '_' }),
    ),
  );
}

// ---------------------------------------------------------------- transaction items

export interface WriteOptions {
  /** The record write also requires the stored deal to still be in this pipeline (a stage move). */
  samePipelineId?: string;
  /** Fields the index rows carry beyond the summary (quotes and invoices). */
  indexExtra?: IndexExtra;
}

/** Replaces the stored record if it still has `expectedVersion` (and, when given, the pipeline). */
export function recordReplace(rec: CrmRecord, expectedVersion: number, samePipelineId?: string): EntityWrite {
  return Records()
    .put(recordItem(rec))
    .where(({ version, pipelineId }, { eq }) =>
      samePipelineId === undefined
        ? eq(version, expectedVersion)
        : `${eq(version, expectedVersion)} AND ${eq(pipelineId, samePipelineId)}`,
    );
}

/**
 * Everything one record change writes (create: old = null; delete: next = null): the record (versioned), index rows
 * (Put for the new scopes, Delete for scopes that disappeared), duplicate rows (Delete removed keys; Put all current
 * keys when anything they carry changed), counters and WON report rows. ≤ 3 + 3 + 2×11 + 6 + 2 items.
 */
export function recordWriteItems(old: CrmRecord | null, next: CrmRecord | null, opts: WriteOptions = {}): TxItem[] {
  const items: TxItem[] = [];
  if (next) {
    items.push(txOf(old ? recordReplace(next, old.version, opts.samePipelineId) : Records().create(recordItem(next))));
    for (const scope of scopesOf(next)) items.push(txOf(RecordIndexes().put(indexItem(next, scope, opts.indexExtra))));
  } else if (old) {
    const expected = opts.samePipelineId;
    items.push(
      txOf(
        Records()
          .delete({ id: old.id })
          .where(({ version, pipelineId }, { eq }) =>
            expected === undefined
              ? eq(version, old.version)
              : `${eq(version, old.version)} AND ${eq(pipelineId, expected)}`,
          ),
      ),
    );
  }
  if (old) {
    const keep = new Set(next ? scopesOf(next) : []);
    for (const scope of scopesOf(old))
      if (!keep.has(scope)) items.push(txOf(RecordIndexes().delete({ id: old.id, scope })));
  }
  const oldDup = old ? dupItems(old) : [];
  const newDup = next ? dupItems(next) : [];
  const dupKey = (d: DupItem) => `${d.dupKey}|${d.type}#${d.id}`;
  const newKeys = new Set(newDup.map(dupKey));
  for (const d of oldDup)
    if (!newKeys.has(dupKey(d))) items.push(txOf(Dups().delete({ dupKey: d.dupKey, type: d.type, id: d.id })));
  const oldDupJson = new Map(oldDup.map((d) => [dupKey(d), JSON.stringify(d)]));
  for (const d of newDup) if (oldDupJson.get(dupKey(d)) !== JSON.stringify(d)) items.push(txOf(Dups().put(d)));
  items.push(...counterUpdates(counterDeltas(old, next)));
  items.push(...wonReportUpdates(wonReportDeltas(old, next)));
  items.push(...dealLinkRefresh(old, next));
  return items;
}

/**
 * A deal's LINK rows on its contact and company carry its summary (title, stage, amount): when that changes,
 * they are rewritten in the same transaction, so the contact's and company's deal lists never show a stale
 * amount or stage. Only for references the change keeps (a changed reference writes its new link rows itself).
 */
function dealLinkRefresh(old: CrmRecord | null, next: CrmRecord | null): TxItem[] {
  if (!old || !next || old.type !== 'deal' || next.type !== 'deal') return [];
  const end = linkEndOf(next);
  if (JSON.stringify(linkEndOf(old)) === JSON.stringify(end)) return [];
  const out: TxItem[] = [];
  for (const ref of [next.contactId, next.companyId]) {
    if (!ref || (ref !== old.contactId && ref !== old.companyId)) continue;
    const fields = linkFields(end);
    const removed = (['status', 'stageId', 'amountMinor', 'currency', 'number'] as const).filter((k) => !(k in fields));
    // The row is rewritten whole; the original linkedAt is kept when there is one.
    const update = Links()
      .update({ ownerId: ref, linkKey: linkSk(end.type, end.id) })
      .set(fields)
      .data(({ linkedAt }, { ifNotExists }) => {
        ifNotExists(linkedAt, next.updatedAt);
      });
    out.push(txOf(removed.length ? update.remove([...removed]) : update));
  }
  return out;
}

/** Records from REC rows (drops keys and markers). */
export const recordFromRow = (row: Raw): CrmRecord => strip<CrmRecord>(row);
export const isRecordRow = (row: Raw | undefined): row is Raw => isEntityRow(row, RECORD_ENTITY);
