/**
 * The calendar in Chromium with two people against the shared e2e stack (issue 14): A drags across Tuesday
 * 10:00–11:00 of next week in the week view, fills the dialog (B and a room, weekly, 4 times; B shows free), and
 * saves; B accepts from the bell and A sees the acceptance in the event; A drags the first occurrence to
 * Wednesday 14:00 and picks "This event"; B sees it moved and the following Tuesday unchanged; "Find a time"
 * proposes a slot free for both (checked against GET /calendar/free-busy); the phone layout opens on the agenda
 * and does not scroll sideways. Screenshots (1280 and 375 px) go to test-results/e2e/calendar-*.png.
 */
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import type { EventView, FreeBusyView, OccurrencePage, RoomView } from '../../shared/calendar/contract';
import { occurrenceViews } from '../../shared/calendar/occurrence-page';
import {
  DESKTOP,
  E2eBrowser,
  horizontalOverflow,
  PHONE,
  shot,
  signInThroughPage,
  chooseLanguage,
} from '../support/browser';
import { createPeople, e2ePerson, until, type E2ePerson } from '../support/e2e-people';
import { api, itStack } from '../support/local-stack-client';

jest.setTimeout(180_000);

const tag =
  randomUUID()
    .replace(/[^a-z]/g, '')
    .slice(0, 5) || 'abcde';
const password = `E2e-${randomUUID()}!`;
const A = e2ePerson('cal-a', `Anca${tag}`, 'Pop');
const B = e2ePerson('cal-b', `Bogdan${tag}`, 'Ene');
const ADMIN = e2ePerson('cal-admin', `Admin${tag}`, 'Room');
const TITLE = `Weekly sync ${tag}`;

const browser = new E2eBrowser();
let a: Page;
let b: Page;
let room: RoomView;
let eventId = '';
/** Next week's Tuesday and Wednesday (YYYY-MM-DD) as the week view shows them. */
let tuesday = '';
let wednesday = '';

