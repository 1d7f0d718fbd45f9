/**
 * Duplicates of a record, merge, "not a duplicate", and lead conversion.
 *
 * | route | how |
 * |---|---|
 * | GET /crm/duplicates | visibility ∥ one Query per key (≤ 11, in parallel) |
 * | GET …/{id}/duplicates | visibility ∥ GetItem, then the key Queries ∥ ONE Query of its NOTDUP# rows |
 * | merge | ONE transaction: survivor (chosen values, united e-mails/phones/tags) + the other tombstoned (`mergedInto`; its
 * |       | index/dup rows deleted, counters moved) + a `merged` activity; then its timeline and links are moved to the survivor
 * |       | right away in BatchWrites (≤ 80 activities and ≤ 40 links: beyond that the rest stays on the tombstone — the async
 * |       | `merge` job of the design is not built) |
 * | not-duplicate | the two NOTDUP rows in one transaction (+ ConditionChecks that both exist) |
 * | convert | visibility ∥ lead ∥ referenced records ∥ pipeline; ONE transaction (≈ 60 items) |
 */
import { putItemOf, transaction } from '../../shared/data/transaction';
import { Activities } from '../../shared/crm/activity-entity';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { LIMITS, type ConvertBody, type ConvertResult, type LeadView, type MergeBody } from '../../shared/crm/contract';
import { planConversion } from '../../shared/crm/conversion';
import { companyKey } from '../../shared/crm/dedupe';
import { ACT_PREFIX, linkSk, recordPk } from '../../shared/crm/keys';
import { NotDups } from '../../shared/crm/not-dup-entity';
import { readPipeline } from '../../shared/crm/pipeline-entity';
import { canSee, visibility } from '../../shared/crm/policy';
import {
  T,
  activityPut,
  counterDeltas,
  counterUpdates,
  dupKeysOfRecord,
  linkEndOf,
  linkPuts,
  linkRows,
  recordFromRow,
  recordExists,
  recordReplace,
  recordWriteItems,
  CRM_COMMIT,
  txOf,
  type CompanyRecord,
  type ContactRecord,
  type CoreRecord,
  type CrmRecord,
  type LeadRecord,
  type TxItem,
} from '../../shared/crm/records';
import { db, type Raw } from '../../shared/data/document';
import { isConditionFailure } from '../../shared/data/versioning';
import { UnprocessableError } from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import {
  checkCurrency,
  expectVersion,
  loadVisible,
  normalizeEmails,
  normalizePhones,
  queryRaw,
  readRecordRow,
  readRecords,
  staleConflict,
  viewOf,
  writeRecord,
  type Responsible,
  type Vis,
} from './common';
import { findDuplicates, keysOfQuery, notDuplicatesOf } from './duplicates';
import { createdActivity, newDeal } from './record-service';

const DUP_TYPES = ['lead', 'contact', 'company'] as const;

export async function lookupDuplicates(
  user: UserContext,
  q: {
    type?: 'lead' | 'contact' | 'company' | undefined;
    email?: string | undefined;
    phone?: string | undefined;
    name?: string | undefined;
    company?: string | undefined;
  },
) {
  const vis = (await visibility(user)) as Vis;
  const keys = keysOfQuery(q, vis.settings.defaultPhoneCountry);
  return { items: await findDuplicates(vis, keys, q.type ? { types: [q.type] } : {}) };
}

function keysWithCompany(rec: CrmRecord) {
  const keys = dupKeysOfRecord(rec);
  if (rec.type === 'lead' && rec.companyName && companyKey(rec.companyName))
    keys.push({ kind: 'N', norm: companyKey(rec.companyName) });
  return keys;
}

export async function recordDuplicates(user: UserContext, id: string) {
  const [{ vis, rec }, notDup] = await Promise.all([loadVisible(user, id, DUP_TYPES), notDuplicatesOf(id)]);
  return { items: await findDuplicates(vis, keysWithCompany(rec), { excludeId: id, notDup }) };
}

