/**
 * Home, the personal dashboard (issue 13), in Chromium on the shared e2e stack: an employee with data sees their
 * name and "My tasks" (overdue, due today, awaiting their control — each row opens the task), in English at 1280 px
 * and Romanian at 375 px (one column); a brand-new person gets the empty states; System status is no longer on Home
 * but in Portal settings → Status, which an administrator sees and an employee cannot reach. Three sign-ins in all.
 *
 * CRM "My deals and leads needing action" (a deal with a todo past due, a new lead, a deal with nothing planned; a row
 * opens the deal) and drive "Files shared with me recently" (a folder and a file Radu shared, with his name; the file
 * opens its preview) are checked with data for the employee and empty for the new person.
 * Other modules' widgets are checked only when registered (each must settle: ready or empty, never stuck loading).
 * Screenshots: test-results/e2e/home-*.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { CreatedView, DealView, LeadView } from '../../shared/crm/contract';
import type { DriveView, NodeView, UploadSession } from '../../shared/drive/contract';
import { endOfLocalDay } from '../../shared/tasks/summary';
import { HOME_WIDGETS } from '../../web/src/home/registry';
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

jest.setTimeout(180_000);

const b = new E2eBrowser();
const password = `E2e-${randomUUID()}!`;
const tag = randomUUID().slice(0, 6);
const ana = e2ePerson('home-ana', 'Ana', `Home${tag}`);
const radu = e2ePerson('home-radu', 'Radu', `Home${tag}`);
const nou = e2ePerson('home-new', 'Nora', `Home${tag}`);
const admin = e2ePerson('home-admin', 'Adela', `Home${tag}`);
const portal = () => itStack().urls.portal;
const ids = { overdue: '', today: '', awaiting: '' };
const HOUR = 3_600_000;

async function newTask(token: string, body: Record<string, unknown>): Promise<string> {
  const r = await api<{ taskId: string }>('/tasks', { method: 'POST', token, body });
  if (r.status !== 201) throw new Error(`POST /tasks answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json.taskId;
}

/** Ana's CRM records and what Radu shares with her (the CRM and drive widgets). */
const crm = { late: '', lead: '', idle: '' };
const shared = { folder: '', file: '' };

async function ok<T>(path: string, token: string, body?: unknown, method = 'POST'): Promise<T> {
  const r = await api<T>(path, { method, token, ...(body === undefined ? {} : { body }) });
  if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}

async function crmAndDriveData(): Promise<void> {
  const deal = async (title: string) =>
    (await ok<CreatedView<DealView>>('/crm/deals', ana.token, { title, currency: 'RON', amountMinor: 250000 })).record
      .id;
  crm.late = await deal(`Fleet renewal ${tag}`);
  await ok(`/crm/records/${crm.late}/activities`, ana.token, {
    kind: 'todo',
    text: 'Call back about the fleet',
    dueAt: new Date(Date.now() - 26 * HOUR).toISOString(),
  });
  crm.idle = await deal(`Office chairs ${tag}`);
  crm.lead = (
    await ok<CreatedView<LeadView>>('/crm/leads', ana.token, { name: `Maria Lead${tag}`, companyName: 'Acme SRL' })
  ).record.id;

  const drives = await ok<DriveView[]>('/drive/drives', radu.token, undefined, 'GET');
  const root = drives.find((d) => d.kind === 'user')!.rootId;
  const bytes = Buffer.from('Agenda: budget, hiring, the new office.\n');
  const up = await ok<UploadSession>('/drive/uploads', radu.token, {
    parentId: root,
    name: `agenda-${tag}.txt`,
    size: bytes.length,
    contentType: 'text/plain',
  });
  const put = await fetch(up.url!, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain' },
    body: new Uint8Array(bytes),
  });
  if (put.status !== 200) throw new Error(`upload PUT answered ${put.status}`);
  shared.file = (await ok<NodeView>(`/drive/uploads/${up.uploadId}/complete`, radu.token, {})).nodeId;
  shared.folder = (
    await ok<NodeView>('/drive/folders', radu.token, { parentId: root, name: `Board meeting ${tag}` })
  ).nodeId;
  // The file first, then the folder: the folder is the newest share.
  for (const nodeId of [shared.file, shared.folder])
    await ok(
      `/drive/nodes/${nodeId}/shares`,
      radu.token,
      { principalType: 'user', principalId: ana.sub, right: 'read' },
      'PUT',
    );
}

