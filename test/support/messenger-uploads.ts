/** Chat attachments as the SPA uploads them: POST …/attachments, then the presigned PUT to S3 (s3rver). */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { api, type TestUser } from './local-stack-client';

/** Uploads `bytes` as an attachment of the chat; the file id to send with a message. */
export async function uploadAttachment(
  u: TestUser,
  chatId: string,
  name: string,
  bytes: Buffer,
  contentType: string,
): Promise<string> {
  const start = await api<{ fileId: string; uploadUrl: string; headers: Record<string, string> }>(
    `/chats/${chatId}/attachments`,
    {
      method: 'POST',
      token: u.token,
      body: { name, size: bytes.length, contentType },
    },
  );
  expect(start.status).toBe(201);
  const put = await fetch(start.json.uploadUrl, {
    method: 'PUT',
    headers: start.json.headers,
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(200);
  return start.json.fileId;
}

/** A noisy picture (it does not compress: a thumbnail must be clearly smaller than the original). */
export const noisyPicture = (width: number, height: number) =>
  sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
