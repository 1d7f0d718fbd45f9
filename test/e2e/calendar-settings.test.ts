/**
 * The calendar around the calendar page (issue 14), in Chromium on the shared e2e stack. Radu invites Ana and an
 * outside guest to a meeting later today (through the API). Then:
 *  - Ana (English, 1280 px): Home's "Today and tomorrow" shows the meeting, not answered yet; the bell offers
 *    Accept / Maybe / Decline and, after Accept, says so in words — the event has her acceptance;
 *  - her calendar settings: the week starts on Monday (saved); a save over settings changed meanwhile is refused in
 *    words and the saved ones come back; sync addresses made (the CalDAV password once), regenerated (the old feed
 *    address stops working) and turned off; a new calendar shared with Radu, who then sees it;
 *  - as an administrator, she adds and edits a meeting room;
 *  - the same settings in Romanian at 375 px, without sideways scrolling, then her agenda (phones open on it): a long
 *    title wraps inside the screen and keeps most of the row;
 *  - the guest opens the link of the invitation e-mail, signed out, in Romanian at 375 px, and declines.
 * Screenshots: test-results/e2e/calendar-settings-*.png.
 */
import { randomUUID } from 'node:crypto';
import type {
  CalendarSettings,
  CalendarView,
  EventView,
  OccurrencePage,
  RoomView,
  SyncView,
} from '../../shared/calendar/contract';
import { occurrenceViews } from '../../shared/calendar/occurrence-page';
import { utcToLocal } from '../../shared/calendar/zoned-time';
import type { NotificationsPage } from '../../shared/notifications/contract';
import {
  chooseLanguage,
  DESKTOP,
  E2eBrowser,
  horizontalOverflow,
  PHONE,
  shot,
  signInThroughPage,
} from '../support/browser';
import { createPeople, e2ePerson, until } from '../support/e2e-people';
import { api, itStack } from '../support/local-stack-client';
import { waitForMail } from '../support/mail-store';

jest.setTimeout(120_000);

const b = new E2eBrowser();
const password = `E2e-${randomUUID()}!`;
const tag = randomUUID().slice(0, 6);
const ana = e2ePerson('cal-ana', 'Ana', `Cal${tag}`);
const radu = e2ePerson('cal-radu', 'Radu', `Cal${tag}`);
const guest = `e2e-cal-guest-${tag}@example.com`;
const portal = () => itStack().urls.portal;
const ZONE = 'Europe/Bucharest';
const TITLE = `Budget review ${tag}`;
/** A pasted file name (one word wider than a phone's row), then more words: the agenda wraps it inside the screen. */
const LONG_TITLE = `Raport_trimestrial_buget_departament_financiar_${tag}.xlsx with the regional sales managers`;
let eventId = '';
/** The invitation e-mail to the guest, awaited by the guest's test. */
const guestLink: { mail?: ReturnType<typeof waitForMail> } = {};

async function call<T>(token: string, path: string, body?: unknown, method?: string): Promise<T> {
  const r = await api<T>(path, { token, ...(body !== undefined ? { body } : {}), ...(method ? { method } : {}) });
  if (r.status >= 300) throw new Error(`${method ?? (body ? 'POST' : 'GET')} ${path} answered ${r.status}: ${r.text}`);
  return r.json;
}

/** `YYYY-MM-DDTHH:mm` of an instant on Bucharest's wall clock. */
const wall = (at: Date): string => utcToLocal(at.toISOString(), ZONE);

