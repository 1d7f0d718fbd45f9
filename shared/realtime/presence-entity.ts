/**
 * Presence: one item per person, written by functions/realtime ($connect, $disconnect, the `presence`
 * action, connection removals from the stream) and read by anyone who needs "is this person here?"
 * (GET /presence, the offline e-mail digest).
 *
 * | access pattern                         | how                                                                 |
 * |----------------------------------------|---------------------------------------------------------------------|
 * | a socket opens                         | UpdateItem PK=USER#{id}, SK=PRESENCE: SET `C#{connectionId}` = {s, x}, lastSeenAt |
 * | a socket says online/away              | UpdateItem SET `C#{connectionId}`.s, if that connection is recorded |
 * | a socket closes / its item is removed  | UpdateItem REMOVE `C#{connectionId}`, SET lastSeenAt                |
 * | presence of up to 100 people           | ONE BatchGetItem of their PRESENCE items                            |
 * | presence changes → everyone online     | stream consumer on this entity (functions/realtime), old vs new state |
 *
 * Each open socket is its own top-level attribute `C#{connectionId}` = `{ s: 'online'|'away', x: expiresAt }`
 * (not a nested map: `SET map.#k` fails when the map does not exist yet, and a socket's open must be one
 * write). A person is
 *   online  — at least one live socket that is not away,
 *   away    — live sockets, all away (tab hidden / idle),
 *   offline — no live socket.
 * "Live" = recorded and not past its expiry: DynamoDB Local never deletes expired items and AWS may lose a
 * `$disconnect`, so a socket whose 2-hour limit has passed never counts as online. Stale entries are pruned
 * on the next write that sees them. The items are written with raw UpdateItems (dynamic attribute names
 * are outside what an ElectroDB schema can describe) but carry ElectroDB's entity markers so stream
 * consumers can filter on the entity name `presence` like any other.
 */
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../data/clients';
import { isExpired } from '../data/electro';
import { tableName } from '../data/table';
import type { PresenceState, PresenceView } from '../messenger/contract';

export const PRESENCE_ENTITY = 'presence';
export const PRESENCE_SK = 'PRESENCE';
export const CONN_ATTR_PREFIX = 'C#';
export const presenceKey = (userId: string) => ({ PK: `USER#${userId}`, SK: PRESENCE_SK });

export interface SocketPresence {
  /** online | away */
  s: 'online' | 'away';
  /** Epoch seconds after which the socket is dead whatever the table says. */
  x: number;
}

export type PresenceItem = Record<string, unknown> & { userId?: string; lastSeenAt?: string };

/** The sockets recorded on an item: connectionId → entry. */
export function socketsOf(item: PresenceItem | undefined): Map<string, SocketPresence> {
  const out = new Map<string, SocketPresence>();
  if (!item) return out;
  for (const [k, v] of Object.entries(item)) {
    if (!k.startsWith(CONN_ATTR_PREFIX) || !v || typeof v !== 'object') continue;
    const e = v as Partial<SocketPresence>;
    if ((e.s === 'online' || e.s === 'away') && typeof e.x === 'number')
      out.set(k.slice(CONN_ATTR_PREFIX.length), { s: e.s, x: e.x });
  }
  return out;
}

/** The person's state from their item at `nowMs` (expired sockets ignored). */
export function presenceState(item: PresenceItem | undefined, nowMs: number = Date.now()): PresenceState {
  let live = 0;
  for (const e of socketsOf(item).values()) {
    if (isExpired(e.x, nowMs)) continue;
    if (e.s === 'online') return 'online';
    live++;
  }
  return live > 0 ? 'away' : 'offline';
}

export function presenceView(userId: string, item: PresenceItem | undefined, nowMs: number = Date.now()): PresenceView {
  return {
    userId,
    state: presenceState(item, nowMs),
    lastSeenAt: typeof item?.lastSeenAt === 'string' ? item.lastSeenAt : null,
  };
}

/** Expired socket entries of an item (to prune). */
export const expiredSockets = (item: PresenceItem | undefined, nowMs: number = Date.now()): string[] =>
  [...socketsOf(item)].filter(([, e]) => isExpired(e.x, nowMs)).map(([id]) => id);

const markers = { ':e': PRESENCE_ENTITY, ':v': '1' };
const MARKERS_SET = '#edbE = :e, #edbV = :v';
const MARKER_NAMES = { '#edbE': '__edb_e__', '#edbV': '__edb_v__' };

/** Records an open socket (state online); returns the item as it is now. */
export async function recordSocketOpen(
  userId: string,
  connectionId: string,
  expiresAt: number,
  at = new Date(),
): Promise<PresenceItem> {
  const out = await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: presenceKey(userId),
      UpdateExpression: `SET #c = :c, userId = :u, lastSeenAt = :now, ${MARKERS_SET}`,
      ExpressionAttributeNames: { '#c': `${CONN_ATTR_PREFIX}${connectionId}`, ...MARKER_NAMES },
      ExpressionAttributeValues: {
        ':c': { s: 'online', x: expiresAt } satisfies SocketPresence,
        ':u': userId,
        ':now': at.toISOString(),
        ...markers,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return (out.Attributes ?? {}) as PresenceItem;
}

/** Forgets sockets (a closed one, plus any expired ones seen); no write when none of them is recorded. */
export async function recordSocketClosed(
  userId: string,
  connectionIds: string[],
  at = new Date(),
): Promise<PresenceItem | undefined> {
  if (!connectionIds.length) return undefined;
  const names: Record<string, string> = {};
  connectionIds.forEach((id, i) => (names[`#c${i}`] = `${CONN_ATTR_PREFIX}${id}`));
  try {
    const out = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: presenceKey(userId),
        UpdateExpression: `REMOVE ${Object.keys(names).join(', ')} SET lastSeenAt = :now`,
        // Only when one of them is recorded: a repeated close (the stream echo of a $disconnect) writes nothing.
        ConditionExpression: Object.keys(names)
          .map((n) => `attribute_exists(${n})`)
          .join(' OR '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':now': at.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (out.Attributes ?? {}) as PresenceItem;
  } catch (e) {
    if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return undefined;
    throw e;
  }
}

/** A socket says it is online or away; false when the socket is not recorded (nothing written). */
export async function recordSocketState(
  userId: string,
  connectionId: string,
  state: 'online' | 'away',
  at = new Date(),
): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: presenceKey(userId),
        UpdateExpression: 'SET #c.s = :s, lastSeenAt = :now',
        ConditionExpression: 'attribute_exists(#c)',
        ExpressionAttributeNames: { '#c': `${CONN_ATTR_PREFIX}${connectionId}` },
        ExpressionAttributeValues: { ':s': state, ':now': at.toISOString() },
      }),
    );
    return true;
  } catch (e) {
    if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** Presence items of up to 100 people: ONE BatchGetItem (plus retries of unprocessed keys). */
export async function readPresence(userIds: string[]): Promise<Map<string, PresenceItem>> {
  const out = new Map<string, PresenceItem>();
  if (!userIds.length) return out;
  if (userIds.length > 100) throw new Error('readPresence takes at most 100 user ids');
  let keys: Record<string, unknown>[] | undefined = [...new Set(userIds)].map(presenceKey);
  for (let attempt = 0; keys?.length && attempt < 5; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    const res = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys } } }));
    for (const item of res.Responses?.[tableName()] ?? []) {
      const u = (item as PresenceItem).userId;
      if (typeof u === 'string') out.set(u, item as PresenceItem);
    }
    keys = res.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined;
  }
  if (keys?.length) throw new Error('BatchGetItem left keys unprocessed');
  return out;
}
