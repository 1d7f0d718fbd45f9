/**
 * Thumbnails of images sent in chats, made off the request path by a stream consumer on new messages
 * (handler.ts `thumbnails`): the send stays 1 Query + 1 TransactWrite + 1 Query of connections.
 *
 * For each image attachment (png / jpeg / gif / webp, ≤ THUMB_SOURCE_MAX_BYTES) of a new message:
 *   GetItem UPLOAD#{fileId} (the file record of THIS chat: its `key` is the object, which for a forwarded
 *   file is the source chat's) → unless it already names a thumbnail: GetObject, sharp (EXIF-rotated,
 *   ≤ THUMB_PX on both sides, webp) → PutObject `{key}.thumb.webp` → UpdateItem the file record
 *   (thumbKey, width, height). Then ONE UpdateItem of the message sets `thumb`, `width`, `height` on those
 *   attachments (conditioned on the same file ids at the same positions, never touching version, so an
 *   edit meanwhile is not refused) and the members get `message.updated`: the SPA swaps the full-size
 *   preview for the thumbnail and opens the full image on click. GET …/attachments/{fileId} answers
 *   `thumbUrl` beside `url` when the record names one.
 *
 * A file sharp cannot decode keeps its full-size preview (logged, not retried); S3 / DynamoDB errors fail
 * the batch so the stream retries it (every step is idempotent).
 *
 * Order and duplicates: one record per message (INSERT), no order needed between messages. The consumer
 * works from the message as stored now, not the record's image: a repeated record finds `thumb` already set
 * on its attachments and the file records naming their thumbnails, so it writes nothing and pushes no
 * second frame; the S3 object is the same key and bytes either way.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../../shared/aws/s3-client';
import { isConditionFailure } from '../../shared/data/versioning';
import type { StreamChange } from '../../shared/runtime/feature-handler';
import { bucket } from './attachment-store';
import { CHAT_PK } from './chat-entity';
import { push, updatedMessageFrame } from './fanout';
import { ChatFiles, Messages, UPLOAD_SK, type ChatFileItem, type MessageItem } from './message-entity';
import { chatFileOf, chatWithMembers, getMessage, getRow } from './store';
import { messageView } from './views';

export const THUMB_PX = 480;
/** Larger originals keep their full-size preview (a Lambda should not decode a 100 MB file for a preview). */
export const THUMB_SOURCE_MAX_BYTES = 30 * 1024 * 1024;
export const THUMB_TYPES = /^image\/(png|jpeg|gif|webp)$/;
export const thumbKeyOf = (key: string) => `${key}.thumb.webp`;

type SharpFn = typeof import('sharp').default;
let sharpLoaded: Promise<SharpFn | null> | undefined;
/** sharp is native: loaded lazily by a computed name so esbuild leaves it out (the manifest's nativeModules installs it). */
export function loadSharp(): Promise<SharpFn | null> {
  const name = 'sharp';
  sharpLoaded ??= import(/* webpackIgnore: true */ name).then(
    (m: { default?: SharpFn }) => m.default ?? (m as unknown as SharpFn),
    () => null,
  );
  return sharpLoaded;
}

export interface Thumb {
  thumbKey: string;
  width: number;
  height: number;
}

type Logger = Pick<import('@aws-lambda-powertools/logger').Logger, 'warn'>;

