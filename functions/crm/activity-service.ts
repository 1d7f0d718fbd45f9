/**
 * Timelines and links of a record.
 *
 * | route | how |
 * |---|---|
 * | timeline | visibility ∥ GetItem record ∥ ONE Query PK=CRM#{id} begins_with ACT# (newest first, signed cursor) |
 * | add activity | Put ACT#{ulid} + ConditionCheck the record exists (one transaction) |
 * | edit activity | Update (patch) with condition version (todo done: whoever sees the record; text: its author or an admin) |
 * | links | ONE Query PK=CRM#{id} begins_with LINK#{TYPE}# |
 * | contact ↔ company | both LINK rows in one transaction (+ ConditionChecks that both records exist) |
 */
import { transaction } from '../../shared/data/transaction';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import {
  LIMITS,
  type ActivityCreateBody,
  type ActivityView,
  type LinkView,
  type RecordType,
} from '../../shared/crm/contract';
import { plannedKeys } from '../../shared/crm/attention';
import { ACT_PREFIX, activitySk, linkPrefix, recordPk } from '../../shared/crm/keys';
import { canSee } from '../../shared/crm/policy';
import { ACTIVITY_ENTITY, Activities } from '../../shared/crm/activity-entity';
import { isEntityRow } from '../../shared/crm/entity-names';
import {
  T,
  activityPut,
  activityRow,
  linkDeletes,
  linkEndOf,
  linkPuts,
  linkRows,
  recordExists,
  CRM_COMMIT,
  txOf,
  type ActivityInput,
} from '../../shared/crm/records';
import { db, openKey, sealKey, strip, type Raw } from '../../shared/data/document';
import { isConditionFailure } from '../../shared/data/versioning';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import { loadVisible, queryRaw, readRecords, staleConflict } from './common';

const CORE = ['lead', 'contact', 'company', 'deal', 'quote', 'invoice'] as const;

export function activityView(r: Raw): ActivityView {
  const a = strip<Record<string, unknown>>(r);
  return {
    activityId: a.activityId as string,
    recordId: a.recordId as string,
    kind: a.kind as ActivityView['kind'],
    by: a.by as string,
    byName: (a.byName as string) ?? '',
    at: a.at as string,
    text: (a.text as string) ?? null,
    dueAt: (a.dueAt as string) ?? null,
    done: typeof a.done === 'boolean' ? a.done : null,
    durationMin: typeof a.durationMin === 'number' ? a.durationMin : null,
    outcome: (a.outcome as string) ?? null,
    place: (a.place as string) ?? null,
    meta: (a.meta as Record<string, string>) ?? {},
    version: typeof a.version === 'number' ? a.version : null,
  };
}

export async function listActivities(
  user: UserContext,
  recordId: string,
  q: { cursor?: string | undefined; limit?: number | undefined },
) {
  const list = `crm:activities:${recordId}`;
  const start = await openKey(q.cursor, list);
  const [, page] = await Promise.all([
    loadVisible(user, recordId, CORE),
    queryRaw({
      pk: recordPk(recordId),
      prefix: ACT_PREFIX,
      forward: false,
      limit: q.limit ?? LIMITS.pageSize,
      ...(start ? { start } : {}),
    }),
  ]);
  return { items: page.items.map(activityView), cursor: await sealKey(page.lastKey, list) };
}

export async function addActivity(user: UserContext, recordId: string, body: ActivityCreateBody) {
  const { vis } = await loadVisible(user, recordId, CORE);
  const now = new Date().toISOString();
  const activityId = ulid();
  const dueAt = body.dueAt ? new Date(body.dueAt).toISOString() : undefined;
  const activity: ActivityInput = {
    recordId,
    activityId,
    kind: body.kind,
    by: vis.userId,
    byName: vis.name,
    at: body.at ? new Date(body.at).toISOString() : now,
    text: body.text,
    ...(dueAt ? { dueAt } : {}),
    // An open todo is in its author's "planned" list (Home's CRM widget, shared/crm/attention.ts).
    ...(body.kind === 'todo' ? { done: false, ...plannedKeys(vis.userId, dueAt, activityId) } : {}),
    ...(body.durationMin !== undefined ? { durationMin: body.durationMin } : {}),
    ...(body.outcome ? { outcome: body.outcome } : {}),
    ...(body.place ? { place: body.place } : {}),
    version: 1,
  };
  const row = activityRow(activity);
  try {
    await transaction()
      .addItems(activityPut(activity), recordExists(recordId, { notMerged: true }))
      .commit(CRM_COMMIT);
  } catch (e) {
    if (isConditionFailure(e)) throw new NotFoundError('No such record');
    throw e;
  }
  return reply(201, activityView(row));
}

