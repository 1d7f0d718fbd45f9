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
 * on the next write that sees them. Each write is the `Presence` entity's UpdateItem (key, userId,
 * lastSeenAt and the entity markers stream consumers filter on: entity name `presence`) with the socket
 * entries' clauses added to it: their names are dynamic, outside what an ElectroDB schema can describe.
 */
import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { Entity } from 'electrodb';
import { batchGet } from '../data/batch-get';
import { db } from '../data/document';
import { SERVICE, entityConfig, isExpired } from '../data/electro';
import type { PresenceState, PresenceView } from '../messenger/contract';

export const PRESENCE_ENTITY = 'presence';
export const PRESENCE_SK = 'PRESENCE';
export const CONN_ATTR_PREFIX = 'C#';
export const presenceKey = (userId: string) => ({ PK: `USER#${userId}`, SK: PRESENCE_SK });

/** The schema-describable part of a presence item; the `C#{connectionId}` entries are added to its writes. */
export const Presence = new Entity(
  {
    model: { entity: PRESENCE_ENTITY, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      lastSeenAt: { type: 'string', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: PRESENCE_SK, casing: 'none' },
      },
    },
  },
  entityConfig(),
);

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

interface SocketClauses {
  /** `#name = :value` assignments and REMOVEd names, over the socket entries' placeholders. */
  set?: string[];
  remove?: string[];
  condition?: string;
  names: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * The entity's UpdateItem (an upsert: SET userId, lastSeenAt and the markers) with the socket entries' clauses
 * added. The placeholders of the clauses (`#c…`, `:c…`) cannot collide with ElectroDB's (`#attr`, `:attr_u0`).
 */
function presenceUpdate(userId: string, at: Date, sockets: SocketClauses): UpdateCommandInput {
  const base = Presence.update({ userId }).set({ lastSeenAt: at.toISOString() }).params<UpdateCommandInput>();
  const entitySets = (base.UpdateExpression ?? '').replace(/^SET /, '');
  return {
    ...base,
    UpdateExpression: [
      `SET ${[...(sockets.set ?? []), entitySets].join(', ')}`,
      ...(sockets.remove?.length ? [`REMOVE ${sockets.remove.join(', ')}`] : []),
    ].join(' '),
    ...(sockets.condition ? { ConditionExpression: sockets.condition } : {}),
    ExpressionAttributeNames: { ...base.ExpressionAttributeNames, ...sockets.names },
    ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ...sockets.values },
  };
}

/** Records an open socket (state online); returns the item as it is now. */
export async function recordSocketOpen(
  userId: string,
  connectionId: string,
  expiresAt: number,
  at = new Date(),
): Promise<PresenceItem> {
  const out = await db().send(
    new UpdateCommand({
      ...presenceUpdate(userId, at, {
        set: ['#c = :c'],
        names: { '#c': `${CONN_ATTR_PREFIX}${connectionId}` },
        values: { ':c': { s: 'online', x: expiresAt } satisfies SocketPresence },
      }),
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
    const out = await db().send(
      new UpdateCommand({
        ...presenceUpdate(userId, at, {
          remove: Object.keys(names),
          // Only when one of them is recorded: a repeated close (the stream echo of a $disconnect) writes nothing.
          condition: Object.keys(names)
            .map((n) => `attribute_exists(${n})`)
            .join(' OR '),
          names,
        }),
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
    await db().send(
      new UpdateCommand(
        presenceUpdate(userId, at, {
          set: ['#c.s = :cs'],
          condition: 'attribute_exists(#c)',
          names: { '#c': `${CONN_ATTR_PREFIX}${connectionId}` },
          values: { ':cs': state },
        }),
      ),
    );
    return true;
  } catch (e) {
    if ((e as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}

/** Presence items of up to 100 people: ONE BatchGetItem (shared/data: unprocessed keys retried). */
export async function readPresence(userIds: string[]): Promise<Map<string, PresenceItem>> {
  const out = new Map<string, PresenceItem>();
  if (!userIds.length) return out;
  if (userIds.length > 100) throw new Error('readPresence takes at most 100 user ids');
  for (const item of await batchGet<PresenceItem>(userIds.map(presenceKey))) {
    if (typeof item.userId === 'string') out.set(item.userId, item);
  }
  return out;
}
