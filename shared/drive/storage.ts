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
  ListPartsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../aws/s3-client';
import {
  bucket,
  deleteKeys,
  presignGetObject,
  presignPut as presignPutObject,
  putBytes,
  readBytes,
} from '../data/object-store';
import { LIMITS } from './contract';

export { bucket, disposition, headObject } from '../data/object-store';

/** `user:abc` → `user-abc` (a key segment without `:`). */
const driveSegment = (driveId: string) => driveId.replace(':', '-');
export const objectKey = (driveId: string, nodeId: string, versionId: string) =>
  `drive/${driveSegment(driveId)}/${nodeId}/${versionId}`;
export const thumbKeyOf = (key: string) => `${key}.thumb.webp`;

export const urlExpiry = (now = Date.now()) => new Date(now + LIMITS.urlTtlSeconds * 1000).toISOString();

export const presignPut = (key: string, contentType: string, size: number): Promise<string> =>
  presignPutObject(key, contentType, size, LIMITS.urlTtlSeconds);

export function presignPart(key: string, s3UploadId: string, partNumber: number): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new UploadPartCommand({ Bucket: bucket(), Key: key, UploadId: s3UploadId, PartNumber: partNumber }),
    {
      expiresIn: LIMITS.urlTtlSeconds,
    },
  );
}

/** Types a browser may show inline without running anything of the file's in the portal's origin (the bucket is another origin anyway). */
const INLINE_SAFE =
  /^(image\/(png|jpeg|gif|webp|avif|bmp)|application\/pdf|text\/plain|text\/markdown|text\/csv|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;
export const inlineSafe = (contentType: string) => INLINE_SAFE.test(contentType);

export function presignGet(key: string, name: string, contentType: string, inline = false): Promise<string> {
  const asInline = inline && inlineSafe(contentType);
  return presignGetObject(key, {
    name,
    inline: asInline,
    contentType: asInline ? contentType : contentType === 'text/html' ? 'text/plain' : contentType,
    expiresIn: LIMITS.urlTtlSeconds,
  });
}

export const putObject = (key: string, body: string | Buffer, contentType: string): Promise<void> =>
  putBytes(key, typeof body === 'string' ? Buffer.from(body, 'utf8') : body, contentType);

export const getObjectBytes = (key: string): Promise<Buffer> => readBytes(key);

export async function getObjectText(key: string): Promise<string> {
  return (await getObjectBytes(key)).toString('utf8');
}

export async function copyObject(from: string, to: string, contentType: string): Promise<void> {
  await s3Client().send(
    new CopyObjectCommand({
      Bucket: bucket(),
      Key: to,
      CopySource: `${bucket()}/${from.split('/').map(encodeURIComponent).join('/')}`,
      ContentType: contentType,
      MetadataDirective: 'REPLACE',
    }),
  );
}

/** Deletes keys in batches of 1,000 (missing keys are fine). */
export async function deleteObjects(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) await deleteKeys(keys.slice(i, i + 1000));
}

export async function createMultipart(key: string, contentType: string): Promise<string> {
  const r = await s3Client().send(
    new CreateMultipartUploadCommand({ Bucket: bucket(), Key: key, ContentType: contentType }),
  );
  if (!r.UploadId) throw new Error('S3 answered no UploadId');
  return r.UploadId;
}

/**
 * Parts S3 already has (all pages). Null when S3 no longer knows the upload, `'unsupported'` when the store has no
 * ListParts (s3rver answers MethodNotAllowed): then the parts the client reported are used.
 */
export async function listParts(
  key: string,
  s3UploadId: string,
): Promise<{ partNumber: number; etag: string; size: number }[] | null | 'unsupported'> {
  const out: { partNumber: number; etag: string; size: number }[] = [];
  let marker: string | undefined;
  try {
    for (let page = 0; page < 20; page++) {
      const r = await s3Client().send(
        new ListPartsCommand({
          Bucket: bucket(),
          Key: key,
          UploadId: s3UploadId,
          ...(marker ? { PartNumberMarker: marker } : {}),
        }),
      );
      for (const p of r.Parts ?? [])
        if (p.PartNumber && p.ETag) out.push({ partNumber: p.PartNumber, etag: p.ETag, size: p.Size ?? 0 });
      if (!r.IsTruncated || !r.NextPartNumberMarker) break;
      marker = String(r.NextPartNumberMarker);
    }
  } catch (e) {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (err.name === 'NoSuchUpload' || err.$metadata?.httpStatusCode === 404) return null;
    if (err.name === 'MethodNotAllowed' || err.name === 'NotImplemented' || err.$metadata?.httpStatusCode === 405)
      return 'unsupported';
    throw e;
  }
  return out.sort((a, b) => a.partNumber - b.partNumber);
}

export async function completeMultipart(
  key: string,
  s3UploadId: string,
  parts: { partNumber: number; etag: string }[],
): Promise<void> {
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
