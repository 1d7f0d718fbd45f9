/**
 * Leads, contacts, companies and deals: create, read, edit, delete, lead status, assign. Every change is ONE
 * TransactWriteItems built by shared/crm/records.ts `recordWriteItems` (record + index rows + duplicate rows +
 * counters + reports) plus its activity and link rows.
 *
 * | route | reads | writes |
 * |---|---|---|
 * | create | BatchGet (my profile + settings + the named responsible) ∥ referenced records / pipeline; dup Queries in parallel | ONE transaction |
 * | get | BatchGet (visibility) ∥ GetItem | — |
 * | patch / status / assign | the same two in parallel | ONE transaction (condition version) |
 * | delete | the same + ONE Query of its LINK# rows | ONE transaction |
 */
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import type {
  Address as AddressInputT,
  CompanyCreateBody,
  CompanyPatchBody,
  ContactCreateBody,
  ContactPatchBody,
  CoreType,
  CreatedView,
  DealCreateBody,
  DealPatchBody,
  LeadCreateBody,
  LeadPatchBody,
} from '../../shared/crm/contract';
import { DEFAULT_PIPELINE_ID, type CoreRecordView } from '../../shared/crm/contract';
import { reachItems, stagesReached } from '../../shared/crm/deal-transition';
import { companyKey } from '../../shared/crm/dedupe';
import { linkPrefix, linkSk, monthOf, recordPk } from '../../shared/crm/keys';
import { Links } from '../../shared/crm/link-entity';
import { firstOpenStage, readPipeline } from '../../shared/crm/pipeline-entity';
import { visibility, canSee } from '../../shared/crm/policy';
import {
  activityPut,
  dupKeysOfRecord,
  linkEndOf,
  linkPuts,
  recordWriteItems,
  linkDeletes,
  txOf,
  type CompanyRecord,
  type ContactRecord,
  type CoreRecord,
  type CrmRecord,
  type DealRecord,
  type LeadRecord,
  type TxItem,
} from '../../shared/crm/records';
import { retryQueueRace } from '../../shared/crm/routing';
import { ForbiddenError, UnprocessableError } from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import {
  applyPatch,
  checkCurrency,
  chooseResponsible,
  expectVersion,
  loadVisible,
  normalizeEmails,
  normalizePhones,
  queryRaw,
  readRecords,
  viewOf,
  writeRecord,
  type Responsible,
  type Vis,
} from './common';
import { findDuplicates } from './duplicates';

const nowIso = () => new Date().toISOString();

export const createdActivity = (
  rec: CrmRecord,
  by: { id: string; name: string },
  at: string,
  meta: Record<string, string> = {},
) =>
  activityPut({
    recordId: rec.id,
    activityId: ulid(Date.parse(at)),
    kind: 'created',
    by: by.id,
    byName: by.name,
    at,
    meta,
  });

function baseFields(id: string, resp: Responsible, vis: Vis, now: string) {
  return {
    id,
    version: 1,
    responsibleId: resp.id,
    responsibleName: resp.name,
    ...(resp.deptId ? { deptId: resp.deptId } : {}),
    createdBy: vis.userId,
    createdAt: now,
    updatedAt: now,
    lastActorId: vis.userId,
  };
}

/** A visible record of a type for a reference field (contactId, companyId…) → 422 naming the field otherwise. */
function referenced<T extends CrmRecord['type']>(
  vis: Vis,
  found: Map<string, CrmRecord>,
  id: string | undefined | null,
  type: T,
  field: string,
): Extract<CrmRecord, { type: T }> | undefined {
  if (!id) return undefined;
  const r = found.get(id);
  if (!r || r.type !== type || !canSee(vis, r))
    throw new UnprocessableError(`No such ${type}`, [{ path: field, reason: `not a ${type} you can see` }]);
  return r as Extract<CrmRecord, { type: T }>;
}

const stripEmpty = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && v !== null)) as T;

// ---------------------------------------------------------------- create

