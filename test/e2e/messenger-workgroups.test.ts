/**
 * A workgroup's chat in Chromium, two people in their own browser contexts against the local stack: the
 * group page links its members to the group's chat; the chat shows as a workgroup chat whose members the
 * group manages (no add / remove / leave; a link back to the group); messages go live to the other
 * member; someone joining the GROUP appears in the chat live. Also a group chat's picture: the owner
 * uploads it in the chat details, the other member's list shows it live. Screenshots desktop / 375 px / Romanian:
 * test-results/e2e/messenger-workgroups-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { workgroupChatId } from '../../shared/messenger/contract';
import { repoRoot } from '../../infra/local/util';
import { launchBrowser } from '../support/browser';
import { createPeople, e2ePerson, type E2ePerson } from '../support/e2e-people';
import { api, itStack } from '../support/local-stack-client';

jest.setTimeout(150_000);

const shots = path.join(repoRoot(), 'test-results', 'e2e');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const tag = randomUUID()
  .replace(/[^a-f]/g, '')
  .slice(0, 5)
  .padEnd(5, 'a');
const password = `E2e-${randomUUID()}!`;
const GROUP = `Warehouse ${tag}`;

interface Person extends E2ePerson {
  context?: BrowserContext;
  page?: Page;
}
const person = (first: string, last: string): Person => e2ePerson(`wg-${first.toLowerCase()}`, first, `${last}${tag}`);
const A = person('Ana', 'Pop');
const B = person('Bogdan', 'Ionescu');
const C = person('Cristina', 'Dobre');

let browser: Browser;
const pageErrors: string[] = [];
let groupId = '';
let chatId = '';

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `messenger-workgroups-${name}.png`), fullPage: false });
}

async function chooseLanguage(page: Page, name: 'English' | 'Română') {
  await page.locator('[data-testid="language-switch"] label', { hasText: name }).first().click();
}

async function openAs(p: Person) {
  p.context = await browser.newContext({
    viewport: DESKTOP,
    locale: 'en-US',
    timezoneId: 'Europe/Bucharest',
    colorScheme: 'light',
  });
  const page = await p.context.newPage();
  p.page = page;
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(`${p.first}: ${e.message}`));
  await page.goto(itStack().urls.portal);
  await page.getByTestId('sign-in-form').waitFor();
  await chooseLanguage(page, 'English');
  await page.getByLabel(/^E-mail/).fill(p.email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('welcome').waitFor();
  await page.locator('[data-testid="live-indicator"][data-status="live"]').waitFor();
  return page;
}

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const message = (page: Page, text: string) =>
  page.locator('[data-testid="message"]').filter({ has: page.getByTestId('message-text').filter({ hasText: text }) });

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await createPeople([A, B, C], password);
  const g = await api('/groups', { method: 'POST', token: A.token, body: { name: GROUP, memberIds: [B.sub] } });
  expect(g.status).toBe(201);
  groupId = g.json.groupId;
  chatId = workgroupChatId(groupId);
  await itStack().streamsIdle();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of [A, B, C]) await p.context?.close();
  await browser?.close();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test('the group page links a member to the group chat; the chat is a workgroup chat the group manages', async () => {
  const a = await openAs(A);
  await a.goto(`${itStack().urls.portal}/workgroups/${groupId}`);
  await a
    .getByTestId('group-page')
    .waitFor({ timeout: 30_000 })
    .catch(async (e: unknown) => {
      await shot(a, '00-debug-group-page');
      throw e;
    });
  await a.getByTestId('group-chat').click();
  await a.locator(`[data-testid="conversation"][data-chat-id="${chatId}"]`).waitFor();
  expect(new URL(a.url()).pathname).toBe(`/messenger/${chatId}`);
  await a.getByTestId('chat-header-title').filter({ hasText: GROUP }).waitFor();
  await a.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).waitFor();
  await a
    .getByTestId('system-message')
    .filter({ hasText: /created the chat/ })
    .waitFor();

  await a.getByTestId('members-button').click();
  await a.getByTestId('workgroup-note').waitFor();
  expect(await a.locator('[data-testid="member-row"]').count()).toBe(2);
  // managed by the group: nothing to add, remove or leave here, though A owns the group
  for (const id of ['add-people-open', 'member-remove', 'leave-chat', 'chat-rename-input'])
    expect(await a.getByTestId(id).count()).toBe(0);
  await shot(a, '01-a-info-en-desktop');
  await a.getByTestId('open-workgroup').click();
  await a.getByTestId('group-page').waitFor();
  expect(new URL(a.url()).pathname).toBe(`/workgroups/${groupId}`);
});

test('A writes in the group chat, B (a member) sees it live; C (not a member) has no chat link and no chat', async () => {
  const a = A.page!;
  const b = await openAs(B);
  await b.getByTestId('nav-messenger').click();
  await b.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).click();
  await b.locator(`[data-testid="conversation"][data-chat-id="${chatId}"]`).waitFor();

  await a.getByTestId('group-chat').click();
  await a.locator(`[data-testid="conversation"][data-chat-id="${chatId}"]`).waitFor();
  const input = a.getByTestId('composer-input');
  await input.fill(`Pallets arrive at 9, mango${tag}`);
  await input.press('Enter');
  await message(b, `mango${tag}`).waitFor();
  await shot(b, '02-b-live-en-desktop');

  const c = await openAs(C);
  await c.goto(`${itStack().urls.portal}/workgroups/${groupId}`);
  await c.getByTestId('group-page').waitFor();
  expect(await c.getByTestId('group-chat').count()).toBe(0);
  await c.goto(`${itStack().urls.portal}/messenger/${chatId}`);
  await c.getByTestId('chat-list').waitFor();
  expect(await c.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).count()).toBe(0);
  expect(await message(c, `mango${tag}`).count()).toBe(0);
});

test('C joins the group: the chat appears in C’s list live and A sees “joined”', async () => {
  const a = A.page!;
  const c = C.page!;
  await c.goto(`${itStack().urls.portal}/messenger`);
  await c.getByTestId('chat-list').waitFor();
  await c.locator('[data-testid="live-indicator"][data-status="live"]').waitFor();
  expect((await api(`/groups/${groupId}/join`, { method: 'POST', token: C.token })).json).toEqual({ status: 'joined' });
  // through the table's stream (the local poller; slow on a loaded machine)
  await c.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).waitFor({ timeout: 45_000 });
  await a
    .getByTestId('system-message')
    .filter({ hasText: `${C.first} ${C.last} joined` })
    .waitFor({ timeout: 45_000 });
  await c.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).click();
  await message(c, `mango${tag}`).waitFor();
});

test('screenshots: 375 px and Romanian without sideways scroll', async () => {
  const b = B.page!;
  await b.setViewportSize(PHONE);
  await b.goto(`${itStack().urls.portal}/messenger/${chatId}`);
  await b.locator(`[data-testid="conversation"][data-chat-id="${chatId}"]`).waitFor();
  await chooseLanguage(b, 'Română');
  await b.getByTestId('members-button').click();
  await b
    .getByTestId('workgroup-note')
    .filter({ hasText: /grup de lucru/ })
    .waitFor();
  expect(await noHorizontalScroll(b)).toBeLessThanOrEqual(0);
  await shot(b, '03-b-info-ro-phone');
});

test('a group chat gets a picture: A uploads it in the chat details (progress, then the picture), B’s list shows it live', async () => {
  const a = A.page!;
  const b = B.page!;
  await b.setViewportSize(DESKTOP);
  await b.goto(`${itStack().urls.portal}/messenger`);
  await chooseLanguage(b, 'English');
  const g = await api('/chats', {
    method: 'POST',
    token: A.token,
    body: { title: `Pictures ${tag}`, memberIds: [B.sub] },
  });
  expect(g.status).toBe(201);
  const groupChat = g.json.chatId as string;
  await a.goto(`${itStack().urls.portal}/messenger/${groupChat}`);
  await a.locator(`[data-testid="conversation"][data-chat-id="${groupChat}"]`).waitFor();
  await b.goto(`${itStack().urls.portal}/messenger`);
  await b.locator(`[data-testid="chat-row"][data-chat-id="${groupChat}"]`).waitFor();

  await a.getByTestId('members-button').click();
  await a.getByTestId('chat-picture-control').waitFor();
  const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#e8590c' } })
    .png()
    .toBuffer();
  await a
    .locator('[data-testid="chat-picture-control"] input[type="file"]')
    .setInputFiles({ name: 'team.png', mimeType: 'image/png', buffer: png });
  const pic = a.locator('[data-testid="chat-picture-control"] [data-testid="chat-picture"] img');
  await pic.waitFor({ timeout: 20_000 });
  await a.waitForFunction(
    (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth === 256,
    await pic.elementHandle(),
    { timeout: 20_000 },
  );
  await a.getByTestId('chat-picture-remove').waitFor();
  await shot(a, '04-a-picture-en-desktop');
  await a.keyboard.press('Escape');
  await a.locator('header.conv-header [data-testid="chat-picture"] img').waitFor();
  // B: the list row follows the chat.updated frame, no reload
  await b
    .locator(`[data-testid="chat-row"][data-chat-id="${groupChat}"] [data-testid="chat-picture"] img`)
    .waitFor({ timeout: 20_000 });
  await shot(b, '05-b-list-picture-en-desktop');
  // B is a member, not the owner: no picture controls
  await b.locator(`[data-testid="chat-row"][data-chat-id="${groupChat}"]`).click();
  await b.getByTestId('members-button').click();
  await b.getByTestId('member-list').waitFor();
  expect(await b.getByTestId('chat-picture-control').count()).toBe(0);
  await b.keyboard.press('Escape');
});
