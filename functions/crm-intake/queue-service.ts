/**
 * Sales queues: who gets the next lead (round-robin: shared/crm/routing.ts). Admins manage them; employees
 * list them (the SPA's "Assign from queue").
 *
 * | route                          | DynamoDB                                                                  |
 * |--------------------------------|---------------------------------------------------------------------------|
 * | GET /crm/queues                | ONE Query GSI1 CRMQUEUES + ONE BatchGet of the page's members' profiles   |
 * | POST /crm/queues               | ONE BatchGet (members + fallback profiles: 422 naming the field) + create |
 * | PATCH /crm/queues/{queueId}    | (+ that BatchGet when people change) patch where version = :v (409)       |
 */
import { ulid } from 'ulid';
import type { Raw } from '../../shared/data/document';
import { isConditionFailure } from '../../shared/data/versioning';
import { ConflictError, NotFoundError, UnprocessableError, type FieldProblem } from '../../shared/http/errors';
import type { QueueBody, QueuePatch, QueueView } from '../../shared/crm/intake-contract';
import { INTAKE_ENTITIES, QUEUES_PK, queueCreate, queueKey, type QueueItem } from '../../shared/crm/intake-entity';
import { definedOnly, getEntity, queryPage } from '../../shared/crm/intake-store';
import { Queues } from '../../shared/crm/queue-entity';
import { batchGet } from '../../shared/data/batch-get';
import { displayName, isEligible, type MemberProfile } from '../../shared/crm/routing';
import { PROFILE_ENTITY, isEntityRow } from '../../shared/crm/entity-names';

const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });

async function profilesOf(ids: string[]): Promise<Map<string, MemberProfile>> {
  const rows = await batchGet<MemberProfile>(ids.map(profileKey));
  return new Map(rows.filter((r) => isEntityRow(r, PROFILE_ENTITY)).map((r) => [r.userId, r]));
}

export function queueView(q: QueueItem, people: Map<string, MemberProfile>): QueueView {
  return {
    queueId: q.queueId,
    name: q.name,
    memberIds: q.memberIds,
    members: q.memberIds.map((id) => {
      const p = people.get(id);
      return {
        userId: id,
        name: displayName(p, id),
        status: p ? (p.status === 'active' ? 'active' : 'deactivated') : 'unknown',
      };
    }),
    skipOffline: q.skipOffline,
    fallbackUserId: q.fallbackUserId,
    pointer: q.pointer ?? '',
    assignments: q.assignments ?? 0,
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
    version: q.version,
  };
}

/** Members must be active employees/admins; the fallback an active admin. 422 naming each bad one. */
async function checkPeople(
  memberIds: string[] | undefined,
  fallbackUserId: string | undefined,
): Promise<Map<string, MemberProfile>> {
  const people = await profilesOf([...(memberIds ?? []), ...(fallbackUserId ? [fallbackUserId] : [])]);
  const problems: FieldProblem[] = [];
  (memberIds ?? []).forEach((id, i) => {
    const p = people.get(id);
    if (!p) problems.push({ path: `memberIds.${i}`, reason: 'no such person' });
    else if (!isEligible(p)) problems.push({ path: `memberIds.${i}`, reason: 'not an active employee' });
  });
  if (fallbackUserId) {
    const p = people.get(fallbackUserId);
    if (!p || p.status !== 'active' || p.role !== 'admin')
      problems.push({ path: 'fallbackUserId', reason: 'must be an active administrator' });
  }
  if (problems.length) throw new UnprocessableError('Some people cannot be in this queue', problems);
  return people;
}

export async function createQueue(body: QueueBody): Promise<QueueView> {
  const people = await checkPeople(body.memberIds, body.fallbackUserId);
  const now = new Date().toISOString();
  const q: QueueItem = {
    queueId: ulid(),
    name: body.name,
    memberIds: body.memberIds,
    pointer: '',
    assignments: 0,
    skipOffline: body.skipOffline,
    fallbackUserId: body.fallbackUserId,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await queueCreate(q).go();
  return queueView(q, people);
}

export async function listQueues(cursor: string | undefined, limit = 50) {
  const page = await queryPage<QueueItem>(
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': QUEUES_PK },
      ScanIndexForward: false,
    },
    { cursor, limit, cursorScope: 'crm:queues' },
  );
  const people = await profilesOf(page.items.flatMap((q) => q.memberIds));
  return { items: page.items.map((q) => queueView(q, people)), cursor: page.cursor };
}

export const readQueueItem = (queueId: string) => getEntity<QueueItem>(queueKey(queueId), INTAKE_ENTITIES.queue);

export async function updateQueue(queueId: string, patch: QueuePatch): Promise<QueueView> {
  const { version, ...changes } = patch;
  if (changes.memberIds || changes.fallbackUserId) await checkPeople(changes.memberIds, changes.fallbackUserId);
  let updated: QueueItem;
  try {
    const r = await Queues()
      .patch({ queueId })
      .set({ ...definedOnly(changes), version: version + 1, updatedAt: new Date().toISOString() })
      .where((a, { eq }) => eq(a.version, version))
      .go({ response: 'all_new' });
    updated = r.data;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const current = await readQueueItem(queueId);
    if (!current) throw new NotFoundError('No such queue');
    throw new ConflictError('This queue was changed by someone else meanwhile. Reload, then save again.', {
      current: queueView(current, await profilesOf(current.memberIds)),
    });
  }
  return queueView(updated, await profilesOf(updated.memberIds));
}

export type { Raw };