async function finishCreate(
  vis: Vis,
  rec: CoreRecord,
  resp: Responsible,
  extra: TxItem[],
  dupExtraKeys: { kind: 'N'; norm: string }[] = [],
): Promise<CreatedView<CoreRecordView>> {
  const keys = [...dupKeysOfRecord(rec), ...dupExtraKeys];
  const duplicates = await findDuplicates(vis, keys, { excludeId: rec.id });
  if (rec.type === 'lead') {
    const repeat = duplicates.find((d) => d.visible && (d.type === 'contact' || d.type === 'company'));
    if (repeat?.id)
      rec.repeatOf = { type: repeat.type as 'contact' | 'company', id: repeat.id, name: repeat.name ?? '' };
  }
  const items = [
    ...recordWriteItems(null, rec),
    createdActivity(rec, { id: vis.userId, name: vis.name }, rec.createdAt),
    ...extra,
    ...resp.txItems,
  ];
  await writeRecord(items, rec.id);
  return { record: viewOf(rec), duplicates };
}

/** What every create starts from: its e-mails and phones normalised, and the responsible chosen (by id or from a queue). */
async function createBasics(
  vis: Vis,
  body: {
    emails?: Parameters<typeof normalizeEmails>[0];
    phones?: Parameters<typeof normalizePhones>[0];
    responsibleId?: string;
    assignFromQueue?: string;
  },
) {
  const now = nowIso();
  const emails = normalizeEmails(body.emails);
  const phones = normalizePhones(body.phones, vis.settings.defaultPhoneCountry);
  const resp = await chooseResponsible(
    vis,
    { responsibleId: body.responsibleId, fromQueue: body.assignFromQueue },
    now,
  );
  return { now, emails, phones, resp };
}

export async function createLead(user: UserContext, body: LeadCreateBody) {
  const run = async () => {
    const vis = (await visibility(user, body.responsibleId ? [body.responsibleId] : [])) as Vis;
    const { now, emails, phones, resp } = await createBasics(vis, body);
    const rec: LeadRecord = stripEmpty({
      ...baseFields(ulid(), resp, vis, now),
      type: 'lead' as const,
      name: body.name,
      companyName: body.companyName,
      emails,
      phones,
      source: body.source ?? 'manual',
      status: 'new' as const,
      comments: body.comments,
    });
    const extraKeys =
      rec.companyName && companyKey(rec.companyName) ? [{ kind: 'N' as const, norm: companyKey(rec.companyName) }] : [];
    return finishCreate(vis, rec, resp, [], extraKeys);
  };
  return reply(201, body.assignFromQueue ? await retryQueueRace(run) : await run());
}

function contactLinkItems(contact: ContactRecord, company: CrmRecord | undefined, now: string): TxItem[] {
  return company ? linkPuts(linkEndOf(contact), linkEndOf(company), now) : [];
}

export async function createContact(user: UserContext, body: ContactCreateBody) {
  const run = async () => {
    const [vis, found] = await Promise.all([
      visibility(user, body.responsibleId ? [body.responsibleId] : []) as Promise<Vis>,
      readRecords(body.primaryCompanyId ? [body.primaryCompanyId] : []),
    ]);
    const company = referenced(vis, found, body.primaryCompanyId, 'company', 'primaryCompanyId');
    const { now, emails, phones, resp } = await createBasics(vis, body);
    const rec: ContactRecord = stripEmpty({
      ...baseFields(ulid(), resp, vis, now),
      type: 'contact' as const,
      firstName: body.firstName,
      lastName: body.lastName,
      emails,
      phones,
      address: body.address && Object.keys(stripEmpty(body.address)).length ? stripEmpty(body.address) : undefined,
      tags: body.tags ?? [],
      position: body.position,
      birthday: body.birthday,
      comments: body.comments,
      primaryCompanyId: company?.id,
      primaryCompanyName: company?.name,
    });
    return finishCreate(vis, rec, resp, contactLinkItems(rec, company, now));
  };
  return reply(201, body.assignFromQueue ? await retryQueueRace(run) : await run());
}

export async function createCompany(user: UserContext, body: CompanyCreateBody) {
  const run = async () => {
    const vis = (await visibility(user, body.responsibleId ? [body.responsibleId] : [])) as Vis;
    const { now, emails, phones, resp } = await createBasics(vis, body);
    const rec: CompanyRecord = stripEmpty({
      ...baseFields(ulid(), resp, vis, now),
      type: 'company' as const,
      name: body.name,
      legalName: body.legalName,
      vatId: body.vatId,
      regNo: body.regNo,
      emails,
      phones,
      address: body.address && Object.keys(stripEmpty(body.address)).length ? stripEmpty(body.address) : undefined,
      website: body.website,
      industry: body.industry,
      tags: body.tags ?? [],
      comments: body.comments,
    });
    return finishCreate(vis, rec, resp, []);
  };
  return reply(201, body.assignFromQueue ? await retryQueueRace(run) : await run());
}

