/**
 * Pushing to people's open connections: the contract every feature uses for live updates.
 * - `sendToUser(userId, frame)`: one Query of that person's connections (GSI1), one PostToConnection each.
 * - `sendToUsers(userIds, frame)`: ONE Query of every live connection of the tenant (GSI2 'CONNS'),
 *   filtered by the recipients in memory, one PostToConnection per socket — a chat fan-out costs one read
 *   however many members the chat has.
 * Gone (or expired) connections are deleted — except one younger than CONNECT_GRACE_MS, which may still be
 * inside its $connect (stored, not yet open). A failure to post to one socket never stops the others.
 * Each frame is serialised once per fan-out, not once per socket.
 */
import { isExpired } from '../data/electro';
import { postFrame, prepareFrame } from '../runtime/ws-client';
import { Connections } from './connection-entity';

export interface SendResult {
  delivered: number;
  gone: number;
  failed: number;
}

export interface Conn {
  connectionId: string;
  userId: string;
  connectedAt?: string;
  expiresAt: number;
}

/** API Gateway's integration timeout: a $connect cannot take longer. */
export const CONNECT_GRACE_MS = 30_000;
const isConnecting = (c: Conn, nowMs = Date.now()) =>
  !isExpired(c.expiresAt, nowMs) && c.connectedAt !== undefined && nowMs - Date.parse(c.connectedAt) < CONNECT_GRACE_MS;

async function deliver(conns: Conn[], frame: unknown): Promise<SendResult> {
  const result: SendResult = { delivered: 0, gone: 0, failed: 0 };
  if (!conns.length) return result;
  // Serialised (and hashed for the signature) once, whatever the number of sockets.
  const prepared = prepareFrame(frame);
  await Promise.all(
    conns.map(async (c) => {
      let ok: boolean;
      try {
        ok = !isExpired(c.expiresAt) && (await postFrame(c.connectionId, prepared));
      } catch {
        result.failed++;
        return;
      }
      if (ok) result.delivered++;
      else {
        result.gone++;
        // A socket still inside its $connect is stored already but not open for posts yet (Gone); deleting its
        // item would orphan it for good once it opens. $disconnect, a later fan-out or the TTL clears it instead.
        if (!isConnecting(c)) {
          await Connections.delete({ connectionId: c.connectionId })
            .go()
            .catch(() => undefined);
        }
      }
    }),
  );
  return result;
}

export async function sendToUser(userId: string, frame: unknown): Promise<SendResult> {
  const { data } = await Connections.query.byUser({ userId }).go({ pages: 'all' });
  return deliver(data, frame);
}

/**
 * One frame to every socket of these people (the sender's other tabs included when listed). `connections`
 * may be a Query the caller started earlier, in parallel with its own reads and writes (a chat send does).
 */
export async function sendToUsers(
  userIds: Iterable<string>,
  frame: unknown,
  connections?: Promise<Conn[]>,
): Promise<SendResult> {
  const wanted = new Set(userIds);
  if (!wanted.size) return { delivered: 0, gone: 0, failed: 0 };
  const conns = await (connections ?? liveConnections());
  return deliver(
    conns.filter((c) => wanted.has(c.userId)),
    frame,
  );
}

/** Every live connection of the tenant: ONE Query (paged only past 1 MB). */
export async function liveConnections(): Promise<Conn[]> {
  const { data } = await Connections.query.all({}).go({ pages: 'all' });
  return data;
}

/**
 * Different frames for different people from ONE Query of connections (e.g. a direct chat's summary,
 * whose title is the other person's name for each side).
 */
export async function sendEach(frames: Map<string, unknown>): Promise<SendResult> {
  const total: SendResult = { delivered: 0, gone: 0, failed: 0 };
  if (!frames.size) return total;
  const conns = await liveConnections();
  const byFrame = new Map<unknown, Conn[]>();
  for (const c of conns) {
    if (!frames.has(c.userId)) continue;
    const f = frames.get(c.userId);
    byFrame.set(f, [...(byFrame.get(f) ?? []), c]);
  }
  for (const [f, cs] of byFrame) {
    const r = await deliver(cs, f);
    total.delivered += r.delivered;
    total.gone += r.gone;
    total.failed += r.failed;
  }
  return total;
}