export async function notDuplicate(user: UserContext, id: string, otherId: string) {
  if (otherId === id)
    throw new UnprocessableError('A record is always itself', [{ path: 'otherId', reason: 'the same record' }]);
  const [{ vis }, otherRow] = await Promise.all([loadVisible(user, id, DUP_TYPES), readRecordRow(otherId)]);
  const other = otherRow && !otherRow.mergedInto ? recordFromRow(otherRow) : null;
  if (!other || !canSee(vis, other))
    throw new UnprocessableError('No such record', [{ path: 'otherId', reason: 'not a record you can see' }]);
  const at = new Date().toISOString();
  const mark = (a: string, b: string) =>
    txOf(NotDups().put({ recordKey: recordPk(a), otherId: b, by: vis.userId, at }));
  await transaction()
    .addItems(mark(id, otherId), mark(otherId, id), recordExists(id), recordExists(otherId))
    .commit(CRM_COMMIT);
  return reply(204);
}

const MERGEABLE: Record<CoreRecord['type'], readonly string[]> = {
  lead: ['name', 'companyName', 'comments'],
  contact: ['firstName', 'lastName', 'address', 'position', 'birthday', 'comments'],
  company: ['name', 'legalName', 'vatId', 'regNo', 'address', 'website', 'industry', 'comments'],
  deal: [],
};

const unite = <T>(a: readonly T[], b: readonly T[], key: (x: T) => string, cap: number): T[] => {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((x) => !seen.has(key(x)))].slice(0, cap);
};

/** Moves up to 80 ACT# and 40 LINK# rows of a merged record to the survivor (BatchWrite; idempotent). */
async function moveTimeline(fromId: string, to: CrmRecord): Promise<{ moved: number; remaining: boolean }> {
  const [acts, links] = await Promise.all([
    queryRaw({ pk: recordPk(fromId), prefix: ACT_PREFIX, forward: true, limit: 80 }),
    queryRaw({ pk: recordPk(fromId), prefix: 'LINK#', forward: true, limit: 40 }),
  ]);
  const writes: Record<string, unknown>[] = [];
  for (const a of acts.items) {
    // The activity as its entity reads it, written again under the survivor by the entity.
    const { data } = Activities().parse({ Item: a });
    if (!data) continue;
    writes.push({ PutRequest: { Item: putItemOf(Activities().put({ ...data, recordId: to.id })) } });
    writes.push({ DeleteRequest: { Key: { PK: a.PK, SK: a.SK } } });
  }
  const now = new Date().toISOString();
  for (const l of links.items) {
    const otherId = l.id as string;
    if (otherId === to.id) {
      writes.push({ DeleteRequest: { Key: { PK: l.PK, SK: l.SK } } });
      writes.push({ DeleteRequest: { Key: { PK: recordPk(to.id), SK: linkSk(to.type, fromId) } } });
      continue;
    }
    const [onSurvivor, onOther] = linkRows(
      linkEndOf(to),
      {
        type: l.type as CrmRecord['type'],
        id: otherId,
        name: (l.name as string) ?? '',
        status: (l.status as string) ?? null,
        stageId: (l.stageId as string) ?? null,
        amountMinor: (l.amountMinor as number) ?? null,
        currency: (l.currency as string) ?? null,
        number: (l.number as string) ?? null,
      },
      now,
    );
    writes.push({ PutRequest: { Item: onSurvivor } }, { PutRequest: { Item: onOther } });
    writes.push({ DeleteRequest: { Key: { PK: l.PK, SK: l.SK } } });
    writes.push({ DeleteRequest: { Key: { PK: recordPk(otherId), SK: linkSk(to.type, fromId) } } });
  }
  for (let i = 0; i < writes.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = writes.slice(i, i + 25);
    for (let attempt = 0; pending?.length && attempt < 6; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const r = await db().send(new BatchWriteCommand({ RequestItems: { [T()]: pending as never } }));
      pending = r.UnprocessedItems?.[T()] as Record<string, unknown>[] | undefined;
    }
  }
  return { moved: acts.items.length + links.items.length, remaining: !!acts.lastKey || !!links.lastKey };
}

