/**
 * The messenger's reads and the raw DynamoDB client it writes with. The hot paths (send, read, stream
 * consumers) use raw commands so each request is exactly the calls its comment names; item shapes are
 * the ElectroDB entities' (chat-entity.ts, message-entity.ts), keys come from their templates.
 */
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../shared/data/clients';
import { tableName } from '../../shared/data/table';
import { NotFoundError } from '../../shared/http/errors';
import { Profiles } from '../../shared/people/profile-entity';
import { CHAT_PK, CHAT_SK, MEMBER_PREFIX, MEMBER_SK, type ChatItem, type MemberItem } from './chat-entity';
import { MSG_SK, type MessageItem } from './message-entity';

const translated = new WeakSet<object>();
/**
 * Document-style commands (lib-dynamodb) sent through the ONE shared DynamoDB client, like ElectroDB does:
 * the same middleware (call counter, retries) and the same client mocks in unit tests.
 * `DynamoDBDocumentClient.from` is called once per base client only to set its translate options.
 */
export function db(): Pick<DynamoDBDocumentClient, 'send'> {
  const base = dynamo();
  if (!translated.has(base)) {
    DynamoDBDocumentClient.from(base, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
    translated.add(base);
  }
  return {
    send: ((cmd: unknown) => (base.send as (c: unknown) => Promise<unknown>)(cmd)) as DynamoDBDocumentClient['send'],
  };
}

export const T = () => tableName();
export type Raw = Record<string, unknown>;

/** Drops key and ElectroDB bookkeeping attributes. */
export function strip<T>(item: Raw): T {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _a,
    GSI1SK: _b,
    GSI2PK: _c,
    GSI2SK: _d,
    GSI3PK: _e,
    GSI3SK: _f,
    __edb_e__: _g,
    __edb_v__: _h,
    ...rest
  } = item;
  return rest as T;
}

export const chatNotFound = () => new NotFoundError('Chat not found');

export interface ChatWithMembers {
  chat: ChatItem;
  members: MemberItem[];
  byId: Map<string, MemberItem>;
}

/** Every item of one partition between two sort keys: ONE Query (paged only past 1 MB). */
export async function queryRange(pk: string, from: string, to: string, projection?: string): Promise<Raw[]> {
  const items: Raw[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db().send(
      new QueryCommand({
        TableName: T(),
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
        ...(projection ? { ProjectionExpression: projection } : {}),
        ExpressionAttributeValues: { ':pk': pk, ':a': from, ':b': to },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((r.Items ?? []) as Raw[]));
    start = r.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The chat and all its members: ONE Query (paged only past 1 MB), or null when there is no chat. */
export async function chatWithMembers(chatId: string): Promise<ChatWithMembers | null> {
  const items = await queryRange(CHAT_PK(chatId), CHAT_SK, `${MEMBER_PREFIX}\uffff`);
  const chatRaw = items.find((i) => i.SK === CHAT_SK);
  if (!chatRaw) return null;
  const members = items.filter((i) => String(i.SK).startsWith(MEMBER_PREFIX)).map((i) => strip<MemberItem>(i));
  return { chat: strip<ChatItem>(chatRaw), members, byId: new Map(members.map((m) => [m.userId, m])) };
}

/**
 * Who is in the chat, for a send: the same ONE Query as chatWithMembers but projected to the sort key and
 * user id (a member row also carries its chat-list copy: title, last message, counters), so a 50-member
 * chat answers ~3 KB instead of ~30 KB. 404 unless `userId` is a member.
 */
export async function memberIdsFor(chatId: string, userId: string): Promise<Set<string>> {
  const items = await queryRange(CHAT_PK(chatId), CHAT_SK, `${MEMBER_PREFIX}\uffff`, 'SK, userId');
  if (!items.some((i) => i.SK === CHAT_SK)) throw chatNotFound();
  const ids = new Set(items.filter((i) => String(i.SK).startsWith(MEMBER_PREFIX)).map((i) => String(i.userId)));
  if (!ids.has(userId)) throw chatNotFound();
  return ids;
}

/** The chat + members when `userId` is a member; otherwise 404, the same answer as for no chat at all. */
export async function chatForMember(chatId: string, userId: string): Promise<ChatWithMembers & { me: MemberItem }> {
  const c = await chatWithMembers(chatId);
  const me = c?.byId.get(userId);
  if (!c || !me) throw chatNotFound();
  return { ...c, me };
}

/** One membership (GetItem), or 404. */
export async function memberOr404(chatId: string, userId: string): Promise<MemberItem> {
  const r = await db().send(new GetCommand({ TableName: T(), Key: { PK: CHAT_PK(chatId), SK: MEMBER_SK(userId) } }));
  if (!r.Item) throw chatNotFound();
  return strip<MemberItem>(r.Item);
}

export async function getMessage(chatId: string, messageId: string): Promise<MessageItem | null> {
  const r = await db().send(new GetCommand({ TableName: T(), Key: { PK: CHAT_PK(chatId), SK: MSG_SK(messageId) } }));
  return r.Item ? strip<MessageItem>(r.Item) : null;
}

export type ProfileItem = NonNullable<Awaited<ReturnType<ReturnType<typeof Profiles.get>['go']>>['data']>;

/** Profiles of these people: ONE BatchGetItem per 100 ids (unprocessed keys retried). */
export async function profilesOf(userIds: string[]): Promise<Map<string, ProfileItem>> {
  const out = new Map<string, ProfileItem>();
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids
      .slice(i, i + 100)
      .map((userId) => ({ PK: `USER#${userId}`, SK: 'PROFILE' }));
    for (let attempt = 0; keys?.length && attempt < 5; attempt++) {
      const r = await db().send(new BatchGetCommand({ RequestItems: { [T()]: { Keys: keys } } }));
      for (const item of r.Responses?.[T()] ?? []) out.set(String(item.userId), strip<ProfileItem>(item));
      keys = r.UnprocessedKeys?.[T()]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return out;
}
