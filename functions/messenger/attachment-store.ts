/**
 * Chat files in the drive bucket under `chats/{chatId}/{fileId}` (never the client's file name).
 * Presigned URLs live 5 minutes; the PUT binds Content-Type and Content-Length in its signature.
 * (s3rver does not check signatures: the binding is asserted by a unit test of the signing.)
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../../shared/data/clients';

export const URL_TTL_SECONDS = 300;

export const bucket = (): string => {
  const b = process.env.BUCKET_NAME;
  if (!b) throw new Error('BUCKET_NAME is not set');
  return b;
};

export function presignedPut(key: string, contentType: string, size: number): Promise<string> {
  return getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: contentType, ContentLength: size }), {
    expiresIn: URL_TTL_SECONDS,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
}

/** RFC 5987 file name for Content-Disposition (the stored name is the display name only). */
const disposition = (name: string, inline: boolean) =>
  `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function presignedGet(key: string, name: string, contentType: string): Promise<string> {
  const inline = /^image\/(png|jpeg|gif|webp)$/.test(contentType);
  return getSignedUrl(
    s3Client(),
    new GetObjectCommand({ Bucket: bucket(), Key: key, ResponseContentDisposition: disposition(name, inline), ResponseContentType: contentType }),
    { expiresIn: URL_TTL_SECONDS },
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
