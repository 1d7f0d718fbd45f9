/**
 * Room booking that can never double-book (issue 14). event-commit.ts adds these writes to the event's own
 * transaction; nothing here commits.
 *
 * Design: a per-room lock plus ONE Query of the room's bookings, not one item per time slot.
 *  - The room item carries `bookingVersion`. A booking reads it (consistent GetItem), Queries the room's bookings
 *    that overlap the new event's span, expands recurring ones inside the overlap, and — if nothing collides — writes
 *    the booking row AND `bookingVersion = read + 1 where bookingVersion = read` in the event's transaction. Two
 *    bookings made from the same read cannot both commit: the loser's condition fails (`isRoomLockConflict`), it
 *    re-reads, now sees the winner's booking and answers 409 naming it.
 *  - The bookings' GSI1 is eventually consistent, so the room also lists the events booked in the last minute
 *    (`recentBookings`); their rows are read consistently (ONE BatchGet) beside the Query.
 *  - A recurring booking stays ONE row (its RRULE copy); slot items per occurrence would be unbounded for an endless
 *    series, and moving a weekly meeting would rewrite hundreds of them.
 * Overlap between two series is checked over at most CHECK_HORIZON_DAYS from the start of their common span.
 */
import { AppError, ConflictError, ValidationError } from '../../http/errors';
import { batchGet, failedConditions, query, type EntityWrite } from '../../data';
import { isTransactionConflict } from '../../data/transaction';
import { expand, type Timing } from '../recurrence';
import { ROOM_ENTITY, Rooms, type RoomItem } from '../room-entity';
import {
  RoomBookings,
  bookingsEndingFrom,
  isRoomBookingRow,
  roomBookingFromRow,
  roomBookingKey,
  roomBookingsPk,
  type RoomBookingItem,
} from '../room-booking-entity';

export interface RoomSlot {
  eventId: string;
  roomId: string;
  timing: Timing;
  firstStartUtc: string;
  lastEndUtc: string;
  title: string;
  /** A private event is named "a private event" in another booker's 409. */
  private?: boolean;
  /** Bookings the same transaction rewrites (an edited occurrence's series, trimmed): not checked against. */
  exceptEventIds?: string[];
}

/** How long a booking stays in the room's `recentBookings` (GSI propagation takes well under a second). */
const RECENT_MS = 60_000;
/** Two series are compared over at most this many days from the start of their common span. */
export const CHECK_HORIZON_DAYS = 730;
/** Expansion step: each call expands a bounded window (an RRULE bomb cannot run away). */
const CHUNK_DAYS = 60;
const DAY_MS = 86_400_000;

export interface Busy {
  startUtc: string;
  endUtc: string;
}

