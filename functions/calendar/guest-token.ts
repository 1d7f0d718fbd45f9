/**
 * The outside guest's link: `/calendar/guest/{eventId}.{tag}.{mac}`, single-purpose and signed.
 *   tag = the first 96 bits of SHA-256(the guest's e-mail), so the address itself is never in the link (or in
 *         access logs); the guest is found among the event's guests by it;
 *   mac = HMAC-SHA256 with the server key (shared/data/cursor-key.ts) over `calendar-guest:{eventId}:{tag}`.
 * A forged or altered link fails the MAC before anything is read. Nothing is stored: the link lives as long as the
 * guest is on the event's guest list (taken off → 404).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { cursorKey } from '../../shared/data/cursor-key';
import { ULID_RE } from '../../shared/calendar/contract';

const PURPOSE = 'calendar-guest';
const TAG_RE = /^[A-Za-z0-9_-]{16}$/;
const MAC_RE = /^[A-Za-z0-9_-]{43}$/;

export const guestTag = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 16);

const macOf = async (eventId: string, tag: string) =>
  createHmac('sha256', await cursorKey())
    .update(`${PURPOSE}:${eventId}:${tag}`)
    .digest('base64url');

export async function guestToken(eventId: string, email: string): Promise<string> {
  const tag = guestTag(email);
  return `${eventId}.${tag}.${await macOf(eventId, tag)}`;
}

/** The event and guest tag a genuine link names, or null (any part wrong: the caller answers 404 either way). */
export async function openGuestToken(token: string): Promise<{ eventId: string; tag: string } | null> {
  const [eventId, tag, mac, ...rest] = token.split('.');
  if (rest.length || !eventId || !tag || !mac) return null;
  if (!ULID_RE.test(eventId) || !TAG_RE.test(tag) || !MAC_RE.test(mac)) return null;
  const expected = Buffer.from(await macOf(eventId, tag));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { eventId, tag } : null;
}

/** The guest page in the SPA (the e-mail's links add `?answer=`). */
export const guestPagePath = (token: string) => `/calendar/guest/${token}`;
