/** POST /calendar/events: calendar access + inputs (event-inputs.ts) + room check + ONE transaction. */
import { ulid } from 'ulid';
import type { UserContext } from '../../auth/claims';
import { isDateOnly, type CreateEventBody, type EventView } from '../contract';
import { Events } from '../event-entity';
import { eventAccess } from '../policy';
import { requireCalendarEditor } from './event-access';
import { commit, roomWrites } from './event-commit';
import { cleanDescription, resolveAttachments, resolveAttendees, type ResolvedAttendees } from './event-inputs';
import { timed, tidy } from './event-timing';
import { eventView } from './event-view';
import { person } from './people-store';

const noAttendees: ResolvedAttendees = { users: [], departments: [], guests: [] };

export async function createEvent(user: UserContext, body: CreateEventBody): Promise<EventView> {
  const times = timed({
    start: body.start,
    end: body.end,
    timeZone: body.timeZone,
    allDay: body.allDay ?? isDateOnly(body.start),
    ...(body.rrule ? { rrule: body.rrule } : {}),
    exdates: [],
  });
  const [, attendees, attachments, me, description] = await Promise.all([
    requireCalendarEditor(user, body.calendarId),
    body.attendees?.length ? resolveAttendees(body.attendees, user.sub) : noAttendees,
    resolveAttachments(user, body.attachmentIds ?? []),
    person(user.sub),
    cleanDescription(body.description),
  ]);
  const now = new Date().toISOString();
  const event = tidy({
    eventId: ulid(),
    calendarId: body.calendarId,
    title: body.title,
    description,
    ...(body.place ? { place: body.place } : {}),
    ...times,
    availability: body.availability ?? 'busy',
    private: body.private ?? false,
    ...(body.color ? { color: body.color } : {}),
    reminders: body.reminders ?? [],
    organizerId: user.sub,
    organizerName: me?.name ?? '',
    ...attendees,
    ...(body.roomId ? { roomId: body.roomId } : {}),
    attachments,
    sequence: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
    lastActorId: user.sub,
  });
  await commit(user, event.eventId, async () => [Events.create(event), ...(await roomWrites(event, null))], []);
  return eventView(event, eventAccess(user, event, 'owner'), { attendees: [], guests: [] });
}
