/**
 * Chats: my list, unread totals, create a group, open a direct chat, read and rename a chat, typing.
 *
 * | route / action           | DynamoDB                                                                     |
 * |--------------------------|------------------------------------------------------------------------------|
 * | GET /chats               | ONE Query GSI1 USER#{me}#CHATS desc, signed cursor                            |
 * | GET /chats/unread        | ONE Query GSI2 USER#{me}#UNREAD (sparse)                                      |
 * | POST /chats              | BatchGet profiles + ONE TransactWrite (chat, members, "created" message)      |
 * | POST /chats/direct       | Query chat+members (exists → it) else BatchGet 2 profiles + TransactWrite     |
 * | GET /chats/{id}          | ONE Query chat+members                                                        |
 * | PATCH /chats/{id}        | Query chat+members + TransactWrite (chat if version = expected, "renamed")   |
 * | ws typing                | ONE conditional UpdateItem (throttle) + ONE Query chat+members + ONE Query of connections |
 */
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import { queryAll, transaction } from '../../shared/data';
import { openCursor, sealCursor } from '../../shared/data/cursor';
import { isConditionFailure } from '../../shared/data/versioning';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/http/errors';
import type {
  ChatDetail,
  ChatSummary,
  MessengerFrame,
  Page,
  PersonRef,
  UnreadView,
  createGroupBody,
  pageQuery,
} from '../../shared/messenger/contract';
import { LIMITS } from '../../shared/messenger/contract';
import { reply } from '../../shared/runtime/feature-handler';
import { Chats, Members, UNREAD_GSI2PK, directChatId, type ChatItem, type MemberItem } from './chat-entity';
import { push, pushEach } from './fanout';
import { Messages } from './message-entity';
import { chatForMember, chatWithMembers, profilesOf, type ProfileItem } from './store';
import { chatDetail, chatSummary, messageView, personOf } from './views';
import { memberItem, newChat, newId, systemMessage } from './writes';
import { newMessageFrame } from './fanout';
import { mayRelayTyping } from './typing-throttle';

/** The person as a member row shows them; people without a profile yet get a name from their address. */
export function personFor(userId: string, profiles: Map<string, ProfileItem>, fallbackEmail?: string): PersonRef {
  const p = profiles.get(userId);
  if (p) return personOf(p);
  return { userId, firstName: (fallbackEmail ?? userId).split('@')[0] ?? userId, lastName: '', hasPhoto: false };
}

export const isActivePerson = (p: ProfileItem | undefined): p is ProfileItem => !!p && p.status === 'active';

export async function listChats(user: UserContext, q: z.output<typeof pageQuery>): Promise<Page<ChatSummary>> {
  const scope = `chats:${user.sub}`;
  const position = await openCursor(q.cursor, scope);
  const page = await Members.query
    .byUser({ userId: user.sub })
    .go({ order: 'desc', cursor: position, limit: q.limit ?? LIMITS.pageSize, pages: 1 });
  return { items: page.data.map(chatSummary), cursor: await sealCursor(page.cursor, scope) };
}

export async function unread(user: UserContext): Promise<UnreadView> {
  const rows = await queryAll<{ chatId?: unknown; unread?: unknown }>({
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': UNREAD_GSI2PK(user.sub) },
    ProjectionExpression: 'chatId, unread',
  });
  const chats = rows.map((i) => ({ chatId: String(i.chatId), unread: Number(i.unread) })).filter((c) => c.unread > 0);
  return { total: chats.reduce((a, c) => a + c.unread, 0), chats };
}

export async function getChat(user: UserContext, chatId: string): Promise<ChatDetail> {
  const c = await chatForMember(chatId, user.sub);
  return chatDetail(c.chat, c.members, user);
}

/** chat.updated for every member (each sees their own title and rights; admin rights are not known here). */
export function chatUpdatedFrames(chat: ChatItem, members: MemberItem[]): Map<string, MessengerFrame> {
  return new Map(
    members.map((m) => [
      m.userId,
      {
        type: 'chat.updated',
        chatId: chat.chatId,
        chat: chatDetail(chat, members, { sub: m.userId, email: '', groups: [], isAdmin: false, isExtranet: false }),
      },
    ]),
  );
}

/** Members the caller named: unique, not the caller; each must be an active person. */
export async function activePeople(
  ids: string[],
  field: string,
  me: UserContext,
  skip: (id: string) => boolean = () => false,
): Promise<{ people: PersonRef[]; profiles: Map<string, ProfileItem> }> {
  const wanted = (id: string) => id !== me.sub && !skip(id);
  const unique = [...new Set(ids)].filter(wanted);
  const profiles = await profilesOf([me.sub, ...unique]);
  const problems = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => wanted(id) && !isActivePerson(profiles.get(id)))
    .map(({ i }) => ({ path: `${field}.${i}`, reason: 'no active person with this id' }));
  if (problems.length) throw new ValidationError(problems);
  return { people: unique.map((id) => personOf(profiles.get(id)!)), profiles };
}