beforeAll(async () => {
  await createPeople([radu], password);
  // An administrator too, so one sign-in covers the rooms (the tab only administrators see).
  await createPeople([ana], password, { roles: ['admin', 'employee'] });
  const since = Math.floor(Date.now() / 1000) - 1;
  // In an hour, for half an hour: today (or, just before midnight, tomorrow — the widget shows both).
  const start = new Date(Math.ceil(Date.now() / 300_000) * 300_000 + 3_600_000);
  const created = await call<EventView>(radu.token, '/calendar/events', {
    calendarId: `user-${radu.sub}`,
    title: TITLE,
    place: 'Sala Mare',
    start: wall(start),
    end: wall(new Date(start.getTime() + 1_800_000)),
    timeZone: ZONE,
    attendees: [
      { type: 'user', id: ana.sub },
      { type: 'email', email: guest, name: 'Gina Guest' },
    ],
  });
  eventId = created.eventId;
  // Today at noon in her calendar: in this week's agenda whatever her week start.
  await call<EventView>(ana.token, '/calendar/events', {
    calendarId: `user-${ana.sub}`,
    title: LONG_TITLE,
    start: `${wall(new Date()).slice(0, 10)}T12:00`,
    end: `${wall(new Date()).slice(0, 10)}T12:30`,
    timeZone: ZONE,
  });
  guestLink.mail = waitForMail(guest, since, { timeoutMs: 20_000 });
  guestLink.mail.catch(() => undefined); // awaited by the guest's test
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

test('Ana: the meeting on Home, Accept from the bell, her settings, sync addresses, a shared calendar, meeting rooms (en 1280, ro 375)', async () => {
  // The invitation reaches her bell and her calendar (the meeting's stream consumers).
  await until(
    () => call<NotificationsPage>(ana.token, '/notifications'),
    (p) => p.items.some((n) => n.kind === 'calendar.invited'),
    15_000,
  );
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
  await until(
    () => call<OccurrencePage>(ana.token, `/calendar/events?from=${from}&to=${to}`),
    (p) => occurrenceViews(p).some((o) => o.eventId === eventId),
    15_000,
  );
  const page = await b.newPage(DESKTOP);
  await signInThroughPage(page, ana.email, password);

  // Home: "Today and tomorrow" with the meeting, not answered yet.
  const widget = page.getByTestId('home-widget-calendar');
  await widget.locator(`[data-testid="calendar-home-row"][data-event-id="${eventId}"]`).waitFor();
  const row = widget.locator(`[data-event-id="${eventId}"]`);
  expect(await row.textContent()).toMatch(
    new RegExp(`${TITLE}\\d\\d:\\d\\d( [AP]M)?–\\d\\d:\\d\\d( [AP]M)? · Sala MareNot answered`),
  );
  expect(await row.locator('a').getAttribute('href')).toBe(`/calendar?event=${eventId}`);

  // The bell: Accept, then the answer in words; the event has her acceptance.
  await page.getByTestId('bell').click();
  const invite = page.getByTestId('bell-invite-actions').first();
  await invite.waitFor();
  await page.getByTestId('bell-invite-accept').first().click();
  expect(await page.getByTestId('bell-invite-done').first().textContent()).toBe(
    'You accepted. The organiser has been told.',
  );
  await shot(page, 'calendar-settings-01-bell-accepted-en');
  const event = await call<EventView>(ana.token, `/calendar/events/${eventId}`);
  expect(event.attendees.find((a) => a.id === ana.sub)?.state).toBe('accepted');
  await page.keyboard.press('Escape');

  // Settings → General: the week starts on Monday.
  await page.goto(`${portal()}/calendar/settings`);
  const form = page.getByTestId('calendar-preferences');
  await form.waitFor();
  await page.getByTestId('calendar-week-start').click();
  await page.getByRole('option', { name: 'Monday' }).click();
  await page.getByTestId('calendar-settings-save').click();
  await page.locator('[data-testid="calendar-preferences"][data-version="1"]').waitFor();
  expect((await call<CalendarSettings>(ana.token, '/calendar/settings')).weekStart).toBe(1);
  await shot(page, 'calendar-settings-02-general-en');

  // Saved elsewhere meanwhile (Sunday): her change is refused in words and the saved settings come back.
  const saved = await call<CalendarSettings>(ana.token, '/calendar/settings');
  const { timeZone: _zone, ...body } = saved;
  await call(ana.token, '/calendar/settings', { ...body, weekStart: 0 }, 'PUT');
  await page.getByTestId('calendar-work-end').fill('17:00');
  await page.getByTestId('calendar-settings-save').click();
  expect(await page.getByTestId('calendar-settings-conflict').textContent()).toContain('changed meanwhile');
  expect(await page.getByTestId('calendar-week-start').inputValue()).toBe('Sunday');
  expect(await page.getByTestId('calendar-work-end').inputValue()).toBe('18:00');

  // Phone and PC: made (password once), regenerated (the old feed stops working), turned off.
  await page.getByTestId('calendar-settings-tab-sync').click();
  await page.getByTestId('calendar-sync-create').click();
  const ics = page.getByTestId('calendar-sync-ics');
  await ics.waitFor();
  const firstFeed = await ics.inputValue();
  expect(firstFeed).toMatch(/\/calendar\/feed\/[^/]+\.ics$/);
  expect(await page.getByTestId('calendar-sync-caldav-password').inputValue()).not.toBe('');
  await shot(page, 'calendar-settings-03-sync-en');
  await page.getByTestId('calendar-sync-regenerate').click();
  expect(await page.getByTestId('calendar-sync-confirm').textContent()).toContain('The old ones stop working');
  await page.getByTestId('calendar-sync-confirm-ok').click();
  await page.waitForFunction(
    (old) => (document.querySelector('[data-testid="calendar-sync-ics"]') as HTMLInputElement | null)?.value !== old,
    firstFeed,
  );
  expect((await fetch(firstFeed)).status).not.toBe(200);
  expect((await call<SyncView>(ana.token, '/calendar/sync')).icsUrl).toBe(await ics.inputValue());
  await page.getByTestId('calendar-sync-off').click();
  await page.getByTestId('calendar-sync-confirm-ok').click();
  await page.locator('[data-testid="calendar-sync"][data-state="off"]').waitFor();
  expect((await call<SyncView>(ana.token, '/calendar/sync')).icsUrl).toBeNull();

  // Calendars: a new one, shared with Radu (can see) — he then sees it.
  await page.getByTestId('calendar-settings-tab-calendars').click();
  await page.getByTestId('calendar-create').click();
  await page.getByTestId('calendar-create-name').fill(`Project ${tag}`);
  await page.getByRole('radio', { name: 'Grape' }).click();
  await page.getByTestId('calendar-create-save').click();
  const created = page.locator('[data-testid="calendar-row"]', { hasText: `Project ${tag}` });
  await created.waitFor();
  await created.getByTestId('calendar-share').click();
  await page.getByTestId('calendar-share-target').fill(`Radu Cal${tag}`);
  await page.getByRole('option', { name: new RegExp(`Radu Cal${tag}`) }).click();
  await page.getByTestId('calendar-share-add').click();
  await page.getByTestId('calendar-share-save').click();
  await page.getByTestId('calendar-share-save').waitFor({ state: 'hidden' });
  await created.filter({ hasText: 'Shared with 1' }).waitFor();
  const hisCalendars = await call<CalendarView[]>(radu.token, '/calendar/calendars');
  expect(hisCalendars.find((c) => c.name === `Project ${tag}`)?.access).toBe('read');
  await shot(page, 'calendar-settings-04-calendars-en');

  // Meeting rooms (administrators): added, then edited.
  await page.getByTestId('calendar-settings-tab-rooms').click();
  await page.getByTestId('room-add').click();
  await page.getByTestId('room-name').fill(`Blue room ${tag}`);
  await page.getByTestId('room-capacity').fill('8');
  await page.getByTestId('room-place').fill('2nd floor');
  await page.getByTestId('room-save').click();
  const roomRow = page.locator('[data-testid="room-row"]', { hasText: `Blue room ${tag}` });
  await roomRow.waitFor();
  expect(await roomRow.textContent()).toContain('8 seats · 2nd floor');
  await roomRow.getByTestId('room-edit').click();
  await page.getByTestId('room-capacity').fill('10');
  await page.getByTestId('room-save').click();
  await roomRow.getByText('10 seats · 2nd floor').waitFor();
  const rooms = await call<RoomView[]>(ana.token, '/calendar/rooms');
  expect(rooms.find((r) => r.name === `Blue room ${tag}`)).toMatchObject({ capacity: 10, place: '2nd floor' });
  await shot(page, 'calendar-settings-05-rooms-en');

  // Romanian at 375 px: the same tabs, nothing scrolls sideways.
  await page.setViewportSize(PHONE);
  await chooseLanguage(page, 'Română');
  await page.getByTestId('calendar-settings-tab-general').click();
  await page.getByTestId('calendar-preferences').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Setările calendarului');
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'calendar-settings-06-general-ro-phone');
  await page.getByTestId('calendar-settings-tab-sync').click();
  await page.getByTestId('calendar-sync-create').waitFor();
  expect(await horizontalOverflow(page)).toBe(0);
  await page.getByTestId('calendar-settings-tab-calendars').click();
  await page.getByTestId('calendar-row').first().waitFor();
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'calendar-settings-07-calendars-ro-phone');

  // Her agenda on the phone: the long title wraps inside the screen; the time column leaves it most of the row.
  await page.goto(`${portal()}/calendar`);
  const longTitle = page.locator('.fc-list-event-title', { hasText: LONG_TITLE });
  await longTitle.waitFor();
  expect(await horizontalOverflow(page)).toBe(0);
  const titleWidth = (await longTitle.boundingBox())!.width;
  const rowWidth = (await longTitle.locator('xpath=..').boundingBox())!.width;
  expect(titleWidth).toBeGreaterThan(rowWidth / 2);
  await shot(page, 'calendar-settings-07b-agenda-ro-phone');
});

