/**
 * Phone and PC sync (issue 14) on the shared integration stack: the private ICS feed read back by a real parser
 * (ical.js: events, a series' RRULE/EXDATE, a task deadline), revoke and regenerate, and a CalDAV round trip with a
 * real client library (tsdav: discovery, calendars, create, time-range fetch, update, delete) whose event the API
 * sees; a wrong password is 401, a stale etag 412.
 */
import ICAL from 'ical.js';
import { createDAVClient, type DAVCalendar } from 'tsdav';
import type { EventView, OccurrencePage, SyncView } from '../../shared/calendar/contract';
import { occurrenceViews } from '../../shared/calendar/occurrence-page';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(40_000);

/** Monday of the week after next, as a local date (a weekly series starts then). */
function nextMonday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 14 - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface FeedEvent {
  summary: string;
  uid: string;
  rrule?: string;
  exdates: string[];
  recurrenceId?: string;
  start: string;
}

/** The feed parsed by ical.js, one entry per VEVENT. */
function parseFeed(text: string): { method: string | null; events: FeedEvent[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  const events = root.getAllSubcomponents('vevent').map((c) => {
    const ev = new ICAL.Event(c);
    const rrule = c.getFirstPropertyValue('rrule');
    return {
      summary: ev.summary,
      uid: ev.uid,
      rrule: rrule ? String(rrule) : undefined,
      exdates: c.getAllProperties('exdate').map((p) => String(p.getFirstValue())),
      recurrenceId: ev.recurrenceId ? ev.recurrenceId.toString() : undefined,
      start: ev.startDate.toString(),
    };
  });
  const method = root.getFirstPropertyValue('method');
  return { method: method ? String(method) : null, events };
}

const feedPath = (icsUrl: string) => new URL(icsUrl).pathname;

describe('calendar sync: the ICS feed', () => {
  let a: TestUser;
  beforeAll(async () => {
    a = await signUpUser('employee');
    // Tasks name only people with a profile.
    const profile = await api('/people/me/profile', {
      method: 'PATCH',
      token: a.token,
      body: { firstName: 'Ana', lastName: 'Sync', version: 0 },
    });
    expect(profile.status).toBe(200);
  });

  test('addresses appear at POST (password once), the feed holds my events, series and deadlines, revoke and regenerate', async () => {
    const none = await api<SyncView>('/calendar/sync', { token: a.token });
    expect(none.status).toBe(200);
    expect(none.json).toEqual({ icsUrl: null, caldav: null, createdAt: null });

    const made = await api<SyncView>('/calendar/sync', { method: 'POST', token: a.token });
    expect(made.status).toBe(200);
    expect(made.json.icsUrl).toMatch(/\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(made.json.caldav).toEqual({
      url: `${itStack().urls.functionUrls['calendar-sync']}/`,
      username: a.sub,
      password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
    });
    const again = await api<SyncView>('/calendar/sync', { token: a.token });
    expect(again.json.icsUrl).toBe(made.json.icsUrl);
    expect(again.json.caldav).toEqual({ url: made.json.caldav!.url, username: a.sub });

    // A single event, a weekly series with one occurrence deleted, and a task deadline.
    const monday = nextMonday();
    const single = await api('/calendar/events', {
      token: a.token,
      body: {
        calendarId: `user-${a.sub}`,
        title: 'Dentist',
        start: `${plusDays(monday, 2)}T15:00`,
        end: `${plusDays(monday, 2)}T16:00`,
        timeZone: 'Europe/Bucharest',
      },
    });
    expect(single.status).toBe(201);
    const series = await api<{ eventId: string; version: number }>('/calendar/events', {
      token: a.token,
      body: {
        calendarId: `user-${a.sub}`,
        title: 'Stand-up',
        start: `${monday}T09:30`,
        end: `${monday}T09:45`,
        timeZone: 'Europe/Bucharest',
        rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6',
      },
    });
    expect(series.status).toBe(201);
    const skipped = `${plusDays(monday, 7)}T09:30`;
    const del = await api(
      `/calendar/events/${series.json.eventId}?version=${series.json.version}&scope=this&occurrence=${encodeURIComponent(skipped)}`,
      { method: 'DELETE', token: a.token },
    );
    expect(del.status).toBe(204);
    const deadline = new Date(Date.parse(`${plusDays(monday, 3)}T12:00:00Z`)).toISOString();
    const task = await api('/tasks', {
      token: a.token,
      body: { title: 'Quarterly report', responsibleId: a.sub, deadline },
    });
    expect(task.status).toBe(201);
    await itStack().streamsIdle();

    const feed = await fetch(made.json.icsUrl!);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(feed.headers.get('cache-control')).toMatch(/no-store/);
    expect(feed.headers.get('cache-control')).toMatch(/private/);
    const parsed = parseFeed(await feed.text());
    expect(parsed.method).toBe('PUBLISH');
    const byTitle = (s: string) => parsed.events.filter((e) => e.summary.includes(s));
    expect(byTitle('Dentist')).toHaveLength(1);
    const [standUp] = byTitle('Stand-up');
    expect(standUp?.rrule).toMatch(/FREQ=WEEKLY/);
    expect(standUp?.rrule).toMatch(/COUNT=6/);
    expect(standUp?.exdates.map((x) => x.slice(0, 16))).toEqual([skipped]);
    // The UID an invitation e-mail would carry too (the portal's host, not the API's): one meeting on a phone.
    expect(standUp?.uid).toBe(`${series.json.eventId}@${new URL(itStack().urls.portal).hostname}`);
    expect(byTitle('Quarterly report')).toHaveLength(1);

    // Revoke: the address stops working at once; GET shows nothing.
    expect((await api('/calendar/sync', { method: 'DELETE', token: a.token })).status).toBe(204);
    expect((await fetch(made.json.icsUrl!)).status).toBe(404);
    expect((await api<SyncView>('/calendar/sync', { token: a.token })).json.icsUrl).toBeNull();

    // Regenerate twice: only the newest address works.
    const first = await api<SyncView>('/calendar/sync', { method: 'POST', token: a.token });
    const second = await api<SyncView>('/calendar/sync', { method: 'POST', token: a.token });
    expect(second.json.icsUrl).not.toBe(first.json.icsUrl);
    expect((await api(feedPath(first.json.icsUrl!))).status).toBe(404);
    expect((await api(feedPath(second.json.icsUrl!))).status).toBe(200);
    // A made-up token of the right shape is the same 404.
    expect((await api(`/calendar/feed/${'x'.repeat(43)}.ics`)).status).toBe(404);
  });
});

describe('calendar sync: CalDAV', () => {
  let b: TestUser;
  let caldav: { url: string; username: string; password: string };
  beforeAll(async () => {
    b = await signUpUser('employee');
    const made = await api<SyncView>('/calendar/sync', { method: 'POST', token: b.token });
    const c = made.json.caldav!;
    caldav = { url: c.url, username: c.username, password: c.password! };
  });

  test('a wrong password is 401 (and no client gets in)', async () => {
    const r = await fetch(`${caldav.url}dav/`, {
      method: 'PROPFIND',
      headers: {
        authorization: `Basic ${Buffer.from(`${caldav.username}:wrong-password`).toString('base64')}`,
        depth: '0',
      },
    });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic /);
    await expect(
      createDAVClient({
        serverUrl: caldav.url,
        credentials: { username: caldav.username, password: 'wrong-password' },
        authMethod: 'Basic',
        defaultAccountType: 'caldav',
      }),
    ).rejects.toThrow();
  });

  test('tsdav round trip: discover, list, create, fetch by time range, update (stale etag → 412), delete; the API sees it', async () => {
    const client = await createDAVClient({
      serverUrl: caldav.url,
      credentials: { username: caldav.username, password: caldav.password },
      authMethod: 'Basic',
      defaultAccountType: 'caldav',
    });
    const calendars = await client.fetchCalendars();
    expect(calendars).toHaveLength(1);
    const calendar: DAVCalendar = calendars[0]!;
    expect(calendar.components).toEqual(['VEVENT']);
    const ctagBefore = calendar.ctag;

    const day = plusDays(nextMonday(), 1);
    const compact = day.replace(/-/g, '');
    const vevent = (summary: string) =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//it//tsdav//EN',
        'BEGIN:VEVENT',
        'UID:phone-made-1@example.com',
        'DTSTAMP:20260101T000000Z',
        `DTSTART;TZID=Europe/Bucharest:${compact}T100000`,
        `DTEND;TZID=Europe/Bucharest:${compact}T110000`,
        `SUMMARY:${summary}`,
        'LOCATION:Room 2',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    const created = await client.createCalendarObject({
      calendar,
      filename: 'phone-made-1.ics',
      iCalString: vevent('Made on the phone'),
    });
    expect(created.status).toBe(201);

    const range = { start: `${day}T00:00:00Z`, end: `${plusDays(day, 1)}T00:00:00Z` };
    const objects = await client.fetchCalendarObjects({ calendar, timeRange: range });
    expect(objects).toHaveLength(1);
    const [object] = objects;
    expect(object!.data).toMatch(/SUMMARY:Made on the phone/);
    expect(object!.etag).toBeTruthy();
    // It stays at the name the client gave it, with the UID the client gave it (another UID would be another
    // event to the phone: it would show the meeting twice).
    expect(new URL(object!.url).pathname).toMatch(/\/personal\/phone-made-1\.ics$/);
    expect(String(object!.data)).toContain('UID:phone-made-1@example.com\r\n');
    const from = `${day}T00:00:00.000Z`;
    const to = `${plusDays(day, 1)}T00:00:00.000Z`;
    const listedFirst = await api<OccurrencePage>(`/calendar/events?from=${from}&to=${to}`, { token: b.token });
    const eventId = occurrenceViews(listedFirst.json).find((o) => o.title === 'Made on the phone')?.eventId;
    expect(eventId).toBeDefined();
    // Outside the range: nothing.
    const elsewhere = await client.fetchCalendarObjects({
      calendar,
      timeRange: { start: `${plusDays(day, 3)}T00:00:00Z`, end: `${plusDays(day, 4)}T00:00:00Z` },
    });
    expect(elsewhere).toHaveLength(0);

    // The API sees the event in my calendar.
    const one = await api<EventView>(`/calendar/events/${eventId}`, { token: b.token });
    expect(one.status).toBe(200);
    expect([one.json.title, one.json.place, one.json.start, one.json.timeZone, one.json.calendarId]).toEqual([
      'Made on the phone',
      'Room 2',
      `${day}T10:00`,
      'Europe/Bucharest',
      `user-${b.sub}`,
    ]);
    const listed = await api<OccurrencePage>(`/calendar/events?from=${from}&to=${to}`, { token: b.token });
    expect(listed.status).toBe(200);
    expect(occurrenceViews(listed.json).map((o) => [o.eventId, o.title, o.start])).toEqual([
      [eventId, 'Made on the phone', `${day}T10:00`],
    ]);

    const updated = await client.updateCalendarObject({
      calendarObject: { ...object!, data: vevent('Moved to the big room') },
    });
    expect(updated.status).toBe(204);
    // The old etag is stale now: 412, nothing written.
    const stale = await client.updateCalendarObject({ calendarObject: { ...object!, data: vevent('Stale write') } });
    expect(stale.status).toBe(412);
    const [afterUpdate] = await client.fetchCalendarObjects({ calendar, timeRange: range });
    expect(afterUpdate!.data).toMatch(/SUMMARY:Moved to the big room/);
    expect(String(afterUpdate!.data)).toContain('UID:phone-made-1@example.com\r\n');
    expect(afterUpdate!.etag).not.toBe(object!.etag);
    const [ctagAfter] = (await client.fetchCalendars()).map((c) => c.ctag);
    expect(ctagAfter).not.toBe(ctagBefore);

    const removed = await client.deleteCalendarObject({ calendarObject: afterUpdate! });
    expect(removed.status).toBe(204);
    expect(await client.fetchCalendarObjects({ calendar, timeRange: range })).toHaveLength(0);
    const gone = await api<OccurrencePage>(`/calendar/events?from=${from}&to=${to}`, { token: b.token });
    expect(occurrenceViews(gone.json)).toEqual([]);
  });
});
