/**
 * Profile photos in the drive bucket. Keys are derived from the user id and a fresh ULID, never from a
 * file name: `people/{userId}/photos/{uploadId}` (the upload), `…/{uploadId}-full.webp` (re-encoded,
 * metadata such as GPS stripped) and `…/{uploadId}-thumb.webp` (128 px). URLs are presigned for 5 minutes.
 */
import {
  presignGetObject,
  presignPut,
  putBytes as putObjectBytes,
  URL_TTL_SECONDS,
} from '../../shared/data/object-store';
import type { PhotoType } from './routes';

export { bucket, deleteKeys, headObject, readBytes } from '../../shared/data/object-store';
export { URL_TTL_SECONDS };
export const THUMB_PX = 128;
export const FULL_PX = 1024;

export const uploadKey = (userId: string, uploadId: string) => `people/${userId}/photos/${uploadId}`;
export const fullKey = (userId: string, uploadId: string) => `${uploadKey(userId, uploadId)}-full.webp`;
export const thumbKey = (userId: string, uploadId: string) => `${uploadKey(userId, uploadId)}-thumb.webp`;

/**
 * A presigned PUT. Content-Type and Content-Length are signed headers: S3 refuses the upload unless the
 * browser sends exactly the declared type and size (a browser sets Content-Length from the body itself).
 */
export const presignedPut = (key: string, contentType: PhotoType, size: number): Promise<string> =>
  presignPut(key, contentType, size);

export const presignedGet = (key: string): Promise<string> => presignGetObject(key);

/** A browser may keep a photo five minutes (private: never a shared cache). */
export const putBytes = (key: string, body: Buffer, contentType: string): Promise<void> =>
  putObjectBytes(key, body, contentType, 'private, max-age=300');

/** What the first bytes say the file is. */
export function sniffImageType(head: Buffer): PhotoType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
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
    (m: { default?: SharpFn }) => m.default ?? (m as unknown as SharpFn),
    () => null,
  );
  return sharpLoaded;
}
