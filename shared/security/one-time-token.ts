/**
 * One-time link tokens: 256-bit random, stored hashed, single use, with expiry checked on every read
 * (DynamoDB Local never deletes TTL items and AWS may take 48 h, so an expired item counts as absent).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { epochSeconds } from '../data/electro';
import { isConditionFailure } from '../data/versioning';
import { OneTimeTokens, type TokenPurpose } from './one-time-token-entity';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

/** A token's shape: 43 base64url characters (32 random bytes). Anything else is refused before a read. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

export async function issueToken(opts: {
  purpose: TokenPurpose;
  subject: string;
  ttlSeconds: number;
  data?: Record<string, unknown>;
}): Promise<IssuedToken> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = epochSeconds() + opts.ttlSeconds;
  await OneTimeTokens.create({
    hash: hashToken(token),
    purpose: opts.purpose,
    subject: opts.subject,
    data: opts.data ?? {},
    createdAt: new Date().toISOString(),
    expiresAt,
  }).go();
  return { token, expiresAt };
}

export type TokenState = 'valid' | 'unknown' | 'expired' | 'used' | 'revoked';

export interface TokenRecord {
  purpose: TokenPurpose;
  subject: string;
  data: Record<string, unknown>;
  expiresAt: number;
}

/** Looks a token up without using it (e.g. to show the page behind the link). */
export async function inspectToken(
  token: string,
  purpose: TokenPurpose,
): Promise<{ state: TokenState; record?: TokenRecord }> {
  if (!TOKEN_PATTERN.test(token)) return { state: 'unknown' };
  const hash = hashToken(token);
  const { data } = await OneTimeTokens.get({ hash }).go();
  // The key already matched; compare again in constant time so no code path branches on a partial match.
  if (!data || data.purpose !== purpose || !timingSafeEqual(Buffer.from(data.hash), Buffer.from(hash)))
    return { state: 'unknown' };
  const record: TokenRecord = {
    purpose: data.purpose,
    subject: data.subject,
    data: (data.data as Record<string, unknown>) ?? {},
    expiresAt: data.expiresAt,
  };
  if (data.revokedAt) return { state: 'revoked', record };
  if (data.usedAt) return { state: 'used', record };
  if (data.expiresAt <= epochSeconds()) return { state: 'expired', record };
  return { state: 'valid', record };
}

/**
 * Uses a token: one conditional write that succeeds for exactly one caller while the token is unused,
 * unrevoked and unexpired. Returns the state it found when it could not use it.
 */
export async function consumeToken(
  token: string,
  purpose: TokenPurpose,
): Promise<{ state: TokenState; record?: TokenRecord }> {
  const seen = await inspectToken(token, purpose);
  if (seen.state !== 'valid') return seen;
  try {
    await OneTimeTokens.patch({ hash: hashToken(token) })
      .set({ usedAt: new Date().toISOString() })
      .where(
        ({ usedAt, revokedAt, expiresAt }, { notExists, gt }) =>
          `${notExists(usedAt)} AND ${notExists(revokedAt)} AND ${gt(expiresAt, epochSeconds())}`,
      )
      .go();
    return seen;
  } catch (err) {
    if (isConditionFailure(err)) return inspectToken(token, purpose);
    throw err;
  }
}

/** Revokes every live token of a subject for a purpose (resend replaces, revoke cancels). One Query, then the writes. */
export async function revokeTokens(purpose: TokenPurpose, subject: string): Promise<number> {
  const { data } = await OneTimeTokens.query.bySubject({ purpose, subject }).go({ pages: 'all' });
  const live = data.filter((t) => !t.usedAt && !t.revokedAt && t.expiresAt > epochSeconds());
  const revokedAt = new Date().toISOString();
  await Promise.all(live.map((t) => OneTimeTokens.patch({ hash: t.hash }).set({ revokedAt }).go()));
  return live.length;
}
