/**
 * Profile photos in the drive bucket. Keys are derived from the user id and a fresh ULID, never from a
 * file name: `people/{userId}/photos/{uploadId}` (the upload), `…/{uploadId}-full.webp` (re-encoded,
 * metadata such as GPS stripped) and `…/{uploadId}-thumb.webp` (128 px). URLs are presigned for 5 minutes.
 */
import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../../shared/data/clients';
import type { PhotoType } from './routes';

export const URL_TTL_SECONDS = 300;
export const THUMB_PX = 128;
export const FULL_PX = 1024;

export const bucket = (): string => {
  const b = process.env.BUCKET_NAME;
  if (!b) throw new Error('BUCKET_NAME is not set');
  return b;
};

export const uploadKey = (userId: string, uploadId: string) => `people/${userId}/photos/${uploadId}`;
export const fullKey = (userId: string, uploadId: string) => `${uploadKey(userId, uploadId)}-full.webp`;
export const thumbKey = (userId: string, uploadId: string) => `${uploadKey(userId, uploadId)}-thumb.webp`;

/**
 * A presigned PUT. Content-Type and Content-Length are signed headers: S3 refuses the upload unless the
 * browser sends exactly the declared type and size (a browser sets Content-Length from the body itself).
 */
export async function presignedPut(key: string, contentType: PhotoType, size: number): Promise<string> {
  return getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType, ContentLength: size }), {
    expiresIn: URL_TTL_SECONDS,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

export async function presignedGet(key: string): Promise<string> {
  return getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucket(), Key: key }), { expiresIn: URL_TTL_SECONDS });
}

/** Size and type as stored, or null when there is no such object. */
export async function headObject(key: string): Promise<{ size: number; contentType: string } | null> {
  try {
    const h = await s3Client().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return { size: h.ContentLength ?? 0, contentType: (h.ContentType ?? '').split(';')[0]!.trim().toLowerCase() };
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404) return null;
    throw e;
  }
}

export async function readBytes(key: string, range?: string): Promise<Buffer> {
  const r = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: key, ...(range ? { Range: range } : {}) }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

export async function putBytes(key: string, body: Buffer, contentType: string): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType, CacheControl: 'private, max-age=300' }));
}

export async function deleteKeys(keys: (string | undefined)[]): Promise<void> {
  const objects = [...new Set(keys.filter((k): k is string => !!k))].map((Key) => ({ Key }));
  if (!objects.length) return;
  await s3Client().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: objects, Quiet: true } }));
}

/** What the first bytes say the file is. */
export function sniffImageType(head: Buffer): PhotoType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

type SharpFn = typeof import('sharp').default;
let sharpLoaded: Promise<SharpFn | null> | undefined;

/**
 * sharp is a native module: loaded lazily and by a computed name so esbuild leaves it out of the Lambda
 * bundle. Where it cannot load, photos are stored as uploaded, without a thumbnail (`null`).
 */
export function loadSharp(): Promise<SharpFn | null> {
  const name = 'sharp';
  sharpLoaded ??= import(/* webpackIgnore: true */ name).then(
    (m: { default?: SharpFn }) => (m.default ?? (m as unknown as SharpFn)),
    () => null,
  );
  return sharpLoaded;
}
