/**
 * Fixed-window rate limits kept in the table: one atomic `ADD hits :1` per check, the counter item
 * expiring with its window. Used for register / login / reset / invite, per address and per IP.
 *
 * | access pattern            | how                                                          |
 * |---------------------------|--------------------------------------------------------------|
 * | count a hit in the window | UpdateItem PK=RATE#{bucket}#{key}, SK=W#{windowStart}, ADD hits |
 */
import { createHash } from 'node:crypto';
import { Entity } from 'electrodb';
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

/** Counts one hit against each rule; throws 429 (with Retry-After) once any rule is over its limit. */
export async function hitRateLimits(checks: { rule: RateRule; key: string }[], nowMs = Date.now()): Promise<void> {
  const results = await Promise.all(
    checks.map(async ({ rule, key }) => {
      const now = epochSeconds(nowMs);
      const windowStart = now - (now % rule.windowSeconds);
      const { data } = await RateCounters.update({ bucket: rule.bucket, key: keyOf(key), windowStart })
        .add({ hits: 1 })
        .set({ expiresAt: windowStart + rule.windowSeconds * 2 })
        .go({ response: 'updated_new' });
      const hits = (data as { hits?: number }).hits ?? 1;
      return hits > rule.limit ? windowStart + rule.windowSeconds - now : 0;
    }),
  );
  const wait = Math.max(...results, 0);
  if (wait > 0) throw new TooManyRequestsError(Math.max(1, wait));
}

/** The caller's IP as API Gateway reports it. */
export const sourceIp = (event: { requestContext?: { http?: { sourceIp?: string } } }): string => event.requestContext?.http?.sourceIp ?? 'unknown';
