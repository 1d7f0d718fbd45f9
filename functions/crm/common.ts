/**
 * What every CRM route composes: the record read with my visibility (in parallel), normalising e-mails and phones,
 * currency checks, choosing the responsible person, the views, and versioned writes (stale → 409 with `current`).
 */
import { transaction } from '../../shared/data/transaction';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { UserContext } from '../../shared/auth/claims';
import type {
  CompanyView,
  ContactView,
  CoreRecordView,
  DealView,
  EmailValue,
  LeadView,
  PhoneValue,
  SettingsView,
} from '../../shared/crm/contract';
import { isCurrency } from '../../shared/crm/currencies';
import { normEmail, normPhone } from '../../shared/crm/dedupe';
import { canSee, fullName, profileKey, refreshFor, visibility, type Visibility } from '../../shared/crm/policy';
import {
  T,
  isRecordRow,
  recordFromRow,
  recordKey,
  CRM_COMMIT,
  type CoreRecord,
  type CrmRecord,
  type TxItem,
} from '../../shared/crm/records';
import { assignFromQueue } from '../../shared/crm/routing';
import { batchGet } from '../../shared/data/batch-get';
import { db, type Raw } from '../../shared/data/document';
import { query } from '../../shared/data/query';
import { isConditionFailure } from '../../shared/data/versioning';
import { AppError, BadRequestError, ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';

export type Vis = Visibility & { profiles: Map<string, Raw> };

/** ONE GetItem of a REC row (tombstones included: they carry `mergedInto`). */
export async function readRecordRow(id: string, consistent = false): Promise<Raw | undefined> {
  const r = await db().send(new GetCommand({ TableName: T(), Key: recordKey(id), ConsistentRead: consistent }));
  return isRecordRow(r.Item as Raw | undefined) ? (r.Item as Raw) : undefined;
}

/** ONE BatchGet of records by id (missing ones are absent from the map). */
export async function readRecords(ids: readonly string[]): Promise<Map<string, CrmRecord>> {
  const unique = [...new Set(ids)].filter(Boolean);
  const out = new Map<string, CrmRecord>();
  for (const row of await batchGet(unique.map(recordKey)))
    if (isRecordRow(row) && !row.mergedInto) out.set(row.id as string, recordFromRow(row));
  return out;
}

const notFound = (type?: string) => new NotFoundError(type ? `No such ${type}` : 'No such record');

/**
 * My visibility and the record, read in parallel; 404 when it does not exist, is of another type, was merged
 * (the answer then names `mergedInto`) or is not visible to me.
 */
export async function loadVisible<K extends CrmRecord['type']>(
  user: Pick<UserContext, 'sub' | 'isAdmin'>,
  id: string,
  types?: readonly K[],
  alsoProfiles: readonly string[] = [],
): Promise<{ vis: Vis; rec: Extract<CrmRecord, { type: K }> }> {
  const [vis0, row] = await Promise.all([visibility(user, alsoProfiles), readRecordRow(id)]);
  if (!row) throw notFound(types?.length === 1 ? types[0] : undefined);
  const rec = recordFromRow(row);
  if (types && !types.includes(rec.type as K)) throw notFound(types.length === 1 ? types[0] : undefined);
  const vis = (await refreshFor(vis0, rec.deptId)) as Vis;
  if (!canSee(vis, rec)) throw notFound(types?.length === 1 ? types[0] : undefined);
  if (row.mergedInto)
    throw new AppError(404, 'NOT_FOUND', 'This record was merged into another one', undefined, {
      mergedInto: row.mergedInto,
    });
  return { vis: { ...vis, profiles: vis0.profiles }, rec: rec as Extract<CrmRecord, { type: K }> };
}

export function normalizeEmails(list: readonly string[] | undefined, field = 'emails'): EmailValue[] {
  return (list ?? []).map((value, i) => {
    const norm = normEmail(value);
    if (!norm)
      throw new BadRequestError(`Invalid e-mail at ${field}.${i}`, [
        { path: `${field}.${i}`, reason: 'not an e-mail address' },
      ]);
    return { value: value.trim(), norm };
  });
}

export function normalizePhones(list: readonly string[] | undefined, country: string, field = 'phones'): PhoneValue[] {
  const out = (list ?? []).map((display, i) => {
    const e164 = normPhone(display, country);
    if (!e164)
      throw new BadRequestError(`Invalid phone number at ${field}.${i}`, [
        { path: `${field}.${i}`, reason: `not a valid phone number (national numbers are read as ${country})` },
      ]);
    return { display: display.trim(), e164 };
  });
  const seen = new Set<string>();
  out.forEach((p, i) => {
    if (seen.has(p.e164))
      throw new BadRequestError(`The same phone twice at ${field}.${i}`, [
        { path: `${field}.${i}`, reason: 'the same number twice' },
      ]);
    seen.add(p.e164);
  });
  return out;
}

/** Unknown code → 400; known but not enabled in the settings → 422. */
export function checkCurrency(settings: SettingsView, currency: string, field = 'currency'): void {
  if (!isCurrency(currency))
    throw new BadRequestError(`Unknown currency ${currency}`, [
      { path: field, reason: 'not an ISO 4217 currency code' },
    ]);
  if (!settings.currencies.includes(currency))
    throw new UnprocessableError(`${currency} is not enabled in the CRM settings`, [
      { path: field, reason: 'currency not enabled' },
    ]);
}

export interface Responsible {
  id: string;
  name: string;
  deptId?: string;
  email?: string;
  /** The queue pointer's update when chosen from a queue. */
  txItems: TxItem[];
}

const eligible = (p: Raw | undefined) => !!p && p.status === 'active' && (p.role === 'employee' || p.role === 'admin');

/**
 * Who gets the record: `responsibleId` (an active employee/admin: their profile must be in vis.profiles — pass it as
 * `alsoProfiles` to loadVisible/visibility), the next free person of queue `fromQueue`, or me.
 */
export async function chooseResponsible(
  vis: Vis,
  choice: { responsibleId?: string | undefined; fromQueue?: string | undefined; field?: string; queueField?: string },
  now: string,
): Promise<Responsible> {
  if (choice.fromQueue) {
    const a = await assignFromQueue(choice.fromQueue, now, { field: choice.queueField ?? 'assignFromQueue' });
    const deptId = a.profile?.departmentIds?.[0];
    return {
      id: a.userId,
      name: a.name,
      ...(deptId ? { deptId } : {}),
      ...(a.profile?.email ? { email: a.profile.email } : {}),
      txItems: [a.txItem],
    };
  }
  const id = choice.responsibleId ?? vis.userId;
  const p = vis.profiles.get(id);
  if (id !== vis.userId || p) {
    if (!eligible(p))
      throw new UnprocessableError('The responsible person must be an active employee', [
        { path: choice.field ?? 'responsibleId', reason: 'not an active employee' },
      ]);
  }
  const deptId = ((p?.departmentIds as string[] | undefined) ?? [])[0];
  return { id, name: fullName(p) || vis.name, ...(deptId ? { deptId } : {}), txItems: [] };
}

/** ONE BatchGet of profiles → names. */
export async function profilesOf(ids: readonly string[]): Promise<Map<string, Raw>> {
  const out = new Map<string, Raw>();
  const unique = [...new Set(ids)].filter(Boolean);
  if (!unique.length) return out;
  for (const row of await batchGet(unique.map(profileKey))) out.set(row.userId as string, row);
  return out;
}

// ---------------------------------------------------------------- views

const base = (r: CoreRecord) => ({
  id: r.id,
  version: r.version,
  responsibleId: r.responsibleId,
  responsibleName: r.responsibleName,
  deptId: r.deptId ?? null,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export function viewOf(r: CoreRecord): CoreRecordView {
  switch (r.type) {
    case 'lead':
      return {
        ...base(r),
        type: 'lead',
        name: r.name,
        companyName: r.companyName ?? null,
        emails: r.emails ?? [],
        phones: r.phones ?? [],
        source: r.source,
        formId: r.formId ?? null,
        status: r.status,
        junkReason: r.junkReason ?? null,
        comments: r.comments ?? null,
        consent: r.consent ?? null,
        repeatOf: r.repeatOf ?? null,
        convertedTo: r.convertedTo ?? null,
      } satisfies LeadView;
    case 'contact':
      return {
        ...base(r),
        type: 'contact',
        firstName: r.firstName ?? null,
        lastName: r.lastName,
        name: [r.firstName, r.lastName].filter(Boolean).join(' '),
        emails: r.emails ?? [],
        phones: r.phones ?? [],
        address: r.address ?? null,
        tags: r.tags ?? [],
        position: r.position ?? null,
        birthday: r.birthday ?? null,
        comments: r.comments ?? null,
        primaryCompanyId: r.primaryCompanyId ?? null,
        primaryCompanyName: r.primaryCompanyName ?? null,
      } satisfies ContactView;
    case 'company':
      return {
        ...base(r),
        type: 'company',
        name: r.name,
        legalName: r.legalName ?? null,
        vatId: r.vatId ?? null,
        regNo: r.regNo ?? null,
        emails: r.emails ?? [],
        phones: r.phones ?? [],
        address: r.address ?? null,
        website: r.website ?? null,
        industry: r.industry ?? null,
        tags: r.tags ?? [],
        comments: r.comments ?? null,
      } satisfies CompanyView;
    case 'deal':
      return {
        ...base(r),
        type: 'deal',
        title: r.title,
        name: r.title,
        pipelineId: r.pipelineId,
        stageId: r.stageId,
        stageKind: r.stageKind,
        movedAt: r.movedAt,
        probability: r.probability ?? null,
        closeDate: r.closeDate ?? null,
        currency: r.currency,
        amountMinor: r.amountMinor,
        lines: r.lines ?? [],
        contactId: r.contactId ?? null,
        contactName: r.contactName ?? null,
        companyId: r.companyId ?? null,
        companyName: r.companyName ?? null,
        comments: r.comments ?? null,
        maxReachedOrder: r.maxReachedOrder ?? 0,
        wonAt: r.wonAt ?? null,
        wonAmountMinor: r.wonAmountMinor ?? null,
        lostReason: r.lostReason ?? null,
        createdMonth: r.createdMonth,
      } satisfies DealView;
  }
}

/** The current view of a record for a 409 (consistent read; null when gone). */
export async function currentView(id: string): Promise<CoreRecordView | null> {
  const row = await readRecordRow(id, true);
  if (!row || row.mergedInto) return null;
  const rec = recordFromRow(row);
  return rec.type === 'quote' || rec.type === 'invoice' ? null : viewOf(rec as CoreRecord);
}

export const staleConflict = (current: unknown) =>
  new ConflictError('This was changed by someone else meanwhile. Reload or merge, then save again.', {
    current: current ?? null,
  });

/** 409 at once when the client's version is not the stored one (no write attempted). */
export function expectVersion(rec: CoreRecord, version: number): void {
  if (rec.version !== version) throw staleConflict(viewOf(rec));
}

/** ONE transaction; a failed condition on the record → 409 with the current view (read only on that path). */
export async function writeRecord(items: TxItem[], recordId: string): Promise<void> {
  try {
    await transaction()
      .addItems(...items)
      .commit(CRM_COMMIT);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    throw staleConflict(await currentView(recordId));
  }
}

/** Drops `null` (cleared) and `undefined` fields of a patch onto a record. */
export function applyPatch<T extends object>(rec: T, patch: Record<string, unknown>): T {
  const out = { ...rec } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'version' || v === undefined) continue;
    if (v === null || v === '') delete out[k];
    else out[k] = v;
  }
  return out as T;
}

/** ONE Query (newest first, limited). */
export async function queryRaw(input: {
  pk: string;
  prefix?: string;
  index?: 'GSI1' | 'GSI2' | 'GSI3';
  limit?: number;
  forward?: boolean;
  start?: Raw;
  between?: [string, string];
  filter?: { expr: string; names?: Record<string, string>; values: Record<string, unknown> };
}) {
  const pkName = input.index ? `${input.index}PK` : 'PK';
  const skName = input.index ? `${input.index}SK` : 'SK';
  const values: Record<string, unknown> = { ':pk': input.pk, ...(input.filter?.values ?? {}) };
  let cond = `${pkName} = :pk`;
  if (input.prefix) {
    cond += ` AND begins_with(${skName}, :prefix)`;
    values[':prefix'] = input.prefix;
  } else if (input.between) {
    cond += ` AND ${skName} BETWEEN :from AND :to`;
    values[':from'] = input.between[0];
    values[':to'] = input.between[1];
  }
  const page = await query({
    ...(input.index ? { IndexName: input.index } : {}),
    KeyConditionExpression: cond,
    ExpressionAttributeValues: values,
    ...(input.filter
      ? {
          FilterExpression: input.filter.expr,
          ...(input.filter.names ? { ExpressionAttributeNames: input.filter.names } : {}),
        }
      : {}),
    ScanIndexForward: input.forward ?? false,
    ...(input.limit ? { Limit: input.limit } : {}),
    ...(input.start ? { ExclusiveStartKey: input.start } : {}),
  });
  return { items: page.items, lastKey: page.lastKey };
}