/** The instances of a timing overlapping [fromUtc, toUtc), sorted, expanded chunk by chunk (bounded work per call). */
export function instancesIn(timing: Timing, fromUtc: string, toUtc: string): Busy[] {
  const out: Busy[] = [];
  const end = Date.parse(toUtc);
  for (let t = Date.parse(fromUtc); t < end; t += CHUNK_DAYS * DAY_MS) {
    const chunkEnd = Math.min(end, t + CHUNK_DAYS * DAY_MS);
    for (const i of expand(timing, new Date(t).toISOString(), new Date(chunkEnd).toISOString()))
      // An instance that spans a chunk boundary is returned by both chunks: keep it once.
      if (!out.length || out[out.length - 1]!.startUtc < i.startUtc)
        out.push({ startUtc: i.startUtc, endUtc: i.endUtc });
  }
  return out;
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** The first instance of `b` that overlaps an instance of `a` (sorted sweep), or null. */
export function firstCollision(
  a: { timing: Timing; firstStartUtc: string; lastEndUtc: string },
  b: { timing: Timing; firstStartUtc: string; lastEndUtc: string },
): Busy | null {
  const from = later(a.firstStartUtc, b.firstStartUtc);
  const horizon = new Date(Date.parse(from) + CHECK_HORIZON_DAYS * DAY_MS).toISOString();
  const to = earlier(earlier(a.lastEndUtc, b.lastEndUtc), horizon);
  if (from >= to) return null;
  const as = instancesIn(a.timing, from, to);
  const bs = instancesIn(b.timing, from, to);
  let i = 0;
  let j = 0;
  while (i < as.length && j < bs.length) {
    const x = as[i]!;
    const y = bs[j]!;
    if (x.startUtc < y.endUtc && y.startUtc < x.endUtc) return y;
    if (x.endUtc <= y.endUtc) i++;
    else j++;
  }
  return null;
}

/** The room's bookings whose span overlaps [fromUtc, toUtc): ONE Query on GSI1 (pages only past 1 MB). */
export async function roomBookingsOverlapping(
  roomId: string,
  fromUtc: string,
  toUtc: string,
): Promise<RoomBookingItem[]> {
  const out: RoomBookingItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await query({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK > :from',
      FilterExpression: 'firstStartUtc < :to',
      ExpressionAttributeValues: { ':pk': roomBookingsPk(roomId), ':from': bookingsEndingFrom(fromUtc), ':to': toUtc },
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    for (const row of page.items) if (isRoomBookingRow(row)) out.push(roomBookingFromRow(row));
    start = page.lastKey;
  } while (start);
  return out;
}

/** Bookings of the last minute the GSI may not show yet, read consistently (ONE BatchGet, usually none). */
async function recentBookingsNotSeen(room: RoomItem, seen: Set<string>, now: number): Promise<RoomBookingItem[]> {
  const ids = room.recentBookings
    .filter((r) => now - Date.parse(r.at) < RECENT_MS && !seen.has(r.eventId))
    .map((r) => r.eventId);
  if (!ids.length) return [];
  const rows = await batchGet(ids.map(roomBookingKey), { consistentRead: true });
  return rows
    .filter(isRoomBookingRow)
    .map(roomBookingFromRow)
    .filter((b) => b.roomId === room.roomId);
}

/** "10 Mar 2026, 10:00–11:00 (Europe/Bucharest)" in the booked event's own zone. */
function describeTime(busy: Busy, timeZone: string, allDay: boolean): string {
  const fmt = (iso: string, opts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: allDay ? 'UTC' : timeZone, ...opts }).format(new Date(iso));
  const day = fmt(busy.startUtc, { day: 'numeric', month: 'short', year: 'numeric' });
  if (allDay) return `${day} (all day)`;
  const hm: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return `${day}, ${fmt(busy.startUtc, hm)}–${fmt(busy.endUtc, hm)} (${timeZone})`;
}

/** Wraps a write so a failed condition carries the stored item back (isRoomLockConflict recognises the room). */
const returningOld = (write: EntityWrite): EntityWrite => ({
  params: (options?: object) => ({
    ...(write.params(options) as Record<string, unknown>),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  }),
});

/**
 * The room's bookings whose span overlaps [fromUtc, toUtc), including those of the last minute the GSI may not
 * show yet (read consistently). `room` must have been read consistently.
 */
export async function bookingsOfRoom(room: RoomItem, fromUtc: string, toUtc: string): Promise<RoomBookingItem[]> {
  const queried = await roomBookingsOverlapping(room.roomId, fromUtc, toUtc);
  const recent = await recentBookingsNotSeen(room, new Set(queried.map((b) => b.eventId)), Date.now());
  return [...queried, ...recent.filter((b) => b.firstStartUtc < toUtc && b.lastEndUtc > fromUtc)];
}

/**
 * The writes that book `slot.roomId` for the event, for the event's transaction: the room's lock (bookingVersion
 * as read + 1) and the booking row. Throws ValidationError (roomId) for a room that does not exist, ConflictError
 * naming the event that already holds the room at that time. On a room change pass only these (the put replaces the
 * event's old booking row); `roomReleaseWrites` is for an event that no longer books any room.
 */
export async function roomBookingWrites(slot: RoomSlot): Promise<EntityWrite[]> {
  const { data: room } = await Rooms().get({ roomId: slot.roomId }).go({ consistent: true });
  if (!room) throw new ValidationError([{ path: 'roomId', reason: 'there is no such room' }]);
  const now = Date.now();
  const candidates = (await bookingsOfRoom(room, slot.firstStartUtc, slot.lastEndUtc)).filter(
    (b) => b.eventId !== slot.eventId && !slot.exceptEventIds?.includes(b.eventId),
  );
  for (const booked of candidates) {
    const hit = firstCollision(slot, { ...booked, timing: bookingTiming(booked) });
    if (!hit) continue;
    const name = booked.private ? 'a private event' : `“${booked.title}”`;
    const when = describeTime(hit, booked.timing.timeZone, booked.timing.allDay);
    throw new ConflictError(`The room is already booked at that time by ${name}, ${when}.`, {
      conflict: {
        eventId: booked.eventId,
        ...(booked.private ? {} : { title: booked.title }),
        startUtc: hit.startUtc,
        endUtc: hit.endUtc,
      },
    });
  }
  const recent = room.recentBookings.filter((r) => now - Date.parse(r.at) < RECENT_MS && r.eventId !== slot.eventId);
  return [
    returningOld(
      Rooms()
        .patch({ roomId: slot.roomId })
        .set({
          bookingVersion: room.bookingVersion + 1,
          recentBookings: [...recent, { eventId: slot.eventId, at: new Date(now).toISOString() }],
        })
        .where((a, o) => o.eq(a.bookingVersion, room.bookingVersion)),
    ),
    RoomBookings().put({
      eventId: slot.eventId,
      roomId: slot.roomId,
      title: slot.title,
      ...(slot.private ? { private: true } : {}),
      firstStartUtc: slot.firstStartUtc,
      lastEndUtc: slot.lastEndUtc,
      timing: storedTiming(slot.timing),
    }),
  ];
}

/** The event no longer books a room (deleted, or its room removed): delete its booking row. */
export function roomReleaseWrites(eventId: string): EntityWrite[] {
  return [RoomBookings().delete({ eventId })];
}

/**
 * The transaction failed because the room's bookingVersion moved (another booking committed since the read) or
 * another transaction held the room at that moment: re-read and retry (`withRoomLockRetry`).
 */
export function isRoomLockConflict(err: unknown): boolean {
  if (isTransactionConflict(err)) return true;
  return failedConditions(err).some((f) => entityOf(f.item) === ROOM_ENTITY);
}

/** A cancellation reason's item is DynamoDB JSON (the document client does not unmarshall errors): `{ S: 'room' }`. */
function entityOf(item: Record<string, unknown> | undefined): string | undefined {
  const marker = item?.__edb_e__;
  if (typeof marker === 'string') return marker;
  const s = (marker as { S?: unknown } | undefined)?.S;
  return typeof s === 'string' ? s : undefined;
}

/** Runs `attempt` (which re-reads and builds its transaction each time) again after a room lock conflict; 409 BUSY when the tries run out. */
export async function withRoomLockRetry<T>(attempt: () => Promise<T>, tries = 10): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isRoomLockConflict(e)) throw e;
      if (n >= tries) throw new AppError(409, 'BUSY', 'Others are booking this room right now. Try again.');
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * n));
    }
  }
}

function storedTiming(t: Timing): RoomBookingItem['timing'] {
  return {
    start: t.start,
    end: t.end,
    timeZone: t.timeZone,
    allDay: t.allDay,
    ...(t.rrule ? { rrule: t.rrule } : {}),
    ...(t.exdates?.length ? { exdates: [...t.exdates] } : {}),
  };
}

/** A booking's timing as recurrence.ts expands it. */
export const bookingTiming = (b: RoomBookingItem): Timing => ({
  start: b.timing.start,
  end: b.timing.end,
  timeZone: b.timing.timeZone,
  allDay: b.timing.allDay,
  ...(b.timing.rrule ? { rrule: b.timing.rrule } : {}),
  exdates: b.timing.exdates ?? [],
});
