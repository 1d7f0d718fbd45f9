/**
 * The direct chat of two people: the same id whoever opens it, so opening is idempotent. Pure (no table), so the
 * tenant import (infra/tenant/rewrite.ts), which recomputes these ids for new user ids, uses the same rule.
 */
import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** Lower-case Crockford base32 of the bytes. */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

export function directChatId(a: string, b: string): string {
  const [x, y] = [a, b].sort();
  return `dm-${base32(createHash('sha256').update(`${x}\n${y}`).digest()).slice(0, 26)}`;
}
