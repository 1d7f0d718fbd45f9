/**
 * The month view's compact answer (contract.ts OccurrencePage): functions/calendar/list-service.ts occurrencesOf sends
 * each event once and its occurrences as times; shared/calendar/occurrence-page.ts occurrenceViews gives the SPA one
 * OccurrenceView per occurrence — exactly the views the list answered before it was compact.
 */
import { eventRow, type EventItem } from '../../../shared/calendar/event-entity';
import type { OccurrenceView } from '../../../shared/calendar/contract';
import { occurrenceViews } from '../../../shared/calendar/occurrence-page';
import { LIST_PROJECTION } from '../../../functions/calendar/list-rows';
import { occurrencesOf } from '../../../functions/calendar/list-service';
import type { Raw } from '../../../shared/data';
import { weeklyMeeting } from './fixtures';

const me = 'alice';
const calendarId = '01JCALENDAR000000000000001';
/** bob's event in the calendar alice reads (no rule unless given). */
const event = (e: Partial<EventItem> & Pick<EventItem, 'eventId' | 'title' | 'start' | 'end'>): EventItem =>
  weeklyMeeting({
    calendarId,
    firstStartUtc: '2026-03-02T07:00:00.000Z',
    firstEndUtc: '2026-03-02T08:00:00.000Z',
    reminders: [],
    rrule: undefined,
    organizerId: 'bob',
    organizerName: 'Bob B',
    users: [{ id: me, name: 'Alice A' }],
    version: 3,
    lastActorId: 'bob',
    ...e,
  });
const series = event({
  eventId: '01JSERIES00000000000000001',
  title: 'Weekly',
  start: '2026-03-23T09:00',
  end: '2026-03-23T10:00',
  rrule: 'FREQ=WEEKLY',
  exdates: ['2026-03-30T09:00'],
});
const moved = event({
  eventId: '01JMOVED000000000000000001',
  title: 'Weekly (moved)',
  start: '2026-03-31T12:00',
  end: '2026-03-31T13:00',
  seriesId: series.eventId,
  recurrenceId: '2026-03-30T09:00',
  place: 'Room 2',
});
const single = event({
  eventId: '01JSINGLE00000000000000001',
  title: 'Secret',
  start: '2026-03-27',
  end: '2026-03-28',
  allDay: true,
  private: true,
  users: [],
  organizerId: 'carol',
  organizerName: 'Carol C',
});

const projected = (row: Raw): Raw => {
  const names = new Set<string>(Object.values(LIST_PROJECTION.ExpressionAttributeNames));
  return Object.fromEntries(Object.entries(row).filter(([k]) => names.has(k)));
};

it('gives one view per occurrence, across DST, with the series once, an edited instance and a private event', () => {
  const user = { sub: me, email: 'a@example.com', groups: ['employee' as const], isAdmin: false, isExtranet: false };
  const calendars = [
    { info: { calendarId, kind: 'user' as const, access: 'read' as const, item: null }, color: 'teal' as const },
  ];
  const rows = [series, moved, single].map((e) => projected(eventRow(e)));
  const page = occurrencesOf(user, calendars, [rows], '2026-03-23T00:00:00.000Z', '2026-04-08T00:00:00.000Z');
  expect(page.events).toHaveLength(3);
  const shared = {
    calendarId,
    allDay: false,
    timeZone: 'Europe/Bucharest',
    availability: 'busy',
    private: false,
    color: 'teal',
    recurring: true,
    organizerId: 'bob',
    myState: 'pending',
    attendeeCount: 1,
    canEdit: false,
    version: 3,
  } as const;
  const weekly = { ...shared, eventId: series.eventId, seriesId: series.eventId, title: 'Weekly' };
  const expected: OccurrenceView[] = [
    // 09:00 local: +2 before 29 March, +3 after; the 30 March one is excluded and moved to the 31st.
    {
      ...weekly,
      start: '2026-03-23T09:00',
      end: '2026-03-23T10:00',
      startUtc: '2026-03-23T07:00:00.000Z',
      endUtc: '2026-03-23T08:00:00.000Z',
      occurrence: '2026-03-23T09:00',
    },
    {
      ...shared,
      eventId: single.eventId,
      title: '',
      allDay: true,
      private: true,
      recurring: false,
      organizerId: 'carol',
      attendeeCount: 0,
      myState: undefined,
      start: '2026-03-27',
      end: '2026-03-28',
      startUtc: '2026-03-26T22:00:00.000Z',
      endUtc: '2026-03-27T22:00:00.000Z',
    },
    {
      ...shared,
      eventId: moved.eventId,
      seriesId: series.eventId,
      title: 'Weekly (moved)',
      place: 'Room 2',
      start: '2026-03-31T12:00',
      end: '2026-03-31T13:00',
      startUtc: '2026-03-31T09:00:00.000Z',
      endUtc: '2026-03-31T10:00:00.000Z',
      occurrence: '2026-03-30T09:00',
    },
    {
      ...weekly,
      start: '2026-04-06T09:00',
      end: '2026-04-06T10:00',
      startUtc: '2026-04-06T06:00:00.000Z',
      endUtc: '2026-04-06T07:00:00.000Z',
      occurrence: '2026-04-06T09:00',
    },
  ].map((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as unknown as OccurrenceView);
  expect(occurrenceViews(page)).toStrictEqual(expected);
  // Each event once: the series' two instances point at the same entry.
  expect(page.occurrences.map(([n]) => page.events[n]!.eventId)).toEqual([
    series.eventId,
    single.eventId,
    moved.eventId,
    series.eventId,
  ]);
});
