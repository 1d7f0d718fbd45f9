/**
 * The .ics of a meeting e-mail (METHOD:REQUEST for an invitation or update, CANCEL for a cancellation), written by
 * shared/calendar/ics.ts. The UID is the series' (an edited occurrence carries RECURRENCE-ID), the same one the feed
 * and CalDAV write (eventUid), so a client that got the invitation updates the same meeting; SEQUENCE is the event's,
 * so it keeps the newest.
 */
import type { EventItem } from '../../shared/calendar/event-entity';
import { eventUid, htmlToText, icsCalendar, type IcsAttendee } from '../../shared/calendar/ics';

const BUSY = { busy: 'BUSY', free: 'FREE', tentative: 'TENTATIVE', away: 'OOF' } as const;

export function meetingIcs(
  e: EventItem,
  opts: {
    method: 'REQUEST' | 'CANCEL';
    sequence: number;
    /** The UIDs' host and PRODID (shared/calendar/ics.ts uidHost). */
    host: string;
    organizer: { name: string; email: string } | null;
    attendees: IcsAttendee[];
    url: string;
  },
): Promise<string> {
  return icsCalendar(
    [
      {
        uid: eventUid(e, opts.host),
        sequence: opts.sequence,
        title: e.title,
        ...(e.description ? { description: htmlToText(e.description) } : {}),
        ...(e.place ? { place: e.place } : {}),
        start: e.start,
        end: e.end,
        timeZone: e.timeZone,
        allDay: e.allDay,
        ...(e.rrule ? { rrule: e.rrule } : {}),
        ...(e.exdates.length ? { exdates: e.exdates } : {}),
        ...(e.recurrenceId ? { recurrenceId: e.recurrenceId } : {}),
        ...(opts.organizer ? { organizer: opts.organizer } : {}),
        attendees: opts.attendees,
        ...(opts.method === 'CANCEL' ? { cancelled: true } : {}),
        url: opts.url,
        updatedAt: e.updatedAt,
        busy: BUSY[e.availability],
        private: e.private,
      },
    ],
    { method: opts.method, host: opts.host },
  );
}
