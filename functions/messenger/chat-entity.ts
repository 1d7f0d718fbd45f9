/**
 * Chats and their members (issue 4). One partition per chat holds the chat, its members, its messages,
 * send-idempotency records and attachment uploads, in this sort order:
 * 'CHAT' < 'MEMBER#…' < 'MSG#…' < 'SEND#…' < 'UPLOAD#…'. (The design named the last two CMID#/FILE#;
 * those sort between CHAT and MEMBER# and would make the chat+members Query read one record per message
 * ever sent, so they live after MSG# instead.)
 *
 * | access pattern                                   | how                                                                  |
 * |--------------------------------------------------|----------------------------------------------------------------------|
 * | chat + ALL members (send, typing, read, GET chat) | ONE Query PK=CHAT#{id}, SK BETWEEN 'CHAT' AND 'MEMBER#\uffff'        |
 * | one membership (history, attachments)            | GetItem PK=CHAT#{id}, SK=MEMBER#{userId}                             |
 * | my chats, newest activity first                  | Query GSI1 GSI1PK=USER#{me}#CHATS, GSI1SK={lastActivityAt}#{chatId} desc |
 * | my unread chats + total (sparse)                 | Query GSI2 GSI2PK=USER#{me}#UNREAD (only while unread > 0)          |
 * | digests due (sparse, schedule)                   | Query GSI3 GSI3PK=DIGEST, GSI3SK <= {now ISO} ({dueAt}#{userId}#{chatId}) |
 * | open a direct chat idempotently                  | chat id derived from the two user ids (`directChatId`), Put if absent |
 * | rename (versioned)                               | UpdateItem chat if version = expected                                |
 *
 * "Chat + members" is one Query because of the sort order: nothing else sorts between 'CHAT' and
 * 'MEMBER#\uffff' (a 500-member chat is about 250 KB: one page).
 *
 * The member row carries a denormalized chat summary (kind, title, peer for direct chats, last message,
 * activity time, member count) so "my chats" is ONE Query. These are maintained off the request path
 * by the message stream consumer (message-stream.ts) and the chat stream consumer (title/member count).
 * The sparse GSI2/GSI3 keys are plain attributes of the member entity (not ElectroDB indexes: their values
 * depend on the row's state, not on other attributes), set and removed by entity patches in message-stream.ts,
 * read-service.ts and digest-service.ts; they are read back with their raw index names.
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { CHAT_KINDS, CHAT_ROLES, GENERAL_CHAT_ID } from '../../shared/messenger/contract';

/** Entity names (`__edb_e__`): how a row of a mixed read is told apart, and what stream filters match. */
export const CHAT_ENTITY = 'chat';
export const MEMBER_ENTITY = 'chatMember';

export const CHAT_PK = (chatId: string) => `CHAT#${chatId}`;
export const CHAT_SK = 'CHAT';
export const MEMBER_SK = (userId: string) => `MEMBER#${userId}`;
export const MEMBER_PREFIX = 'MEMBER#';
export const CHATS_GSI1PK = (userId: string) => `USER#${userId}#CHATS`;
export const CHATS_GSI1SK = (lastActivityAt: string, chatId: string) => `${lastActivityAt}#${chatId}`;
export const UNREAD_GSI2PK = (userId: string) => `USER#${userId}#UNREAD`;
export const DIGEST_GSI3PK = 'DIGEST';
export const DIGEST_GSI3SK = (dueAt: string, userId: string, chatId: string) => `${dueAt}#${userId}#${chatId}`;

export { GENERAL_CHAT_ID };

export { base32, directChatId } from '../../shared/messenger/direct-chat-id';

const personRef = {
  type: 'map',
  properties: {
    userId: { type: 'string', required: true },
    firstName: { type: 'string', required: true },
    lastName: { type: 'string', required: true },
    hasPhoto: { type: 'boolean', required: true },
  },
} as const;