const portal = () => itStack().urls.portal;
const cshot = (page: Page, name: string) => shot(page, `calendar-${name}`);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function call<T>(who: E2ePerson, path: string, body?: unknown): Promise<T> {
  const r = await api<T>(path, { token: who.token, ...(body ? { method: 'POST', body } : {}) });
  if (r.status >= 300) throw new Error(`${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}

/** B's (or A's) occurrences of the meeting over the next weeks, by their local start. */
async function occurrencesOf(who: E2ePerson): Promise<string[]> {
  const from = new Date(Date.parse(`${tuesday}T00:00Z`) - 2 * 86_400_000).toISOString();
  const to = new Date(Date.parse(`${tuesday}T00:00Z`) + 30 * 86_400_000).toISOString();
  const page = await call<OccurrencePage>(who, `/calendar/events?from=${from}&to=${to}`);
  return occurrenceViews(page)
    .filter((o) => o.title === TITLE)
    .map((o) => o.start)
    .sort();
}

/** The point of a time-grid slot in a day column (10:00 → the slot row's top + a few px). */
async function slotPoint(page: Page, date: string, time: string, dy = 4) {
  const col = page.locator(`td.fc-timegrid-col[data-date="${date}"]`);
  const slot = page.locator(`td.fc-timegrid-slot-lane[data-time="${time}"]`);
  await slot.scrollIntoViewIfNeeded();
  const c = (await col.boundingBox())!;
  const s = (await slot.boundingBox())!;
  return { x: c.x + c.width / 2, y: s.y + dy };
}

/** Press at one point, move in steps (FullCalendar's drag threshold), release at the other. */
async function dragBetween(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 3, from.y + 6, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.waitForTimeout(100);
  await page.mouse.up();
}

async function pickPerson(page: Page, testId: string, p: E2ePerson) {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(p.first);
  await page.locator(`[data-testid="person-option"][data-user-id="${p.sub}"]:visible`).first().click();
  await input.blur();
  await page.locator('[data-testid="person-option"]:visible').first().waitFor({ state: 'hidden' });
}

async function selectOption(page: Page, field: Locator, text: string | RegExp) {
  await field.click();
  await page.getByRole('option', { name: text }).first().click();
}

async function openCalendar(page: Page) {
  await page.getByTestId('nav-calendar').first().click();
  await page.getByTestId('calendar-page').waitFor();
}

beforeAll(async () => {
  await createPeople([A, B], password, { position: 'Engineer' });
  await createPeople([ADMIN], password, { roles: ['admin', 'employee'] });
  room = await call<RoomView>(ADMIN, '/calendar/rooms', { name: `Sala ${tag}`, capacity: 8, place: 'Floor 2' });
  await browser.start();
  a = await browser.newPage(DESKTOP);
  b = await browser.newPage(DESKTOP);
});

afterAll(async () => {
  await browser.close();
});

afterEach(() => {
  expect(browser.pageErrors).toEqual([]);
});

test('A drags across next Tuesday 10–11 in the week view and invites B and a room to a weekly meeting', async () => {
  await signInThroughPage(a, A.email, password);
  await chooseLanguage(a, 'English');
  await openCalendar(a);
  await a.locator('[data-testid="calendar-page"][data-view="week"]').waitFor();
  await a.getByTestId('calendar-next').click();
  const tue = a.locator('td.fc-timegrid-col.fc-day-tue');
  await tue.waitFor();
  tuesday = (await tue.getAttribute('data-date')) ?? '';
  wednesday = addDays(tuesday, 1);
  expect(tuesday).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  await dragBetween(a, await slotPoint(a, tuesday, '10:00:00'), await slotPoint(a, tuesday, '10:30:00', 8));
  await a.getByTestId('event-form').waitFor();
  expect(await a.getByTestId('event-start').inputValue()).toBe(`${tuesday}T10:00`);
  expect(await a.getByTestId('event-end').inputValue()).toBe(`${tuesday}T11:00`);
  await a.getByTestId('event-title').fill(TITLE);
  await a.getByTestId('event-place').fill('Upstairs');
  await pickPerson(a, 'event-attendees', B);
  // B's live availability at that time: free
  await a.locator(`[data-testid="attendee-free-busy"][data-user-id="${B.sub}"] [data-state="free"]`).waitFor();
  await selectOption(a, a.getByTestId('event-room'), new RegExp(`Sala ${tag}`));
  await selectOption(a, a.getByTestId('recurrence-freq'), 'Weekly');
  expect(await a.getByTestId('recurrence-day-2').isChecked()).toBe(true); // Tuesday, the start's day
  await selectOption(a, a.getByTestId('recurrence-ending'), 'After');
  await a.getByTestId('recurrence-count').fill('4');
  await cshot(a, '01-new-meeting-dialog-en-1280');
  await a.getByTestId('event-save').click();
  await a.getByTestId('event-dialog').waitFor({ state: 'hidden' });

  const ev = a.locator(`[data-testid="calendar-event"]`).filter({ hasText: TITLE });
  await ev.first().waitFor();
  eventId = (await ev.first().getAttribute('data-event-id')) ?? '';
  expect(eventId).toMatch(/^[0-9A-Z]{26}$/);
  expect(await occurrencesOf(A)).toEqual([0, 7, 14, 21].map((d) => `${addDays(tuesday, d)}T10:00`));
  const stored = await call<EventView>(A, `/calendar/events/${eventId}`);
  expect(stored).toMatchObject({ roomId: room.roomId, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4', place: 'Upstairs' });
  expect(stored.attendees.map((x) => x.id)).toContain(B.sub);
  await cshot(a, '02-week-with-meeting-en-1280');
});

test('B accepts from the bell, and A sees the acceptance', async () => {
  await until(
    () => api<{ items: { kind: string }[] }>('/notifications', { token: B.token }),
    (r) => r.json.items?.some((n) => n.kind === 'calendar.invited'),
    20_000,
  );
  await signInThroughPage(b, B.email, password);
  await chooseLanguage(b, 'English');
  await b.getByTestId('bell').first().click();
  await b.getByTestId('bell-popover').waitFor();
  await b.getByTestId('bell-invite-accept').first().click();
  await b.locator('[data-testid="bell-invite-done"][data-answer="accepted"]').waitFor();
  await b.keyboard.press('Escape');

  // A opens the meeting: B's answer is there (the calendar.changed frame or the open refetch)
  await a.locator('[data-testid="calendar-event"]').filter({ hasText: TITLE }).first().click();
  await a.getByTestId('event-answers').waitFor();
  await a.locator(`[data-testid="event-answer"][data-attendee-id="${B.sub}"][data-state="accepted"]`).waitFor();
  await cshot(a, '03-answers-en-1280');
  await a.getByTestId('event-cancel').click();
  await a.getByTestId('event-dialog').waitFor({ state: 'hidden' });
});

test('A drags the first occurrence to Wednesday 14:00 (This event); B sees it moved and the others unchanged', async () => {
  const first = a.locator(`[data-testid="calendar-event"][data-event-id="${eventId}"]`).first();
  await first.scrollIntoViewIfNeeded();
  const f = (await first.boundingBox())!;
  const target = await slotPoint(a, wednesday, '14:00:00', 6);
  await dragBetween(a, { x: f.x + f.width / 2, y: f.y + 6 }, target);
  await a.getByTestId('scope-ok').waitFor();
  await a.getByTestId('scope-this').click();
  await cshot(a, '04-scope-question-en-1280');
  await a.getByTestId('scope-ok').click();
  const expected = [`${wednesday}T14:00`, ...[7, 14, 21].map((d) => `${addDays(tuesday, d)}T10:00`)].sort();
  expect(
    await until(
      () => occurrencesOf(B),
      (o) => o[0] === expected[0],
      15_000,
    ),
  ).toEqual(expected);

  await openCalendar(b);
  await b.getByTestId('calendar-next').click();
  const moved = b
    .locator(`td.fc-timegrid-col[data-date="${wednesday}"] [data-testid="calendar-event"]`)
    .filter({ hasText: TITLE });
  await moved.waitFor();
  expect(
    await b
      .locator(`td.fc-timegrid-col[data-date="${tuesday}"] [data-testid="calendar-event"]`)
      .filter({ hasText: TITLE })
      .count(),
  ).toBe(0);
  await cshot(b, '05-moved-occurrence-b-en-1280');
  await b.getByTestId('calendar-next').click();
  await b
    .locator(`td.fc-timegrid-col[data-date="${addDays(tuesday, 7)}"] [data-testid="calendar-event"]`)
    .filter({ hasText: TITLE })
    .waitFor();
});

test('"Find a time" proposes a slot free for both', async () => {
  await a.getByTestId('calendar-new').click();
  await a.getByTestId('event-form').waitFor();
  await a.getByTestId('event-title').fill(`Follow-up ${tag}`);
  await pickPerson(a, 'event-attendees', B);
  await a.getByTestId('find-time-button').click();
  const slot = a.getByTestId('find-time-slot').first();
  await slot.waitFor();
  const start = (await slot.getAttribute('data-start'))!;
  const end = (await slot.getAttribute('data-end'))!;
  const fb = await call<FreeBusyView>(
    A,
    `/calendar/free-busy?userIds=${A.sub},${B.sub}&from=${new Date(Date.parse(start) - 86_400_000).toISOString()}&to=${new Date(Date.parse(end) + 86_400_000).toISOString()}`,
  );
  const clash = [...(fb.users[A.sub] ?? []), ...(fb.users[B.sub] ?? [])].filter(
    (x) => Date.parse(x.startUtc) < Date.parse(end) && Date.parse(x.endUtc) > Date.parse(start),
  );
  expect(clash).toEqual([]);
  await cshot(a, '06-find-a-time-en-1280');
  await slot.click();
  const zone = (await a.getByTestId('calendar-page').getAttribute('data-zone'))!;
  const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' })
    .format(new Date(start))
    .replace(' ', 'T');
  expect(await a.getByTestId('event-start').inputValue()).toBe(wall);
  await a.getByTestId('event-cancel').click();
});

test('the phone layout: the agenda, nothing wider than the screen', async () => {
  const phone = await browser.newPage(PHONE);
  await signInThroughPage(phone, B.email, password);
  await phone.goto(`${portal()}/calendar`);
  await phone.locator('[data-testid="calendar-page"][data-view="agenda"]').waitFor();
  await phone.getByTestId('calendar-next').click();
  await phone.locator('[data-testid="calendar-event"]').filter({ hasText: TITLE }).first().waitFor();
  expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
  await cshot(phone, '07-agenda-en-375');
  await phone.locator('[data-testid="calendar-event"]').filter({ hasText: TITLE }).first().click();
  await phone.getByTestId('event-form').waitFor();
  await cshot(phone, '08-event-en-375');
});
