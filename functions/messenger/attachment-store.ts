/**
 * Chat files in the drive bucket under `chats/{chatId}/{fileId}` (never the client's file name).
 * Presigned URLs live 5 minutes; the PUT binds Content-Type and Content-Length in its signature.
 * (s3rver does not check signatures: the binding is asserted by a unit test of the signing.)
 */
import { presignGetObject, presignPut, URL_TTL_SECONDS } from '../../shared/data/object-store';

export { bucket, headObject } from '../../shared/data/object-store';
export { URL_TTL_SECONDS };

export const presignedPut = (key: string, contentType: string, size: number): Promise<string> =>
  presignPut(key, contentType, size);

/** Images open inline (the bucket is another origin); anything else downloads under its name. */
export const presignedGet = (key: string, name: string, contentType: string): Promise<string> =>
  presignGetObject(key, { name, inline: /^image\/(png|jpeg|gif|webp)$/.test(contentType), contentType });