beforeAll(async () => {
  await createPeople([ana, radu, nou], password);
  await createPeople([admin], password, { roles: ['admin', 'employee'] });
  // Later today in the browser's zone (Europe/Bucharest): halfway between now and its midnight.
  const end = Date.parse(endOfLocalDay('Europe/Bucharest', new Date()));
  const laterToday = new Date(Date.now() + (end - Date.now()) / 2).toISOString();
  ids.overdue = await newTask(ana.token, {
    title: `Send the offer ${tag}`,
    responsibleId: ana.sub,
    deadline: new Date(Date.now() - 3 * HOUR).toISOString(),
  });
  ids.today = await newTask(ana.token, { title: `Call the bank ${tag}`, responsibleId: ana.sub, deadline: laterToday });
  ids.awaiting = await newTask(ana.token, {
    title: `Translate the contract ${tag}`,
    responsibleId: radu.sub,
    requireApproval: true,
  });
  const done = await api(`/tasks/${ids.awaiting}/actions/complete`, { method: 'POST', token: radu.token, body: {} });
  if ((done.json as { status?: string }).status !== 'awaiting_control')
    throw new Error(`complete answered ${done.status}: ${JSON.stringify(done.json)}`);
  await crmAndDriveData();
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

/** The other modules' widgets, as registered (each may be hidden from some people, e.g. CRM from partners). */
const OTHER_WIDGETS = HOME_WIDGETS.map((w) => w.id).filter((id) => id !== 'tasks');

/** The tasks card once its one request answered, and every other registered card settled (not loading). */
async function widgetsSettled(page: Page): Promise<void> {
  await page.locator('[data-testid="home-widget-tasks"]:not([data-state="loading"])').waitFor();
  for (const id of OTHER_WIDGETS)
    if (await page.getByTestId(`home-widget-${id}`).count())
      await page.locator(`[data-testid="home-widget-${id}"]:not([data-state="loading"])`).waitFor();
}

const groupRows = async (page: Page, group: string) =>
  page
    .locator(`[data-testid="tasks-home-group"][data-group="${group}"] [data-testid="tasks-home-row"]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')));

test('an employee with data: their name, My tasks in three groups (English, 1280 px; Romanian, 375 px), a row opens the task', async () => {
  const page = await b.newPage(DESKTOP);
  await signInThroughPage(page, ana.email, password);
  expect(await page.getByTestId('welcome').textContent()).toBe('Welcome, Ana');
  await widgetsSettled(page);
  const card = page.getByTestId('home-widget-tasks');
  // "Today" is the person's day: their zone (Bucharest, the browser's, adopted at first sign-in) may arrive
  // after the first answer, so wait for the row rather than read the first state.
  await card.locator(`[data-group="today"] [data-task-id="${ids.today}"]`).waitFor();
  expect(await card.getAttribute('data-state')).toBe('ready');
  expect(await groupRows(page, 'overdue')).toEqual([ids.overdue]);
  expect(await groupRows(page, 'today')).toEqual([ids.today]);
  expect(await groupRows(page, 'awaitingControl')).toEqual([ids.awaiting]);
  const awaiting = card.locator('[data-testid="tasks-home-group"][data-group="awaitingControl"]');
  expect(await awaiting.textContent()).toContain('Awaiting my control');
  expect(await awaiting.textContent()).toContain(`completed by Radu Home${tag}`);
  expect(await card.locator('[data-group="overdue"]').textContent()).toMatch(/Overdue.*due 3 hours ago/);
  // CRM: overdue first, then the new lead, then the deal with nothing planned; drive: the newest share first, by name.
  const crmCard = page.getByTestId('home-widget-crm');
  expect(await crmCard.getAttribute('data-state')).toBe('ready');
  const crmRows = crmCard.locator('[data-testid="crm-home-row"]');
  expect(await crmRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))).toEqual([
    'overdue',
    'new',
    'idle',
  ]);
  expect(await crmRows.nth(0).textContent()).toMatch(
    new RegExp(`Overdue\\s*Fleet renewal ${tag}Todo was due yesterday · New · .*2,500\\.00`),
  );
  expect(await crmRows.nth(1).textContent()).toContain(`New leadMaria Lead${tag}Not worked yet · Acme SRL`);
  expect(await crmRows.nth(2).textContent()).toContain(`Office chairs ${tag}No activity planned · New`);
  const driveCard = page.getByTestId('home-widget-drive');
  expect(await driveCard.getAttribute('data-state')).toBe('ready');
  const driveRows = driveCard.locator('[data-testid="drive-home-row"]');
  expect(await driveRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['folder', 'file']);
  expect(await driveRows.nth(0).textContent()).toMatch(
    new RegExp(`Board meeting ${tag}Radu Home${tag} shared it (now|\\d+ (seconds?|minutes?) ago)`),
  );
  expect(`${await crmCard.textContent()}${await driveCard.textContent()}`).not.toContain('@');
  // The old status panels are gone from Home.
  for (const old of ['health-panel', 'me-panel', 'live-panel', 'me-email'])
    expect(await page.getByTestId(old).count()).toBe(0);
  // The other registered widgets settled (ready or empty) — each is checked by its own module's tests.
  for (const id of OTHER_WIDGETS) {
    const other = page.getByTestId(`home-widget-${id}`);
    if (await other.count()) expect(['ready', 'empty']).toContain(await other.getAttribute('data-state'));
  }
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'home-01-employee-en-desktop');

  // Romanian on a phone: the same page, the header's language switch and a 375 px viewport.
  await chooseLanguage(page, 'Română');
  await page.setViewportSize(PHONE);
  await page.getByText('Bun venit, Ana').waitFor();
  expect(await card.getByRole('heading', { level: 2 }).textContent()).toBe('Sarcinile mele');
  expect(await card.locator('[data-group="overdue"] h3').textContent()).toBe('Depășite');
  expect(await card.locator('[data-group="today"] h3').textContent()).toBe('Termen azi');
  expect(await card.locator('[data-group="awaitingControl"] h3').textContent()).toBe('Așteaptă controlul meu');
  // One column: every card starts at the same x and spans the content width — once the layout has settled
  // after the resize (the navbar's padding transition briefly leaves the cards 228 px wide).
  const cardBoxes = () =>
    page.locator('[data-testid="home-widgets"] > *').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { x: Math.round(r.x), width: Math.round(r.width) };
      }),
    );
  const boxes = await until(cardBoxes, (b) => Math.min(...b.map((x) => x.width)) > 300, 3_000);
  expect(new Set(boxes.map((x) => x.x)).size).toBe(1);
  expect(Math.min(...boxes.map((x) => x.width))).toBeGreaterThan(300);
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'home-02-employee-ro-phone');
  expect(await crmCard.getByRole('heading', { level: 2 }).textContent()).toBe(
    'Oportunitățile și lead-urile mele care cer acțiune',
  );
  expect(await driveCard.getByRole('heading', { level: 2 }).textContent()).toBe('Fișiere partajate recent cu mine');
  expect(await driveRows.nth(1).textContent()).toContain(`Radu Home${tag} l-a partajat`);
  // A shared file opens its preview; a row of the CRM card opens the deal.
  await driveCard.locator(`[data-node-id="${shared.file}"]`).click();
  await page.getByTestId('preview-body').getByText('Agenda: budget', { exact: false }).waitFor();
  await shot(page, 'home-02b-shared-file-preview-ro-phone');
  expect(new URL(page.url()).pathname).toBe('/drive/shared');
  await page.goBack();
  await crmCard.locator(`[data-record-id="${crm.late}"]`).click();
  await page.getByTestId('deal-fields').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/crm/deals/${crm.late}`);
  await page.goBack();

  await page.locator(`[data-testid="tasks-home-row"][data-task-id="${ids.overdue}"]`).click();
  await page.getByTestId('task-title').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/tasks/${ids.overdue}`);
  expect(await page.getByTestId('task-title').textContent()).toContain(`Send the offer ${tag}`);
});

test('a brand-new employee: their name and useful empty states (English, Romanian at 375 px); no Portal settings', async () => {
  const page = await b.newPage(DESKTOP);
  await signInThroughPage(page, nou.email, password);
  expect(await page.getByTestId('welcome').textContent()).toBe('Welcome, Nora');
  await widgetsSettled(page);
  const empty = page.getByTestId('home-widget-tasks-empty');
  expect(await empty.textContent()).toContain('Nothing overdue, nothing due today');
  await empty.getByRole('link', { name: 'Open my tasks' }).waitFor();
  const crmEmpty = page.getByTestId('home-widget-crm-empty');
  expect(await crmEmpty.textContent()).toContain('Nothing waits for you');
  expect(await crmEmpty.getByRole('link', { name: 'Open the deals board' }).getAttribute('href')).toBe('/crm');
  const driveEmpty = page.getByTestId('home-widget-drive-empty');
  expect(await driveEmpty.textContent()).toContain('Nobody has shared a file or folder with you yet');
  expect(await driveEmpty.getByRole('link', { name: 'Open my drive' }).getAttribute('href')).toBe('/drive/my');
  await shot(page, 'home-03-new-person-en-desktop');

  await chooseLanguage(page, 'Română');
  await page.setViewportSize(PHONE);
  await page.getByText('Bun venit, Nora').waitFor();
  expect(await empty.textContent()).toContain('Nimic depășit');
  expect(await crmEmpty.textContent()).toContain('Nimic nu te așteaptă');
  expect(await driveEmpty.textContent()).toContain('Nimeni nu ți-a partajat încă');
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'home-04-new-person-ro-phone');

  // An employee: no Portal settings in the menu, and its Status page says they lack access.
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-profile').waitFor();
  expect(await page.getByTestId('menu-portal-settings').count()).toBe(0);
  await page.keyboard.press('Escape');
  await page.goto(`${portal()}/settings/portal/status`);
  await page.getByTestId('portal-settings-no-access').waitFor();
  expect(await page.getByTestId('portal-settings-no-access').textContent()).toContain('doar administratorii');
  expect(await page.getByTestId('health-panel').count()).toBe(0);
  expect(await page.getByTestId('portal-tab-status').count()).toBe(0);
});

test('System status is in Portal settings → Status for an administrator (English, 1280 and 375 px)', async () => {
  const page = await b.newPage(DESKTOP);
  await signInThroughPage(page, admin.email, password);
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-portal-settings').click();
  await page.getByTestId('portal-tab-status').click();
  await page.locator('[data-testid="portal-settings-page"][data-tab="status"]').waitFor();
  expect(new URL(page.url()).pathname).toBe('/settings/portal/status');
  await page.locator('[data-testid="health-status"][data-status="ok"]').waitFor();
  expect(await page.getByTestId('health-latency').textContent()).toMatch(/^\d+ ms$/);
  await page.getByTestId('health-heartbeat').waitFor();
  await page.locator('[data-testid="live-panel-status"][data-status="live"]').waitFor({ timeout: 15_000 });
  await shot(page, 'home-05-admin-status-en-desktop');

  await page.setViewportSize(PHONE);
  await page.getByTestId('health-panel').waitFor();
  // the layout settles after the resize (the navbar's and a toast's transitions): the steady state must not scroll sideways
  expect(
    await until(
      () => horizontalOverflow(page),
      (px) => px === 0,
      3_000,
    ),
  ).toBe(0);
  await shot(page, 'home-06-admin-status-en-phone');
  // Back to the Settings tab through the tab list.
  await page.getByTestId('portal-tab-settings').click();
  await page.locator('[data-testid="portal-settings-page"][data-tab="settings"]').waitFor();
  expect(new URL(page.url()).pathname).toBe('/settings/portal');
});
