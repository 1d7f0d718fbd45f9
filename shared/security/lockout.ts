/**
 * Growing lockout of one target (e.g. a public link's password) across every caller: after `limit` failures in a
 * fixed window the target refuses attempts for `baseSeconds`, then twice as long at each new lockout (capped at
 * `maxSeconds`). A success after a lockout has ended resets the growth; a quiet `decaySeconds` after the last
 * lockout does too. Per-IP limits (rate-limit.ts) cannot do this: an attacker spreads guesses over many addresses.
 *
 * | access pattern                 | how                                                                          |
 * |--------------------------------|------------------------------------------------------------------------------|
 * | is the target locked?          | GetItem PK=LOCK#{bucket}#{key} SK=LOCK (consistent)                            |
 * | count a failure in the window  | UpdateItem ADD failures :1 IF windowStart = :ws, else SET a new window IF older |
 * | lock                           | UpdateItem SET lockedUntil, level+1, failures 0 IF level and lock as read      |
 * | reset after a success          | UpdateItem SET level 0 IF lockedUntil as read                                  |
 *
 * Every write is conditional on what it read, so concurrent failures neither lose a count nor lock twice.
 * The item expires (TTL) a decay period after its last window or lockout.
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig, epochSeconds } from '../data/electro';
import { isConditionFailure } from '../data/versioning';
import { AppError } from '../http/errors';

export const Lockouts = new Entity(
  {
    model: { entity: 'lockout', version: '1', service: SERVICE },
    attributes: {
      bucket: { type: 'string', required: true, readOnly: true },
      key: { type: 'string', required: true, readOnly: true },
      /** Epoch seconds the current failure window started. */
      windowStart: { type: 'number' },
      failures: { type: 'number' },
      /** Lockouts so far (the next lasts baseSeconds × 2^level). */
      level: { type: 'number' },
      /** Epoch seconds; 0 or absent = not locked. */
      lockedUntil: { type: 'number' },
      expiresAt: { type: 'number' },
    },
    indexes: {
      byKey: {
        pk: { field: 'PK', composite: ['bucket', 'key'], template: 'LOCK#${bucket}#${key}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'LOCK', casing: 'none' },
      },
    },
  },
  entityConfig(),
);
export type LockoutItem = EntityItem<typeof Lockouts>;

export interface LockoutRule {
  /** What is locked, e.g. `drive-link-password`. */
  bucket: string;
  /** Failures in one window that start a lockout. */
  limit: number;
  windowSeconds: number;
  baseSeconds: number;
  maxSeconds: number;
  /** A lockout that ended this long ago no longer makes the next one longer. */
  decaySeconds: number;
}

/** 429 with Retry-After (the pipeline reads `retryAfterSeconds`), `code` and message chosen by the caller. */
export class LockedOutError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    code: string,
    message: string,
  ) {
    super(429, code, message, undefined, { retryAfterSeconds });
  }
}

/** How long the lockout number `level + 1` lasts (level 0 → baseSeconds, then doubling, capped). */
export const lockoutSeconds = (rule: LockoutRule, level: number): number =>
  Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** Math.min(level, 30));

/** The state as stored (undefined when none), read consistently. */
export async function readLockout(rule: LockoutRule, key: string): Promise<LockoutItem | undefined> {
  const r = await Lockouts.get({ bucket: rule.bucket, key }).go({ consistent: true });
  return r.data ?? undefined;
}

/** Seconds left of the current lockout (0 = not locked). */
export const secondsLocked = (state: LockoutItem | undefined, nowMs = Date.now()): number =>
  Math.max(0, (state?.lockedUntil ?? 0) - epochSeconds(nowMs));

/** Counts one failure in the current window; returns the item after the count. */
async function countFailure(rule: LockoutRule, key: string, nowSec: number): Promise<LockoutItem> {
  const w = rule.windowSeconds;
  const windowStart = nowSec - (nowSec % w);
  const expiresAt = windowStart + w + rule.maxSeconds + rule.decaySeconds;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const same = await Lockouts.update({ bucket: rule.bucket, key })
        .add({ failures: 1 })
        .set({ expiresAt })
        .where((a, { eq }) => eq(a.windowStart, windowStart))
        .go({ response: 'all_new' });
      return same.data as LockoutItem;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    try {
      const fresh = await Lockouts.update({ bucket: rule.bucket, key })
        .set({ windowStart, failures: 1, expiresAt })
        .where((a, { notExists, lt }) => `${notExists(a.windowStart)} OR ${lt(a.windowStart, windowStart)}`)
        .go({ response: 'all_new' });
      return fresh.data as LockoutItem;
    } catch (e) {
      if (!isConditionFailure(e)) throw e; // another caller opened this window meanwhile: count in it
    }
  }
  throw new Error(`lockout ${rule.bucket}: the failure count kept changing`);
}

/**
 * Records a failure. Returns the seconds of the lockout it started (or that a concurrent failure started), 0 when
 * the target is not locked.
 */
export async function recordFailure(rule: LockoutRule, key: string, nowMs = Date.now()): Promise<number> {
  const nowSec = epochSeconds(nowMs);
  const counted = await countFailure(rule, key, nowSec);
  if ((counted.failures ?? 0) < rule.limit) return 0;
  const stored = counted.level ?? 0;
  const lastEnd = counted.lockedUntil ?? 0;
  const grown = lastEnd > 0 && nowSec - lastEnd > rule.decaySeconds ? 0 : stored;
  const seconds = lockoutSeconds(rule, grown);
  try {
    await Lockouts.update({ bucket: rule.bucket, key })
      .set({
        lockedUntil: nowSec + seconds,
        level: grown + 1,
        failures: 0,
        expiresAt: nowSec + seconds + rule.decaySeconds,
      })
      .where(
        (a, { eq, notExists, lte }) =>
          `(${stored === 0 ? `${notExists(a.level)} OR ${eq(a.level, 0)}` : eq(a.level, stored)}) AND ` +
          `(${notExists(a.lockedUntil)} OR ${lte(a.lockedUntil, nowSec)})`,
      )
      .go();
    return seconds;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    // A concurrent failure locked it first: report that lockout.
    return secondsLocked(await readLockout(rule, key), nowMs);
  }
}

/** After a success: once the lockout has ended, the next one starts from baseSeconds again. */
export async function recordSuccess(
  rule: LockoutRule,
  key: string,
  seen: LockoutItem | undefined,
  nowMs = Date.now(),
): Promise<void> {
  if (!seen || !(seen.level ?? 0)) return;
  const seenUntil = seen.lockedUntil ?? 0;
  if (seenUntil > epochSeconds(nowMs)) return;
  try {
    await Lockouts.update({ bucket: rule.bucket, key })
      .set({ level: 0, lockedUntil: 0 })
      .where((a, { eq }) => eq(a.lockedUntil, seenUntil))
      .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e; // locked again meanwhile: keep that lockout
  }
}
