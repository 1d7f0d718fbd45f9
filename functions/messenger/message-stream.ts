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
 *
 * Order and duplicates (`messageEvents`): relies on NO order between records. Each write is conditional on
 * the member row's own state: position/preview move only forward (`lastMessageId < :mid`), a message is
 * counted unread by the forward write only while it is the newest applied one, so a repeated record
 * finds its own id already applied and writes nothing. A message older than the row's newest (reordered or
 * repeated) is never ADDed: the row's unread counter is RECOUNTED (one Query COUNT of the messages between
 * its read position and its newest applied message) and SET if the row did not move meanwhile — a
 * set-based write, the same whatever the order or number of deliveries. (Until this change that path
 * ADDed 1, so a record delivered again after a newer one counted twice.) The recount never arms the
 * offline digest (GSI3): the newer message's forward write armed it already, and a record delivered
 * again after the digest had mailed and dropped the key re-armed it, so the person got the same digest
 * twice (found by test/integration/stream-replay.test.ts). A deleted message is not unread (as for
 * unreadBetween, which reads and recounts use): its insert is never ADDed when it is deleted already, and
 * its deletion recounts the rows that had counted it, so a deletion before or after the insert's record,
 * or a replay after both, end on the same counters (before this, the count kept a deleted message until
 * the next read, and a replay dropped it: replays changed counters). Two narrow races remain between a
 * record's read and its write (a delete landing between them); the next recount or read corrects them.
 * Previews are written from the
 * message as stored now (one BatchGet per batch), not from the record's image, so an edit delivered
 * before its insert, or two edits swapped, still end on the current text.
 *
 * Order and duplicates (`chatEvents`): the title, member count and picture copied onto member rows are
 * the chat as stored now (read with its members), not the record's image, and the writes are
 * conditional "differs → set": repeated or swapped records end in the same rows.
 */
import { batchGet, countAll } from '../../shared/data';
import { isConditionFailure } from '../../shared/data/versioning';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import {
  CHAT_PK,
  DIGEST_GSI3PK,
  DIGEST_GSI3SK,
  MEMBER_SK,
  Members,
  UNREAD_GSI2PK,
  type MemberItem,
} from './chat-entity';
import { MESSAGE_ENTITY, MSG_PREFIX, MSG_SK, type MessageItem } from './message-entity';
import { chatWithMembers, getRow, isEntity, memberOf, messageOf } from './store';
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

/** One conditional UpdateItem (a member entity patch with its `.where`); false when its condition did not hold. */
async function tryPatch(write: { go(options: { response: 'none' }): Promise<unknown> }): Promise<boolean> {
  try {
    await write.go({ response: 'none' });
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

const memberRow = (chatId: string, userId: string) => Members.patch({ chatId, userId });

export async function applyNewMessage(m: MessageItem, members: MemberItem[], now = Date.now()): Promise<void> {
  const mid = m.messageId;
  // The chat-list position and preview; the entity derives GSI1SK ({lastActivityAt}#{chatId}) from them.
  const position = { lastMessageId: mid, lastMessage: lastMessageOf(m), lastActivityAt: m.createdAt };
  /** Only forward: a repeated or older record finds a newer message applied. */
  const moveOnly = (userId: string) =>
    memberRow(m.chatId, userId)
      .set(position)
      .where(({ lastMessageId }, { lt }) => lt(lastMessageId, mid));
  const dueAt = new Date(now + digestDelayMinutes() * 60_000).toISOString();
  await inBatches(members, async (member) => {
    const { userId } = member;
    if (userId === m.authorId && !m.system) {
      const done = await tryPatch(
        memberRow(m.chatId, userId)
          .set({ ...position, lastReadMessageId: mid, lastReadAt: m.createdAt, unread: 0 })
          .remove(['GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'])
          .where(
            ({ lastMessageId, lastReadMessageId }, { lt }) =>
              `${lt(lastMessageId, mid)} AND ${lt(lastReadMessageId, mid)}`,
          ),
      );
      if (done || (await tryPatch(moveOnly(userId)))) return;
      // A newer message was applied first (reordered records): I still read up to my own message, so
      // only what came after it stays unread. Before this, the row kept counting the messages before
      // mine (found by test/integration/stream-replay.test.ts in a busy CI run).
      const advanced = await tryPatch(
        memberRow(m.chatId, userId)
          .set({ lastReadMessageId: mid, lastReadAt: m.createdAt })
          .where(({ lastReadMessageId }, { lt }) => lt(lastReadMessageId, mid)),
      );
      if (advanced) await recountUnread(m.chatId, userId);
      return;
    }
    if (m.system || m.deletedAt) {
      // Moves the list position only: a system or deleted message is never unread.
      if (!(await tryPatch(moveOnly(userId))) && m.deletedAt) await recountUnread(m.chatId, userId, mid);
      return;
    }
    const counted = memberRow(m.chatId, userId)
      .set({ ...position, GSI2PK: UNREAD_GSI2PK(userId), GSI2SK: m.chatId })
      .data(({ GSI3PK, GSI3SK }, { ifNotExists }) => {
        ifNotExists(GSI3PK, DIGEST_GSI3PK);
        ifNotExists(GSI3SK, DIGEST_GSI3SK(dueAt, userId, m.chatId));
      })
      .add({ unread: 1 })
      .where(
        ({ lastMessageId, lastReadMessageId }, { lt }) => `${lt(lastMessageId, mid)} AND ${lt(lastReadMessageId, mid)}`,
      );
    if (await tryPatch(counted)) return;
    // Already read up to here (fast reader): move the list position only.
    if (await tryPatch(moveOnly(userId))) return;
    // A newer message was applied first (reordered or repeated records): recount, never ADD.
    await recountUnread(m.chatId, userId, mid);
  });
}

/** Messages after `after` up to the sort key `hiSk` that count as unread for `userId` (others', not system, not deleted). */
export function unreadBetween(chatId: string, userId: string, after: string, hiSk: string): Promise<number> {
  return countAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
    FilterExpression:
      'authorId <> :me AND messageId <> :edge AND attribute_not_exists(#sys) AND attribute_not_exists(deletedAt)',
    ExpressionAttributeNames: { '#sys': 'system' },
    ExpressionAttributeValues: {
      ':pk': CHAT_PK(chatId),
      ':lo': after ? MSG_SK(after) : MSG_PREFIX,
      ':hi': hiSk,
      ':me': userId,
      ':edge': after,
    },
  });
}

