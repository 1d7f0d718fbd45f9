/** Members: list, add (employees and extranet people), change role / transfer ownership, remove or leave, join and join requests. */
import type { UserContext } from '../../shared/auth/claims';
import { batchGet, isConditionFailure, openKey, query, sealKey, transaction } from '../../shared/data';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import {
  LIMITS,
  type GroupRole,
  type JoinAnswer,
  type JoinRequestView,
  type MemberView,
  type Page,
} from '../../shared/workgroups/contract';
import { Groups } from '../../shared/workgroups/group-record';
import {
  MEMBER_PREFIX,
  Memberships,
  groupPk,
  memberSk,
  membershipFromRow,
  type MembershipItem,
} from '../../shared/workgroups/membership-entity';
import { checkPeople, memberItem } from './group-service';
import {
  canManage,
  canSeeMembers,
  groupFor,
  groupToJoin,
  groupNotFound,
  personFrom,
  profileKey,
  queryPrefix,
  type Access,
} from './group-store';
import { JoinRequests, REQUEST_PREFIX, requestFromRow, type RequestItem } from './request-entity';
import { noticeDecision, noticeJoinRequest } from './request-notices';

/** The group's member count moves with every membership written or removed (condition: the group exists). */
const countBy = (groupId: string, n: number) => Groups.patch({ groupId }).add({ memberCount: n });

const view = (m: MembershipItem, p?: { firstName: string; lastName: string }): MemberView => ({
  userId: m.userId,
  role: m.role,
  extranet: m.extranet,
  firstName: p?.firstName ?? '',
  lastName: p?.lastName ?? '',
  joinedAt: m.joinedAt,
});

