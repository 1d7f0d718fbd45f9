/**
 * Read positions, receipts and attachments.
 *
 * | route                                   | DynamoDB                                                                     |
 * |-----------------------------------------|------------------------------------------------------------------------------|
 * | POST /chats/{id}/read                   | Query chat+members, GetItem message, [Query COUNT when reading up to an older message], |
 * |                                         | UpdateItem my row (lastRead = max, unread, REMOVE GSI2/GSI3 keys), Query of connections |
 * | GET …/messages/{id}/readers             | Query chat+members, GetItem message                                           |
 * | POST /chats/{id}/attachments            | GetItem membership, PutItem upload (pending, TTL 1 day)                       |
 * | GET /chats/{id}/attachments/{fileId}    | GetItem membership, GetItem upload                                            |
 */
import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import { epochSeconds, isExpired } from '../../shared/data/electro';
import { isConditionFailure } from '../../shared/data/versioning';
import { NotFoundError } from '../../shared/http/errors';
import type { AttachmentUpload, AttachmentUrls, ReaderView, attachmentBody } from '../../shared/messenger/contract';
import { reply } from '../../shared/runtime/feature-handler';
import { CHAT_PK, Members, UNREAD_GSI2PK } from './chat-entity';
import { presignedGet, presignedPut } from './attachment-store';
import { push } from './fanout';
import { ChatFiles, MSG_END, UPLOAD_SK, fileKey, type ChatFileItem } from './message-entity';
import { unreadBetween } from './message-stream';
import { chatFileOf, chatForMember, getMessage, getRow, memberOr404 } from './store';
import { memberPerson } from './views';
import { newId } from './writes';

export const PENDING_UPLOAD_SECONDS = 24 * 60 * 60;

/** Messages after `messageId` that count as unread for `userId` (others' non-system, not deleted). */
const unreadAfter = (chatId: string, userId: string, messageId: string): Promise<number> =>
  unreadBetween(chatId, userId, messageId, MSG_END);

export async function markRead(user: UserContext, chatId: string, messageId: string): Promise<{ unread: number }> {
  const c = await chatForMember(chatId, user.sub);
  const me = c.me;
  if ((me.lastReadMessageId ?? '') >= messageId) return { unread: Math.max(0, me.unread ?? 0) };
  if (!(await getMessage(chatId, messageId))) throw new NotFoundError('Message not found');
  // Reading up to the newest message known to my row clears the counter; an older one recounts what is after it.
  const unread = messageId >= (me.lastMessageId ?? '') ? 0 : await unreadAfter(chatId, user.sub, messageId);
  const at = new Date().toISOString();
  try {
    const read = Members.patch({ chatId, userId: user.sub }).set({
      lastReadMessageId: messageId,
      lastReadAt: at,
      unread,
      ...(unread ? { GSI2PK: UNREAD_GSI2PK(user.sub), GSI2SK: chatId } : {}),
    });
    await (unread ? read.remove(['GSI3PK', 'GSI3SK']) : read.remove(['GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK']))
      .where(({ lastReadMessageId }, { lt }) => lt(lastReadMessageId, messageId))
      .go({ response: 'none' });
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    return { unread: 0 }; // another tab read further meanwhile
  }
  await push(
    c.members.map((m) => m.userId),
    { type: 'chat.read', chatId, userId: user.sub, messageId, at },
  );
  return { unread };
}

export async function readers(
  user: UserContext,
  chatId: string,
  messageId: string,
): Promise<{ readers: ReaderView[] }> {
  const c = await chatForMember(chatId, user.sub);
  const m = await getMessage(chatId, messageId);
  if (!m) throw new NotFoundError('Message not found');
  return {
    readers: c.members
      .filter((x) => x.userId !== m.authorId && (x.lastReadMessageId ?? '') >= messageId)
      .map((x) => ({ ...memberPerson(x), readAt: x.lastReadAt ?? x.joinedAt })),
  };
}

export async function startAttachment(user: UserContext, chatId: string, body: z.output<typeof attachmentBody>) {
  await memberOr404(chatId, user.sub);
  const fileId = newId();
  const key = fileKey(chatId, fileId);
  const now = new Date();
  const file: ChatFileItem = {
    chatId,
    fileId,
    uploaderId: user.sub,
    name: body.name,
    size: body.size,
    contentType: body.contentType,
    key,
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: epochSeconds(now.getTime()) + PENDING_UPLOAD_SECONDS,
  };
  await ChatFiles.create(file).go();
  const upload: AttachmentUpload = {
    fileId,
    uploadUrl: await presignedPut(key, body.contentType, body.size),
    headers: { 'content-type': body.contentType },
  };
  return reply(201, upload);
}

export async function attachmentUrl(user: UserContext, chatId: string, fileId: string): Promise<AttachmentUrls> {
  await memberOr404(chatId, user.sub);
  const row = await getRow({ PK: CHAT_PK(chatId), SK: UPLOAD_SK(fileId) });
  const f = row ? chatFileOf(row) : undefined;
  const visible = f && (f.status === 'attached' || (f.uploaderId === user.sub && !isExpired(f.expiresAt)));
  if (!visible) throw new NotFoundError('File not found');
  const [url, thumbUrl] = await Promise.all([
    presignedGet(f.key, f.name, f.contentType),
    f.thumbKey ? presignedGet(f.thumbKey, f.name, 'image/webp') : undefined,
  ]);
  return { url, ...(thumbUrl ? { thumbUrl } : {}) };
}
