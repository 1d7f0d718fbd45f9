/**
 * GET /chats/{chatId}/search and GET /messages/search (access patterns and trade-offs: search-entity.ts).
 * Each request: at most one Query of the index and one BatchGetItem (plus, in one chat, the membership
 * GetItem every chat route makes). A page reads PAGE index items; hits that fail the checks (not my chat,
 * deleted, edited away, other query words missing) are dropped, so a page may be short or empty while a
 * cursor still comes back.
 */
import type { UserContext } from '../../shared/auth/claims';
import { batchGet, query, type Raw } from '../../shared/data';
import { openCursor, sealCursor } from '../../shared/data/cursor';
import type { MessageHit, MessageView, Page } from '../../shared/messenger/contract';
import { CHAT_PK, MEMBER_ENTITY, MEMBER_SK } from './chat-entity';
import { MESSAGE_ENTITY, MSG_SK, type MessageItem } from './message-entity';
import { bucketOf, chatIndexPk } from './search-entity';
import { keyToken, matches, tokens } from './search-tokens';
import { isEntity, memberOf, memberOr404, messageOf } from './store';
import { messageView } from './views';

export const PAGE = 30;

interface IndexPage {
  refs: { chatId: string; messageId: string }[];
  cursor: string | null;
}

async function queryIndex(opts: {
  index?: 'GSI1';
  pk: string;
  word: string;
  cursor: string | undefined;
  scope: string;
}): Promise<IndexPage> {
  const position = await openCursor(opts.cursor, opts.scope);
  let start: Record<string, unknown> | undefined;
  if (position) {
    try {
      start = JSON.parse(position) as Record<string, unknown>;
    } catch {
      start = undefined;
    }
  }
  const pkName = opts.index ? 'GSI1PK' : 'PK';
  const skName = opts.index ? 'GSI1SK' : 'SK';
  const r = await query<{ chatId: string; messageId: string }>({
    ...(opts.index ? { IndexName: opts.index } : {}),
    KeyConditionExpression: `${pkName} = :pk AND begins_with(${skName}, :w)`,
    ExpressionAttributeValues: { ':pk': opts.pk, ':w': opts.word },
    ProjectionExpression: 'chatId, messageId',
    ScanIndexForward: false,
    Limit: PAGE,
    ExclusiveStartKey: start,
  });
  const seen = new Set<string>();
  const refs = r.items.filter((i) => !seen.has(i.messageId) && !!seen.add(i.messageId));
  return { refs, cursor: await sealCursor(r.lastKey ? JSON.stringify(r.lastKey) : null, opts.scope) };
}

/** One BatchGetItem (shared/data), by `PK|SK`. */
async function batchGetById(keys: { PK: string; SK: string }[]): Promise<Map<string, Raw>> {
  const rows = await batchGet(keys);
  return new Map(rows.map((i) => [`${String(i.PK)}|${String(i.SK)}`, i]));
}

const msgKey = (chatId: string, messageId: string) => ({ PK: CHAT_PK(chatId), SK: MSG_SK(messageId) });
const memberKey = (chatId: string, userId: string) => ({ PK: CHAT_PK(chatId), SK: MEMBER_SK(userId) });
const id = (k: { PK: string; SK: string }) => `${k.PK}|${k.SK}`;

/** The message if it still matches the query (not deleted, not a system message, every word present). */
function liveMatch(raw: Raw | undefined, words: string[]): MessageItem | null {
  if (!isEntity(raw, MESSAGE_ENTITY)) return null;
  const m = messageOf(raw);
  if (m.deletedAt || m.system || !matches(m.text, words)) return null;
  return m;
}

const empty = <T>(): Page<T> => ({ items: [], cursor: null });

export async function searchChat(
  user: UserContext,
  chatId: string,
  q: { q: string; cursor?: string },
): Promise<Page<MessageView>> {
  await memberOr404(chatId, user.sub);
  const words = tokens(q.q);
  const word = keyToken(words);
  if (!word) return empty();
  const page = await queryIndex({
    index: 'GSI1',
    pk: chatIndexPk(chatId),
    word,
    cursor: q.cursor,
    scope: `chat-search:${chatId}:${user.sub}:${words.join(' ')}`,
  });
  if (!page.refs.length) return { items: [], cursor: page.cursor };
  const items = await batchGetById(page.refs.map((r) => msgKey(chatId, r.messageId)));
  const hits = page.refs
    .map((r) => liveMatch(items.get(id(msgKey(chatId, r.messageId))), words))
    .filter((m): m is MessageItem => m !== null);
  return { items: hits.map(messageView), cursor: page.cursor };
}

const fullName = (p: { firstName?: string; lastName?: string } | undefined) =>
  `${p?.firstName ?? ''} ${p?.lastName ?? ''}`.trim();

export async function searchAll(user: UserContext, q: { q: string; cursor?: string }): Promise<Page<MessageHit>> {
  const words = tokens(q.q);
  const word = keyToken(words);
  if (!word) return empty();
  const page = await queryIndex({
    pk: bucketOf(word),
    word,
    cursor: q.cursor,
    scope: `msg-search:${user.sub}:${words.join(' ')}`,
  });
  if (!page.refs.length) return { items: [], cursor: page.cursor };
  const chats = [...new Set(page.refs.map((r) => r.chatId))];
  // PAGE (30) messages + at most 30 member rows: one BatchGetItem.
  const items = await batchGetById([
    ...page.refs.map((r) => msgKey(r.chatId, r.messageId)),
    ...chats.map((c) => memberKey(c, user.sub)),
  ]);
  const hits: MessageHit[] = [];
  for (const r of page.refs) {
    const me = items.get(id(memberKey(r.chatId, user.sub)));
    if (!isEntity(me, MEMBER_ENTITY)) continue; // not my chat: never revealed
    const m = liveMatch(items.get(id(msgKey(r.chatId, r.messageId))), words);
    if (!m) continue;
    const row = memberOf(me);
    hits.push({
      chatId: r.chatId,
      chatTitle: row.kind === 'direct' && row.peer ? fullName(row.peer) : row.title,
      message: messageView(m),
    });
  }
  return { items: hits, cursor: page.cursor };
}
