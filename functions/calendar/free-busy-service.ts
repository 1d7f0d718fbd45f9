/**
 * GET /calendar/free-busy (issue 14): the busy blocks of people and rooms over [from, to), for "find a time" and the
 * attendees' live availability. No titles, places or ids of events leave here: only times and how busy.
 *
 * | who      | how                                                                                              |
 * |----------|--------------------------------------------------------------------------------------------------|
 * | a person | ONE Query of their `user-{sub}` calendar partition (GSI1 CAL#user-{sub}, GSI1SK > END#{from},     |
 * |          | filter firstStartUtc < to): their own events and the meetings they are invited to                 |
 * | a room   | ONE Query of its bookings (GSI1 ROOM#{roomId}, same range)                                       |
 * The calls run side by side; recurring events are expanded inside the range (shared/calendar/recurrence.ts), the
 * blocks merged (shared/calendar/free-busy.ts).
 *
 * What counts: private events (busy, nothing else said), recurring ones, and invitations not declined. An event
 * marked `free` is not busy. An invitation I have not answered, or answered "tentative", shows as tentative.
 * `exceptEventId` leaves out the event being edited (and its edited occurrences).
 */
import type { UserContext } from '../../shared/auth/claims';
import type { Availability, BusyBlock, FreeBusyQuery, FreeBusyView } from '../../shared/calendar/contract';
import { userCalendarId } from '../../shared/calendar/contract';
import { attendeeFromRow, isAttendeeRow } from '../../shared/calendar/attendee-entity';
import { calendarPartition, endKeyFrom, eventFromRow, isEventRow } from '../../shared/calendar/event-entity';
import { mergeBusy } from '../../shared/calendar/free-busy';
import type { Timing } from '../../shared/calendar/recurrence';
import { timingOf } from '../../shared/calendar/timing-of';
import { query, type Raw } from '../../shared/data';
import { bookingTiming, instancesIn, roomBookingsOverlapping } from '../../shared/calendar/writes/room-booking';

type BusyAvailability = Exclude<Availability, 'free'>;
interface BusySource {
  timing: Timing;
  availability: BusyAvailability;
}

/** Every row of a person's calendar partition that has not ended before `from` and starts before `to`. */
async function partitionRows(calendarId: string, from: string, to: string): Promise<Raw[]> {
  const rows: Raw[] = [];
  let start: Raw | undefined;
  do {
    const page = await query({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK > :from',
      FilterExpression: 'firstStartUtc < :to',
      ExpressionAttributeValues: { ':pk': calendarPartition(calendarId), ':from': endKeyFrom(from), ':to': to },
      ...(start ? { ExclusiveStartKey: start } : {}),
    });
    rows.push(...page.items);
    start = page.lastKey;
  } while (start);
  return rows;
}

/** What of one row of a person's partition makes them busy (null: not busy, or not an event at all). */
function busySource(row: Raw, exceptEventId: string | undefined): BusySource | null {
  const skip = (e: { eventId: string; seriesId?: string }) =>
    exceptEventId !== undefined && (e.eventId === exceptEventId || e.seriesId === exceptEventId);
  if (isEventRow(row)) {
    const e = eventFromRow(row);
    if (!e || e.cancelled || e.availability === 'free' || skip(e)) return null;
    return { timing: timingOf(e), availability: e.availability };
  }
  if (isAttendeeRow(row)) {
    const a = attendeeFromRow(row);
    if (!a || a.state === 'declined' || a.availability === 'free' || skip(a)) return null;
    return { timing: timingOf(a), availability: a.state === 'accepted' ? a.availability : 'tentative' };
  }
  return null;
}

/** The sources' instances in [from, to), cut to the range, merged. */
function blocksIn(sources: BusySource[], from: string, to: string): BusyBlock[] {
  const [fromMs, toMs] = [Date.parse(from), Date.parse(to)];
  const blocks: BusyBlock[] = [];
  for (const s of sources)
    for (const i of instancesIn(s.timing, from, to))
      blocks.push({
        startUtc: new Date(Math.max(Date.parse(i.startUtc), fromMs)).toISOString(),
        endUtc: new Date(Math.min(Date.parse(i.endUtc), toMs)).toISOString(),
        availability: s.availability,
      });
  return mergeBusy(blocks);
}

async function personBusy(userId: string, q: FreeBusyQuery): Promise<BusyBlock[]> {
  const rows = await partitionRows(userCalendarId(userId), q.from, q.to);
  // An invitation and the person's own event can be the same meeting (the organiser's attendee row): once each.
  const seen = new Set<string>();
  const sources: BusySource[] = [];
  for (const row of rows) {
    const id = typeof row.eventId === 'string' ? row.eventId : '';
    const source = busySource(row, q.exceptEventId);
    if (source && !seen.has(id)) {
      seen.add(id);
      sources.push(source);
    }
  }
  return blocksIn(sources, q.from, q.to);
}

async function roomBusy(roomId: string, q: FreeBusyQuery): Promise<BusyBlock[]> {
  const bookings = await roomBookingsOverlapping(roomId, q.from, q.to);
  const sources = bookings
    .filter((b) => b.eventId !== q.exceptEventId)
    .map((b) => ({ timing: bookingTiming(b), availability: 'busy' as const }));
  return blocksIn(sources, q.from, q.to);
}

export async function freeBusy(_user: UserContext, q: FreeBusyQuery): Promise<FreeBusyView> {
  const userIds = q.userIds ?? [];
  const roomIds = q.roomIds ?? [];
  const [people, rooms] = await Promise.all([
    Promise.all(userIds.map((id) => personBusy(id, q))),
    Promise.all(roomIds.map((id) => roomBusy(id, q))),
  ]);
  return {
    from: q.from,
    to: q.to,
    users: Object.fromEntries(userIds.map((id, i) => [id, people[i]!])),
    rooms: Object.fromEntries(roomIds.map((id, i) => [id, rooms[i]!])),
  };
}
