/**
 * Presence writes and reads (the item itself: shared/realtime/presence-entity.ts).
 * - $connect / $disconnect / the `presence` action each make ONE UpdateItem (a second one only to prune
 *   sockets whose 2-hour expiry passed without a $disconnect).
 * - Who sees whom: a person's contacts (shared/realtime/contacts.ts: people sharing a chat other than General, or
 *   a workgroup). GET /presence answers only for the asker's contacts — other ids are left out of the answer,
 *   so "not your contact" cannot be told apart from "no such person".
 * - The broadcast is off the request path: the stream consumer compares the item's old and new state and
 *   pushes one `presence` frame per changed person to the open sockets of that person's contacts: ONE Query of
 *   connections, then the contacts read (skipped when nobody else is online; stops early once every online
 *   person is found to be a contact).
 *
 * Order and duplicates (`presenceChanged`): a record's images only say THAT a person's state changed; the
 * frame carries the presence item as stored now (one BatchGet per batch), so a batch delivered twice sends
 * the same (current) state again — harmless, a frame replaces the state the SPA shows — and an older batch
 * arriving after a newer one can never push a stale state last.
 * Order and duplicates (`connectionRemoved`): each removed connection's socket is REMOVEd from the presence
 * item only if it is still recorded (a conditional write), so a repeat writes nothing; connection ids are
 * never reused, so no order between records matters.
 */
import type { StreamChange } from '../../shared/runtime/feature-handler';
import type { PresenceList } from '../../shared/messenger/contract';
import {
  expiredSockets,
  presenceState,
  presenceView,
  readPresence,
  recordSocketClosed,
  recordSocketOpen,
  recordSocketState,
  type PresenceItem,
} from '../../shared/realtime/presence-entity';
import { contactsOf } from '../../shared/realtime/contacts';
import { liveConnections, sendToUsers } from '../../shared/realtime/notify';

export async function socketOpened(userId: string, connectionId: string, expiresAt: number): Promise<void> {
  const item = await recordSocketOpen(userId, connectionId, expiresAt);
  const stale = expiredSockets(item);
  if (stale.length) await recordSocketClosed(userId, stale);
}

export async function socketClosed(userId: string, connectionId: string): Promise<void> {
  await recordSocketClosed(userId, [connectionId]);
}

export async function socketState(userId: string, connectionId: string, state: 'online' | 'away'): Promise<void> {
  await recordSocketState(userId, connectionId, state);
}

/** Presence of the listed people who are the asker's contacts; the others are omitted. */
export async function getPresence(askerId: string, userIds: string[]): Promise<PresenceList> {
  const contacts = await contactsOf(askerId, userIds);
  const visible = userIds.filter((u) => contacts.has(u));
  const items = await readPresence(visible);
  const now = Date.now();
  return { items: visible.map((u) => presenceView(u, items.get(u), now)) };
}

/** Per person in the batch: state before the first change vs after the last one; frames for those that changed. */
export function presenceFrames(changes: StreamChange[], nowMs: number = Date.now()) {
  const byUser = new Map<string, { before: PresenceItem | undefined; after: PresenceItem | undefined }>();
  for (const c of changes) {
    const userId = (c.newImage?.userId ?? c.oldImage?.userId) as string | undefined;
    if (!userId) continue;
    const seen = byUser.get(userId);
    if (seen) seen.after = c.newImage;
    else byUser.set(userId, { before: c.oldImage, after: c.newImage });
  }
  const frames = [];
  for (const [userId, { before, after }] of byUser) {
    if (presenceState(before, nowMs) === presenceState(after, nowMs)) continue;
    frames.push({ type: 'presence' as const, ...presenceView(userId, after, nowMs) });
  }
  return frames;
}

export async function broadcastPresence(changes: StreamChange[]): Promise<void> {
  const changed = presenceFrames(changes);
  if (!changed.length) return;
  const [current, sockets] = await Promise.all([readPresence(changed.map((f) => f.userId)), liveConnections()]);
  const online = new Set(sockets.map((c) => c.userId));
  const now = Date.now();
  for (const f of changed) {
    const othersOnline = [...online].filter((u) => u !== f.userId);
    // Nobody else online: only the person's own other tabs can be told, no contacts read needed.
    const audience = othersOnline.length ? await contactsOf(f.userId, othersOnline) : new Set([f.userId]);
    await sendToUsers(
      audience,
      { type: 'presence' as const, ...presenceView(f.userId, current.get(f.userId), now) },
      Promise.resolve(sockets),
    );
  }
}

/** Connection items that disappeared (Gone clean-up, TTL, $disconnect): forget their sockets. */
export async function connectionsRemoved(changes: StreamChange[]): Promise<void> {
  const byUser = new Map<string, string[]>();
  for (const c of changes) {
    const userId = c.oldImage?.userId;
    const connectionId = c.oldImage?.connectionId;
    if (typeof userId === 'string' && typeof connectionId === 'string')
      byUser.set(userId, [...(byUser.get(userId) ?? []), connectionId]);
  }
  await Promise.all([...byUser].map(([u, ids]) => recordSocketClosed(u, ids)));
}