export async function mergeRecords(user: UserContext, id: string, body: MergeBody) {
  if (body.otherId === id)
    throw new UnprocessableError('A record cannot be merged into itself', [
      { path: 'otherId', reason: 'the same record' },
    ]);
  const [{ vis, rec }, otherRow] = await Promise.all([loadVisible(user, id, DUP_TYPES), readRecordRow(body.otherId)]);
  const other = otherRow && !otherRow.mergedInto ? (recordFromRow(otherRow) as CoreRecord) : null;
  if (!other || !canSee(vis, other))
    throw new UnprocessableError('No such record', [{ path: 'otherId', reason: 'not a record you can see' }]);
  if (other.type !== rec.type)
    throw new UnprocessableError(`A ${other.type} cannot be merged into a ${rec.type}`, [
      { path: 'otherId', reason: 'another type of record' },
    ]);
  expectVersion(rec, body.version);
  if (other.version !== body.otherVersion) throw staleConflict(viewOf(other));
  if (rec.type === 'lead' && (rec.status === 'converted' || (other as LeadRecord).status === 'converted')) {
    throw new UnprocessableError('Converted leads are not merged', [{ path: 'otherId', reason: 'a converted lead' }]);
  }
  const now = new Date().toISOString();
  const next = { ...rec } as Record<string, unknown>;
  const o = other as unknown as Record<string, unknown>;
  for (const [field, side] of Object.entries(body.pick ?? {})) {
    if (side !== 'other') continue;
    if (field === 'responsibleId') {
      next.responsibleId = other.responsibleId;
      next.responsibleName = other.responsibleName;
      if (other.deptId) next.deptId = other.deptId;
      else delete next.deptId;
      continue;
    }
    if (!MERGEABLE[rec.type].includes(field))
      throw new UnprocessableError(`${field} is not a field of a ${rec.type}`, [
        { path: `pick.${field}`, reason: 'not a field of this record type' },
      ]);
    if (o[field] === undefined) delete next[field];
    else next[field] = o[field];
  }
  const survivor = next as unknown as CoreRecord & {
    emails: { norm: string; value: string }[];
    phones: { e164: string; display: string }[];
    tags?: string[];
  };
  const src = other as CoreRecord & {
    emails?: { norm: string; value: string }[];
    phones?: { e164: string; display: string }[];
    tags?: string[];
  };
  survivor.emails = unite(survivor.emails ?? [], src.emails ?? [], (e) => e.norm, LIMITS.emails);
  survivor.phones = unite(survivor.phones ?? [], src.phones ?? [], (p) => p.e164, LIMITS.phones);
  if (rec.type === 'contact' || rec.type === 'company')
    survivor.tags = unite(survivor.tags ?? [], src.tags ?? [], (t) => t.toLowerCase(), LIMITS.tags);
  Object.assign(survivor, { version: rec.version + 1, updatedAt: now, lastActorId: vis.userId });
  const tombstone = { ...other, mergedInto: id, version: other.version + 1, updatedAt: now, lastActorId: vis.userId };
  // Both records' counter changes touch the same counter items (same type, maybe the same people): merged into one
  // ADD per item, since a transaction may not name an item twice.
  const isCounter = (i: TxItem) => !!i.Update && String((i.Update.Key as Raw).PK).startsWith('CRMTOT#');
  const otherItems = recordWriteItems(other, null).filter(
    (i) =>
      !isCounter(i) &&
      !(i.Delete && (i.Delete.Key as Raw).SK === 'REC' && (i.Delete.Key as Raw).PK === recordPk(other.id)),
  );
  const items: TxItem[] = [
    ...recordWriteItems(rec, survivor).filter((i) => !isCounter(i)),
    ...counterUpdates([...counterDeltas(rec, survivor), ...counterDeltas(other, null)]),
    txOf(recordReplace(tombstone, other.version)),
    ...otherItems,
    activityPut({
      recordId: id,
      activityId: ulid(Date.parse(now)),
      kind: 'merged',
      by: vis.userId,
      byName: vis.name,
      at: now,
      meta: { otherId: other.id, otherName: viewOf(other).name ?? '' },
    }),
  ];
  try {
    await transaction()
      .addItems(...items)
      .commit(CRM_COMMIT);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    throw staleConflict(viewOf(rec));
  }
  await moveTimeline(other.id, survivor);
  return viewOf(survivor);
}

// ---------------------------------------------------------------- conversion

