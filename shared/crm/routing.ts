/**
 * Free-salesperson routing (round-robin over a sales queue). Used by the web form submit, manual lead/deal
 * create with `assignFromQueue`, "Assign from queue" and imports with `assign: {queueId}`.
 *
 * Cost: ONE consistent GetItem of the queue + ONE BatchGet of the members' profiles (and their PRESENCE items
 * when the queue skips offline people; ≤ 50 members → ≤ 100 keys). The caller puts the returned `txItem` (the
 * pointer's conditional update) in its own TransactWriteItems, so the lead and the pointer move together:
 * two simultaneous submissions either get two different people or one transaction is cancelled — the caller
 * then retries the whole thing (`retryQueueRace`).
 *
 * Rules: members in queue order starting after `pointer` (the member who got the last one); skip profiles
 * that are not `active` or whose role is not employee/admin; if the queue skips offline people, skip those
 * for whom `isAvailable(profile, presence)` is false (today: presence offline; work-time and absences plug in
 * here later); if that skips everybody, the next eligible member regardless of presence; nobody eligible
 * (empty queue, all deactivated) → the queue's `fallbackUserId`.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../data/batch-get';
import { db, type Raw } from '../data/document';
import { tableName } from '../data/table';
import { itemOf, type EntityTransactItem } from '../data/transaction';
import { UnprocessableError } from '../http/errors';
import { presenceKey, presenceState } from '../realtime/presence-entity';
import type { PresenceState } from '../messenger/contract';
import { isEntityRow } from './entity-names';
import { queueKey } from './intake-entity';
import { QUEUE_ENTITY, Queues, type QueueItem } from './queue-entity';

export type TxItem = EntityTransactItem;

export interface MemberProfile {
  userId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  language?: string;
  role?: string;
  status?: string;
  departmentIds?: string[];
}

export type AvailabilityHook = (profile: MemberProfile, presence: PresenceState) => boolean;
/** Today only presence decides; work-time (clock in/out) and absences join here when they exist. */
export const defaultIsAvailable: AvailabilityHook = (_p, presence) => presence !== 'offline';

export interface Assignment {
  userId: string;
  /** The queue pointer's conditional update: put it in the same TransactWriteItems as the record. */
  txItem: TxItem;
  /** The assignee's profile as read (name, e-mail, language, primary department = departmentIds[0]). */
  profile: MemberProfile | undefined;
  /** Display name ("First Last"; the user id when the profile is missing). */
  name: string;
  /** How the assignee was chosen. */
  via: 'available' | 'any-active' | 'fallback';
}

export interface AssignOptions {
  isAvailable?: AvailabilityHook;
  /** The request field named in a 422 when the queue does not exist (default `queueId`). */
  field?: string;
}

/** Eligible = an active employee or admin (extranet partners and deactivated people never get leads). */
export const isEligible = (p: MemberProfile | undefined): boolean =>
  !!p && p.status === 'active' && (p.role === 'employee' || p.role === 'admin');

/**
 * The pure choice: members in order starting after `pointer` (from the start when the pointer is not a
 * member any more). Returns null when nobody is eligible.
 */
export function pickNext(
  memberIds: readonly string[],
  pointer: string,
  eligible: (id: string) => boolean,
  available: (id: string) => boolean,
): { userId: string; via: 'available' | 'any-active' } | null {
  const n = memberIds.length;
  if (!n) return null;
  const start = memberIds.indexOf(pointer) + 1; // -1 + 1 = 0 when the pointer is absent
  let firstEligible: string | null = null;
  for (let i = 0; i < n; i++) {
    const id = memberIds[(start + i) % n]!;
    if (!eligible(id)) continue;
    if (available(id)) return { userId: id, via: 'available' };
    firstEligible ??= id;
  }
  return firstEligible ? { userId: firstEligible, via: 'any-active' } : null;
}

export const displayName = (p: MemberProfile | undefined, fallback: string) =>
  `${p?.firstName ?? ''} ${p?.lastName ?? ''}`.trim() || fallback;

/** The queue pointer update: condition on the pointer and version that the choice was based on. */
export function pointerTxItem(
  q: Pick<QueueItem, 'queueId' | 'pointer' | 'version'>,
  nextPointer: string,
  now: string,
): TxItem {
  const move = Queues()
    .patch({ queueId: q.queueId })
    .set({ pointer: nextPointer, lastAssignedAt: now })
    .add({ assignments: 1 })
    .where(({ pointer, version }, { eq }) => `${eq(pointer, q.pointer)} AND ${eq(version, q.version)}`);
  // The cancellation reason then carries the queue item: `isQueueRace` recognises it among other conditions.
  return itemOf(move, { returnItemOnConflict: true });
}