/** Builds a new deal record + its extra items (links, funnel reach). Shared with the conversion. */
export function newDeal(
  vis: Vis,
  resp: Responsible,
  pipeline: NonNullable<Awaited<ReturnType<typeof readPipeline>>>,
  input: {
    id?: string;
    title: string;
    stageId?: string | undefined;
    currency: string;
    amountMinor?: number | undefined;
    probability?: number | undefined;
    closeDate?: string | undefined;
    comments?: string | undefined;
  },
  refs: { contact?: ContactRecord | undefined; company?: CompanyRecord | undefined },
  now: string,
): { rec: DealRecord; items: TxItem[] } {
  const stage = input.stageId ? pipeline.stages.find((s) => s.stageId === input.stageId) : firstOpenStage(pipeline);
  if (!stage)
    throw new UnprocessableError('No such stage in this pipeline', [
      { path: 'stageId', reason: 'not a stage of the pipeline' },
    ]);
  const reached = stagesReached(pipeline, stage, []);
  const rec: DealRecord = stripEmpty({
    ...baseFields(input.id ?? ulid(), resp, vis, now),
    type: 'deal' as const,
    title: input.title,
    pipelineId: pipeline.pipelineId,
    stageId: stage.stageId,
    stageKind: stage.kind,
    movedAt: now,
    probability: input.probability ?? stage.probability,
    closeDate: input.closeDate,
    currency: input.currency,
    amountMinor: input.amountMinor ?? 0,
    lines: [],
    contactId: refs.contact?.id,
    contactName: refs.contact ? [refs.contact.firstName, refs.contact.lastName].filter(Boolean).join(' ') : undefined,
    companyId: refs.company?.id,
    companyName: refs.company?.name,
    comments: input.comments,
    maxReachedOrder: stage.kind === 'lost' ? 0 : stage.order,
    reachedStageIds: reached.map((s) => s.stageId),
    wonAt: stage.kind === 'won' ? now : undefined,
    wonAmountMinor: stage.kind === 'won' ? (input.amountMinor ?? 0) : undefined,
    createdMonth: monthOf(now),
  });
  const items: TxItem[] = [...reachItems(rec, rec.reachedStageIds)];
  for (const ref of [refs.contact, refs.company]) if (ref) items.push(...linkPuts(linkEndOf(rec), linkEndOf(ref), now));
  return { rec, items };
}

export async function createDeal(user: UserContext, body: DealCreateBody) {
  const run = async () => {
    const refIds = [body.contactId, body.companyId].filter((x): x is string => !!x);
    const [vis, pipeline, found] = await Promise.all([
      visibility(user, body.responsibleId ? [body.responsibleId] : []) as Promise<Vis>,
      readPipeline(body.pipelineId ?? DEFAULT_PIPELINE_ID),
      readRecords(refIds),
    ]);
    if (!pipeline)
      throw new UnprocessableError('No such pipeline', [{ path: 'pipelineId', reason: 'no such pipeline' }]);
    checkCurrency(vis.settings, body.currency);
    const contact = referenced(vis, found, body.contactId, 'contact', 'contactId');
    const company = referenced(vis, found, body.companyId, 'company', 'companyId');
    const now = nowIso();
    const resp = await chooseResponsible(
      vis,
      { responsibleId: body.responsibleId, fromQueue: body.assignFromQueue },
      now,
    );
    const { rec, items } = newDeal(vis, resp, pipeline, body, { contact, company }, now);
    return finishCreate(vis, rec, resp, items);
  };
  return reply(201, body.assignFromQueue ? await retryQueueRace(run) : await run());
}

// ---------------------------------------------------------------- read / edit / delete

export async function getRecord(user: UserContext, id: string, type: CoreType) {
  const { rec } = await loadVisible(user, id, [type]);
  return viewOf(rec as CoreRecord);
}

