/**
 * What GET /calendar/events reads of a calendar partition's rows (GSI1 CAL#{calendarId}: events, and in a `user-…`
 * partition my attendee copies too), and how a row becomes an occurrence's source without the entities' full parse.
 *
 * Why not Events.parse / Attendees.parse: a month view reads hundreds of rows per request and ElectroDB's parse walks
 * its whole schema for each (a third of the list's own CPU in the bench). The rows were written by those entities
 * (shared/calendar/event-entity.ts, attendee-entity.ts) and hold plain values (no getters, no transforms), so reading
 * the few attributes the list needs is the same data. LIST_PROJECTION asks DynamoDB for only those attributes
 * (not the description, reminders, attachments, departments, keys, timestamps), which also shrinks what is read,
 * sent and unmarshalled per row.
 */
import { ATTENDEE_ENTITY, type AttendeeItem } from '../../shared/calendar/attendee-entity';
import { AVAILABILITIES, COLORS, type AttendeeState, type CalendarColor } from '../../shared/calendar/contract';
import { EVENT_ENTITY, type EventUser } from '../../shared/calendar/event-entity';
import type { Raw } from '../../shared/data';
import type { OccurrenceSource } from './event-view';

/** The attributes an occurrence is drawn from (both kinds of row), then the event's and the copy's own. */
const SOURCE_ATTRIBUTES = [
  '__edb_e__',
  'eventId',
  'calendarId',
  'seriesId',
  'recurrenceId',
  'title',
  'place',
  'start',
  'end',
  'timeZone',
  'allDay',
  'rrule',
  'exdates',
  'availability',
  'private',
  'color',
  'organizerId',
  'organizerName',
  'roomId',
] as const;
const EVENT_ATTRIBUTES = ['version', 'users', 'guests'] as const;
const COPY_ATTRIBUTES = ['userId', 'state', 'eventVersion', 'attendeeCount'] as const;
const LIST_ATTRIBUTES = [...SOURCE_ATTRIBUTES, ...EVENT_ATTRIBUTES, ...COPY_ATTRIBUTES];

/** For the partition Query: only the attributes above (names aliased: START, END, PRIVATE, USERS are reserved words). */
export const LIST_PROJECTION = {
  ProjectionExpression: LIST_ATTRIBUTES.map((_, i) => `#p${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(LIST_ATTRIBUTES.map((name, i) => [`#p${i}`, name])),
};

/** An event row: its occurrence source and the people its rights depend on. */
export interface ListedEvent {
  kind: 'event';
  source: OccurrenceSource;
  organizerId: string;
  private: boolean;
  users: EventUser[];
}
/** An attendee copy: whose it is and their answer. */
export interface ListedCopy {
  kind: 'copy';
  source: OccurrenceSource;
  userId: string;
  state: AttendeeState;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const optionalText = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const count = (v: unknown): number => (typeof v === 'number' ? v : 0);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T =>
  values.includes(v as T) ? (v as T) : fallback;
const STATES: readonly AttendeeState[] = ['pending', 'accepted', 'tentative', 'declined'];

function usersOf(v: unknown): EventUser[] {
  if (!Array.isArray(v)) return [];
  const out: EventUser[] = [];
  for (const u of v as unknown[]) {
    if (typeof u !== 'object' || u === null) continue;
    const { id, name, departmentId } = u as Raw;
    if (typeof id === 'string')
      out.push({ id, name: text(name), ...(optionalText(departmentId) ? { departmentId: text(departmentId) } : {}) });
  }
  return out;
}

function sourceOf(row: Raw, attendeeCount: number, version: number): OccurrenceSource {
  const source: OccurrenceSource = {
    eventId: text(row.eventId),
    calendarId: text(row.calendarId),
    title: text(row.title),
    start: text(row.start),
    end: text(row.end),
    timeZone: text(row.timeZone),
    allDay: row.allDay === true,
    exdates: texts(row.exdates),
    availability: oneOf(AVAILABILITIES, row.availability, 'busy'),
    private: row.private === true,
    organizerId: text(row.organizerId),
    organizerName: text(row.organizerName),
    attendeeCount,
    version,
  };
  const seriesId = optionalText(row.seriesId);
  if (seriesId) source.seriesId = seriesId;
  const recurrenceId = optionalText(row.recurrenceId);
  if (recurrenceId) source.recurrenceId = recurrenceId;
  const place = optionalText(row.place);
  if (place) source.place = place;
  const rrule = optionalText(row.rrule);
  if (rrule) source.rrule = rrule;
  if (COLORS.includes(row.color as CalendarColor)) source.color = row.color as CalendarColor;
  const roomId = optionalText(row.roomId);
  if (roomId) source.roomId = roomId;
  return source;
}

/** A partition row → an event or an attendee copy; null for any other item. */
export function listedRow(row: Raw): ListedEvent | ListedCopy | null {
  if (row.__edb_e__ === EVENT_ENTITY) {
    const users = usersOf(row.users);
    const guests = Array.isArray(row.guests) ? row.guests.length : 0;
    return {
      kind: 'event',
      source: sourceOf(row, users.length + guests, count(row.version)),
      organizerId: text(row.organizerId),
      private: row.private === true,
      users,
    };
  }
  if (row.__edb_e__ === ATTENDEE_ENTITY) {
    return {
      kind: 'copy',
      source: sourceOf(row, count(row.attendeeCount), count(row.eventVersion)),
      userId: text(row.userId),
      state: oneOf(STATES, row.state, 'pending' satisfies AttendeeItem['state']),
    };
  }
  return null;
}
