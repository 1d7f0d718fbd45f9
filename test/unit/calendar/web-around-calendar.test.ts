/**
 * The calendar's pieces around the page, in the SPA: Home's "Today and tomorrow" days in the person's zone (DST
 * included), the event a bell invitation answers, and the guest page's "when" in the event's own wall clock.
 */
import type { OccurrenceView } from '../../../shared/calendar/contract';
import { whenText } from '../../../web/src/calendar/guest-when';
import { inviteEventId, isCalendarInvite } from '../../../web/src/calendar/invite-link';
import { localMidnight, splitDays } from '../../../web/src/calendar/widget-days';

const ZONE = 'Europe/Bucharest';
const EVENT = '01JF0000000000000000000000';

function occurrence(eventId: string, startUtc: string, endUtc: string, extra: Partial<OccurrenceView> = {}) {
  return {
    eventId,
    calendarId: 'user-ana',
    title: eventId,
    start: '',
    end: '',
    startUtc,
    endUtc,
    allDay: false,
    timeZone: ZONE,
    availability: 'busy',
    private: false,
    color: 'blue',
    recurring: false,
    organizerId: 'ana',
    attendeeCount: 1,
    canEdit: true,
    version: 1,
    ...extra,
  } satisfies OccurrenceView;
}

describe("Home's two days", () => {
  test('midnights in the zone, across the autumn DST change (Bucharest: 25 October 2026 lasts 25 hours)', () => {
    const now = new Date('2026-10-24T20:00:00Z'); // 23:00 on the 24th in Bucharest (UTC+3)
    expect(localMidnight(ZONE, now, 0).toISOString()).toBe('2026-10-23T21:00:00.000Z');
    expect(localMidnight(ZONE, now, 1).toISOString()).toBe('2026-10-24T21:00:00.000Z');
    // after the change the zone is UTC+2: the 26th starts at 22:00 UTC, not 21:00
    expect(localMidnight(ZONE, now, 2).toISOString()).toBe('2026-10-25T22:00:00.000Z');
  });

  test('each occurrence in the days it overlaps; all-day first; declined ones left out', () => {
    const now = new Date('2026-12-08T08:00:00Z'); // 10:00 on Tuesday the 8th in Bucharest (UTC+2)
    const days = splitDays(
      [
        occurrence('late-today', '2026-12-08T20:00:00Z', '2026-12-08T21:00:00Z'),
        occurrence('early-today', '2026-12-08T06:00:00Z', '2026-12-08T07:00:00Z'),
        occurrence('overnight', '2026-12-08T21:30:00Z', '2026-12-08T22:30:00Z'), // 23:30–00:30
        occurrence('declined', '2026-12-08T10:00:00Z', '2026-12-08T11:00:00Z', { myState: 'declined' }),
        occurrence('holiday', '2026-12-08T22:00:00Z', '2026-12-09T22:00:00Z', {
          allDay: true,
          start: '2026-12-09',
          end: '2026-12-10',
        }),
        occurrence('after', '2026-12-09T22:00:00Z', '2026-12-09T23:00:00Z'), // the 10th, 00:00 local
      ],
      ZONE,
      now,
    );
    expect(days.map((d) => [d.key, d.items.map((o) => o.eventId)])).toEqual([
      ['today', ['early-today', 'late-today', 'overnight']],
      ['tomorrow', ['holiday', 'overnight']],
    ]);
  });
});

describe('the event a bell invitation answers', () => {
  const n = (link: string, params: Record<string, string> = {}) => ({ link, params });
  test('from the link the notification carries, or its params; anything else is no event', () => {
    expect(inviteEventId(n(`/calendar?event=${EVENT}`))).toBe(EVENT);
    expect(inviteEventId(n(`/calendar/events/${EVENT}`))).toBe(EVENT);
    expect(inviteEventId(n('/calendar', { eventId: EVENT }))).toBe(EVENT);
    expect(inviteEventId(n('/calendar?event=not-an-id'))).toBeNull();
    expect(inviteEventId(n('/tasks/01JF0000000000000000000000'))).toBeNull();
  });
  test('only calendar.invited carries the buttons', () => {
    expect(isCalendarInvite({ kind: 'calendar.invited' })).toBe(true);
    expect(isCalendarInvite({ kind: 'calendar.changed' })).toBe(false);
  });
});

describe("the guest page's when", () => {
  test('the wall clock as the organiser set it, whatever zone the reader is in', () => {
    const inv = { start: '2026-12-08T10:00', end: '2026-12-08T11:30', allDay: false };
    // (ICU versions differ on the comma after the weekday)
    expect(whenText(inv, 'en-GB', 'all day')).toMatch(/^Tuesday,? 8 December 2026 at 10:00 – 11:30$/);
    expect(whenText(inv, 'ro', 'toată ziua')).toBe('marți, 8 decembrie 2026 la 10:00 – 11:30');
  });
  test('an all-day event: its one day, or its first and last (the end date is exclusive)', () => {
    expect(whenText({ start: '2026-12-01', end: '2026-12-02', allDay: true }, 'en-GB', 'all day')).toMatch(
      /^Tuesday,? 1 December 2026, all day$/,
    );
    expect(whenText({ start: '2026-12-24', end: '2026-12-27', allDay: true }, 'en-GB', 'all day')).toMatch(
      /^Thursday,? 24 December 2026 – Saturday,? 26 December 2026$/,
    );
  });
});