const bump = <T extends CoreRecord>(rec: T, vis: Vis, now: string): T => ({
  ...rec,
  version: rec.version + 1,
  updatedAt: now,
  lastActorId: vis.userId,
});

export async function patchLead(user: UserContext, id: string, body: LeadPatchBody) {
  const { vis, rec } = await loadVisible(user, id, ['lead']);
  expectVersion(rec, body.version);
  const now = nowIso();
  const next = bump(applyPatch(rec, { ...body, emails: undefined, phones: undefined }), vis, now);
  if (body.emails) next.emails = normalizeEmails(body.emails);
  if (body.phones) next.phones = normalizePhones(body.phones, vis.settings.defaultPhoneCountry);
  await writeRecord(recordWriteItems(rec, next), id);
  return viewOf(next);
}

export async function patchContact(user: UserContext, id: string, body: ContactPatchBody) {
  const { vis, rec } = await loadVisible(user, id, ['contact']);
  expectVersion(rec, body.version);
  const found = await readRecords(body.primaryCompanyId ? [body.primaryCompanyId] : []);
  const company = referenced(vis, found, body.primaryCompanyId, 'company', 'primaryCompanyId');
  const now = nowIso();
  const next = bump(
    applyPatch(rec, { ...body, emails: undefined, phones: undefined, address: undefined, primaryCompanyId: undefined }),
    vis,
    now,
  );
  if (body.emails) next.emails = normalizeEmails(body.emails);
  if (body.phones) next.phones = normalizePhones(body.phones, vis.settings.defaultPhoneCountry);
  if (body.address === null) delete next.address;
  else if (body.address) next.address = stripEmpty(body.address as AddressInputT);
  const extra: TxItem[] = [];
  if (body.primaryCompanyId === null) {
    delete next.primaryCompanyId;
    delete next.primaryCompanyName;
  } else if (company) {
    next.primaryCompanyId = company.id;
    next.primaryCompanyName = company.name;
    if (company.id !== rec.primaryCompanyId) extra.push(...contactLinkItems(next, company, now));
  }
  await writeRecord([...recordWriteItems(rec, next), ...extra], id);
  return viewOf(next);
}

export async function patchCompany(user: UserContext, id: string, body: CompanyPatchBody) {
  const { vis, rec } = await loadVisible(user, id, ['company']);
  expectVersion(rec, body.version);
  const now = nowIso();
  const next = bump(applyPatch(rec, { ...body, emails: undefined, phones: undefined, address: undefined }), vis, now);
  if (body.emails) next.emails = normalizeEmails(body.emails);
  if (body.phones) next.phones = normalizePhones(body.phones, vis.settings.defaultPhoneCountry);
  if (body.address === null) delete next.address;
  else if (body.address) next.address = stripEmpty(body.address as AddressInputT);
  await writeRecord(recordWriteItems(rec, next), id);
  return viewOf(next);
}

export async function patchDeal(user: UserContext, id: string, body: DealPatchBody) {
  const { vis, rec } = await loadVisible(user, id, ['deal']);
  expectVersion(rec, body.version);
  if (body.currency && body.currency !== rec.currency) {
    checkCurrency(vis.settings, body.currency);
    if (rec.lines.length)
      throw new UnprocessableError('Remove the product lines before changing the currency', [
        { path: 'currency', reason: 'the deal has product lines in another currency' },
      ]);
  }
  if (body.amountMinor !== undefined && rec.lines.length && body.amountMinor !== rec.amountMinor) {
    throw new UnprocessableError('The amount of a deal with products is their total', [
      { path: 'amountMinor', reason: 'computed from the product lines' },
    ]);
  }
  const found = await readRecords([body.contactId, body.companyId].filter((x): x is string => !!x));
  const contact = referenced(vis, found, body.contactId, 'contact', 'contactId');
  const company = referenced(vis, found, body.companyId, 'company', 'companyId');
  const now = nowIso();
  const next = bump(applyPatch(rec, { ...body, contactId: undefined, companyId: undefined }), vis, now);
  const extra: TxItem[] = [];
  const relink = (
    field: 'contact' | 'company',
    ref: ContactRecord | CompanyRecord | undefined,
    value: string | null | undefined,
  ) => {
    const oldId = field === 'contact' ? rec.contactId : rec.companyId;
    if (value === undefined) return;
    if (value === null) {
      if (field === 'contact') {
        delete next.contactId;
        delete next.contactName;
      } else {
        delete next.companyId;
        delete next.companyName;
      }
    } else if (ref) {
      if (field === 'contact') {
        next.contactId = ref.id;
        next.contactName = [(ref as ContactRecord).firstName, (ref as ContactRecord).lastName]
          .filter(Boolean)
          .join(' ');
      } else {
        next.companyId = ref.id;
        next.companyName = (ref as CompanyRecord).name;
      }
      if (ref.id !== oldId) extra.push(...linkPuts(linkEndOf(next), linkEndOf(ref), now));
    }
    if (oldId && oldId !== value) {
      const t = field === 'contact' ? 'contact' : 'company';
      extra.push(...linkDeletes({ type: 'deal', id: rec.id }, { type: t, id: oldId }));
    }
  };
  relink('contact', contact, body.contactId);
  relink('company', company, body.companyId);
  if (next.stageKind === 'won') next.wonAmountMinor = next.amountMinor;
  await writeRecord([...recordWriteItems(rec, next), ...extra], id);
  return viewOf(next);
}