test('the outside guest opens the e-mailed link signed out (ro, 375 px) and declines', async () => {
  const mail = await guestLink.mail!;
  const link = /https?:\/\/\S+?(\/calendar\/guest\/[A-Za-z0-9_.-]+)/.exec(mail.body.text)?.[1];
  expect(link).toBeDefined();
  const page = await b.newPage(PHONE, { locale: 'ro-RO' });
  await page.goto(`${portal()}${link}`);
  await page.locator('[data-testid="guest-page"][data-state="open"]').waitFor();
  expect(await page.getByTestId('guest-title').textContent()).toBe(TITLE);
  expect(await page.getByTestId('guest-page').textContent()).toContain(`Radu Cal${tag} te invită`);
  expect(await horizontalOverflow(page)).toBe(0);
  await page.getByTestId('guest-decline').click();
  await page.locator('[data-testid="guest-state"] [role="status"]').waitFor();
  expect(await page.getByTestId('guest-state').textContent()).toBe('Ai refuzat. Organizatorul a fost anunțat.');
  const event = await call<EventView>(radu.token, `/calendar/events/${eventId}`);
  expect(event.attendees.find((a) => a.id === guest)?.state).toBe('declined');
  await shot(page, 'calendar-settings-08-guest-declined-ro-phone');
});
