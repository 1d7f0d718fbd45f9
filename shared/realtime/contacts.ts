/**
 * Whose presence a person may see: their "contacts" — people who share a chat or a workgroup with them
 * (and themselves). Used by GET /presence (answers only for contacts) and by the presence fan-out (a change
 * goes only to the sockets of the person's contacts). Extranet partners and employees alike.
 *
 * The General chat does not count: every active employee is in it, so it would make everyone a contact of
 * everyone (the whole company's presence on every socket, which is what this limit removes) and reading its
 * member list would cost one row per employee on every presence change.
 *
 * | step                                  | how                                                              |
 * |---------------------------------------|------------------------------------------------------------------|
 * | my chats (direct peers come free)     | ONE Query GSI1 USER#{me}#CHATS, newest activity first, ≤ MAX_SOURCES |
 * | my workgroups                         | ONE Query GSI1 USER#{me}#GROUPS (in parallel with the above)     |
 * | members of each group / workgroup chat| ONE Query per chat, PK=CHAT#{id} begins_with MEMBER#, userId only |
 * | members of a group without its chat   | ONE Query PK=GROUP#{id} begins_with MEMBER# (normally none: a     |
 * |                                       | group's chat `wg-{id}` has the group's members)                  |
 *
 * Cost and bound: 2 Queries, then one per group/workgroup chat, at most MAX_SOURCES of them (the most recently
 * active ones), WAVE at a time. A direct chat costs nothing more (its row names the peer). When the caller
 * only needs to know about some people (`wanted`), the waves stop as soon as all of them are found — GET
 * /presence for my direct chats' peers is the 2 Queries, for the chat on screen usually one more (the most
 * recent chat is read in the first wave). People beyond the MAX_SOURCES most recent chats/groups are not
 * contacts for presence (documented in the README's presence paragraph).
 */
import { queryAll } from '../data';
import { GENERAL_CHAT_ID, groupIdOfChat } from '../messenger/contract';
import { MEMBER_PREFIX as GROUP_MEMBER_PREFIX, groupPk, myGroupsPk } from '../workgroups/membership-entity';

/** The messenger's member-row keys (functions/messenger/chat-entity.ts; a unit test keeps the two equal). */
export const myChatsPk = (userId: string) => `USER#${userId}#CHATS`;
export const chatPk = (chatId: string) => `CHAT#${chatId}`;
export const CHAT_MEMBER_PREFIX = 'MEMBER#';

/** How many chats + groups (most recent first) are expanded at most. */
export const MAX_SOURCES = 200;
/** Member Queries in flight at once. */
const WAVE = 10;

interface ChatRow {
  chatId?: unknown;
  kind?: unknown;
  peer?: { userId?: unknown };
}

const membersOf = (pk: string, prefix: string) =>
  queryAll<{ userId?: unknown }>({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :m)',
    ProjectionExpression: 'userId',
    ExpressionAttributeValues: { ':pk': pk, ':m': prefix },
  });

/**
 * The person's contacts (themselves included). With `wanted`, it may stop early once every wanted id is
 * found: the answer then holds at least the wanted ids that are contacts, not necessarily every contact.
 */
export async function contactsOf(userId: string, wanted?: Iterable<string>): Promise<Set<string>> {
  const contacts = new Set<string>([userId]);
  const missing = wanted ? new Set([...wanted].filter((id) => id !== userId)) : undefined;
  const add = (id: unknown) => {
    if (typeof id !== 'string') return;
    contacts.add(id);
    missing?.delete(id);
  };
  const done = () => missing !== undefined && missing.size === 0;
  if (done()) return contacts;

  const [chats, groups] = await Promise.all([
    queryAll<ChatRow>(
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ScanIndexForward: false,
        ProjectionExpression: 'chatId, #kind, peer.userId',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':pk': myChatsPk(userId) },
      },
      { maxItems: MAX_SOURCES },
    ),
    queryAll<{ groupId?: unknown }>(
      {
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ProjectionExpression: 'groupId',
        ExpressionAttributeValues: { ':pk': myGroupsPk(userId) },
      },
      { maxItems: MAX_SOURCES },
    ),
  ]);

  const sources: (() => Promise<{ userId?: unknown }[]>)[] = [];
  const groupsWithChat = new Set<string>();
  for (const c of chats) {
    if (typeof c.chatId !== 'string' || c.chatId === GENERAL_CHAT_ID) continue;
    if (c.kind === 'direct') {
      add(c.peer?.userId);
      continue;
    }
    const chatId = c.chatId;
    const groupId = groupIdOfChat(chatId);
    if (groupId) groupsWithChat.add(groupId);
    sources.push(() => membersOf(chatPk(chatId), CHAT_MEMBER_PREFIX));
  }
  for (const g of groups) {
    // A group whose chat is among mine is read through that chat; otherwise (not created yet, or not among my
    // MAX_SOURCES most recent chats) through the group's own member rows.
    if (typeof g.groupId !== 'string' || groupsWithChat.has(g.groupId)) continue;
    const groupId = g.groupId;
    sources.push(() => membersOf(groupPk(groupId), GROUP_MEMBER_PREFIX));
  }

  for (let i = 0; i < Math.min(sources.length, MAX_SOURCES) && !done(); i += WAVE) {
    const wave = sources.slice(i, Math.min(i + WAVE, MAX_SOURCES));
    for (const rows of await Promise.all(wave.map((read) => read()))) for (const r of rows) add(r.userId);
  }
  return contacts;
}
