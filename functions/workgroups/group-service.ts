/**
 * Groups: create, read, list, edit (versioned), Kanban stages, and the membership summary consumer.
 *
 * Stream consumer `groupSummaries` — Order and duplicates: it relies on no order between records. For a
 * group whose name, kind or visibility changed it reads the group as stored NOW (one consistent GetItem) and
 * SETs those values on every membership row, so a record delivered twice writes the same values again, and an
 * older record arriving after a newer one still writes the current values (never the older image's).
 */
import { monotonicFactory } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { isConditionFailure, openKey, query, sealKey, transaction, versionedWrite, type Raw } from '../../shared/data';
import { ConflictError, ForbiddenError, UnprocessableError } from '../../shared/http/errors';
import { searchKey } from '../../shared/people/profile-entity';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import { boardPk, stagePrefix } from '../../shared/tasks/board-keys';
import {
  DEFAULT_STAGES,
  LIMITS,
  type CreateGroupBody,
  type GroupDetail,
  type GroupSummary,
  type Page,
  type StageView,
  type UpdateGroupBody,
} from '../../shared/workgroups/contract';
import { DIRECTORY_PK, Groups, groupKey, type GroupRecord } from '../../shared/workgroups/group-record';
import {
  MEMBER_PREFIX,
  Memberships,
  groupPk,
  membershipFromRow,
  myGroupsPk,
  type MembershipItem,
} from '../../shared/workgroups/membership-entity';
import { batchGet } from '../../shared/data';
import {
  canManage,
  groupDetail,
  groupFor,
  loadGroup,
  personFrom,
  profileKey,
  queryPrefix,
  type Access,
} from './group-store';

export const newId = monotonicFactory();

/** Checks people exist and are active; returns them (extranet flag from their role). 400 naming the field otherwise. */
export function checkPeople(rows: Raw[], ids: string[], field: string): Map<string, { extranet: boolean }> {
  const byId = new Map(rows.filter((r) => r.SK === 'PROFILE').map((r) => [r.userId as string, personFrom(r)]));
  const out = new Map<string, { extranet: boolean }>();
  ids.forEach((id, i) => {
    const p = byId.get(id);
    if (!p || p.status !== 'active')
      throw new UnprocessableError(`No active person with id ${id}`, [
        { path: `${field}.${i}`, reason: 'no such active person' },
      ]);
    out.set(id, { extranet: p.role === 'extranet' });
  });
  return out;
}

export function memberItem(
  g: GroupRecord,
  userId: string,
  role: MembershipItem['role'],
  extranet: boolean,
  now: string,
): MembershipItem {
  return {
    groupId: g.groupId,
    userId,
    role,
    extranet,
    joinedAt: now,
    groupName: g.name,
    nameKey: g.nameKey,
    kind: g.kind,
    visibility: g.visibility,
  };
}

