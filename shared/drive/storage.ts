/**
 * Drive objects in the drive bucket. Every key is made of server ids only — `drive/{driveId}/{nodeId}/{versionId}`
 * (and `…/{versionId}.thumb.webp`) — never of the client's file name, so no name can reach another key.
 * Presigned URLs live LIMITS.urlTtlSeconds (5 minutes) and are only made after a permission check.
 * A presigned single PUT signs Content-Type and Content-Length: S3 refuses other bytes.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../data/clients';
import { LIMITS } from './contract';

export const bucket = (): string => {
  const b = process.env.BUCKET_NAME;
  if (!b) throw new Error('BUCKET_NAME is not set');
  return b;
};

/** `user:abc` → `user-abc` (a key segment without `:`). */
const driveSegment = (driveId: string) => driveId.replace(':', '-');
export const objectKey = (driveId: string, nodeId: string, versionId: string) => `drive/${driveSegment(driveId)}/${nodeId}/${versionId}`;
export const thumbKeyOf = (key: string) => `${key}.thumb.webp`;

export const urlExpiry = (now = Date.now()) => new Date(now + LIMITS.urlTtlSeconds * 1000).toISOString();

export function presignPut(key: string, contentType: string, size: number): Promise<string> {
  return getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType, ContentLength: size }), {
    expiresIn: LIMITS.urlTtlSeconds,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

export function presignPart(key: string, s3UploadId: string, partNumber: number): Promise<string> {
  return getSignedUrl(s3Client(), new UploadPartCommand({ Bucket: bucket(), Key: key, UploadId: s3UploadId, PartNumber: partNumber }), {
    expiresIn: LIMITS.urlTtlSeconds,
  });
}

/** RFC 5987 file name for Content-Disposition (the stored name is the display name only). */
export const disposition = (name: string, inline: boolean) =>
  `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Types a browser may show inline without running anything of the file's in the portal's origin (the bucket is another origin anyway). */
const INLINE_SAFE = /^(image\/(png|jpeg|gif|webp|avif|bmp)|application\/pdf|text\/plain|text\/markdown|text\/csv|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;
export const inlineSafe = (contentType: string) => INLINE_SAFE.test(contentType);

export function presignGet(key: string, name: string, contentType: string, inline = false): Promise<string> {
  const asInline = inline && inlineSafe(contentType);
  return getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: bucket(),
      Key: key,
      ResponseContentDisposition: disposition(name, asInline),
      ResponseContentType: asInline ? contentType : contentType === 'text/html' ? 'text/plain' : contentType,
    }),
    { expiresIn: LIMITS.urlTtlSeconds },
  );
}

/** Size and type as stored, or null when nothing was uploaded. */
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

export async function putObject(key: string, body: string | Buffer, contentType: string): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }));
}

export async function getObjectBytes(key: string): Promise<Buffer> {
  const r = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

export async function getObjectText(key: string): Promise<string> {
  return (await getObjectBytes(key)).toString('utf8');
}

export async function copyObject(from: string, to: string, contentType: string): Promise<void> {
  await s3Client().send(
    new CopyObjectCommand({ Bucket: bucket(), Key: to, CopySource: `${bucket()}/${from.split('/').map(encodeURIComponent).join('/')}`, ContentType: contentType, MetadataDirective: 'REPLACE' }),
  );
}

/** Deletes keys in batches of 1,000 (missing keys are fine). */
export async function deleteObjects(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    if (!chunk.length) continue;
    await s3Client().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }));
  }
}

export async function createMultipart(key: string, contentType: string): Promise<string> {
  const r = await s3Client().send(new CreateMultipartUploadCommand({ Bucket: bucket(), Key: key, ContentType: contentType }));
  if (!r.UploadId) throw new Error('S3 answered no UploadId');
  return r.UploadId;
}

/**
 * Parts S3 already has (all pages). Null when S3 no longer knows the upload, `'unsupported'` when the store has no
 * ListParts (s3rver answers MethodNotAllowed): then the parts the client reported are used.
 */
export async function listParts(key: string, s3UploadId: string): Promise<{ partNumber: number; etag: string; size: number }[] | null | 'unsupported'> {
  const out: { partNumber: number; etag: string; size: number }[] = [];
  let marker: string | undefined;
  try {
    for (let page = 0; page < 20; page++) {
      const r = await s3Client().send(new ListPartsCommand({ Bucket: bucket(), Key: key, UploadId: s3UploadId, ...(marker ? { PartNumberMarker: marker } : {}) }));
      for (const p of r.Parts ?? []) if (p.PartNumber && p.ETag) out.push({ partNumber: p.PartNumber, etag: p.ETag, size: p.Size ?? 0 });
      if (!r.IsTruncated || !r.NextPartNumberMarker) break;
      marker = String(r.NextPartNumberMarker);
    }
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (err.name === 'NoSuchUpload' || err.$metadata?.httpStatusCode === 404) return null;
    if (err.name === 'MethodNotAllowed' || err.name === 'NotImplemented' || err.$metadata?.httpStatusCode === 405) return 'unsupported';
    throw e;
  }
  return out.sort((a, b) => a.partNumber - b.partNumber);
}

export async function completeMultipart(key: string, s3UploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void> {
  await s3Client().send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket(),
      Key: key,
      UploadId: s3UploadId,
      MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
    }),
  );
}

export async function abortMultipart(key: string, s3UploadId: string): Promise<void> {
  await s3Client()
    .send(new AbortMultipartUploadCommand({ Bucket: bucket(), Key: key, UploadId: s3UploadId }))
    .catch(() => undefined);
}
