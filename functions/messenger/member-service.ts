/**
 * Membership: add people to a group, remove someone / leave, and the General chat that follows the
 * employee list (driven by the profile stream, see handler.ts).
 *
 * | operation               | DynamoDB                                                                           |
 * |-------------------------|------------------------------------------------------------------------------------|
 * | POST /chats/{id}/members| Query chat+members, BatchGet profiles, ONE TransactWrite (count, members, "added")  |
 * | DELETE …/members/{user} | Query chat+members, ONE TransactWrite (member, count/owner, "left"/"removed")      |
 * | join General            | Query chat+members (+ Put the chat the first time), ONE TransactWrite              |
 * | leave General           | ONE TransactWrite (member if present, count, "left")                              |
 * | profile renamed         | Query GSI1 of the person's chats, one UpdateItem per row (stream, off the request path) |
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UserContext } from '../../shared/auth/claims';
import { isConditionFailure } from '../../shared/data/versioning';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import {
  GENERAL_CHAT_ID,
  LIMITS,
  type ChatDetail,
  type MessengerFrame,
  type PersonRef,
} from '../../shared/messenger/contract';
import { reply } from '../../shared/runtime/feature-handler';
import { CHATS_GSI1PK, CHAT_PK, CHAT_SK, MEMBER_SK, type ChatItem, type MemberItem } from './chat-entity';
import { activePeople, chatUpdatedFrames } from './chat-service';
import { newMessageFrame, push, pushEach } from './fanout';
import { T, chatForMember, chatWithMembers, db, type ProfileItem } from './store';
import { chatDetail, chatSummary, messageView, personOf } from './views';
import { chatRow, memberRow, messageRow, putIfAbsent, systemMessage, transact, type SystemEvent } from './writes';
import type { MessageItem } from './message-entity';

const GENERAL_TITLE = 'General';

const managed = (chat: ChatItem) => {
  if (chat.kind === 'general')
    return new ConflictError(
      'The General chat follows the employee list: people join when activated and leave when deactivated.',
    );
  if (chat.kind === 'direct') return new ConflictError('A direct chat always has exactly its two people.');
  if (chat.kind === 'workgroup') return new ConflictError('A workgroup chat follows its workgroup’s members.');
  return null;
};

const countUpdate = (
  chatId: string,
  delta: number,
  extra: { set?: string; values?: Record<string, unknown>; condition?: string } = {},
) => ({
  Update: {
    TableName: T(),
    Key: { PK: CHAT_PK(chatId), SK: CHAT_SK },
    UpdateExpression: `SET memberCount = memberCount + :d, updatedAt = :now${extra.set ? `, ${extra.set}` : ''}`,
    ConditionExpression: `attribute_exists(PK)${extra.condition ? ` AND ${extra.condition}` : ''}`,
    ExpressionAttributeValues: { ':d': delta, ':now': new Date().toISOString(), ...(extra.values ?? {}) },
  },
});

async function announce(chat: ChatItem, members: MemberItem[], msg: MessageItem) {
  await pushEach(chatUpdatedFrames(chat, members));
  await push(
    members.map((m) => m.userId),
    newMessageFrame(messageView(msg)),
  );
}

export async function addMembers(user: UserContext, chatId: string, userIds: string[]) {
  const c = await chatForMember(chatId, user.sub);
  const refusal = managed(c.chat);
  if (refusal) throw refusal;
  if (c.chat.ownerId !== user.sub && !user.isAdmin)
    throw new ForbiddenError('Only the chat owner or an administrator can add people');
  const { people } = await activePeople(userIds, 'userIds', user, (id) => c.byId.has(id));
  if (!people.length) return chatDetail(c.chat, c.members, user);
  const n = people.length;
  if (c.chat.memberCount + n > LIMITS.groupMembers) {
    throw new UnprocessableError(`A group chat has at most ${LIMITS.groupMembers} members`, [
      { path: 'userIds', reason: `at most ${LIMITS.groupMembers - c.chat.memberCount} more` },
    ]);
  }
  const now = new Date().toISOString();
  const memberCount = c.chat.memberCount + n;
  const added = systemMessage(chatId, 'added', user.sub, { userIds: people.map((p) => p.userId) });
  try {
    await transact([
      countUpdate(chatId, n, { condition: 'memberCount = :was', values: { ':was': c.chat.memberCount } }),
      ...people.map((p) =>
        putIfAbsent(
          memberRow({
            chatId,
            person: p,
            role: 'member',
            kind: c.chat.kind,
            title: c.chat.title,
            memberCount,
            now,
            lastMessage: c.me.lastMessage,
            lastMessageId: c.me.lastMessageId,
          }),
        ),
      ),
      putIfAbsent(messageRow(added)),
    ]);
  } catch (e) {
    if (isConditionFailure(e)) throw new ConflictError('The members changed meanwhile. Reload and try again.');
    throw e;
  }
  const after = await chatWithMembers(chatId);
  const chat = after?.chat ?? c.chat;
  const members = after?.members ?? c.members;
  await pushEach(
    new Map(
      members
        .filter((m) => people.some((p) => p.userId === m.userId))
        .map((m) => [m.userId, { type: 'chat.added', chatId, chat: chatSummary(m) } as MessengerFrame]),
    ),
  );
  await announce(chat, members, added);
  return reply(200, chatDetail(chat, members, user));
}

export async function removeMember(user: UserContext, chatId: string, userId: string) {
  const c = await chatForMember(chatId, user.sub);
  const self = userId === user.sub;
  const target = c.byId.get(userId);
  if (!target) throw new NotFoundError('This person is not a member of the chat');
  const refusal = managed(c.chat);
  if (refusal)
    throw c.chat.kind === 'general' && self
      ? new ConflictError('The General chat cannot be left: every active employee is in it.')
      : refusal;
  if (!self && c.chat.ownerId !== user.sub && !user.isAdmin)
    throw new ForbiddenError('Only the chat owner or an administrator can remove people');
  const rest = c.members.filter((m) => m.userId !== userId);
  // The owner leaving hands the chat to the longest-standing member.
  const heir = c.chat.ownerId === userId ? [...rest].sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : 1))[0] : undefined;
  const event: SystemEvent = self ? 'left' : 'removed';
  const msg = systemMessage(chatId, event, user.sub, { userIds: [userId] });
  try {
    await transact([
      {
        Delete: {
          TableName: T(),
          Key: { PK: CHAT_PK(chatId), SK: MEMBER_SK(userId) },
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      countUpdate(chatId, -1, heir ? { set: 'ownerId = :heir', values: { ':heir': heir.userId } } : {}),
      ...(heir
        ? [
            {
              Update: {
                TableName: T(),
                Key: { PK: CHAT_PK(chatId), SK: MEMBER_SK(heir.userId) },
                UpdateExpression: 'SET #r = :owner',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeNames: { '#r': 'role' },
                ExpressionAttributeValues: { ':owner': 'owner' },
              },
            },
          ]
        : []),
      putIfAbsent(messageRow(msg)),
    ]);
  } catch (e) {
    if (isConditionFailure(e)) throw new ConflictError('The members changed meanwhile. Reload and try again.');
    throw e;
  }
  await push([userId], { type: 'chat.removed', chatId });
  const chat: ChatItem = { ...c.chat, memberCount: c.chat.memberCount - 1, ...(heir ? { ownerId: heir.userId } : {}) };
  const members = rest.map((m) => (heir && m.userId === heir.userId ? { ...m, role: 'owner' as const } : m));
  await announce(chat, members, msg);
  return reply(204);
}

// ---------------------------------------------------------------- General chat (profile stream)

export const belongsInGeneral = (p: Partial<ProfileItem> | undefined): boolean =>
  !!p && p.status === 'active' && p.role !== 'extranet';

export async function joinGeneral(profile: ProfileItem): Promise<boolean> {
  let c = await chatWithMembers(GENERAL_CHAT_ID);
  if (c?.byId.has(profile.userId)) return false;
  const now = new Date().toISOString();
  if (!c) {
    const chat: ChatItem = {
      chatId: GENERAL_CHAT_ID,
      kind: 'general',
      title: GENERAL_TITLE,
      memberCount: 0,
      pins: {},
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await transact([putIfAbsent(chatRow(chat))]).catch((e: unknown) => {
      if (!isConditionFailure(e)) throw e;
    });
    c = (await chatWithMembers(GENERAL_CHAT_ID))!;
  }
  const person: PersonRef = personOf(profile);
  const joined = systemMessage(GENERAL_CHAT_ID, 'joined', profile.userId);
  const anyone = c.members[0];
  try {
    await transact([
      countUpdate(GENERAL_CHAT_ID, 1),
      putIfAbsent(
        memberRow({
          chatId: GENERAL_CHAT_ID,
          person,
          role: 'member',
          kind: 'general',
          title: c.chat.title,
          memberCount: c.chat.memberCount + 1,
          now,
          lastMessage: anyone?.lastMessage,
          lastMessageId: anyone?.lastMessageId,
        }),
      ),
      putIfAbsent(messageRow(joined)),
    ]);
  } catch (e) {
    if (isConditionFailure(e)) return false; // joined meanwhile (a retried stream batch)
    throw e;
  }
  const after = await chatWithMembers(GENERAL_CHAT_ID);
  const mine = after?.byId.get(profile.userId);
  if (mine) await push([profile.userId], { type: 'chat.added', chatId: GENERAL_CHAT_ID, chat: chatSummary(mine) });
  if (after) await announce(after.chat, after.members, joined);
  return true;
}

export async function leaveGeneral(userId: string): Promise<boolean> {
  const left = systemMessage(GENERAL_CHAT_ID, 'left', userId, { userIds: [userId] });
  try {
    await transact([
      {
        Delete: {
          TableName: T(),
          Key: { PK: CHAT_PK(GENERAL_CHAT_ID), SK: MEMBER_SK(userId) },
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      countUpdate(GENERAL_CHAT_ID, -1),
      putIfAbsent(messageRow(left)),
    ]);
  } catch (e) {
    if (isConditionFailure(e)) return false; // was not a member
    throw e;
  }
  await push([userId], { type: 'chat.removed', chatId: GENERAL_CHAT_ID });
  const after = await chatWithMembers(GENERAL_CHAT_ID);
  if (after) await announce(after.chat, after.members, left);
  return true;
}

/** A renamed person (or new photo): their name on every member row, and on the other side of their direct chats. */
export async function refreshPerson(profile: ProfileItem): Promise<void> {
  const person = personOf(profile);
  const rows: MemberItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: T(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': CHATS_GSI1PK(profile.userId) },
        ExclusiveStartKey: start,
      }),
    );
    rows.push(...((r.Items ?? []) as MemberItem[]));
    start = r.LastEvaluatedKey;
  } while (start);
  const update = (chatId: string, userId: string, expr: string, values: Record<string, unknown>) =>
    db()
      .send(
        new UpdateCommand({
          TableName: T(),
          Key: { PK: CHAT_PK(chatId), SK: MEMBER_SK(userId) },
          UpdateExpression: expr,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: values,
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  for (const row of rows) {
    await update(row.chatId, profile.userId, 'SET firstName = :f, lastName = :l, hasPhoto = :p', {
      ':f': person.firstName,
      ':l': person.lastName,
      ':p': person.hasPhoto,
    });
    if (row.kind === 'direct' && row.peer?.userId)
      await update(row.chatId, row.peer.userId, 'SET peer = :me', { ':me': person });
  }
}

export type { ChatDetail };
