/**
 * Sliding-window rate limits kept in the table: one atomic `ADD hits :1` per check, the counter item
 * expiring with its window. Used for register / login / reset / invite, per address and per IP.
 *
 * | access pattern            | how                                                          |
 * |---------------------------|--------------------------------------------------------------|
 * | count a hit in the window | UpdateItem PK=RATE#{bucket}#{key}, SK=W#{windowStart}, ADD hits |
 * | the previous window       | GetItem SK=W#{windowStart − window} (in parallel)             |
 */
import { createHash } from 'node:crypto';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig, epochSeconds } from '../data/electro';
import { TooManyRequestsError } from '../http/errors';

export const RateCounters = new Entity(
  {
    model: { entity: 'rateCounter', version: '1', service: SERVICE },
    attributes: {
      bucket: { type: 'string', required: true, readOnly: true },
      key: { type: 'string', required: true, readOnly: true },
      windowStart: { type: 'number', required: true, readOnly: true },
      hits: { type: 'number' },
      expiresAt: { type: 'number' },
    },
    indexes: {
      byKey: {
        pk: { field: 'PK', composite: ['bucket', 'key'], template: 'RATE#${bucket}#${key}', casing: 'none' },
        sk: { field: 'SK', composite: ['windowStart'], template: 'W#${windowStart}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export interface RateRule {
  /** What is limited, e.g. `password-reset:email`. */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/** E-mail addresses and IPs are hashed so the counters hold no personal data in the clear. */
const keyOf = (raw: string) => createHash('sha256').update(raw.trim().toLowerCase()).digest('base64url').slice(0, 32);

/**
 * Counts one hit against each rule; throws 429 (with Retry-After) once any rule is over its limit.
 * Sliding window (the two-window estimate): the previous window's hits count in proportion to how
 * much of it still overlaps the last `windowSeconds`. A plain fixed window would let a burst at a
 * window's end and the next one's start through twice (20 passwords tried in a second for a limit of 10).
 */
export async function hitRateLimits(checks: { rule: RateRule; key: string }[], nowMs = Date.now()): Promise<void> {
  const nowSec = nowMs / 1000;
  const results = await Promise.all(
    checks.map(async ({ rule, key }) => {
      const w = rule.windowSeconds;
      const now = epochSeconds(nowMs);
      const windowStart = now - (now % w);
      const k = keyOf(key);
      const [updated, previous] = await Promise.all([
        RateCounters.update({ bucket: rule.bucket, key: k, windowStart })
          .add({ hits: 1 })
          .set({ expiresAt: windowStart + w * 2 })
          .go({ response: 'updated_new' }),
        RateCounters.get({ bucket: rule.bucket, key: k, windowStart: windowStart - w }).go(),
      ]);
      const hits = (updated.data as { hits?: number }).hits ?? 1;
      const prev = previous.data?.hits ?? 0;
      return secondsToWait(hits, prev, rule.limit, w, nowSec - windowStart);
    }),
  );
  const wait = Math.max(...results, 0);
  if (wait > 0) throw new TooManyRequestsError(Math.max(1, Math.ceil(wait)));
}

/** 0 when the estimate `hits + prev × (1 − elapsed/w)` is within the limit, else the seconds until it is. */
export function secondsToWait(hits: number, prev: number, limit: number, w: number, elapsed: number): number {
  if (hits + Math.floor(prev * (1 - elapsed / w)) <= limit) return 0;
  if (hits > limit) return w - elapsed; // this window alone is over: wait for it to end
  // the previous window's share must fall to `limit − hits`: prev × (1 − t/w) < limit − hits + 1
  const t = w * (1 - (limit - hits + 1) / prev);
  return Math.max(1, t - elapsed);
}

/** The caller's IP as API Gateway reports it. */
export const sourceIp = (event: { requestContext?: { http?: { sourceIp?: string } } }): string =>
  event.requestContext?.http?.sourceIp ?? 'unknown';
