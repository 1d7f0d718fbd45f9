/** What the API shows of an event: the full EventView, and one occurrence (OccurrenceView) for lists. */
import type { AttendeeItem } from '../../shared/calendar/attendee-entity';
import type {
  AttendeeState,
  AttendeeView,
  CalendarColor,
  EventView,
  OccurrenceView,
  PeopleMap,
} from '../../shared/calendar/contract';
import type { EventItem } from '../../shared/calendar/event-entity';
import type { CalendarGuestItem } from '../../shared/calendar/guest-entity';
import type { EventAccess } from '../../shared/calendar/policy';
import { firstInstance, type Instance } from '../../shared/calendar/recurrence';
import { timingOf } from './event-store';
import { peopleMapOf } from './people-store';

export interface ViewExtras {
  attendees: AttendeeItem[];
  guests: CalendarGuestItem[];
  room?: { roomId: string; name: string } | undefined;
}

/** The full event as `access` lets me see it (a private event I may not read: busy, no details). */
export function eventView(e: EventItem, access: EventAccess, extras: ViewExtras): EventView {
  const first = firstInstance(timingOf(e));
  const rowOf = new Map(extras.attendees.map((a) => [a.userId, a]));
  const guestOf = new Map(extras.guests.map((g) => [g.email, g]));
  const d = access.details;
  const attendees: AttendeeView[] = d
    ? [
        ...e.users.map((u) => {
          const row = rowOf.get(u.id);
          return {
            type: 'user' as const,
            id: u.id,
            name: u.name,
            state: row?.state ?? 'pending',
            ...(row?.comment ? { comment: row.comment } : {}),
            ...(u.departmentId ? { departmentId: u.departmentId } : {}),
          };
        }),
        ...e.guests.map((g) => {
          const row = guestOf.get(g.email);
          return {
            type: 'email' as const,
            id: g.email,
            name: g.name ?? g.email,
            state: (row?.state ?? 'pending') as AttendeeState,
            ...(row?.comment ? { comment: row.comment } : {}),
          };
        }),
      ]
    : [];
  return {
    eventId: e.eventId,
    calendarId: e.calendarId,
    ...(e.seriesId ? { seriesId: e.seriesId } : {}),
    ...(e.recurrenceId ? { recurrenceId: e.recurrenceId } : {}),
    title: d ? e.title : '',
    ...(d && e.description ? { description: e.description } : {}),
    ...(d && e.place ? { place: e.place } : {}),
    start: e.start,
    end: e.end,
    startUtc: first.startUtc,
    endUtc: first.endUtc,
    allDay: e.allDay,
    timeZone: e.timeZone,
    availability: e.availability,
    private: e.private,
    ...(e.color ? { color: e.color } : {}),
    reminders: d ? e.reminders : [],
    ...(e.rrule ? { rrule: e.rrule } : {}),
    exdates: e.exdates,
    organizerId: e.organizerId,
    attendees,
    departments: d ? e.departments : [],
    ...(d && e.roomId ? { roomId: e.roomId } : {}),
    ...(d && extras.room ? { room: extras.room } : {}),
    attachments: d ? e.attachments : [],
    rights: { edit: access.edit, delete: access.delete, rsvp: access.rsvp },
    people: peopleMapOf([
      [e.organizerId, e.organizerName],
      ...(d ? e.users.map((u): [string, string] => [u.id, u.name]) : []),
    ]),
    sequence: e.sequence,
    version: e.version,
    updatedAt: e.updatedAt,
  };
}

/** The fields an occurrence is drawn from: an event or an attendee's copy of one. */
export interface OccurrenceSource {
  eventId: string;
  calendarId: string;
  seriesId?: string | undefined;
  recurrenceId?: string | undefined;
  title: string;
  place?: string | undefined;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  rrule?: string | undefined;
  exdates: string[];
  availability: EventItem['availability'];
  private: boolean;
  color?: CalendarColor | undefined;
  organizerId: string;
  organizerName: string;
  roomId?: string | undefined;
  attendeeCount: number;
  version: number;
}

/** One occurrence as a list shows it; `details` false: a private event shown as busy. */
export function occurrenceView(
  s: OccurrenceSource,
  i: Instance,
  o: { calendarId: string; color: CalendarColor; details: boolean; canEdit: boolean; myState?: AttendeeState },
): OccurrenceView {
  return {
    eventId: s.eventId,
    ...(s.rrule ? { seriesId: s.eventId } : s.seriesId ? { seriesId: s.seriesId } : {}),
    ...(i.occurrence ? { occurrence: i.occurrence } : s.recurrenceId ? { occurrence: s.recurrenceId } : {}),
    calendarId: o.calendarId,
    title: o.details ? s.title : '',
    ...(o.details && s.place ? { place: s.place } : {}),
    start: i.start,
    end: i.end,
    startUtc: i.startUtc,
    endUtc: i.endUtc,
    allDay: s.allDay,
    timeZone: s.timeZone,
    availability: s.availability,
    private: s.private,
    color: s.color ?? o.color,
    recurring: !!s.rrule || !!s.seriesId,
    organizerId: s.organizerId,
    ...(o.myState ? { myState: o.myState } : {}),
    ...(o.details && s.roomId ? { roomId: s.roomId } : {}),
    attendeeCount: o.details ? s.attendeeCount : 0,
    canEdit: o.canEdit,
    version: s.version,
  };
}

export const organizerPeople = (sources: OccurrenceSource[]): PeopleMap =>
  peopleMapOf(sources.map((s): [string, string] => [s.organizerId, s.organizerName]));
