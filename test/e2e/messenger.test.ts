/**
 * The messenger in Chromium with two people, each in their own browser context, against the local
 * stack: A opens a 1:1 chat with B from "New chat" and writes; B, already on the messenger page, sees
 * it arrive live (unread badge in the list and in the sidebar); B opens the chat, A sees "Seen"; B is
 * typing and A sees it; B reacts and A sees the reaction. Then B goes offline (its context closes), A
 * writes again, and B gets the offline digest e-mail with a link back to the chat. Screenshots desktop
 * and 375 px, English and Romanian, go to test-results/e2e/messenger-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../../infra/local/util';
import { launchBrowser } from '../support/browser';
import { createPeople, e2ePerson, type E2ePerson } from '../support/e2e-people';
import { itStack } from '../support/local-stack-client';
import { waitForMail } from '../support/mail-store';

jest.setTimeout(120_000);

const shots = path.join(repoRoot(), 'test-results', 'e2e');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const tag =
  randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 4) || 'abcd';
const password = `E2e-${randomUUID()}!`;

interface Person extends E2ePerson {
  context?: BrowserContext;
  page?: Page;
}
const A: Person = e2ePerson('msg-a', 'Ana', `Pop${tag}`);
const B: Person = e2ePerson('msg-b', 'Bogdan', `Ionescu${tag}`);

let browser: Browser;
const pageErrors: string[] = [];
let chatId = '';

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `messenger-${name}.png`), fullPage: false });
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

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await createPeople([A, B], password, { position: 'Engineer' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await A.context?.close();
  await B.context?.close();
  await browser?.close();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test('both open the messenger; A starts a 1:1 chat with B from "New chat" and writes', async () => {
  const b = await openAs(B);
  await b.getByTestId('nav-messenger').click();
  await b.getByTestId('chat-list').waitFor();
  const a = await openAs(A);
  await a.getByTestId('nav-messenger').click();
  await a.getByTestId('no-chat').waitFor();

  await a.getByTestId('new-chat').click();
  await a.getByTestId('new-chat-search').fill(B.first);
  await a.locator(`[data-testid="person-option"][data-user-id="${B.sub}"]`).click();
  await a.getByTestId('conversation').waitFor();
  chatId = (await a.getByTestId('conversation').getAttribute('data-chat-id')) ?? '';
  expect(chatId).toMatch(/^dm-[0-9a-z]{26}$/);
  expect(new URL(a.url()).pathname).toBe(`/messenger/${chatId}`);
  await a
    .getByTestId('chat-header-title')
    .filter({ hasText: `${B.first} ${B.last}` })
    .waitFor();

  const input = a.getByTestId('composer-input');
  await input.fill('Hello Bogdan, the plan is at https://example.com/plan');
  await input.press('Shift+Enter');
  await input.type('second line <b>not bold</b>');
  await input.press('Enter');
  const mine = a.locator('[data-testid="message"][data-status="sent"]').last();
  await mine.waitFor();
  expect(await mine.getByTestId('message-text').innerText()).toBe(
    'Hello Bogdan, the plan is at https://example.com/plan\nsecond line <b>not bold</b>',
  );
  expect(await mine.locator('a.msg-link').getAttribute('href')).toBe('https://example.com/plan');
  expect(await mine.locator('b').count()).toBe(0); // text, never HTML
  expect(await input.inputValue()).toBe('');
  await shot(a, '01-a-sent-en-desktop');
});

test('B sees it arrive live: the chat with an unread badge, and the sidebar total', async () => {
  const b = B.page!;
  const row = b.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`);
  await row.waitFor();
  await row.locator('[data-testid="chat-unread"]', { hasText: '1' }).waitFor();
  expect(await row.getByTestId('chat-preview').innerText()).toContain('Hello Bogdan');
  await b.locator('[data-testid="nav-messenger-unread"]', { hasText: '1' }).waitFor();
  await shot(b, '02-b-unread-en-desktop');
});

test('B opens the chat: the message is there, it is marked read, and A sees "Seen"', async () => {
  const b = B.page!;
  await b.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).click();
  await b.getByTestId('conversation').waitFor();
  await b.getByTestId('message-text').filter({ hasText: 'Hello Bogdan' }).waitFor();
  await b.getByTestId('nav-messenger-unread').waitFor({ state: 'detached' });
  expect(
    await b.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"] [data-testid="chat-unread"]`).count(),
  ).toBe(0);

  const a = A.page!;
  await a.getByTestId('seen-by').waitFor();
  await a.getByTestId('seen-by').click();
  await a
    .getByTestId('readers')
    .filter({ hasText: `${B.first} ${B.last}` })
    .waitFor();
  await shot(a, '03-a-seen-en-desktop');
  await a.keyboard.press('Escape');
});

test('B types: A sees "Bogdan … is typing…"; B reacts 👍 and A sees the reaction', async () => {
  const a = A.page!;
  const b = B.page!;
  await b.getByTestId('composer-input').type('Thanks');
  await a
    .getByTestId('typing')
    .filter({ hasText: `${B.first} ${B.last} is typing` })
    .waitFor();

  const target = b.locator('[data-testid="message"]').filter({ hasText: 'Hello Bogdan' });
  await target.hover();
  await target.getByTestId('react-button').click();
  await b.getByTestId('react-like').click();
  await target.locator('[data-testid="reaction-like"][data-count="1"]').waitFor();

  const onA = a.locator('[data-testid="message"]').filter({ hasText: 'Hello Bogdan' });
  await onA.locator('[data-testid="reaction-like"][data-count="1"]').waitFor();
  expect(await onA.getByTestId('reaction-like').getAttribute('aria-pressed')).toBe('false');

  await b.getByTestId('composer-input').press('Enter');
  await a
    .getByTestId('message-text')
    .filter({ hasText: /^Thanks$/ })
    .waitFor();
  await shot(a, '04-a-reaction-en-desktop');
  await shot(b, '05-b-conversation-en-desktop');
});

test('B goes offline; A writes; B gets one digest e-mail with a link to the chat', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  await B.context!.close();
  B.context = undefined;
  const a = A.page!;
  const input = a.getByTestId('composer-input');
  await input.fill('Are you there? The offline digest should tell you.');
  await input.press('Enter');
  await a.locator('[data-testid="message"][data-status="sent"]').filter({ hasText: 'Are you there?' }).waitFor();

  // The digest waits MESSENGER_DIGEST_MINUTES (3 s in the test stacks), then the schedule sends it.
  const deadline = Date.now() + 45_000;
  let mail: Awaited<ReturnType<typeof waitForMail>> | undefined;
  while (!mail && Date.now() < deadline) {
    await itStack().streamsIdle(10_000);
    await itStack().runSchedule('messenger', 'digest');
    mail = await waitForMail(B.email, since, { timeoutMs: 2_000 }).catch(() => undefined);
  }
  expect(mail).toBeDefined();
  expect(mail!.body.text).toContain(`/messenger/${chatId}`);
  expect(mail!.body.text).toContain('Are you there?');
  expect(mail!.body.text).toContain(A.first);
  expect(mail!.subject).toMatch(/unread message/); // B's profile language is English
});

test('screenshots: 375 px in English and Romanian, list and conversation as two screens', async () => {
  const a = A.page!;
  await a.setViewportSize(PHONE);
  await a.goto(`${itStack().urls.portal}/messenger`);
  await a.locator('[data-testid="messenger"][data-layout="phone"]').waitFor();
  await a.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).waitFor();
  expect(await a.getByTestId('conversation').count()).toBe(0);
  await shot(a, '06-list-en-phone');
  expect(await noHorizontalScroll(a)).toBeLessThanOrEqual(0);
  await a.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).click();
  await a.getByTestId('conversation').waitFor();
  await a.getByTestId('message-text').filter({ hasText: 'Are you there?' }).waitFor();
  expect(await a.getByTestId('chat-list').count()).toBe(0);
  await shot(a, '07-chat-en-phone');
  expect(await noHorizontalScroll(a)).toBeLessThanOrEqual(0);

  await chooseLanguage(a, 'Română');
  await a.getByTestId('composer-input').and(a.getByPlaceholder('Scrie un mesaj…')).waitFor();
  await shot(a, '08-chat-ro-phone');
  expect(await noHorizontalScroll(a)).toBeLessThanOrEqual(0);
  await a.getByTestId('back-to-list').click();
  await a.getByRole('heading', { name: 'Mesagerie' }).waitFor();
  await shot(a, '09-list-ro-phone');

  await a.setViewportSize(DESKTOP);
  await a.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).click();
  await a.getByTestId('conversation').waitFor();
  await shot(a, '10-chat-ro-desktop');
  await chooseLanguage(a, 'English');
});