export async function createGroup(user: UserContext, body: z.output<typeof createGroupBody>) {
  if (!body.memberIds.some((id) => id !== user.sub))
    throw new ValidationError([{ path: 'memberIds', reason: 'at least one other member' }]);
  const { people, profiles } = await activePeople(body.memberIds, 'memberIds', user);
  const now = new Date().toISOString();
  const chatId = newId();
  const memberCount = people.length + 1;
  const chat: ChatItem = {
    chatId,
    kind: 'group',
    title: body.title,
    ownerId: user.sub,
    memberCount,
    pins: {},
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const base = { chatId, kind: 'group' as const, title: body.title, memberCount, now };
  const me = personFor(user.sub, profiles, user.email);
  const created = systemMessage(chatId, 'created', user.sub, {
    userIds: people.map((p) => p.userId),
    title: body.title,
  });
  await transaction()
    .add(
      newChat(chat),
      Members.create(memberItem({ ...base, person: me, role: 'owner' })),
      ...people.map((p) => Members.create(memberItem({ ...base, person: p, role: 'member' }))),
      Messages.create(created),
    )
    .commit();
  const c = await chatWithMembers(chatId);
  const members = c?.members ?? [];
  await pushEach(
    new Map(members.map((m) => [m.userId, { type: 'chat.added', chatId, chat: chatSummary(m) } as MessengerFrame])),
  );
  return reply(201, chatDetail(c?.chat ?? chat, members, user));
}

export async function openDirect(user: UserContext, userId: string) {
  if (userId === user.sub) throw new ValidationError([{ path: 'userId', reason: 'that is you: pick someone else' }]);
  const chatId = directChatId(user.sub, userId);
  const existing = await chatWithMembers(chatId);
  if (existing?.byId.has(user.sub)) return chatDetail(existing.chat, existing.members, user);
  const profiles = await profilesOf([user.sub, userId]);
  if (!isActivePerson(profiles.get(userId))) throw new NotFoundError('No such person');
  const now = new Date().toISOString();
  const me = personFor(user.sub, profiles, user.email);
  const them = personOf(profiles.get(userId)!);
  const chat: ChatItem = {
    chatId,
    kind: 'direct',
    title: '',
    userIds: [user.sub, userId].sort(),
    memberCount: 2,
    pins: {},
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const base = { chatId, kind: 'direct' as const, title: '', memberCount: 2, now, role: 'member' as const };
  try {
    await transaction()
      .add(
        newChat(chat),
        Members.create(memberItem({ ...base, person: me, peer: them })),
        Members.create(memberItem({ ...base, person: them, peer: me })),
      )
      .commit();
  } catch (e) {
    // Opened by the other person at the same moment: theirs is ours.
    if (!isConditionFailure(e)) throw e;
    const c = await chatForMember(chatId, user.sub);
    return chatDetail(c.chat, c.members, user);
  }
  const c = await chatWithMembers(chatId);
  const members = c?.members ?? [];
  await pushEach(
    new Map(members.map((m) => [m.userId, { type: 'chat.added', chatId, chat: chatSummary(m) } as MessengerFrame])),
  );
  return reply(201, chatDetail(c?.chat ?? chat, members, user));
}

export async function renameChat(
  user: UserContext,
  chatId: string,
  title: string,
  version: number,
): Promise<ChatDetail> {
  const c = await chatForMember(chatId, user.sub);
  const { chat } = c;
  if (chat.kind === 'direct') throw new ConflictError('A direct chat has no title: it shows the other person’s name.');
  if (chat.kind === 'workgroup') throw new ConflictError('A workgroup chat is named after its workgroup.');
  if (chat.kind === 'general' ? !user.isAdmin : chat.ownerId !== user.sub && !user.isAdmin) {
    throw new ForbiddenError('Only the chat owner or an administrator can rename this chat');
  }
  if (chat.version !== version)
    throw new ConflictError('This chat was changed by someone else meanwhile. Reload, then save again.', {
      current: chatDetail(chat, c.members, user),
    });
  if (chat.title === title) return chatDetail(chat, c.members, user);
  const now = new Date().toISOString();
  const renamed = systemMessage(chatId, 'renamed', user.sub, { title });
  try {
    await transaction()
      .add(
        Chats.patch({ chatId })
          .set({ title, version: version + 1, updatedAt: now })
          .where((a, op) => op.eq(a.version, version)),
        Messages.create(renamed),
      )
      .commit();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const fresh = await chatForMember(chatId, user.sub);
    throw new ConflictError('This chat was changed by someone else meanwhile. Reload, then save again.', {
      current: chatDetail(fresh.chat, fresh.members, user),
    });
  }
  const updated: ChatItem = { ...chat, title, version: version + 1, updatedAt: now };
  await pushEach(chatUpdatedFrames(updated, c.members));
  await push(
    c.members.map((m) => m.userId),
    newMessageFrame(messageView(renamed)),
  );
  return chatDetail(updated, c.members, user);
}

/**
 * `typing`: members only (others get the same "not found" as for no chat); pushed to the other members, at
 * most once per 3 s per person and chat (typing-throttle.ts): the throttle's one write comes first, so a
 * dropped frame costs no chat read.
 */
export async function typing(user: UserContext, chatId: string, nowMs: number = Date.now()): Promise<void> {
  if (!(await mayRelayTyping(chatId, user.sub, nowMs))) return;
  const c = await chatForMember(chatId, user.sub);
  const others = c.members.map((m) => m.userId).filter((id) => id !== user.sub);
  await push(others, { type: 'typing', chatId, userId: user.sub });
}
