/**
 * A group chat's picture. The owner (or an administrator) uploads an image with the attachment flow
 * (POST …/attachments → presigned PUT), then names that upload here; the server makes a 256 px webp square
 * (sharp, EXIF-upright) under `chats/{chatId}/avatar-{fileId}.webp` and keeps only that.
 *
 * | route                         | DynamoDB / S3                                                                    |
 * |-------------------------------|----------------------------------------------------------------------------------|
 * | PUT /chats/{id}/avatar        | Query chat+members, GetItem upload, HeadObject + GetObject + PutObject, ONE       |
 * |                               | TransactWrite (chat: avatar, version+1 if version = expected; upload record gone)|
 * | DELETE /chats/{id}/avatar     | Query chat+members, UpdateItem chat (REMOVE avatar, version+1 if expected)       |
 * | GET /chats/{id}/avatar        | Query chat+members (members only), presigned GET                                 |
 *
 * Members get `chat.updated`; the chat stream consumer copies the picture id onto every member row, so
 * the chat list (one Query) shows it too.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { UserContext } from '../../shared/auth/claims';
import { s3Client } from '../../shared/aws/s3-client';
import { transaction } from '../../shared/data';
import { isExpired } from '../../shared/data/electro';
import { isConditionFailure } from '../../shared/data/versioning';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../../shared/http/errors';
import { CHAT_AVATAR_MAX_BYTES, CHAT_AVATAR_TYPES, type ChatDetail } from '../../shared/messenger/contract';
import { bucket, headObject, presignedGet } from './attachment-store';
import { CHAT_PK, Chats, type ChatItem } from './chat-entity';
import { chatUpdatedFrames } from './chat-service';
import { pushEach } from './fanout';
import { ChatFiles, UPLOAD_SK } from './message-entity';
import { chatFileOf, chatForMember, getRow, type ChatWithMembers } from './store';
import { loadSharp } from './thumbnails';
import { canOf, chatDetail } from './views';

export const AVATAR_PX = 256;
export const avatarKeyOf = (chatId: string, fileId: string) => `chats/${chatId}/avatar-${fileId}.webp`;

const stale = (c: ChatWithMembers, user: UserContext) =>
  new ConflictError('This chat was changed by someone else meanwhile. Reload, then try again.', {
    current: chatDetail(c.chat, c.members, user),
  });

/** The chat, when I may change its picture at this version. */
async function editable(user: UserContext, chatId: string, version: number): Promise<ChatWithMembers> {
  const c = await chatForMember(chatId, user.sub);
  if (c.chat.kind !== 'group') throw new ConflictError('Only group chats have a picture of their own.');
  if (!canOf(c.chat, user).rename)
    throw new ForbiddenError('Only the chat owner or an administrator can change the picture');
  if (c.chat.version !== version) throw stale(c, user);
  return c;
}

const bad = (reason: string) => new ValidationError([{ path: 'fileId', reason }]);

async function deleteObject(key: string | undefined) {
  if (!key) return;
  await s3Client()
    .send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }))
    .catch(() => undefined); // best effort: a leftover object is unreachable (its key is not handed out)
}

async function announce(chat: ChatItem, c: ChatWithMembers, user: UserContext): Promise<ChatDetail> {
  await pushEach(chatUpdatedFrames(chat, c.members));
  return chatDetail(chat, c.members, user);
}

export async function setChatAvatar(
  user: UserContext,
  chatId: string,
  fileId: string,
  version: number,
): Promise<ChatDetail> {
  const c = await editable(user, chatId, version);
  const row = await getRow({ PK: CHAT_PK(chatId), SK: UPLOAD_SK(fileId) });
  const f = row ? chatFileOf(row) : null;
  if (!f || f.uploaderId !== user.sub || f.status !== 'pending' || isExpired(f.expiresAt))
    throw bad('no upload of yours waiting in this chat');
  if (!(CHAT_AVATAR_TYPES as readonly string[]).includes(f.contentType) || f.size > CHAT_AVATAR_MAX_BYTES)
    throw bad('a PNG, JPEG or WebP image up to 10 MB');
  const head = await headObject(f.key);
  if (!head) throw bad('the upload has not finished');
  if (head.size > CHAT_AVATAR_MAX_BYTES) throw bad('a PNG, JPEG or WebP image up to 10 MB');
  const sharp = await loadSharp();
  if (!sharp)
    throw new UnprocessableError('Pictures cannot be processed right now', [
      { path: 'fileId', reason: 'image processing is unavailable' },
    ]);
  const obj = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: f.key }));
  const original = Buffer.from(await obj.Body!.transformToByteArray());
  let square: Buffer;
  try {
    square = await sharp(original, { limitInputPixels: 40_000_000, failOn: 'error' })
      .rotate()
      .resize(AVATAR_PX, AVATAR_PX, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw bad('the image cannot be decoded');
  }
  const avatarKey = avatarKeyOf(chatId, fileId);
  await s3Client().send(
    new PutObjectCommand({ Bucket: bucket(), Key: avatarKey, Body: square, ContentType: 'image/webp' }),
  );
  const now = new Date().toISOString();
  try {
    await transaction()
      .add(
        Chats.patch({ chatId })
          .set({ avatarId: fileId, avatarKey, version: version + 1, updatedAt: now })
          .where((a, op) => op.eq(a.version, version)),
        ChatFiles.delete({ chatId, fileId }).where(
          (a, op) => `${op.eq(a.status, 'pending')} AND ${op.eq(a.uploaderId, user.sub)}`,
        ),
      )
      .commit();
  } catch (e) {
    if (!isConditionFailure(e) && (e as { name?: string }).name !== 'TransactionCanceledException') throw e;
    await deleteObject(avatarKey);
    throw stale(await chatForMember(chatId, user.sub), user);
  }
  await Promise.all([deleteObject(f.key), c.chat.avatarKey !== avatarKey ? deleteObject(c.chat.avatarKey) : undefined]);
  return announce({ ...c.chat, avatarId: fileId, avatarKey, version: version + 1, updatedAt: now }, c, user);
}

export async function removeChatAvatar(user: UserContext, chatId: string, version: number): Promise<ChatDetail> {
  const c = await editable(user, chatId, version);
  if (!c.chat.avatarId) return chatDetail(c.chat, c.members, user);
  const now = new Date().toISOString();
  try {
    await Chats.patch({ chatId })
      .set({ version: version + 1, updatedAt: now })
      .remove(['avatarId', 'avatarKey'])
      .where((a, op) => op.eq(a.version, version))
      .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    throw stale(await chatForMember(chatId, user.sub), user);
  }
  await deleteObject(c.chat.avatarKey);
  const { avatarId: _a, avatarKey: _k, ...rest } = c.chat;
  return announce({ ...rest, version: version + 1, updatedAt: now }, c, user);
}

export async function chatAvatarUrl(user: UserContext, chatId: string): Promise<{ url: string }> {
  const c = await chatForMember(chatId, user.sub);
  if (!c.chat.avatarKey) throw new NotFoundError('This chat has no picture');
  return { url: await presignedGet(c.chat.avatarKey, 'avatar.webp', 'image/webp') };
}