/**
 * The row's unread counter set from a recount (the messages between its read position and its newest
 * applied message), retried if the row moved. With `mid`, only while `mid` is an applied, unread
 * message; without, always (the author's own message moved the read position).
 * The unread index (GSI2) follows the count; the digest key (GSI3) is left alone (see the header).
 */
async function recountUnread(chatId: string, userId: string, mid?: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const raw = await getRow({ PK: CHAT_PK(chatId), SK: MEMBER_SK(userId) });
    if (!raw) return; // left the chat
    const row = memberOf(raw);
    if (mid !== undefined && !(row.lastMessageId >= mid && row.lastReadMessageId < mid)) return; // read, or not applied
    const unread =
      row.lastReadMessageId < row.lastMessageId
        ? await unreadBetween(chatId, userId, row.lastReadMessageId, MSG_SK(row.lastMessageId))
        : 0;
    const recounted = memberRow(chatId, userId).set({
      unread,
      ...(unread > 0 ? { GSI2PK: UNREAD_GSI2PK(userId), GSI2SK: chatId } : {}),
    });
    const done = await tryPatch(
      (unread > 0 ? recounted : recounted.remove(['GSI2PK', 'GSI2SK'])).where(
        ({ lastMessageId, lastReadMessageId }, { eq }) =>
          `${eq(lastMessageId, row.lastMessageId)} AND ${eq(lastReadMessageId, row.lastReadMessageId)}`,
      ),
    );
    if (done) return;
  }
}

export async function applyChangedMessage(m: MessageItem, members: MemberItem[]): Promise<void> {
  await inBatches(members, async (member) => {
    await tryPatch(
      memberRow(m.chatId, member.userId)
        .set({ lastMessage: lastMessageOf(m) })
        .where(({ lastMessageId }, { eq }) => eq(lastMessageId, m.messageId)),
    );
    // A deleted message stops counting for those who had it unread (applied, not read yet).
    if (
      m.deletedAt &&
      !m.system &&
      member.userId !== m.authorId &&
      member.lastMessageId >= m.messageId &&
      member.lastReadMessageId < m.messageId
    )
      await recountUnread(m.chatId, member.userId, m.messageId);
  });
}

