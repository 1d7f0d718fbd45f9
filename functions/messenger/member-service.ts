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
import type { UserContext } from '../../shared/auth/claims';
import { queryAll, transaction } from '../../shared/data';
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
import { CHATS_GSI1PK, Chats, Members, type ChatItem, type MemberItem } from './chat-entity';
import { activePeople, chatUpdatedFrames } from './chat-service';
import { newMessageFrame, push, pushEach } from './fanout';
import { chatForMember, chatWithMembers, memberOf, type ProfileItem } from './store';
import { chatDetail, chatSummary, messageView, personOf } from './views';
import { memberItem, newChat, systemMessage, type SystemEvent } from './writes';
import { Messages, type MessageItem } from './message-entity';

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

/** memberCount ± delta on an existing chat; `was`: only if the count is still the one read; `ownerId`: a new owner. */
const countUpdate = (chatId: string, delta: number, extra: { was?: number; ownerId?: string } = {}) => {
  const write = Chats.patch({ chatId })
    .add({ memberCount: delta })
    .set({ updatedAt: new Date().toISOString(), ...(extra.ownerId ? { ownerId: extra.ownerId } : {}) });
  const { was } = extra;
  return was === undefined ? write : write.where((a, op) => op.eq(a.memberCount, was));
};

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
    await transaction()
      .add(
        countUpdate(chatId, n, { was: c.chat.memberCount }),
        ...people.map((p) =>
          Members.create(
            memberItem({
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
        Messages.create(added),
      )
      .commit();
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
    await transaction()
      .add(
        Members.remove({ chatId, userId }),
        countUpdate(chatId, -1, heir ? { ownerId: heir.userId } : {}),
        ...(heir ? [Members.patch({ chatId, userId: heir.userId }).set({ role: 'owner' })] : []),
        Messages.create(msg),
      )
      .commit();
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
    await transaction()
      .add(newChat(chat))
      .commit()
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
    c = (await chatWithMembers(GENERAL_CHAT_ID))!;
  }
  const person: PersonRef = personOf(profile);
  const joined = systemMessage(GENERAL_CHAT_ID, 'joined', profile.userId);
  const anyone = c.members[0];
  try {
    await transaction()
      .add(
        countUpdate(GENERAL_CHAT_ID, 1),
        Members.create(
          memberItem({
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
        Messages.create(joined),
      )
      .commit();
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
    await transaction()
      .add(Members.remove({ chatId: GENERAL_CHAT_ID, userId }), countUpdate(GENERAL_CHAT_ID, -1), Messages.create(left))
      .commit();
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
  const rows: MemberItem[] = (
    await queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': CHATS_GSI1PK(profile.userId) },
    })
  ).map(memberOf);
  // A row deleted meanwhile (the person left the chat) is simply skipped.
  const skipGone = (e: unknown) => {
    if (!isConditionFailure(e)) throw e;
  };
  for (const row of rows) {
    await Members.patch({ chatId: row.chatId, userId: profile.userId })
      .set({ firstName: person.firstName, lastName: person.lastName, hasPhoto: person.hasPhoto })
      .go()
      .catch(skipGone);
    if (row.kind === 'direct' && row.peer?.userId)
      await Members.patch({ chatId: row.chatId, userId: row.peer.userId }).set({ peer: person }).go().catch(skipGone);
  }
}

export type { ChatDetail };
