/** Item builders (ElectroDB `.params()` keeps keys and bookkeeping identical to the entities) and transactions. */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { ChatKind, ChatRole, PersonRef } from '../../shared/messenger/contract';
import { Chats, Members, type ChatItem, type MemberItem } from './chat-entity';
import { Messages, SYSTEM_EVENTS, type MessageItem } from './message-entity';
import { T, db, type Raw } from './store';

export const newId = monotonicFactory();

type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const itemOf = (params: unknown): Raw => (params as { Item: Raw }).Item;

export const putIfAbsent = (Item: Raw, returnOld = false): TxItem => ({
  Put: {
    TableName: T(),
    Item,
    ConditionExpression: 'attribute_not_exists(PK)',
    ...(returnOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
  },
});

export function chatRow(c: Omit<ChatItem, 'pins'> & { pins?: Record<string, unknown> }): Raw {
  return itemOf(Chats.put({ ...c, pins: c.pins ?? {} } as ChatItem).params());
}

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

export function memberRow(n: NewMember): Raw {
  const m: MemberItem = {
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
  return itemOf(Members.put(m).params());
}

export function messageRow(m: MessageItem): Raw {
  return itemOf(Messages.put(m).params());
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

export async function transact(items: TxItem[]): Promise<void> {
  await db().send(new TransactWriteCommand({ TransactItems: items }));
}

/** Cancellation reasons of a failed transaction (empty for other errors). */
export function cancellationReasons(err: unknown): { Code?: string; Item?: Record<string, unknown> }[] {
  const e = err as { name?: string; CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] };
  return e?.name === 'TransactionCanceledException' ? (e.CancellationReasons ?? []) : [];
}

/** A value from an item that may still be in DynamoDB JSON (cancellation reasons are not unmarshalled). */
export const plain = (v: unknown): unknown =>
  v && typeof v === 'object' && 'S' in (v as object) ? (v as { S: string }).S : v;
