/** The full event as the API shows it (EventView); lists' occurrences are drawn by functions/calendar/event-view.ts. */
import type { AttendeeItem } from '../attendee-entity';
import type { AttendeeState, AttendeeView, EventView } from '../contract';
import type { EventItem } from '../event-entity';
import type { CalendarGuestItem } from '../guest-entity';
import type { EventAccess } from '../policy';
import { firstInstance } from '../recurrence';
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