/** The thumbnail of one file record: made once (the record remembers it), or null when it cannot be made. */
export async function thumbnailFor(
  file: ChatFileItem & { thumbKey?: string; width?: number; height?: number },
  log?: Logger,
): Promise<Thumb | null> {
  if (file.thumbKey && file.width && file.height)
    return { thumbKey: file.thumbKey, width: file.width, height: file.height };
  if (!THUMB_TYPES.test(file.contentType) || file.size > THUMB_SOURCE_MAX_BYTES) return null;
  const sharp = await loadSharp();
  if (!sharp) {
    log?.warn('sharp is not available: chat image kept without a thumbnail', { fileId: file.fileId });
    return null;
  }
  const obj = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: file.key }));
  const original = Buffer.from(await obj.Body!.transformToByteArray());
  let out: { data: Buffer; info: { width: number; height: number } };
  let width: number;
  let height: number;
  try {
    const img = sharp(original, { limitInputPixels: 40_000_000, failOn: 'error', animated: false }).rotate();
    const meta = await img.metadata();
    // orientations 5-8 swap the sides once rotated
    const swap = (meta.orientation ?? 1) >= 5;
    width = (swap ? meta.height : meta.width) ?? 0;
    height = (swap ? meta.width : meta.height) ?? 0;
    out = await img
      .resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    log?.warn('chat image cannot be decoded: no thumbnail', { fileId: file.fileId, error: (e as Error).message });
    return null;
  }
  const thumbKey = thumbKeyOf(file.key);
  await s3Client().send(
    new PutObjectCommand({ Bucket: bucket(), Key: thumbKey, Body: out.data, ContentType: 'image/webp' }),
  );
  await ChatFiles.patch({ chatId: file.chatId, fileId: file.fileId })
    .set({ thumbKey, width: width || out.info.width, height: height || out.info.height })
    .go({ response: 'none' });
  return { thumbKey, width: width || out.info.width, height: height || out.info.height };
}

async function fileRecord(chatId: string, fileId: string): Promise<ChatFileItem | null> {
  const row = await getRow({ PK: CHAT_PK(chatId), SK: UPLOAD_SK(fileId) });
  return row ? chatFileOf(row) : null;
}

/** Thumbnails for one message's images; true when the message was updated. */
export async function thumbnailMessage(m: MessageItem, log?: Logger): Promise<boolean> {
  const atts = m.attachments ?? [];
  // Every image, even one already marked `thumb` (a forward copies the mark, but this chat's file record
  // must name the thumbnail too for GET …/attachments to answer it).
  const todo = atts
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => THUMB_TYPES.test(a.contentType) && a.size <= THUMB_SOURCE_MAX_BYTES);
  if (!todo.length || m.deletedAt) return false;
  const made: { i: number; fileId: string; t: Thumb }[] = [];
  for (const { a, i } of todo) {
    const f = await fileRecord(m.chatId, a.fileId);
    const t = f ? await thumbnailFor(f, log) : null;
    if (t && !a.thumb) made.push({ i, fileId: a.fileId, t });
  }
  if (!made.length) return false;
  let updated: MessageItem;
  try {
    const r = await Messages.patch({ chatId: m.chatId, messageId: m.messageId })
      .data(({ attachments }, { set }) => {
        for (const { i, t } of made) {
          set(attachments[i]!.thumb, true);
          set(attachments[i]!.width, t.width);
          set(attachments[i]!.height, t.height);
        }
      })
      // the attachment is still at that position (and the message not deleted)
      .where(({ attachments, deletedAt }, { eq, notExists }) =>
        [notExists(deletedAt), ...made.map(({ i, fileId }) => eq(attachments[i]!.fileId, fileId))].join(' AND '),
      )
      .go({ response: 'all_new' });
    updated = r.data;
  } catch (e) {
    if (isConditionFailure(e)) return false; // deleted meanwhile: nothing to show
    throw e;
  }
  const chat = await chatWithMembers(m.chatId);
  if (chat)
    await push(
      chat.members.map((x) => x.userId),
      updatedMessageFrame(messageView(updated)),
    );
  return true;
}

export async function onThumbnailChanges(changes: StreamChange[], log?: Logger): Promise<void> {
  for (const c of changes) {
    const image = c.newImage;
    if (c.eventName !== 'INSERT' || typeof image?.chatId !== 'string' || typeof image.messageId !== 'string') continue;
    const m = await getMessage(image.chatId, image.messageId);
    if (m && !m.system) await thumbnailMessage(m, log);
  }
}
