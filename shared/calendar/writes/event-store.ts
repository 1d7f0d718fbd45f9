/** Event reads and writes the calendar's routes compose (each names its cost). */
import { attendeeFromRow, type AttendeeItem } from '../attendee-entity';
import { isDateOnly } from '../contract';
import { EVENT_ENTITY, Events, calendarPartition, eventFromRow, eventPk, type EventItem } from '../event-entity';
import { CALENDAR_GUEST_ENTITY, CalendarGuests, type CalendarGuestItem } from '../guest-entity';
import { RoomBookings, isRoomBookingRow, roomBookingFromRow, type RoomBookingItem } from '../room-booking-entity';
import { query, queryAll, type EntityWrite, type Raw } from '../../data';
import { roomReleaseWrites } from './room-booking';

export interface EventBundle {
  event: EventItem | null;
  attendees: AttendeeItem[];
  guests: CalendarGuestItem[];
  booking: RoomBookingItem | null;
}

const guestFromRow = (row: Raw): CalendarGuestItem | null =>
  row.__edb_e__ === CALENDAR_GUEST_ENTITY ? CalendarGuests.parse({ Item: row }).data : null;

/** ONE Query (consistent): the event with its attendee rows, guests' answers and room booking. */
export async function readEventBundle(eventId: string): Promise<EventBundle> {
  const page = await query({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': eventPk(eventId) },
    ConsistentRead: true,
  });
  const bundle: EventBundle = { event: null, attendees: [], guests: [], booking: null };
  for (const row of page.items) {
    const event = eventFromRow(row);
    if (event) bundle.event = event;
    const attendee = attendeeFromRow(row);
    if (attendee) bundle.attendees.push(attendee);
    const guest = guestFromRow(row);
    if (guest) bundle.guests.push(guest);
    if (isRoomBookingRow(row)) bundle.booking = roomBookingFromRow(row);
  }
  return bundle;
}

/** Every event of a calendar (deleting the calendar): Query pages of its GSI1 partition, events only. */
export async function eventsOfCalendar(calendarId: string): Promise<EventItem[]> {
  const rows = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: '#e = :e',
    ExpressionAttributeNames: { '#e': '__edb_e__' },
    ExpressionAttributeValues: { ':pk': calendarPartition(calendarId), ':e': EVENT_ENTITY },
  });
  return rows.map(eventFromRow).filter((e): e is EventItem => !!e);
}

/** The edited occurrences of a series (in the series' calendar): Query pages of the calendar, filtered. */
export async function overridesOf(series: EventItem): Promise<EventItem[]> {
  const rows = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: '#e = :e AND seriesId = :s',
    ExpressionAttributeNames: { '#e': '__edb_e__' },
    ExpressionAttributeValues: {
      ':pk': calendarPartition(series.calendarId),
      ':e': EVENT_ENTITY,
      ':s': series.eventId,
    },
  });
  return rows.map(eventFromRow).filter((e): e is EventItem => !!e);
}

/** Deleting an event: the event (its attendee copies go by the stream consumer) and its room booking. */
export function deleteEventWrites(e: EventItem, condition?: { version: number }): EntityWrite[] {
  const del = condition
    ? Events.delete({ eventId: e.eventId }).where((a, o) => o.eq(a.version, condition.version))
    : Events.delete({ eventId: e.eventId });
  return [del, ...(e.roomId ? roomReleaseWrites(e.eventId) : [])];
}

/** Re-exported for the write core's files (it lives with the expansion it feeds). */
export { timingOf } from '../timing-of';

/**
 * The event's room booking with a timing that only lost occurrences (an exclusion, a series ended earlier): no new
 * time is taken, so no lock or check is needed; the row's copy just follows the series.
 */
export function trimmedBookingWrite(booking: RoomBookingItem, e: EventItem): EntityWrite {
  return RoomBookings().put({
    ...booking,
    lastEndUtc: e.lastEndUtc,
    timing: {
      start: e.start,
      end: e.end,
      timeZone: e.timeZone,
      allDay: e.allDay,
      ...(e.rrule ? { rrule: e.rrule } : {}),
      ...(e.exdates.length ? { exdates: [...e.exdates] } : {}),
    },
  });
}

/** Wall-clock arithmetic on local times ('YYYY-MM-DDTHH:mm' or dates), as if they were UTC. */
export const wallMs = (local: string) => Date.parse(isDateOnly(local) ? `${local}T00:00Z` : `${local}Z`);
export const wallText = (ms: number, dateOnly: boolean) => new Date(ms).toISOString().slice(0, dateOnly ? 10 : 16);
