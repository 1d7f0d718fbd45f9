/** Groups: create, read, list, edit (versioned), Kanban stages, and the membership summary consumer. */
import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { db, openKey, sealKey, type Raw } from '../../shared/data/document';
import { isConditionFailure, versionedWrite } from '../../shared/data/versioning';
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
import { DIRECTORY_PK, groupKey, type GroupRecord } from '../../shared/workgroups/group-record';
import {
  MEMBER_PREFIX,
  groupPk,
  membershipFromRow,
  membershipRow,
  myGroupsPk,
  type MembershipItem,
} from '../../shared/workgroups/membership-entity';
import {
  T,
  batchGet,
  canManage,
  groupDetail,
  groupFor,
  groupRow,
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
  const rows = [
    groupRow(g),
    membershipRow(memberItem(g, user.sub, 'owner', false, now)),
    ...moderators.map((id) => membershipRow(memberItem(g, id, 'moderator', modOk.get(id)!.extranet, now))),
    ...members.map((id) => membershipRow(memberItem(g, id, 'member', memOk.get(id)!.extranet, now))),
  ];
  await db().send(
    new TransactWriteCommand({
      TransactItems: rows.map((Item) => ({
        Put: { TableName: T(), Item, ConditionExpression: 'attribute_not_exists(PK)' },
      })),
    }),
  );
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
  const r = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': myGroupsPk(user.sub) },
      Limit: q.limit ?? LIMITS.pageSize,
      ExclusiveStartKey: await openKey(q.cursor, scope),
    }),
  );
  const items = ((r.Items ?? []) as Raw[]).map(membershipFromRow).filter((m): m is MembershipItem => !!m);
  return { items: items.map(summaryOf), cursor: await sealKey(r.LastEvaluatedKey as Raw | undefined, scope) };
}

export async function listOpenGroups(
  user: UserContext,
  q: { q?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<GroupSummary>> {
  const prefix = searchKey(q.q ?? '');
  const scope = `groups:open:${prefix}`;
  const r = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'GSI1',
      KeyConditionExpression: prefix ? 'GSI1PK = :pk AND begins_with(GSI1SK, :p)' : 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': DIRECTORY_PK, ...(prefix ? { ':p': prefix } : {}) },
      Limit: q.limit ?? LIMITS.pageSize,
      ExclusiveStartKey: await openKey(q.cursor, scope),
    }),
  );
  const items = ((r.Items ?? []) as Raw[]).map(
    (g) =>
      ({
        groupId: g.groupId as string,
        name: g.name as string,
        kind: g.kind,
        visibility: g.visibility,
        myRole: null,
      }) as GroupSummary,
  );
  return { items, cursor: await sealKey(r.LastEvaluatedKey as Raw | undefined, scope) };
}

/** Writes the group with a version condition; a stale version → 409 with the current group. */
async function saveGroup(a: Access, user: UserContext, expected: number, next: GroupRecord): Promise<GroupDetail> {
  await versionedWrite(
    () =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T(),
                Item: groupRow(next),
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': expected },
              },
            },
          ],
        }),
      ),
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
  const held = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :p)',
      ExpressionAttributeValues: { ':pk': boardPk(groupId), ':p': stagePrefix(stageId) },
      Limit: 1,
    }),
  );
  if (held.Items?.length) throw new ConflictError('Move the tasks out of this stage before deleting it');
  return saveGroup(a, user, version, {
    ...a.group,
    stages: stages.filter((x) => x.stageId !== stageId),
    version: a.group.version + 1,
    updatedAt: new Date().toISOString(),
  });
}

// ---- stream: keep membership summaries in step --------------------------------------------------------

export async function groupSummaries(changes: StreamChange[]): Promise<void> {
  for (const c of changes) {
    const o = c.oldImage as GroupRecord | undefined;
    const n = c.newImage as GroupRecord | undefined;
    if (!o || !n || (o.name === n.name && o.kind === n.kind && o.visibility === n.visibility)) continue;
    const rows = await queryPrefix(groupPk(n.groupId), MEMBER_PREFIX);
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      try {
        await db().send(
          new TransactWriteCommand({
            TransactItems: chunk.map((r) => ({
              Update: {
                TableName: T(),
                Key: { PK: r.PK, SK: r.SK },
                UpdateExpression: 'SET groupName = :n, nameKey = :k, kind = :kd, visibility = :vis, GSI1SK = :sk',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: {
                  ':n': n.name,
                  ':k': n.nameKey,
                  ':kd': n.kind,
                  ':vis': n.visibility,
                  ':sk': `${n.nameKey}#${n.groupId}`,
                },
              },
            })),
          }),
        );
      } catch (e) {
        // A member left meanwhile: fall back to one update per row, skipping the missing ones.
        if (!isConditionFailure(e)) throw e;
        for (const r of chunk) {
          await db()
            .send(
              new UpdateCommand({
                TableName: T(),
                Key: { PK: r.PK, SK: r.SK },
                UpdateExpression: 'SET groupName = :n, nameKey = :k, kind = :kd, visibility = :vis, GSI1SK = :sk',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: {
                  ':n': n.name,
                  ':k': n.nameKey,
                  ':kd': n.kind,
                  ':vis': n.visibility,
                  ':sk': `${n.nameKey}#${n.groupId}`,
                },
              }),
            )
            .catch((err: unknown) => {
              if (!isConditionFailure(err)) throw err;
            });
        }
      }
    }
  }
}

export { groupKey };