export async function deleteRecord(user: UserContext, id: string, type: CoreType, version: number) {
  const [{ vis, rec }, links] = await Promise.all([
    loadVisible(user, id, [type]),
    queryRaw({ pk: recordPk(id), prefix: linkPrefix(), forward: true, limit: 30 }),
  ]);
  if (!vis.isAdmin && rec.responsibleId !== vis.userId)
    throw new ForbiddenError('Only the responsible person or an admin may delete this');
  expectVersion(rec as CoreRecord, version);
  const items: TxItem[] = [...recordWriteItems(rec, null)];
  for (const l of links.items) {
    items.push(txOf(Links().delete({ ownerId: id, linkKey: l.SK as string })));
    items.push(txOf(Links().delete({ ownerId: l.id as string, linkKey: linkSk(type, id) })));
  }
  await writeRecord(items, id);
  return reply(204);
}

export async function leadStatus(
  user: UserContext,
  id: string,
  body: { version: number; status: 'new' | 'in_progress' | 'processed' | 'junk'; junkReason?: string | undefined },
) {
  const { vis, rec } = await loadVisible(user, id, ['lead']);
  expectVersion(rec, body.version);
  if (rec.status === 'converted')
    throw new UnprocessableError('A converted lead keeps its status', [
      { path: 'status', reason: 'the lead is converted' },
    ]);
  const next = bump({ ...rec, status: body.status }, vis, nowIso());
  if (body.status === 'junk') next.junkReason = body.junkReason;
  else delete next.junkReason;
  await writeRecord(recordWriteItems(rec, next), id);
  return viewOf(next);
}

export async function assignRecord(
  user: UserContext,
  id: string,
  body: { version: number; responsibleId?: string | undefined; fromQueue?: string | undefined },
) {
  const run = async () => {
    const { vis, rec } = await loadVisible(
      user,
      id,
      ['lead', 'contact', 'company', 'deal'],
      body.responsibleId ? [body.responsibleId] : [],
    );
    expectVersion(rec, body.version);
    const now = nowIso();
    const resp = await chooseResponsible(
      vis,
      { responsibleId: body.responsibleId, fromQueue: body.fromQueue, queueField: 'fromQueue' },
      now,
    );
    const next = bump({ ...rec, responsibleId: resp.id, responsibleName: resp.name }, vis, now) as CoreRecord;
    if (resp.deptId) next.deptId = resp.deptId;
    else delete next.deptId;
    const act = activityPut({
      recordId: id,
      activityId: ulid(Date.parse(now)),
      kind: 'assigned',
      by: vis.userId,
      byName: vis.name,
      at: now,
      meta: {
        fromId: rec.responsibleId,
        fromName: rec.responsibleName,
        toId: resp.id,
        toName: resp.name,
        ...(body.fromQueue ? { queueId: body.fromQueue } : {}),
      },
    });
    await writeRecord([...recordWriteItems(rec, next), act, ...resp.txItems], id);
    return viewOf(next);
  };
  return body.fromQueue ? retryQueueRace(run) : run();
}
