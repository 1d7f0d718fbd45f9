/**
 * The portal's one bucket: presigned PUT / GET, HEAD, reads, writes and deletes by key. The features
 * (drive, chat files, profile photos, CRM documents) derive their keys from server ids and keep their own
 * rules on top (what may be inline, how long a URL lives); the S3 mechanics live only here.
 * A presigned single PUT signs Content-Type and Content-Length: S3 refuses any other bytes.
 */
import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../aws/s3-client';

/** Presigned URLs live 5 minutes unless a caller says otherwise. */
export const URL_TTL_SECONDS = 300;

export const bucket = (): string => {
  const b = process.env.BUCKET_NAME;
  if (!b) throw new Error('BUCKET_NAME is not set');
  return b;
};

export function presignPut(
  key: string,
  contentType: string,
  size: number,
  expiresIn = URL_TTL_SECONDS,
): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType, ContentLength: size }),
    {
      expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
    },
  );
}

/** RFC 5987 file name for Content-Disposition (a stored name is a display name only). */
export const disposition = (name: string, inline: boolean) =>
  `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * A presigned GET. With `name`, the browser gets that file name, inline or as a download; with
 * `contentType`, the response says that type (the caller decides what is safe to show inline).
 */
export function presignGetObject(
  key: string,
  opts: { name?: string; inline?: boolean; contentType?: string; expiresIn?: number } = {},
): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: bucket(),
      Key: key,
      ...(opts.name ? { ResponseContentDisposition: disposition(opts.name, !!opts.inline) } : {}),
      ...(opts.contentType ? { ResponseContentType: opts.contentType } : {}),
    }),
    { expiresIn: opts.expiresIn ?? URL_TTL_SECONDS },
  );
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
  const r = await s3Client().send(
    new GetObjectCommand({ Bucket: bucket(), Key: key, ...(range ? { Range: range } : {}) }),
  );
  return Buffer.from(await r.Body!.transformToByteArray());
}

export async function putBytes(
  key: string,
  body: Buffer | Uint8Array,
  contentType: string,
  cacheControl?: string,
): Promise<void> {
  await s3Client().send(
    new PutObjectCommand({
      Bucket: bucket(),
      Key: key,
      Body: body,
      ContentType: contentType,
      ...(cacheControl ? { CacheControl: cacheControl } : {}),
    }),
  );
}

/** Deletes up to 1,000 keys in one call (undefined and repeated keys are skipped). */
export async function deleteKeys(keys: (string | undefined)[]): Promise<void> {
  const objects = [...new Set(keys.filter((k): k is string => !!k))].map((Key) => ({ Key }));
  if (!objects.length) return;
  await s3Client().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: objects, Quiet: true } }));
}
