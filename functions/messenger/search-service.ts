/**
 * GET /chats/{chatId}/search and GET /messages/search (access patterns and trade-offs: search-entity.ts).
 * Each request: at most one Query of the index and one BatchGetItem (plus, in one chat, the membership
 * GetItem every chat route makes). A page reads PAGE index items; hits that fail the checks (not my chat,
 * deleted, edited away, other query words missing) are dropped, so a page may be short or empty while a
 * cursor still comes back.
 */
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { UserContext } from '../../shared/auth/claims';
import { openCursor, sealCursor } from '../../shared/data/cursor';
import type { MessageHit, MessageView, Page } from '../../shared/messenger/contract';
import { CHAT_PK, MEMBER_SK, type MemberItem } from './chat-entity';
import { MSG_SK, type MessageItem } from './message-entity';
import { bucketOf, chatIndexPk } from './search-entity';
import { keyToken, matches, tokens } from './search-tokens';
import { T, db, memberOr404, strip, type Raw } from './store';
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
  const r = await db().send(
    new QueryCommand({
      TableName: T(),
      ...(opts.index ? { IndexName: opts.index } : {}),
      KeyConditionExpression: `${pkName} = :pk AND begins_with(${skName}, :w)`,
      ExpressionAttributeValues: { ':pk': opts.pk, ':w': opts.word },
      ProjectionExpression: 'chatId, messageId',
      ScanIndexForward: false,
      Limit: PAGE,
      ExclusiveStartKey: start,
    }),
  );
  const seen = new Set<string>();
  const refs = ((r.Items ?? []) as { chatId: string; messageId: string }[]).filter(
    (i) => !seen.has(i.messageId) && !!seen.add(i.messageId),
  );
  return { refs, cursor: await sealCursor(r.LastEvaluatedKey ? JSON.stringify(r.LastEvaluatedKey) : null, opts.scope) };
}

/** One BatchGetItem (≤ 100 keys; unprocessed ones retried). */
async function batchGet(keys: { PK: string; SK: string }[]): Promise<Map<string, Raw>> {
  const out = new Map<string, Raw>();
  let pending: Record<string, unknown>[] | undefined = [...new Map(keys.map((k) => [`${k.PK}|${k.SK}`, k])).values()];
  for (let attempt = 0; pending?.length; attempt++) {
    if (attempt > 5) throw new Error('BatchGetItem left keys unprocessed');
    if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    const r = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: pending } } }));
    for (const i of (r.Responses?.[T()] ?? []) as Raw[]) out.set(`${String(i.PK)}|${String(i.SK)}`, i);
    pending = r.UnprocessedKeys?.[T()]?.Keys as Record<string, unknown>[] | undefined;
  }
  return out;
}

const msgKey = (chatId: string, messageId: string) => ({ PK: CHAT_PK(chatId), SK: MSG_SK(messageId) });
const memberKey = (chatId: string, userId: string) => ({ PK: CHAT_PK(chatId), SK: MEMBER_SK(userId) });
const id = (k: { PK: string; SK: string }) => `${k.PK}|${k.SK}`;

/** The message if it still matches the query (not deleted, not a system message, every word present). */
function liveMatch(raw: Raw | undefined, words: string[]): MessageItem | null {
  if (!raw) return null;
  const m = strip<MessageItem>(raw);
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
  const items = await batchGet(page.refs.map((r) => msgKey(chatId, r.messageId)));
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
  const items = await batchGet([
    ...page.refs.map((r) => msgKey(r.chatId, r.messageId)),
    ...chats.map((c) => memberKey(c, user.sub)),
  ]);
  const hits: MessageHit[] = [];
  for (const r of page.refs) {
    const me = items.get(id(memberKey(r.chatId, user.sub)));
    if (!me) continue; // not my chat: never revealed
    const m = liveMatch(items.get(id(msgKey(r.chatId, r.messageId))), words);
    if (!m) continue;
    const row = strip<MemberItem>(me);
    hits.push({
      chatId: r.chatId,
      chatTitle: row.kind === 'direct' && row.peer ? fullName(row.peer) : row.title,
      message: messageView(m),
    });
  }
  return { items: hits, cursor: page.cursor };
}