export async function convertLead(user: UserContext, leadId: string, body: ConvertBody): Promise<ConvertResult> {
  const existing = [
    body.contact && 'contactId' in body.contact ? body.contact.contactId : undefined,
    body.company && 'companyId' in body.company ? body.company.companyId : undefined,
  ].filter((x): x is string => !!x);
  const [{ vis, rec: lead }, found, pipeline] = await Promise.all([
    loadVisible(user, leadId, ['lead']),
    readRecords(existing),
    body.deal ? readPipeline(body.deal.pipelineId ?? 'default') : Promise.resolve(null),
  ]);
  expectVersion(lead, body.version);
  const now = new Date().toISOString();
  const plan = planConversion(lead, body, { today: now.slice(0, 10), baseCurrency: vis.settings.baseCurrency });
  const resp: Responsible = {
    id: lead.responsibleId,
    name: lead.responsibleName,
    ...(lead.deptId ? { deptId: lead.deptId } : {}),
    txItems: [],
  };
  const base = {
    version: 1,
    responsibleId: resp.id,
    responsibleName: resp.name,
    ...(resp.deptId ? { deptId: resp.deptId } : {}),
    createdBy: vis.userId,
    createdAt: now,
    updatedAt: now,
    lastActorId: vis.userId,
  };
  const items: TxItem[] = [];
  const fresh: CrmRecord[] = [];
  const actor = { id: vis.userId, name: vis.name };

  let company: CompanyRecord | undefined;
  if (plan.company && 'existingId' in plan.company) {
    const c = found.get(plan.company.existingId);
    if (!c || c.type !== 'company' || !canSee(vis, c))
      throw new UnprocessableError('No such company', [
        { path: 'company.companyId', reason: 'not a company you can see' },
      ]);
    company = c;
  } else if (plan.company) {
    const d = plan.company.draft;
    company = {
      ...base,
      id: ulid(),
      type: 'company',
      name: d.name,
      ...(d.vatId ? { vatId: d.vatId } : {}),
      ...(d.regNo ? { regNo: d.regNo } : {}),
      emails: [],
      phones: [],
      tags: [],
    };
    fresh.push(company);
  }
  let contact: ContactRecord | undefined;
  if (plan.contact && 'existingId' in plan.contact) {
    const c = found.get(plan.contact.existingId);
    if (!c || c.type !== 'contact' || !canSee(vis, c))
      throw new UnprocessableError('No such contact', [
        { path: 'contact.contactId', reason: 'not a contact you can see' },
      ]);
    contact = c;
  } else if (plan.contact) {
    const d = plan.contact.draft;
    contact = {
      ...base,
      id: ulid(),
      type: 'contact',
      ...(d.firstName ? { firstName: d.firstName } : {}),
      lastName: d.lastName,
      emails: normalizeEmails(d.emails, 'contact.new.emails'),
      phones: normalizePhones(d.phones, vis.settings.defaultPhoneCountry, 'contact.new.phones'),
      tags: [],
      ...(d.position ? { position: d.position } : {}),
      ...(d.comments ? { comments: d.comments } : {}),
      ...(company ? { primaryCompanyId: company.id, primaryCompanyName: company.name } : {}),
    };
    fresh.push(contact);
  }
  let dealId: string | null = null;
  if (plan.deal) {
    if (!pipeline)
      throw new UnprocessableError('No such pipeline', [{ path: 'deal.pipelineId', reason: 'no such pipeline' }]);
    checkCurrency(vis.settings, plan.deal.currency, 'deal.currency');
    const { rec: deal, items: dealItems } = newDeal(
      vis,
      resp,
      pipeline,
      { title: plan.deal.title, currency: plan.deal.currency, amountMinor: plan.deal.amountMinor },
      { contact, company },
      now,
    );
    fresh.push(deal);
    items.push(...dealItems);
    dealId = deal.id;
  }
  for (const r of fresh)
    items.push(...recordWriteItems(null, r), createdActivity(r, actor, now, { fromLeadId: leadId }));
  if (contact && company && (fresh.includes(contact) || fresh.includes(company)))
    items.push(...linkPuts(linkEndOf(contact), linkEndOf(company), now));
  const convertedTo = {
    ...(contact ? { contactId: contact.id } : {}),
    ...(company ? { companyId: company.id } : {}),
    ...(dealId ? { dealId } : {}),
  };
  const nextLead: LeadRecord = {
    ...lead,
    status: 'converted',
    convertedTo,
    version: lead.version + 1,
    updatedAt: now,
    lastActorId: vis.userId,
  };
  items.push(...recordWriteItems(lead, nextLead));
  for (const r of [contact, company, fresh.find((f) => f.type === 'deal')])
    if (r) items.push(...linkPuts(linkEndOf(nextLead), linkEndOf(r), now));
  items.push(
    activityPut({
      recordId: leadId,
      activityId: ulid(Date.parse(now) + 1),
      kind: 'converted',
      by: actor.id,
      byName: actor.name,
      at: now,
      meta: Object.fromEntries(Object.entries(convertedTo)) as Record<string, string>,
    }),
  );
  await writeRecord(items, leadId);
  return { lead: viewOf(nextLead) as LeadView, contactId: contact?.id ?? null, companyId: company?.id ?? null, dealId };
}
