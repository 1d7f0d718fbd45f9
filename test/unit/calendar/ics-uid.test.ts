/**
 * One meeting, one UID wherever it goes (issue 14): the e-mail invitation's .ics (functions/calendar/invitation-ics),
 * the invitee's ICS feed (their copy) and the organiser's feed and CalDAV object (functions/calendar-sync/ics-of) name
 * a series and its edited occurrence by the same UID (the override with its RECURRENCE-ID), at the portal's host —
 * so a phone that subscribes to the feed and also gets the invitation shows the meeting once. Parsed with ical.js.
 */
import ICAL from 'ical.js';
import type { AttendeeItem } from '../../../shared/calendar/attendee-entity';
import type { EventItem } from '../../../shared/calendar/event-entity';
import { eventUid, uidHost } from '../../../shared/calendar/ics';
import { meetingIcs } from '../../../functions/calendar/invitation-ics';
import { feedIcs, objectIcs } from '../../../functions/calendar-sync/ics-of';
import { attendeeCopy, weeklyMeeting } from './fixtures';

const at = '2026-03-01T10:00:00.000Z';
const series = weeklyMeeting({
  eventId: '01JSERIES00000000000000001',
  exdates: ['2026-03-30T09:00'],
  sequence: 1,
  version: 2,
});
/** The 30 March occurrence moved to 11:00: its own event, pointing at the series. */
const moved: EventItem = {
  ...series,
  eventId: '01JOVERRIDE000000000000001',
  seriesId: series.eventId,
  recurrenceId: '2026-03-30T09:00',
  start: '2026-03-30T11:00',
  end: '2026-03-30T12:00',
  firstStartUtc: '2026-03-30T08:00:00.000Z',
  firstEndUtc: '2026-03-30T09:00:00.000Z',
  lastEndUtc: '2026-03-30T09:00:00.000Z',
  rrule: undefined,
  exdates: [],
};
/** Bob's accepted copy of an event, as the attendee-copies consumer writes it into his calendar. */
const copyOf = (e: EventItem): AttendeeItem =>
  attendeeCopy(e, { state: 'accepted', answeredAt: at, calendarId: 'user-bob' });

/** [UID, RECURRENCE-ID or ''] of each VEVENT. */
const ids = (text: string) =>
  new ICAL.Component(ICAL.parse(text))
    .getAllSubcomponents('vevent')
    .map((v) => [String(v.getFirstPropertyValue('uid')), String(v.getFirstPropertyValue('recurrence-id') ?? '')]);

// What meeting-notices, the feed and CalDAV do: the invitation takes PORTAL_URL's host, the others uidHost().
const invitation = (e: EventItem) =>
  meetingIcs(e, {
    method: 'REQUEST',
    sequence: e.sequence,
    host: uidHost(process.env.PORTAL_URL),
    organizer: { name: 'Alice A', email: 'alice@example.com' },
    attendees: [{ name: 'Bob B', email: 'bob@example.com', state: 'pending' }],
    url: 'https://portal.example.com/calendar',
  });

describe('event UIDs', () => {
  const before = process.env.PORTAL_URL;
  beforeAll(() => {
    process.env.PORTAL_URL = 'https://portal.example.com/';
  });
  afterAll(() => {
    if (before === undefined) delete process.env.PORTAL_URL;
    else process.env.PORTAL_URL = before;
  });

  it('are the portal host’s, whatever address served the request (the tenant’s name without one)', () => {
    expect(eventUid(series)).toBe(`${series.eventId}@portal.example.com`);
    expect(eventUid(moved)).toBe(`${series.eventId}@portal.example.com`);
    expect(uidHost('')).toBe(`${process.env.TENANT ?? 'portal'}.portal`);
  });

  it('are the same in the invitation, the invitee’s feed and the organiser’s feed and CalDAV object', async () => {
    const uid = `${series.eventId}@portal.example.com`;
    const override = [uid, '2026-03-30T09:00:00'];
    expect(ids(await invitation(series))).toEqual([[uid, '']]);
    expect(ids(await invitation(moved))).toEqual([override]);

    const bobsFeed = await feedIcs({ events: [], invitations: [copyOf(series), copyOf(moved)] }, [], uidHost());
    expect(ids(bobsFeed)).toEqual([[uid, ''], override]);
    const alicesFeed = await feedIcs({ events: [series, moved], invitations: [] }, [], uidHost());
    expect(ids(alicesFeed)).toEqual([[uid, ''], override]);
    expect(ids(await objectIcs(series, [moved], uidHost()))).toEqual([[uid, ''], override]);
  });
});
