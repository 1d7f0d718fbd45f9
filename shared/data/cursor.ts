/**
 * Opaque, tamper-evident list cursors. A cursor is the page's DynamoDB position (ElectroDB's cursor)
 * plus the list it belongs to (`scope`, e.g. `tasks:by-user:U1`), signed with HMAC-SHA256. A client can
 * hold it and hand it back, but cannot forge one, edit one, or replay one into another list.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestError } from '../http/errors';
import { cursorKey } from './cursor-key';

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const sign = (key: string, payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 20);

export async function sealCursor(position: string | null | undefined, scope: string): Promise<string | null> {
  if (!position) return null;
  const payload = b64(JSON.stringify({ p: position, s: scope }));
  return `${payload}.${b64(sign(await cursorKey(), payload))}`;
}

/** The position inside a cursor from `sealCursor`, or a 400 naming `query.cursor`. */
export async function openCursor(
  cursor: string | null | undefined,
  scope: string,
  field = 'query.cursor',
): Promise<string | null> {
  if (!cursor) return null;
  const bad = () =>
    new BadRequestError('The cursor is invalid or belongs to another list', [
      { path: field, reason: 'invalid cursor' },
    ]);
  const [payload, sig, ...rest] = cursor.split('.');
  if (!payload || !sig || rest.length) throw bad();
  const expected = sign(await cursorKey(), payload);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad();
  let parsed: { p?: unknown; s?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw bad();
  }
  if (parsed.s !== scope || typeof parsed.p !== 'string') throw bad();
  return parsed.p;
}
