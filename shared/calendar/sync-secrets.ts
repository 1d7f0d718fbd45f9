/**
 * The secrets of phone and PC sync (see ./sync-entity.ts for what the table keeps): the feed token derived from
 * the server key and a per-person nonce, the CalDAV password, and the hashes the table stores.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { cursorKey } from '../data/cursor-key';

/** A feed file name: 43 base64url characters (a 256-bit HMAC) + `.ics`. */
export const FEED_FILE_RE = /^([A-Za-z0-9_-]{43})\.ics$/;

export const newNonce = (): string => randomBytes(16).toString('base64url');
/** 144 random bits, 24 characters: typed once into a phone's account settings. */
export const newPassword = (): string => randomBytes(18).toString('base64url');

export const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/** The person's feed token: only the server key turns the stored nonce into it. */
export async function feedToken(userId: string, feedNonce: string): Promise<string> {
  return createHmac('sha256', await cursorKey())
    .update(`calendar-feed:${userId}:${feedNonce}`)
    .digest('base64url');
}

/** Constant-time check of a password against its stored SHA-256. */
export function passwordMatches(password: string, passwordHash: string): boolean {
  const a = Buffer.from(sha256(password));
  const b = Buffer.from(passwordHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