export const lastMessageAttr = {
  type: 'map',
  properties: {
    messageId: { type: 'string', required: true },
    authorId: { type: 'string', required: true },
    preview: { type: 'string', required: true },
    at: { type: 'string', required: true },
    deleted: { type: 'boolean', required: true },
    // contract LastMessageView.kind/attachment/system (absent on older rows)
    kind: { type: ['text', 'attachment', 'system'] },
    attachment: {
      type: 'map',
      properties: { name: { type: 'string', required: true }, count: { type: 'number', required: true } },
    },
    system: {
      type: 'map',
      properties: {
        event: { type: ['created', 'joined', 'left', 'added', 'removed', 'renamed'], required: true },
        actorId: { type: 'string', required: true },
        userIds: { type: 'list', items: { type: 'string' } },
        title: { type: 'string' },
      },
    },
  },
} as const;

export const Chats = new Entity(
  {
    model: { entity: CHAT_ENTITY, version: '1', service: SERVICE },
    attributes: {
      chatId: { type: 'string', required: true, readOnly: true },
      kind: { type: CHAT_KINDS, required: true, readOnly: true },
      /** Groups and General; "" for direct chats (each side sees the other person's name). */
      title: { type: 'string', required: true },
      ownerId: { type: 'string' },
      /** Direct chats: the two people (sorted). */
      userIds: { type: 'list', items: { type: 'string' } },
      memberCount: { type: 'number', required: true },
      /** Group chats: the picture (chat-avatar.ts): an id that changes with each new picture, and its webp's S3 key. */
      avatarId: { type: 'string' },
      avatarKey: { type: 'string' },
      /** messageId → pin; a map so pinning twice is a no-op and unpinning needs no list index. */
      pins: { type: CustomAttributeType<Record<string, StoredPin>>('any'), required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['chatId'], template: 'CHAT#${chatId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'CHAT', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export const Members = new Entity(
  {
    model: { entity: MEMBER_ENTITY, version: '1', service: SERVICE },
    attributes: {
      chatId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      role: { type: CHAT_ROLES, required: true },
      joinedAt: { type: 'string', required: true },
      /** "" until the person reads something; ULIDs compare as strings. */
      lastReadMessageId: { type: 'string', required: true },
      lastReadAt: { type: 'string' },
      unread: { type: 'number', required: true },
      // The person, for member lists (from their profile; refreshed by the profile stream consumer).
      firstName: { type: 'string', required: true },
      lastName: { type: 'string', required: true },
      hasPhoto: { type: 'boolean', required: true },
      // The chat as this person lists it.
      kind: { type: CHAT_KINDS, required: true },
      title: { type: 'string', required: true },
      peer: personRef,
      memberCount: { type: 'number', required: true },
      /** The chat's picture id (copied from the chat by the chat stream consumer). */
      avatarId: { type: 'string' },
      lastMessageId: { type: 'string', required: true },
      lastMessage: lastMessageAttr,
      lastActivityAt: { type: 'string', required: true },
      /** Sparse "my unread chats" keys (GSI2): UNREAD_GSI2PK(userId) and the chatId, only while unread > 0. */
      GSI2PK: { type: 'string' },
      GSI2SK: { type: 'string' },
      /** Sparse "digest due" keys (GSI3): DIGEST_GSI3PK and DIGEST_GSI3SK(...), from a message's arrival to its digest. */
      GSI3PK: { type: 'string' },
      GSI3SK: { type: 'string' },
    },
    indexes: {
      byChat: {
        pk: { field: 'PK', composite: ['chatId'], template: 'CHAT#${chatId}', casing: 'none' },
        sk: { field: 'SK', composite: ['userId'], template: 'MEMBER#${userId}', casing: 'none' },
      },
      byUser: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['userId'], template: 'USER#${userId}#CHATS', casing: 'none' },
        sk: {
          field: 'GSI1SK',
          composite: ['lastActivityAt', 'chatId'],
          template: '${lastActivityAt}#${chatId}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);

export type ChatItem = EntityItem<typeof Chats>;
export type MemberItem = EntityItem<typeof Members>;
export interface StoredPin {
  messageId: string;
  preview: string;
  authorId: string;
  pinnedBy: string;
  pinnedAt: string;
}
