/**
 * Tools of the stream replay harness (test/integration/stream-replay.test.ts): the consumer invocations
 * the router handed out during one scenario (recorded by the local stack), replayed duplicated and
 * shuffled or newest first, and snapshots of what the scenario left behind (its table items, the e-mails
 * its people got) compared before and after.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { chunkRecords, type RoutedStreamEvent, type StreamRoute } from '../../shared/events/routing';
import type { StoredMail } from './mail-store';

export interface RoutedInvocation {
  feature: string;
  payload: unknown;
}

type Item = Record<string, unknown>;

const mentionsAny = (value: unknown, needles: readonly string[]) => {
  const text = JSON.stringify(value);
  return needles.some((n) => text.includes(n));
};

const recordsOf = (payload: unknown): DynamoDBRecord[] =>
  Array.isArray((payload as Partial<RoutedStreamEvent> | null)?.Records) ? (payload as RoutedStreamEvent).Records : [];

/**
 * The invocations, keeping only the records that mention one of the scenario's ids (the stack is shared
 * with other test files, whose records must not be replayed under them); invocations left empty go.
 */
export function scenarioInvocations(all: readonly RoutedInvocation[], needles: readonly string[]): RoutedInvocation[] {
  return all.flatMap(({ feature, payload }) => {
    const records = recordsOf(payload).filter((r) => mentionsAny(r, needles));
    return records.length ? [{ feature, payload: { ...(payload as object), Records: records } }] : [];
  });
}

/** A small deterministic generator (mulberry32): the same seed gives the same order. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const next = random(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every invocation twice, in a seeded random order (queued at once, they also run concurrently). */
export const twiceShuffled = (invocations: readonly RoutedInvocation[], seed: number): RoutedInvocation[] =>
  seededShuffle([...invocations, ...invocations], seed);

/**
 * Per feature, all its recorded records newest first, cut into invocations of its batch size; round i
 * holds every feature's i-th invocation, so a caller that waits between rounds makes each feature see
 * its records strictly in reverse (older state applied after newer).
 */
export function reversedRounds(
  invocations: readonly RoutedInvocation[],
  routes: readonly StreamRoute[],
): RoutedInvocation[][] {
  const rounds: RoutedInvocation[][] = [];
  for (const route of routes) {
    const records = invocations
      .filter((i) => i.feature === route.feature)
      .flatMap((i) => recordsOf(i.payload))
      .reverse();
    chunkRecords(records, route.batchSize).forEach((chunk, i) => {
      const payload: RoutedStreamEvent = { Records: chunk.records, routedBy: 'stream-router' };
      (rounds[i] ??= []).push({ feature: route.feature, payload });
    });
  }
  return rounds;
}

/** Every item of the table that mentions one of `needles` (a Scan: this is a test, not a request path), by key. */
export async function scenarioItems(
  client: DynamoDBClient,
  tableName: string,
  needles: readonly string[],
): Promise<Map<string, Item>> {
  const doc = DynamoDBDocumentClient.from(client);
  const items = new Map<string, Item>();
  let start: Item | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? [])
      if (mentionsAny(item, needles)) items.set(`${String(item.PK)} | ${String(item.SK)}`, item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Item).sort(([a], [b]) => a.localeCompare(b)))
      : x instanceof Set
        ? [...(x as Set<unknown>)].sort()
        : x,
  );

/** What changed between two snapshots, one readable line per added / removed item or changed attribute. */
export function itemDifferences(before: Map<string, Item>, after: Map<string, Item>): string[] {
  const lines: string[] = [];
  const entity = (i: Item | undefined) => String(i?.__edb_e__ ?? '?');
  for (const [key, a] of after)
    if (!before.has(key)) lines.push(`+ ${entity(a)} ${key} appeared: ${canonical(a).slice(0, 300)}`);
  for (const [key, b] of before) {
    const a = after.get(key);
    if (!a) {
      lines.push(`- ${entity(b)} ${key} disappeared`);
      continue;
    }
    for (const attr of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort())
      if (canonical(b[attr]) !== canonical(a[attr]))
        lines.push(
          `~ ${entity(b)} ${key} .${attr}: ${canonical(b[attr])?.slice(0, 200)} → ${canonical(a[attr])?.slice(0, 200)}`,
        );
  }
  return lines;
}

/** How many e-mails each of `addresses` got, per subject (`address | subject` → count). */
export async function mailCounts(mailUrl: string, addresses: readonly string[]): Promise<Record<string, number>> {
  const res = await fetch(`${mailUrl.replace(/\/+$/, '')}/store?since=0`);
  const { emails } = (await res.json()) as { emails: StoredMail[] };
  const counts: Record<string, number> = {};
  for (const m of emails)
    for (const to of m.destination.to) {
      const address = addresses.find((a) => to.toLowerCase().includes(a.toLowerCase()));
      if (address) counts[`${address} | ${m.subject}`] = (counts[`${address} | ${m.subject}`] ?? 0) + 1;
    }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
