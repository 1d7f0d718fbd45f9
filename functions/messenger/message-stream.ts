/**
 * Stream consumers: the consequences of a message, off the request path (the send itself is one
 * transaction). For each new message, every member row of the chat gets (one UpdateItem each):
 *  - others (not system messages): `ADD unread 1` only while lastReadMessageId < messageId, the sparse
 *    unread key (GSI2) and, if absent, the digest key (GSI3 DIGEST {dueAt}#{userId}#{chatId});
 *  - everyone: the chat-list position (GSI1SK = {createdAt}#{chatId}) and last-message preview, only
 *    moving forward (lastMessageId < messageId), so retries and reordering never go backwards or count twice;
 *  - the author: read up to their own message (unread 0, keys removed).
 * An edited/deleted message refreshes the preview on rows whose last message it is.
 * A renamed chat / changed member count / new picture is copied onto every member row.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../../shared/data/versioning';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import {
  CHATS_GSI1SK,
  CHAT_PK,
  DIGEST_GSI3PK,
  DIGEST_GSI3SK,
  MEMBER_SK,
  UNREAD_GSI2PK,
  type ChatItem,
  type MemberItem,
} from './chat-entity';
import type { MessageItem } from './message-entity';
import { T, chatWithMembers, db } from './store';
import { lastMessageOf } from './views';

/** Minutes an unread message waits before the offline e-mail digest (MESSENGER_DIGEST_MINUTES, default 10). */
export const digestDelayMinutes = (): number => {
  const n = Number(process.env.MESSENGER_DIGEST_MINUTES ?? 10);
  return Number.isFinite(n) && n > 0 ? n : 10;
};

const CONCURRENCY = 16;

async function inBatches<T>(items: T[], fn: (x: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
}

/** One conditional UpdateItem; false when its condition did not hold. */
async function tryUpdate(
  chatId: string,
  userId: string,
  expr: string,
  condition: string,
  values: Record<string, unknown>,
): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: { PK: CHAT_PK(chatId), SK: MEMBER_SK(userId) },
        UpdateExpression: expr,
        ConditionExpression: `attribute_exists(PK) AND ${condition}`,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

export async function applyNewMessage(m: MessageItem, members: MemberItem[], now = Date.now()): Promise<void> {
  const mid = m.messageId;
  const position = {
    ':mid': mid,
    ':lm': lastMessageOf(m),
    ':at': m.createdAt,
    ':g1': CHATS_GSI1SK(m.createdAt, m.chatId),
  };
  const SET_POSITION = 'lastMessageId = :mid, lastMessage = :lm, lastActivityAt = :at, GSI1SK = :g1';
  const dueAt = new Date(now + digestDelayMinutes() * 60_000).toISOString();
  await inBatches(members, async (member) => {
    const { userId } = member;
    if (userId === m.authorId && !m.system) {
      const done = await tryUpdate(
        m.chatId,
        userId,
        `SET ${SET_POSITION}, lastReadMessageId = :mid, lastReadAt = :at, unread = :zero REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK`,
        'lastMessageId < :mid AND lastReadMessageId < :mid',
        { ...position, ':zero': 0 },
      );
      if (!done) await tryUpdate(m.chatId, userId, `SET ${SET_POSITION}`, 'lastMessageId < :mid', position);
      return;
    }
    if (m.system) {
      await tryUpdate(m.chatId, userId, `SET ${SET_POSITION}`, 'lastMessageId < :mid', position);
      return;
    }
    const counters = {
      ':one': 1,
      ':g2': UNREAD_GSI2PK(userId),
      ':chat': m.chatId,
      ':g3': DIGEST_GSI3PK,
      ':g3sk': DIGEST_GSI3SK(dueAt, userId, m.chatId),
    };
    const COUNT =
      'GSI2PK = :g2, GSI2SK = :chat, GSI3PK = if_not_exists(GSI3PK, :g3), GSI3SK = if_not_exists(GSI3SK, :g3sk)';
    if (
      await tryUpdate(
        m.chatId,
        userId,
        `SET ${SET_POSITION}, ${COUNT} ADD unread :one`,
        'lastMessageId < :mid AND lastReadMessageId < :mid',
        { ...position, ...counters },
      )
    )
      return;
    // Already read up to here (fast reader): move the list position only.
    if (await tryUpdate(m.chatId, userId, `SET ${SET_POSITION}`, 'lastMessageId < :mid', position)) return;
    // A newer message was applied first (reordered records): count this one, keep the newer position.
    await tryUpdate(
      m.chatId,
      userId,
      `SET ${COUNT} ADD unread :one`,
      'lastMessageId > :mid AND lastReadMessageId < :mid',
      counters,
    );
  });
}

export async function applyChangedMessage(m: MessageItem, members: MemberItem[]): Promise<void> {
  await inBatches(members, async (member) => {
    await tryUpdate(m.chatId, member.userId, 'SET lastMessage = :lm', 'lastMessageId = :mid', {
      ':lm': lastMessageOf(m),
      ':mid': m.messageId,
    });
  });
}

export async function onMessageChanges(changes: StreamChange[]): Promise<void> {
  const byChat = new Map<string, StreamChange[]>();
  const matters = (c: StreamChange) => {
    if (c.eventName === 'INSERT') return true;
    const [now, old] = [c.newImage as MessageItem | undefined, c.oldImage as MessageItem | undefined];
    // Reactions and pins change the item too; only text and deletion change what the chat list shows.
    return c.eventName === 'MODIFY' && !!now && (old?.text !== now.text || old?.deletedAt !== now.deletedAt);
  };
  for (const c of changes.filter(matters)) {
    const chatId = String((c.newImage ?? c.oldImage)?.chatId ?? '');
    if (chatId) byChat.set(chatId, [...(byChat.get(chatId) ?? []), c]);
  }
  for (const [chatId, list] of byChat) {
    const chat = await chatWithMembers(chatId);
    if (!chat) continue;
    for (const c of list) {
      const m = c.newImage as MessageItem | undefined;
      if (!m) continue;
      if (c.eventName === 'INSERT') await applyNewMessage(m, chat.members);
      else await applyChangedMessage(m, chat.members);
    }
  }
}

export async function onChatChanges(changes: StreamChange[]): Promise<void> {
  for (const c of changes) {
    const now = c.newImage as ChatItem | undefined;
    const old = c.oldImage as ChatItem | undefined;
    if (!now || (old?.title === now.title && old?.memberCount === now.memberCount && old?.avatarId === now.avatarId))
      continue;
    const chat = await chatWithMembers(now.chatId);
    if (!chat) continue;
    const avatar = now.avatarId ?? '';
    await inBatches(chat.members, async (member) => {
      await tryUpdate(
        now.chatId,
        member.userId,
        avatar ? 'SET title = :t, memberCount = :n, avatarId = :a' : 'SET title = :t, memberCount = :n REMOVE avatarId',
        avatar
          ? 'memberCount <> :n OR title <> :t OR avatarId <> :a OR attribute_not_exists(avatarId)'
          : 'memberCount <> :n OR title <> :t OR attribute_exists(avatarId)',
        { ':t': now.title, ':n': now.memberCount, ...(avatar ? { ':a': avatar } : {}) },
      );
    });
  }
}