export async function createGroup(user: UserContext, body: CreateGroupBody): Promise<GroupDetail> {
  const moderators = [...new Set(body.moderatorIds ?? [])].filter((id) => id !== user.sub);
  const members = [...new Set(body.memberIds ?? [])].filter((id) => id !== user.sub && !moderators.includes(id));
  const people = await batchGet([...moderators, ...members].map(profileKey));
  const modOk = checkPeople(people, moderators, 'moderatorIds');
  const memOk = checkPeople(people, members, 'memberIds');
  const now = new Date().toISOString();
  const groupId = newId();
  const g: GroupRecord = {
    groupId,
    name: body.name,
    nameKey: searchKey(body.name) || '~',
    description: body.description ?? '',
    kind: body.kind ?? 'group',
    visibility: body.visibility ?? 'open',
    ownerId: user.sub,
    ...(body.projectStart ? { projectStart: body.projectStart } : {}),
    ...(body.projectEnd ? { projectEnd: body.projectEnd } : {}),
    stages: DEFAULT_STAGES.map((title) => ({ stageId: newId(), title })),
    memberCount: 1 + moderators.length + members.length,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await transaction()
    .add(
      Groups.create(g),
      Memberships.create(memberItem(g, user.sub, 'owner', false, now)),
      ...moderators.map((id) => Memberships.create(memberItem(g, id, 'moderator', modOk.get(id)!.extranet, now))),
      ...members.map((id) => Memberships.create(memberItem(g, id, 'member', memOk.get(id)!.extranet, now))),
    )
    .commit();
  return groupDetail({ group: g, me: memberItem(g, user.sub, 'owner', false, now), requested: false }, user);
}

export async function getGroup(user: UserContext, groupId: string): Promise<GroupDetail> {
  return groupDetail(await groupFor(groupId, user), user);
}

const summaryOf = (m: MembershipItem): GroupSummary => ({
  groupId: m.groupId,
  name: m.groupName,
  kind: m.kind,
  visibility: m.visibility,
  myRole: m.role,
});

export async function listMyGroups(
  user: UserContext,
  q: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<GroupSummary>> {
  const scope = `groups:mine:${user.sub}`;
  const r = await query({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': myGroupsPk(user.sub) },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const items = r.items.map(membershipFromRow).filter((m): m is MembershipItem => !!m);
  return { items: items.map(summaryOf), cursor: await sealKey(r.lastKey, scope) };
}

export async function listOpenGroups(
  user: UserContext,
  q: { q?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<GroupSummary>> {
  const prefix = searchKey(q.q ?? '');
  const scope = `groups:open:${prefix}`;
  const r = await query({
    IndexName: 'GSI1',
    KeyConditionExpression: prefix ? 'GSI1PK = :pk AND begins_with(GSI1SK, :p)' : 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': DIRECTORY_PK, ...(prefix ? { ':p': prefix } : {}) },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const items = r.items.map((row): GroupSummary => {
    const g = Groups.parse({ Item: row }).data;
    return {
      groupId: g?.groupId ?? String(row.groupId),
      name: g?.name ?? '',
      kind: g?.kind ?? 'group',
      visibility: g?.visibility ?? 'open',
      myRole: null,
    };
  });
  return { items, cursor: await sealKey(r.lastKey, scope) };
}

/** Writes the group with a version condition; a stale version → 409 with the current group. */
async function saveGroup(a: Access, user: UserContext, expected: number, next: GroupRecord): Promise<GroupDetail> {
  await versionedWrite(
    () =>
      transaction()
        .add(Groups.put(next).where((a, o) => o.eq(a.version, expected)))
        .commit(),
    async () => {
      const cur = await loadGroup(a.group.groupId, user.sub);
      return cur ? groupDetail(cur, user) : null;
    },
  );
  return groupDetail({ ...a, group: next }, user);
}

function managed(a: Access, user: UserContext) {
  if (!canManage(a, user))
    throw new ForbiddenError('Only the owner, moderators or an administrator may change this group');
}

function checkVersion(a: Access, user: UserContext, version: number) {
  if (a.group.version !== version) {
    throw new ConflictError('This group was changed by someone else meanwhile. Reload or merge, then save again.', {
      current: groupDetail(a, user),
    });
  }
}

export async function updateGroup(user: UserContext, groupId: string, body: UpdateGroupBody): Promise<GroupDetail> {
  const a = await groupFor(groupId, user);
  managed(a, user);
  checkVersion(a, user, body.version);
  const g = a.group;
  const next: GroupRecord = {
    ...g,
    ...(body.name !== undefined ? { name: body.name, nameKey: searchKey(body.name) || '~' } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.visibility !== undefined ? { visibility: body.visibility } : {}),
    ...(body.kind !== undefined ? { kind: body.kind } : {}),
    version: g.version + 1,
    updatedAt: new Date().toISOString(),
  };
  if (body.projectStart !== undefined) {
    if (body.projectStart === null) delete next.projectStart;
    else next.projectStart = body.projectStart;
  }
  if (body.projectEnd !== undefined) {
    if (body.projectEnd === null) delete next.projectEnd;
    else next.projectEnd = body.projectEnd;
  }
  if (next.projectStart && next.projectEnd && next.projectStart > next.projectEnd) {
    throw new UnprocessableError('The project ends before it starts', [
      { path: 'projectEnd', reason: 'before projectStart' },
    ]);
  }
  return saveGroup(a, user, body.version, next);
}

// ---- stages ----------------------------------------------------------------------------------------------

async function stageEdit(
  user: UserContext,
  groupId: string,
  version: number,
  change: (stages: StageView[]) => StageView[],
): Promise<GroupDetail> {
  const a = await groupFor(groupId, user);
  managed(a, user);
  checkVersion(a, user, version);
  const stages = change([...(a.group.stages ?? [])]);
  return saveGroup(a, user, version, {
    ...a.group,
    stages,
    version: a.group.version + 1,
    updatedAt: new Date().toISOString(),
  });
}

const noStage = (stageId: string) =>
  new UnprocessableError(`No stage ${stageId} in this group`, [{ path: 'params.stageId', reason: 'no such stage' }]);

export const addStage = (user: UserContext, groupId: string, body: { title: string; version: number }) =>
  stageEdit(user, groupId, body.version, (s) => {
    if (s.length >= LIMITS.stages)
      throw new UnprocessableError(`A board has at most ${LIMITS.stages} stages`, [
        { path: 'title', reason: 'too many stages' },
      ]);
    return [...s, { stageId: newId(), title: body.title }];
  });

export const renameStage = (
  user: UserContext,
  groupId: string,
  stageId: string,
  body: { title: string; version: number },
) =>
  stageEdit(user, groupId, body.version, (s) => {
    if (!s.some((x) => x.stageId === stageId)) throw noStage(stageId);
    return s.map((x) => (x.stageId === stageId ? { ...x, title: body.title } : x));
  });

export const reorderStages = (user: UserContext, groupId: string, body: { stageIds: string[]; version: number }) =>
  stageEdit(user, groupId, body.version, (s) => {
    const same =
      body.stageIds.length === s.length &&
      new Set(body.stageIds).size === s.length &&
      s.every((x) => body.stageIds.includes(x.stageId));
    if (!same)
      throw new UnprocessableError('List every stage of the board exactly once', [
        { path: 'stageIds', reason: 'not the board’s stages' },
      ]);
    return body.stageIds.map((id) => s.find((x) => x.stageId === id)!);
  });

export async function deleteStage(
  user: UserContext,
  groupId: string,
  stageId: string,
  version: number,
): Promise<GroupDetail> {
  const a = await groupFor(groupId, user);
  managed(a, user);
  checkVersion(a, user, version);
  const stages = a.group.stages ?? [];
  if (!stages.some((x) => x.stageId === stageId)) throw noStage(stageId);
  if (stages.length === 1) throw new ConflictError('A board keeps at least one stage');
  const held = await query({
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :p)',
    ExpressionAttributeValues: { ':pk': boardPk(groupId), ':p': stagePrefix(stageId) },
    Limit: 1,
  });
  if (held.items.length) throw new ConflictError('Move the tasks out of this stage before deleting it');
  return saveGroup(a, user, version, {
    ...a.group,
    stages: stages.filter((x) => x.stageId !== stageId),
    version: a.group.version + 1,
    updatedAt: new Date().toISOString(),
  });
}

// ---- stream: keep membership summaries in step --------------------------------------------------------

/** The summary a membership row carries of its group. */
const summaryWrite = (m: { groupId: string; userId: string }, g: GroupRecord) =>
  Memberships.patch({ groupId: m.groupId, userId: m.userId }).set({
    groupName: g.name,
    nameKey: g.nameKey,
    kind: g.kind,
    visibility: g.visibility,
  });

export async function groupSummaries(changes: StreamChange[]): Promise<void> {
  const changed = new Set<string>();
  for (const c of changes) {
    const o = c.oldImage as Partial<GroupRecord> | undefined;
    const n = c.newImage as Partial<GroupRecord> | undefined;
    if (!o || !n || !n.groupId || (o.name === n.name && o.kind === n.kind && o.visibility === n.visibility)) continue;
    changed.add(n.groupId);
  }
  for (const groupId of changed) {
    // The group as stored now, not as the record saw it: replays and late records write current values.
    const { data: g } = await Groups.get({ groupId }).go({ consistent: true });
    if (!g) continue;
    const rows = (await queryPrefix(groupPk(groupId), MEMBER_PREFIX))
      .map(membershipFromRow)
      .filter((m): m is MembershipItem => !!m);
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      try {
        await transaction()
          .add(...chunk.map((m) => summaryWrite(m, g)))
          .commit();
      } catch (e) {
        // A member left meanwhile: fall back to one update per row, skipping the missing ones.
        if (!isConditionFailure(e)) throw e;
        for (const m of chunk) {
          await summaryWrite(m, g)
            .go()
            .catch((err: unknown) => {
              if (!isConditionFailure(err)) throw err;
            });
        }
      }
    }
  }
}

export { groupKey };