const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });

/** The queue item (consistent read) or undefined. */
export async function readQueue(queueId: string): Promise<QueueItem | undefined> {
  const r = await db().send(new GetCommand({ TableName: tableName(), Key: queueKey(queueId), ConsistentRead: true }));
  const item = r.Item as Raw | undefined;
  return isEntityRow(item, QUEUE_ENTITY) ? (item as unknown as QueueItem) : undefined;
}

/**
 * Picks the next salesperson of a queue. `now` is the assignment time (ISO string or Date).
 * Throws 422 naming `opts.field` when the queue does not exist.
 */
export async function assignFromQueue(
  queueId: string,
  now: string | Date,
  opts: AssignOptions = {},
): Promise<Assignment> {
  const at = typeof now === 'string' ? now : now.toISOString();
  const queue = await readQueue(queueId);
  if (!queue)
    throw new UnprocessableError('There is no such sales queue', [
      { path: opts.field ?? 'queueId', reason: 'no such queue' },
    ]);
  const members = queue.memberIds ?? [];
  const withPresence = queue.skipOffline && members.length > 0;
  const fallbackInBatch = !members.includes(queue.fallbackUserId) && members.length * (withPresence ? 2 : 1) < 100;
  const keys: Raw[] = [
    ...members.map(profileKey),
    ...(withPresence ? members.map(presenceKey) : []),
    ...(fallbackInBatch ? [profileKey(queue.fallbackUserId)] : []),
  ];
  const rows = await batchGet(keys);
  const profiles = new Map<string, MemberProfile>();
  const presence = new Map<string, Raw>();
  for (const r of rows) {
    if (r.SK === 'PROFILE' && typeof r.userId === 'string') profiles.set(r.userId, r as unknown as MemberProfile);
    else if (r.SK === 'PRESENCE' && typeof r.PK === 'string') presence.set(r.PK.slice('USER#'.length), r);
  }
  const isAvailable = opts.isAvailable ?? defaultIsAvailable;
  const nowMs = Date.parse(at);
  const pick = pickNext(
    members,
    queue.pointer ?? '',
    (id) => isEligible(profiles.get(id)),
    (id) =>
      !queue.skipOffline ||
      isAvailable(profiles.get(id)!, presenceState(presence.get(id), Number.isNaN(nowMs) ? Date.now() : nowMs)),
  );
  if (pick) {
    const p = profiles.get(pick.userId);
    return {
      userId: pick.userId,
      txItem: pointerTxItem(queue, pick.userId, at),
      profile: p,
      name: displayName(p, pick.userId),
      via: pick.via,
    };
  }
  // Nobody can take it: the fallback (pointer unchanged, but still conditioned so a concurrent edit is seen).
  let fb = profiles.get(queue.fallbackUserId);
  if (!fb) {
    const r = await db().send(new GetCommand({ TableName: tableName(), Key: profileKey(queue.fallbackUserId) }));
    fb = r.Item as MemberProfile | undefined;
  }
  return {
    userId: queue.fallbackUserId,
    txItem: pointerTxItem(queue, queue.pointer ?? '', at),
    profile: fb,
    name: displayName(fb, queue.fallbackUserId),
    via: 'fallback',
  };
}

/** True when a cancelled transaction failed on a queue pointer's condition (another assignment won the race). */
export function isQueueRace(err: unknown): boolean {
  const e = err as { name?: string; CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] };
  if (e?.name !== 'TransactionCanceledException') return false;
  return (e.CancellationReasons ?? []).some((r) => {
    if (r.Code !== 'ConditionalCheckFailed' || !r.Item) return false;
    const pk = r.Item.PK as { S?: string } | string | undefined;
    const v = typeof pk === 'string' ? pk : pk?.S;
    return typeof v === 'string' && v.startsWith('CRMQUEUE#');
  });
}

/**
 * Runs `attempt` (which calls assignFromQueue and writes its transaction) again when it lost a pointer race:
 * up to `tries` times with a little jitter. Any other error passes through.
 */
export async function retryQueueRace<T>(attempt: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries || !isQueueRace(err)) throw err;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * i));
    }
  }
}