export async function patchActivity(
  user: UserContext,
  recordId: string,
  activityId: string,
  body: { version: number; done?: boolean | undefined; text?: string | undefined },
) {
  const [{ vis }, got] = await Promise.all([
    loadVisible(user, recordId, CORE),
    db().send(new GetCommand({ TableName: T(), Key: { PK: recordPk(recordId), SK: activitySk(activityId) } })),
  ]);
  const row = got.Item as Raw | undefined;
  if (!isEntityRow(row, ACTIVITY_ENTITY)) throw new NotFoundError('No such activity');
  if (typeof row.version !== 'number')
    throw new UnprocessableError('This activity was written by the system and cannot be edited', [
      { path: 'activityId', reason: 'not editable' },
    ]);
  if (row.version !== body.version) throw staleConflict(activityView(row));
  if (body.text !== undefined && row.by !== vis.userId && !vis.isAdmin)
    throw new ForbiddenError('Only its author or an admin may edit the text');
  if (body.done !== undefined && row.kind !== 'todo')
    throw new UnprocessableError('Only a todo can be done', [{ path: 'done', reason: 'not a todo' }]);
  const changes = {
    ...(body.text !== undefined ? { text: body.text, editedAt: new Date().toISOString() } : {}),
    ...(body.done !== undefined ? { done: body.done } : {}),
    version: row.version + 1,
  };
  const next: Raw = { ...row, ...changes };
  const storedVersion = row.version;
  // Ticking a todo done takes it out of its author's planned list; re-opening puts it back.
  const planned =
    body.done === false ? plannedKeys(row.by as string, (row.dueAt as string | undefined) ?? null, activityId) : null;
  const patch = Activities()
    .patch({ recordId, activityId })
    .set(planned ? { ...changes, ...planned } : changes);
  try {
    await transaction()
      .addItems(
        txOf(
          (body.done === true ? patch.remove(['plannedKey', 'plannedSort']) : patch).where(({ version }, { eq }) =>
            eq(version, storedVersion),
          ),
        ),
      )
      .commit(CRM_COMMIT);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const again = await db().send(
      new GetCommand({
        TableName: T(),
        Key: { PK: recordPk(recordId), SK: activitySk(activityId) },
        ConsistentRead: true,
      }),
    );
    throw staleConflict(again.Item ? activityView(again.Item as Raw) : null);
  }
  return activityView(next);
}

const linkView = (r: Raw): LinkView => ({
  type: r.type as RecordType,
  id: r.id as string,
  name: (r.name as string) ?? '',
  status: (r.status as string) ?? null,
  stageId: (r.stageId as string) ?? null,
  amountMinor: typeof r.amountMinor === 'number' ? r.amountMinor : null,
  currency: (r.currency as string) ?? null,
  number: (r.number as string) ?? null,
  linkedAt: r.linkedAt as string,
});

export async function listLinks(
  user: UserContext,
  recordId: string,
  q: { type?: RecordType | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  const list = `crm:links:${recordId}:${q.type ?? ''}`;
  const start = await openKey(q.cursor, list);
  const [, page] = await Promise.all([
    loadVisible(user, recordId, CORE),
    queryRaw({
      pk: recordPk(recordId),
      prefix: linkPrefix(q.type),
      forward: true,
      limit: q.limit ?? LIMITS.pageSize,
      ...(start ? { start } : {}),
    }),
  ]);
  return { items: page.items.map(linkView), cursor: await sealKey(page.lastKey, list) };
}

export async function linkContactCompany(user: UserContext, contactId: string, companyId: string) {
  const [{ vis, rec: contact }, found] = await Promise.all([
    loadVisible(user, contactId, ['contact']),
    readRecords([companyId]),
  ]);
  const company = found.get(companyId);
  if (!company || company.type !== 'company' || !canSee(vis, company)) throw new NotFoundError('No such company');
  const now = new Date().toISOString();
  await transaction()
    .addItems(
      ...linkPuts(linkEndOf(contact), linkEndOf(company), now),
      recordExists(contactId),
      recordExists(companyId),
    )
    .commit(CRM_COMMIT);
  return linkView(linkRows(linkEndOf(contact), linkEndOf(company), now)[0]);
}

export async function unlinkContactCompany(user: UserContext, contactId: string, companyId: string) {
  await loadVisible(user, contactId, ['contact']);
  await transaction()
    .addItems(...linkDeletes({ type: 'contact', id: contactId }, { type: 'company', id: companyId }))
    .commit(CRM_COMMIT);
  return reply(204);
}
