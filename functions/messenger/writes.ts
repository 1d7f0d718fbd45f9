/**
 * Items the messenger creates, built as entity items (chat-entity.ts, message-entity.ts); transactions are
 * shared/data's builder over the entities' writes (`Chats.create(chat)`, `Members.patch(...)`, ...), so no
 * item is ever written by hand.
 */
import { monotonicFactory } from 'ulid';
import type { ChatKind, ChatRole, PersonRef } from '../../shared/messenger/contract';
import type { ChatItem, MemberItem } from './chat-entity';
import { Chats } from './chat-entity';
import { SYSTEM_EVENTS, type MessageItem } from './message-entity';

export const newId = monotonicFactory();

/** A new chat (created if absent: a transaction with it fails when the chat exists). */
export const newChat = (c: Omit<ChatItem, 'pins'> & { pins?: ChatItem['pins'] }) =>
  Chats.create({ ...c, pins: c.pins ?? {} });

export interface NewMember {
  chatId: string;
  person: PersonRef;
  role: ChatRole;
  kind: ChatKind;
  title: string;
  peer?: PersonRef;
  memberCount: number;
  now: string;
  lastMessage?: MemberItem['lastMessage'];
  lastMessageId?: string;
}

export function memberItem(n: NewMember): MemberItem {
  return {
    chatId: n.chatId,
    userId: n.person.userId,
    role: n.role,
    joinedAt: n.now,
    // A newcomer starts "read up to now": earlier messages are history, not unread.
    lastReadMessageId: n.lastMessageId ?? '',
    unread: 0,
    firstName: n.person.firstName,
    lastName: n.person.lastName,
    hasPhoto: n.person.hasPhoto,
    kind: n.kind,
    title: n.title,
    ...(n.peer ? { peer: n.peer } : {}),
    memberCount: n.memberCount,
    lastMessageId: n.lastMessageId ?? '',
    ...(n.lastMessage?.messageId ? { lastMessage: n.lastMessage } : {}),
    lastActivityAt: n.now,
  };
}

export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

/** A system message (created/joined/left/added/removed/renamed): shown centred, never counted as unread. */
export function systemMessage(
  chatId: string,
  event: SystemEvent,
  actorId: string,
  extra: { userIds?: string[]; title?: string } = {},
): MessageItem {
  const messageId = newId();
  return {
    chatId,
    messageId,
    authorId: actorId,
    clientMessageId: `system-${messageId}`,
    text: '',
    mentions: [],
    attachments: [],
    reactions: {},
    system: {
      event,
      actorId,
      ...(extra.userIds ? { userIds: extra.userIds } : {}),
      ...(extra.title !== undefined ? { title: extra.title } : {}),
    },
    createdAt: new Date().toISOString(),
    version: 1,
  };
}

/** A value from an item that may still be in DynamoDB JSON (cancellation reasons are not unmarshalled). */
export const plain = (v: unknown): unknown => (v && typeof v === 'object' && 'S' in v ? (v as { S: unknown }).S : v);