/** The messages of these changes as stored now (one BatchGet), by chatId + messageId. */
async function storedMessages(changes: StreamChange[], consistentRead = false): Promise<Map<string, MessageItem>> {
  const keys = changes.flatMap((c) => {
    const img = c.newImage ?? c.oldImage;
    return typeof img?.chatId === 'string' && typeof img.messageId === 'string'
      ? [{ PK: CHAT_PK(img.chatId), SK: MSG_SK(img.messageId) }]
      : [];
  });
  const rows = keys.length ? await batchGet(keys, { consistentRead }) : [];
  return new Map(
    rows
      .filter((r) => isEntity(r, MESSAGE_ENTITY))
      .map(messageOf)
      .map((m) => [`${m.chatId}#${m.messageId}`, m]),
  );
}

const storedMessagesConsistent = (changes: StreamChange[]) => storedMessages(changes, true);

export async function onMessageChanges(changes: StreamChange[]): Promise<void> {
  const byChat = new Map<string, StreamChange[]>();
  const matters = (c: StreamChange) => {
    if (c.eventName === 'INSERT') return true;
    const [now, old] = [c.newImage, c.oldImage];
    // Reactions and pins change the item too; only text and deletion change what the chat list shows.
    return c.eventName === 'MODIFY' && !!now && (old?.text !== now.text || old?.deletedAt !== now.deletedAt);
  };
  const relevant = changes.filter(matters);
  for (const c of relevant) {
    const chatId = String(c.newImage?.chatId ?? '');
    if (chatId) byChat.set(chatId, [...(byChat.get(chatId) ?? []), c]);
  }
  if (!byChat.size) return;
  const stored = await storedMessages(relevant);
  const countedLive: StreamChange[] = [];
  for (const [chatId, list] of byChat) {
    const chat = await chatWithMembers(chatId);
    if (!chat) continue;
    for (const c of list) {
      const image = messageOf(c.newImage!);
      const m = stored.get(`${chatId}#${image.messageId}`) ?? image;
      if (c.eventName === 'INSERT') {
        await applyNewMessage(m, chat.members);
        if (!m.deletedAt && !m.system) countedLive.push(c);
      } else await applyChangedMessage(m, chat.members);
    }
  }
  await recountDeletedMeanwhile(countedLive);
}

/**
 * A message deleted while its insert was being counted: the deletion's own record may have read the
 * member rows before this count landed (two invocations side by side), so neither recounted and the
 * row kept a deleted message as unread. Read the counted messages again AFTER the writes (one
 * consistent BatchGet): any deleted now is recounted here. A deletion written after this read has its
 * record read the rows after these writes, so it recounts them itself.
 */
async function recountDeletedMeanwhile(counted: StreamChange[]): Promise<void> {
  if (!counted.length) return;
  const now = await storedMessagesConsistent(counted);
  for (const m of now.values()) {
    if (!m.deletedAt) continue;
    const chat = await chatWithMembers(m.chatId);
    if (chat) await applyChangedMessage(m, chat.members);
  }
}

export async function onChatChanges(changes: StreamChange[]): Promise<void> {
  const chatIds = new Set<string>();
  for (const c of changes) {
    const [now, old] = [c.newImage, c.oldImage];
    if (!now || typeof now.chatId !== 'string') continue;
    if (old?.title === now.title && old?.memberCount === now.memberCount && old?.avatarId === now.avatarId) continue;
    chatIds.add(now.chatId);
  }
  for (const chatId of chatIds) {
    // The chat as stored now (not the record's image): a stale record never copies an old title back.
    const current = await chatWithMembers(chatId);
    if (!current) continue;
    const now = current.chat;
    const avatar = now.avatarId ?? '';
    await inBatches(current.members, async (member) => {
      const copied = memberRow(now.chatId, member.userId).set({
        title: now.title,
        memberCount: now.memberCount,
        ...(avatar ? { avatarId: avatar } : {}),
      });
      // "differs → set": a row already in step is not written again (parenthesized: ElectroDB ANDs the
      // where clause to its attribute_exists(PK/SK) condition as it is)
      await tryPatch(
        avatar
          ? copied.where(
              ({ memberCount, title, avatarId }, { ne, notExists }) =>
                `(${ne(memberCount, now.memberCount)} OR ${ne(title, now.title)} OR ${ne(avatarId, avatar)} OR ${notExists(avatarId)})`,
            )
          : copied
              .remove(['avatarId'])
              .where(
                ({ memberCount, title, avatarId }, { ne, exists }) =>
                  `(${ne(memberCount, now.memberCount)} OR ${ne(title, now.title)} OR ${exists(avatarId)})`,
              ),
      );
    });
  }
}
