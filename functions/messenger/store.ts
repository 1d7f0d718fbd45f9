/**
 * The messenger's reads, through the one data door (shared/data). The hot paths (send, read, stream
 * consumers) use plain commands on `db()` so each request is exactly the calls its comment names; item
 * shapes are the ElectroDB entities' (chat-entity.ts, message-entity.ts) and every row read is turned into
 * its entity's typed item here (`chatOf`, `memberOf`, `messageOf`, ...).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, db, queryAll, tableName, type EntityItem, type Raw } from '../../shared/data';
import { NotFoundError } from '../../shared/http/errors';
import { Profiles } from '../../shared/people/profile-entity';
import {
  CHAT_ENTITY,
  CHAT_PK,
  CHAT_SK,
  Chats,
  MEMBER_ENTITY,
  MEMBER_PREFIX,
  MEMBER_SK,
  Members,
  type ChatItem,
  type MemberItem,
} from './chat-entity';
import { ChatFiles, MSG_SK, Messages, type ChatFileItem, type MessageItem } from './message-entity';

export type ProfileItem = EntityItem<typeof Profiles>;

/*
 * Rows → typed items. `Attributes` (not `Item`) makes ElectroDB map the row without its key-ownership test:
 * a row read by its own key needs none, and a row of a mixed read is told apart by its `__edb_e__` first.
 */
export const chatOf = (raw: Raw): ChatItem => Chats.parse({ Attributes: raw })!.data!;
export const memberOf = (raw: Raw): MemberItem => Members.parse({ Attributes: raw })!.data!;
export const messageOf = (raw: Raw): MessageItem => Messages.parse({ Attributes: raw })!.data!;
export const chatFileOf = (raw: Raw): ChatFileItem => ChatFiles.parse({ Attributes: raw })!.data!;
export const profileOf = (raw: Raw): ProfileItem => Profiles.parse({ Attributes: raw })!.data!;
/** Is this row (of a mixed read) of that entity? */
export const isEntity = (raw: Raw | undefined, entity: string): raw is Raw => raw?.__edb_e__ === entity;

export const chatNotFound = () => new NotFoundError('Chat not found');

export interface ChatWithMembers {
  chat: ChatItem;
  members: MemberItem[];
  byId: Map<string, MemberItem>;
}

/** Every item of one partition between two sort keys: ONE Query (paged only past 1 MB). */
export function queryRange(pk: string, from: string, to: string, projection?: string): Promise<Raw[]> {
  return queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
    ...(projection ? { ProjectionExpression: projection } : {}),
    ExpressionAttributeValues: { ':pk': pk, ':a': from, ':b': to },
  });
}

/** The chat and all its members: ONE Query (paged only past 1 MB), or null when there is no chat. */
export async function chatWithMembers(chatId: string): Promise<ChatWithMembers | null> {
  const items = await queryRange(CHAT_PK(chatId), CHAT_SK, `${MEMBER_PREFIX}\uffff`);
  const chatRaw = items.find((i) => isEntity(i, CHAT_ENTITY));
  if (!chatRaw) return null;
  const members = items.filter((i) => isEntity(i, MEMBER_ENTITY)).map(memberOf);
  return { chat: chatOf(chatRaw), members, byId: new Map(members.map((m) => [m.userId, m])) };
}

/**
 * Who is in the chat, for a send: the same ONE Query as chatWithMembers but projected to the sort key and
 * user id (a member row also carries its chat-list copy: title, last message, counters), so a 50-member
 * chat answers ~3 KB instead of ~30 KB. 404 unless `userId` is a member.
 */
export async function memberIdsFor(chatId: string, userId: string): Promise<Set<string>> {
  const items = await queryRange(CHAT_PK(chatId), CHAT_SK, `${MEMBER_PREFIX}\uffff`, 'SK, userId');
  if (!items.some((i) => i.SK === CHAT_SK)) throw chatNotFound();
  const ids = new Set(
    items.flatMap((i) =>
      typeof i.SK === 'string' && i.SK.startsWith(MEMBER_PREFIX) && typeof i.userId === 'string' ? [i.userId] : [],
    ),
  );
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

/** One item by its key (GetItem), raw; undefined when absent. */
export async function getRow(key: { PK: string; SK: string }, projection?: string): Promise<Raw | undefined> {
  const r = await db().send(
    new GetCommand({ TableName: tableName(), Key: key, ...(projection ? { ProjectionExpression: projection } : {}) }),
  );
  return r.Item;
}

/** One membership (GetItem), or 404. */
export async function memberOr404(chatId: string, userId: string): Promise<MemberItem> {
  const row = await getRow({ PK: CHAT_PK(chatId), SK: MEMBER_SK(userId) });
  if (!row) throw chatNotFound();
  return memberOf(row);
}

export async function getMessage(chatId: string, messageId: string): Promise<MessageItem | null> {
  const row = await getRow({ PK: CHAT_PK(chatId), SK: MSG_SK(messageId) });
  return row ? messageOf(row) : null;
}

/** Profiles of these people: BatchGetItem (shared/data: chunks of 100, unprocessed keys retried). */
export async function profilesOf(userIds: string[]): Promise<Map<string, ProfileItem>> {
  const rows = await batchGet(userIds.map((userId) => Profiles.get({ userId }).params<{ Key: Raw }>().Key));
  return new Map(rows.map(profileOf).map((p) => [p.userId, p]));
}
