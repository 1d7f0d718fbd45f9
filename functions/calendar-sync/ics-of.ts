/**
 * Stored events → shared/calendar/ics.ts's IcsEvent, for the feed (METHOD:PUBLISH: my events, the invitations I
 * accepted or answered tentatively, my open tasks' deadlines) and for CalDAV objects (a series with its edited
 * occurrences, one UID). A series keeps its RRULE and EXDATEs and each edited occurrence its RECURRENCE-ID: the
 * client expands them. UIDs are shared/calendar/ics.ts's eventUid (an edited occurrence carries its series' UID),
 * the same as the e-mail invitation's.
 */
import type { AttendeeItem } from '../../shared/calendar/attendee-entity';
import type { EventItem } from '../../shared/calendar/event-entity';
import { deadlineUid, eventUid, htmlToText, icsCalendar, type IcsEvent } from '../../shared/calendar/ics';
import type { DeadlineRow, MyCalendar } from './my-calendar';

type Shared = Pick<
  EventItem,
  'title' | 'place' | 'start' | 'end' | 'timeZone' | 'allDay' | 'rrule' | 'exdates' | 'recurrenceId' | 'private'
> & { eventId: string; seriesId?: string; availability: EventItem['availability'] };

const BUSY: Record<EventItem['availability'], IcsEvent['busy']> = {
  busy: 'BUSY',
  free: 'FREE',
  tentative: 'TENTATIVE',
  away: 'OOF',
};

function timing(e: Shared, host: string): Omit<IcsEvent, 'sequence' | 'updatedAt'> {
  return {
    uid: eventUid(e, host),
    title: e.title,
    ...(e.place ? { place: e.place } : {}),
    start: e.start,
    end: e.end,
    timeZone: e.timeZone,
    allDay: e.allDay,
    ...(e.rrule ? { rrule: e.rrule } : {}),
    ...(e.exdates.length ? { exdates: e.exdates } : {}),
    ...(e.recurrenceId ? { recurrenceId: e.recurrenceId } : {}),
    busy: BUSY[e.availability],
    private: e.private,
  };
}

export const icsOfEvent = (e: EventItem, host: string): IcsEvent => ({
  ...timing(e, host),
  sequence: e.sequence,
  updatedAt: e.updatedAt,
  ...(e.description ? { description: htmlToText(e.description) } : {}),
});

/** An invitation's copy has no description (the copy keeps display fields only). */
export const icsOfInvitation = (a: AttendeeItem, host: string): IcsEvent => ({
  ...timing(a, host),
  sequence: a.eventVersion,
  // The copy's own change time is not kept; the answer time is the latest thing the person did to it.
  updatedAt: a.answeredAt ?? a.firstStartUtc,
});

/** A task deadline: a zero-length moment at the deadline, in UTC, marked free (it blocks nothing). */
export function icsOfDeadline(d: DeadlineRow, host: string): IcsEvent {
  const local = new Date(d.deadline).toISOString().slice(0, 16);
  return {
    uid: deadlineUid(d.taskId, host),
    sequence: 0,
    title: `✓ ${d.title}`,
    start: local,
    end: local,
    timeZone: 'UTC',
    allDay: false,
    busy: 'FREE',
    updatedAt: d.deadline,
  };
}

/**
 * One CalDAV object. `clientUid`: the UID the client wrote when it created the event — served back unchanged (with
 * RECURRENCE-ID on edited occurrences), or the client would hold the portal's UID and its own as two events.
 */
export function objectIcs(
  master: EventItem,
  overrides: EventItem[],
  host: string,
  clientUid?: string | undefined,
): Promise<string> {
  return icsCalendar(
    [master, ...overrides].map((e) => ({ ...icsOfEvent(e, host), ...(clientUid ? { uid: clientUid } : {}) })),
    { host },
  );
}

export function feedIcs(cal: MyCalendar, deadlines: DeadlineRow[], host: string): Promise<string> {
  return icsCalendar(
    [
      ...cal.events.map((e) => icsOfEvent(e, host)),
      ...cal.invitations.map((a) => icsOfInvitation(a, host)),
      ...deadlines.map((d) => icsOfDeadline(d, host)),
    ],
    { method: 'PUBLISH', name: 'Portal', host },
  );
}
