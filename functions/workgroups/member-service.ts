/** Members: list, add (employees and extranet people), change role / transfer ownership, remove or leave, join and join requests. */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { UserContext } from '../../shared/auth/claims';
import { db, openKey, sealKey, type Raw } from '../../shared/data/document';
import { isConditionFailure } from '../../shared/data/versioning';
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
import { groupKey } from '../../shared/workgroups/group-record';
import {
  MEMBER_PREFIX,
  groupPk,
  memberSk,
  membershipFromRow,
  membershipRow,
  type MembershipItem,
} from '../../shared/workgroups/membership-entity';
import { checkPeople, memberItem } from './group-service';
import {
  T,
  batchGet,
  canManage,
  canSeeMembers,
  groupFor,
  groupNotFound,
  personFrom,
  profileKey,
  queryPrefix,
  requestRow,
  requestSk,
  type Access,
  type RequestItem,
} from './group-store';

const countBy = (groupId: string, n: number) => ({
  Update: {
    TableName: T(),
    Key: groupKey(groupId),
    UpdateExpression: 'ADD memberCount :n',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':n': n },
  },
});

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
  const r = await db().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': groupPk(groupId), ':p': MEMBER_PREFIX },
      Limit: q.limit ?? LIMITS.pageSize,
      ExclusiveStartKey: await openKey(q.cursor, scope),
    }),
  );
  const members = ((r.Items ?? []) as Raw[]).map(membershipFromRow).filter((m): m is MembershipItem => !!m);
  const people = new Map(
    (await batchGet(members.map((m) => profileKey(m.userId)))).map((p) => [p.userId as string, personFrom(p)]),
  );
  return {
    items: members.map((m) => view(m, people.get(m.userId))),
    cursor: await sealKey(r.LastEvaluatedKey as Raw | undefined, scope),
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
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          ...fresh.map((m) => ({
            Put: { TableName: T(), Item: membershipRow(m), ConditionExpression: 'attribute_not_exists(PK)' },
          })),
          // Their pending join requests are answered by being added.
          ...fresh.map((m) => ({ Delete: { TableName: T(), Key: { PK: groupPk(groupId), SK: requestSk(m.userId) } } })),
          countBy(groupId, fresh.length),
        ],
      }),
    );
  }
  const names = new Map(rows.filter((r) => r.SK === 'PROFILE').map((r) => [r.userId as string, personFrom(r)]));
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
  const [row] = await batchGet([{ PK: groupPk(groupId), SK: memberSk(userId) }, profileKey(userId)]).then((rows) => [
    membershipFromRow(rows.find((r) => r.SK === memberSk(userId))),
    rows.find((r) => r.SK === 'PROFILE'),
  ]);
  const target = row as MembershipItem | null;
  if (!target) throw new NotFoundError('Not a member of this group');
  if (target.extranet && role !== 'member')
    throw new UnprocessableError('Extranet people can only be members', [
      { path: 'role', reason: 'extranet people are members' },
    ]);
  if (target.role === 'owner' && role !== 'owner')
    throw new ConflictError('Transfer ownership to someone else first (give them the owner role)');
  if (target.role === role) return view(target);
  const next = { ...target, role };
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
    { Put: { TableName: T(), Item: membershipRow(next), ConditionExpression: 'attribute_exists(PK)' } },
  ];
  if (role === 'owner') {
    // Ownership moves: the previous owner becomes a moderator, the group names its new owner.
    items.push({
      Update: {
        TableName: T(),
        Key: { PK: groupPk(groupId), SK: memberSk(a.group.ownerId) },
        UpdateExpression: 'SET #r = :m',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#r': 'role' },
        ExpressionAttributeValues: { ':m': 'moderator' },
      },
    });
    items.push({
      Update: {
        TableName: T(),
        Key: groupKey(groupId),
        UpdateExpression: 'SET ownerId = :o, version = version + :one, updatedAt = :now',
        ConditionExpression: 'ownerId = :prev',
        ExpressionAttributeValues: {
          ':o': userId,
          ':one': 1,
          ':now': new Date().toISOString(),
          ':prev': a.group.ownerId,
        },
      },
    });
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
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
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: T(),
              Key: { PK: groupPk(groupId), SK: memberSk(userId) },
              // A moderator may not remove another moderator; the owner and admins may.
              ConditionExpression:
                !self && !user.isAdmin && a.me?.role === 'moderator'
                  ? 'attribute_exists(PK) AND #r = :member'
                  : 'attribute_exists(PK)',
              ...(!self && !user.isAdmin && a.me?.role === 'moderator'
                ? { ExpressionAttributeNames: { '#r': 'role' }, ExpressionAttributeValues: { ':member': 'member' } }
                : {}),
            },
          },
          countBy(groupId, -1),
        ],
      }),
    );
  } catch (e) {
    if (isConditionFailure(e))
      throw new NotFoundError('Not a member of this group (or a moderator, whom only the owner removes)');
    throw e;
  }
  return reply(204);
}

export async function join(user: UserContext, groupId: string): Promise<JoinAnswer> {
  const a = await groupFor(groupId, user);
  if (a.me) return { status: 'joined' };
  const now = new Date().toISOString();
  if (a.group.visibility === 'open') {
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T(),
                Item: membershipRow(memberItem(a.group, user.sub, 'member', false, now)),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            countBy(groupId, 1),
          ],
        }),
      );
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
    firstName: (p?.firstName as string) ?? '',
    lastName: (p?.lastName as string) ?? '',
    requestedAt: now,
  };
  await db()
    .send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: T(), Item: requestRow(req), ConditionExpression: 'attribute_not_exists(PK)' } },
        ],
      }),
    )
    .catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
    });
  return { status: 'requested' };
}

export async function listRequests(user: UserContext, groupId: string): Promise<{ items: JoinRequestView[] }> {
  const a = await groupFor(groupId, user);
  mustManage(a, user);
  const rows = await queryPrefix(groupPk(groupId), 'REQUEST#');
  return {
    items: rows.map((r) => ({
      userId: r.userId as string,
      firstName: (r.firstName as string) ?? '',
      lastName: (r.lastName as string) ?? '',
      requestedAt: r.requestedAt as string,
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
  const del = {
    Delete: {
      TableName: T(),
      Key: { PK: groupPk(groupId), SK: requestSk(userId) },
      ConditionExpression: 'attribute_exists(PK)',
    },
  };
  const items =
    decision === 'reject'
      ? [del]
      : [
          del,
          {
            Put: {
              TableName: T(),
              Item: membershipRow(memberItem(a.group, userId, 'member', false, new Date().toISOString())),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          countBy(groupId, 1),
        ];
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (e) {
    if (isConditionFailure(e)) throw new NotFoundError('No pending request from this person');
    throw e;
  }
  return reply(204);
}