export async function listMembers(
  user: UserContext,
  groupId: string,
  q: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<MemberView>> {
  const a = await groupFor(groupId, user);
  if (!canSeeMembers(a, user)) throw groupNotFound();
  const scope = `groups:members:${groupId}`;
  const r = await query({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': groupPk(groupId), ':p': MEMBER_PREFIX },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const members = r.items.map(membershipFromRow).filter((m): m is MembershipItem => !!m);
  const people = new Map(
    (await batchGet(members.map((m) => profileKey(m.userId)))).map((p) => [String(p.userId), personFrom(p)]),
  );
  return {
    items: members.map((m) => view(m, people.get(m.userId))),
    cursor: await sealKey(r.lastKey, scope),
  };
}

function mustManage(a: Access, user: UserContext) {
  if (!canManage(a, user))
    throw new ForbiddenError('Only the owner, moderators or an administrator may manage members');
}

export async function addMembers(
  user: UserContext,
  groupId: string,
  body: { userIds: string[]; role?: 'moderator' | 'member' | undefined },
) {
  const a = await groupFor(groupId, user);
  mustManage(a, user);
  const ids = [...new Set(body.userIds)];
  // ONE BatchGet: the people's profiles and their memberships of this group.
  const rows = await batchGet([
    ...ids.map(profileKey),
    ...ids.map((id) => ({ PK: groupPk(groupId), SK: memberSk(id) })),
  ]);
  const people = checkPeople(rows, ids, 'userIds');
  const already = new Set(
    rows
      .map(membershipFromRow)
      .filter((m): m is MembershipItem => !!m)
      .map((m) => m.userId),
  );
  const now = new Date().toISOString();
  const fresh = ids
    .filter((id) => !already.has(id))
    .map((id) => memberItem(a.group, id, body.role ?? 'member', people.get(id)!.extranet, now));
  if (fresh.some((m) => m.extranet && m.role !== 'member'))
    throw new UnprocessableError('Extranet people can only be members', [
      { path: 'role', reason: 'extranet people are members' },
    ]);
  if (fresh.length) {
    await transaction()
      .add(
        ...fresh.map((m) => Memberships.create(m)),
        // Their pending join requests are answered by being added.
        ...fresh.map((m) => JoinRequests.delete({ groupId, userId: m.userId })),
        countBy(groupId, fresh.length),
      )
      .commit();
  }
  const names = new Map(rows.filter((r) => r.SK === 'PROFILE').map((r) => [String(r.userId), personFrom(r)]));
  return reply(201, { added: fresh.map((m) => view(m, names.get(m.userId))) });
}

export async function changeRole(
  user: UserContext,
  groupId: string,
  userId: string,
  role: GroupRole,
): Promise<MemberView> {
  const a = await groupFor(groupId, user);
  if (!user.isAdmin && a.me?.role !== 'owner')
    throw new ForbiddenError('Only the owner or an administrator may change roles');
  const rows = await batchGet([{ PK: groupPk(groupId), SK: memberSk(userId) }, profileKey(userId)]);
  const target = membershipFromRow(rows.find((r) => r.SK === memberSk(userId)));
  if (!target) throw new NotFoundError('Not a member of this group');
  if (target.extranet && role !== 'member')
    throw new UnprocessableError('Extranet people can only be members', [
      { path: 'role', reason: 'extranet people are members' },
    ]);
  if (target.role === 'owner' && role !== 'owner')
    throw new ConflictError('Transfer ownership to someone else first (give them the owner role)');
  if (target.role === role) return view(target);
  const next = { ...target, role };
  const tx = transaction().add(Memberships.patch({ groupId, userId }).set({ role }));
  if (role === 'owner') {
    // Ownership moves: the previous owner becomes a moderator, the group names its new owner.
    tx.add(
      Memberships.patch({ groupId, userId: a.group.ownerId }).set({ role: 'moderator' }),
      Groups.patch({ groupId })
        .set({ ownerId: userId, updatedAt: new Date().toISOString() })
        .add({ version: 1 })
        .where((g, o) => o.eq(g.ownerId, a.group.ownerId)),
    );
  }
  try {
    await tx.commit();
  } catch (e) {
    if (isConditionFailure(e)) throw new ConflictError('The group changed meanwhile; reload and try again');
    throw e;
  }
  return view(next);
}

export async function removeMember(user: UserContext, groupId: string, userId: string) {
  const a = await groupFor(groupId, user);
  const self = userId === user.sub;
  if (!self) mustManage(a, user);
  if (userId === a.group.ownerId)
    throw new ConflictError(
      self
        ? 'The owner cannot leave; transfer ownership first'
        : 'The owner cannot be removed; transfer ownership first',
    );
  try {
    // A moderator may not remove another moderator; the owner and admins may.
    const onlyMembers = !self && !user.isAdmin && a.me?.role === 'moderator';
    const membership = Memberships.remove({ groupId, userId });
    await transaction()
      .add(onlyMembers ? membership.where((m, o) => o.eq(m.role, 'member')) : membership, countBy(groupId, -1))
      .commit();
  } catch (e) {
    if (isConditionFailure(e))
      throw new NotFoundError('Not a member of this group (or a moderator, whom only the owner removes)');
    throw e;
  }
  return reply(204);
}

export async function join(user: UserContext, groupId: string): Promise<JoinAnswer> {
  const a = await groupToJoin(groupId, user);
  if (a.me) return { status: 'joined' };
  const now = new Date().toISOString();
  if (a.group.visibility === 'open') {
    try {
      await transaction()
        .add(Memberships.create(memberItem(a.group, user.sub, 'member', false, now)), countBy(groupId, 1))
        .commit();
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    return { status: 'joined' };
  }
  if (a.requested) return { status: 'requested' };
  const [p] = await batchGet([profileKey(user.sub)]);
  const req: RequestItem = {
    groupId,
    userId: user.sub,
    firstName: p ? personFrom(p).firstName : '',
    lastName: p ? personFrom(p).lastName : '',
    requestedAt: now,
  };
  const made = await transaction()
    .add(JoinRequests.create(req))
    .commit()
    .then(() => true)
    .catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
      return false;
    });
  if (made) await noticeJoinRequest(a.group, req);
  return { status: 'requested' };
}

export async function listRequests(user: UserContext, groupId: string): Promise<{ items: JoinRequestView[] }> {
  const a = await groupFor(groupId, user);
  mustManage(a, user);
  const rows = (await queryPrefix(groupPk(groupId), REQUEST_PREFIX))
    .map(requestFromRow)
    .filter((r): r is RequestItem => !!r);
  return {
    items: rows.map((r) => ({
      userId: r.userId,
      firstName: r.firstName ?? '',
      lastName: r.lastName ?? '',
      requestedAt: r.requestedAt,
    })),
  };
}

export async function decideRequest(
  user: UserContext,
  groupId: string,
  userId: string,
  decision: 'approve' | 'reject',
) {
  const a = await groupFor(groupId, user);
  mustManage(a, user);
  const tx = transaction().add(JoinRequests.remove({ groupId, userId }));
  if (decision === 'approve')
    tx.add(
      Memberships.create(memberItem(a.group, userId, 'member', false, new Date().toISOString())),
      countBy(groupId, 1),
    );
  try {
    await tx.commit();
  } catch (e) {
    if (isConditionFailure(e)) throw new NotFoundError('No pending request from this person');
    throw e;
  }
  await noticeDecision(user, a.group, userId, decision);
  return reply(204);
}
