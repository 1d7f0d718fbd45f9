/**
 * The one event path: ONE reader of the table's stream (the `stream-router` Lambda in the cloud, the
 * local stream poller locally, both invoking the same router handler) hands each feature the records its
 * manifest `streams` declare. This file derives that routing from the manifest, so CDK (the router's
 * event-source filter and its routing table) and the local stack cannot disagree.
 *
 * Pure: no SDK, no manifest import (callers pass FEATURES), so the router's bundle stays small.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { FeatureManifest, StreamEventName } from '../manifest/types';

export const ALL_STREAM_EVENTS: readonly StreamEventName[] = ['INSERT', 'MODIFY', 'REMOVE'];

/** One consumer feature: which (entity, event) pairs it receives, and its largest batch. */
export interface StreamRoute {
  feature: string;
  /** entity name (`__edb_e__`) → the events this feature takes for it */
  match: Record<string, StreamEventName[]>;
  batchSize: number;
}

/** The routing table, from the features' `streams` declarations (features without consumers are left out). */
export function streamRoutes(features: readonly Pick<FeatureManifest, 'feature' | 'streams'>[]): StreamRoute[] {
  return features
    .filter((f) => Object.keys(f.streams).length > 0)
    .map((f) => {
      const match: Record<string, Set<StreamEventName>> = {};
      for (const spec of Object.values(f.streams))
        for (const entity of spec.entities)
          for (const e of spec.events?.length ? spec.events : ALL_STREAM_EVENTS) (match[entity] ??= new Set()).add(e);
      return {
        feature: f.feature,
        match: Object.fromEntries(
          Object.entries(match)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([entity, events]) => [entity, ALL_STREAM_EVENTS.filter((e) => events.has(e))]),
        ),
        batchSize: Math.min(...Object.values(f.streams).map((s) => s.batchSize ?? 100)),
      };
    });
}

/**
 * What the router's event-source mapping lets through (a filter is free; a record nobody consumes
 * never invokes the router): entities wanted on INSERT/MODIFY (matched on the new image) and on REMOVE
 * (matched on the old image).
 */
export function routerFilter(routes: readonly StreamRoute[]): {
  upserts: Record<'INSERT' | 'MODIFY', string[]>;
  removes: string[];
} {
  const pick = (e: StreamEventName) =>
    [
      ...new Set(
        routes.flatMap((r) =>
          Object.entries(r.match)
            .filter(([, evs]) => evs.includes(e))
            .map(([n]) => n),
        ),
      ),
    ].sort();
  return { upserts: { INSERT: pick('INSERT'), MODIFY: pick('MODIFY') }, removes: pick('REMOVE') };
}

/** The entity name of a stream record (new image, or the old one for a REMOVE). */
export function entityOf(r: DynamoDBRecord): string | undefined {
  const img = (r.dynamodb?.NewImage ?? r.dynamodb?.OldImage) as Record<string, { S?: string }> | undefined;
  return img?.__edb_e__?.S;
}

export const routeWants = (route: StreamRoute, r: DynamoDBRecord): boolean => {
  const entity = entityOf(r);
  return entity !== undefined && (route.match[entity]?.includes(r.eventName as StreamEventName) ?? false);
};

/** Lambda's limit for an asynchronous invocation's payload is 256 KB; keep a margin for the envelope. */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 240 * 1024;

export interface Chunk {
  records: DynamoDBRecord[];
  bytes: number;
  /** A single record larger than the async limit: it must be delivered synchronously. */
  oversized: boolean;
}

/** Splits a feature's records into invocations of at most `batchSize` records and `maxBytes` of JSON, in order. */
export function chunkRecords(
  records: readonly DynamoDBRecord[],
  batchSize: number,
  maxBytes = ASYNC_PAYLOAD_LIMIT_BYTES,
): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { records: [], bytes: 0, oversized: false };
  for (const r of records) {
    const size = Buffer.byteLength(JSON.stringify(r)) + 1;
    if (current.records.length && (current.records.length >= batchSize || current.bytes + size > maxBytes)) {
      chunks.push(current);
      current = { records: [], bytes: 0, oversized: false };
    }
    current.records.push(r);
    current.bytes += size;
    if (size > maxBytes) current.oversized = true;
  }
  if (current.records.length) chunks.push(current);
  return chunks;
}

/** The payload a consumer feature receives: Lambda's DynamoDB stream event shape, marked as routed. */
export interface RoutedStreamEvent {
  Records: DynamoDBRecord[];
  /** Set by the router: failures must throw (the async invocation is retried, then lands in the DLQ). */
  routedBy: 'stream-router';
}
