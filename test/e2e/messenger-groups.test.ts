/**
 * Group chats in Chromium with three people, each in their own browser context, against the local
 * stack: A creates a group with B and C and mentions C (C's bell counts it live); A attaches an image
 * (progress while it goes up, then the thumbnail for A and B, full size in a dialog on click; B's list says "📎 name"); B replies, A pins
 * it, A edits one message and deletes another (B sees both); A renames the group and removes C (C's
 * list loses it), then adds C back from the directory; search in the chat and across my chats jumps
 * to the message; B's browser goes offline, A sends 3 messages, B comes back online and gets exactly
 * those 3, once. Screenshots desktop and 375 px, English and Romanian: test-results/e2e/messenger-groups-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
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
const GROUP = `Launch ${tag}`;
const RENAMED = `Launch ${tag} final`;

interface Person extends E2ePerson {
  context?: BrowserContext;
  page?: Page;
}
const person = (first: string, last: string): Person => e2ePerson(`grp-${first.toLowerCase()}`, first, `${last}${tag}`);
const A = person('Ana', 'Pop');
const B = person('Bogdan', 'Ionescu');
const C = person('Cristina', 'Dobre');
const full = (p: Person) => `${p.first} ${p.last}`;

let browser: Browser;
const pageErrors: string[] = [];
let chatId = '';

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `messenger-groups-${name}.png`), fullPage: false });
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
  page.on('dialog', (d) => void d.accept());
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
const message = (page: Page, text: string | RegExp) =>
  page.locator('[data-testid="message"]').filter({ has: page.getByTestId('message-text').filter({ hasText: text }) });
const system = (page: Page, text: string | RegExp) => page.getByTestId('system-message').filter({ hasText: text });

async function send(page: Page, text: string) {
  const input = page.getByTestId('composer-input');
  await input.fill(text);
  await input.press('Enter');
  await message(page, text).and(page.locator('[data-status="sent"]')).waitFor();
}

async function messageAction(page: Page, text: string, action: string) {
  const m = message(page, text);
  await m.hover();
  await m.getByTestId('message-menu').click();
  await page.getByTestId(action).click();
}

async function openChat(page: Page) {
  await page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).click();
  await page.locator(`[data-testid="conversation"][data-chat-id="${chatId}"]`).waitFor();
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await createPeople([A, B, C], password, { position: 'Engineer' });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of [A, B, C]) await p.context?.close();
  await browser?.close();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test('A creates a group with B and C; B and C see it appear in their lists', async () => {
  const b = await openAs(B);
  await b.getByTestId('nav-messenger').click();
  await b.getByTestId('chat-list').waitFor();
  const c = await openAs(C);
  await c.getByTestId('nav-messenger').click();
  await c.getByTestId('chat-list').waitFor();
  const a = await openAs(A);
  await a.getByTestId('nav-messenger').click();
  await a.getByTestId('no-chat').waitFor();

  await a.getByTestId('new-chat').click();
  await a.getByTestId('new-chat-mode').getByText('Group chat').click();
  await a.getByTestId('group-title').fill(GROUP);
  for (const p of [B, C]) {
    await a.getByTestId('new-chat-search').fill(p.first);
    await a.locator(`[data-testid="people-results"][data-query="${p.first}"]`).waitFor();
    await a.locator(`[data-testid="person-option"][data-user-id="${p.sub}"]`).click();
  }
  await a.getByTestId('create-group').filter({ hasText: 'Create with 2 members' }).click();
  await a.getByTestId('conversation').waitFor();
  chatId = (await a.getByTestId('conversation').getAttribute('data-chat-id')) ?? '';
  expect(chatId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  await a.getByTestId('chat-header-title').filter({ hasText: GROUP }).waitFor();
  await system(a, `${full(A)} created the chat`).waitFor();

  for (const page of [b, c]) {
    const row = page.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`);
    await row.getByTestId('chat-title').filter({ hasText: GROUP }).waitFor();
    // being added is a notification too
    await page.locator('[data-testid="bell-count"][data-count="1"]').waitFor();
  }
});

test('A mentions C: C’s bell counts it live and says who mentioned them where', async () => {
  const a = A.page!;
  const c = C.page!;
  const input = a.getByTestId('composer-input');
  await input.fill('@Cri');
  await a
    .getByTestId('mention-option')
    .filter({ hasText: full(C) })
    .click();
  await input.pressSequentially('please review the quarterly plan');
  await input.press('Enter');
  const mention = message(a, 'please review the quarterly plan');
  await mention.and(a.locator('[data-status="sent"]')).waitFor();
  expect(await mention.getByTestId('message-text').innerText()).toBe(`@${full(C)} please review the quarterly plan`);

  await c.locator('[data-testid="bell-count"][data-count="2"]').waitFor();
  await c.getByTestId('bell').click();
  await c
    .getByTestId('bell-item')
    .filter({ hasText: `${full(A)} added you to ${GROUP}` })
    .waitFor();
  const item = c.getByTestId('bell-item').filter({ hasText: `${full(A)} mentioned you in ${GROUP}` });
  await item.waitFor();
  await shot(c, '01-c-bell-en-desktop');
  // the notification opens the chat at the message
  await item.click();
  await c.locator(`[data-testid="conversation"][data-chat-id="${chatId}"]`).waitFor();
  await message(c, 'please review the quarterly plan').and(c.locator('[data-highlight="true"]')).waitFor();
  expect(new URL(c.url()).search).toBe('');
});

test('A attaches an image: progress while it uploads, then the preview for A and B; B’s list says 📎 chart.png', async () => {
  const a = A.page!;
  const b = B.page!;
  await openChat(b);
  const png = await sharp({
    create: {
      width: 640,
      height: 360,
      channels: 3,
      background: '#4c6ef5',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();
  // slow the upload down so the progress can be seen
  const cdp = await A.context!.newCDPSession(a);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: Math.ceil(png.length / 3),
  });
  await a.getByTestId('file-input').setInputFiles({ name: 'chart.png', mimeType: 'image/png', buffer: png });
  await a.getByTestId('upload-progress').waitFor();
  await a.waitForFunction(() => {
    const bar = document.querySelector(
      '[data-testid="upload-progress"] [role="progressbar"], [data-testid="upload-progress"][role="progressbar"]',
    );
    const v = Number(bar?.getAttribute('aria-valuenow') ?? 0);
    return v > 5 && v < 100;
  });
  await shot(a, '02-a-uploading-en-desktop');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await a.locator('[data-testid="upload-chip"][data-done="true"]').waitFor({ timeout: 30_000 });
  await a.getByTestId('composer-input').press('Enter');

  // inline: the thumbnail (≤ 480 px webp) once the stream consumer made it (message.updated swaps it in live)
  for (const page of [a, b]) {
    const img = page.locator('[data-testid="message"] [data-testid="attachment-image"][data-thumb="yes"] img').last();
    // the thumbnail is a stream consumer's work: on CI's 2 cores the e2e stack's poller may be busy with other suites' records
    await img.waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
      await img.elementHandle(),
      { timeout: 20_000 },
    );
    expect(await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([480, 270]);
  }
  // a click opens the full image
  await b.locator('[data-testid="message"] [data-testid="attachment-image"]').last().click();
  const fullImg = b.getByTestId('image-full');
  await fullImg.waitFor();
  await b.waitForFunction(
    (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
    await fullImg.elementHandle(),
    { timeout: 20_000 },
  );
  expect(await fullImg.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(640);
  await shot(b, '03b-b-image-full-en-desktop');
  await b.keyboard.press('Escape');
  await b.getByTestId('image-full').waitFor({ state: 'detached' });
  await b
    .locator(`[data-testid="chat-row"][data-chat-id="${chatId}"] [data-testid="chat-preview"]`)
    .filter({ hasText: '📎 chart.png' })
    .waitFor();
  await shot(b, '03-b-image-en-desktop');
});

test('B replies to the mention; A pins the reply, edits one message and deletes another; B sees it all live', async () => {
  const a = A.page!;
  const b = B.page!;
  await messageAction(b, 'please review the quarterly plan', 'action-reply');
  await b.getByTestId('reply-banner').waitFor();
  await send(b, 'On it, kiwi' + tag + ' numbers by Friday');
  const reply = message(a, 'On it, kiwi');
  await reply.getByTestId('reply-quote').filter({ hasText: 'please review the quarterly plan' }).waitFor();

  await messageAction(a, 'On it, kiwi', 'action-pin');
  await b.getByTestId('pinned-bar').filter({ hasText: 'On it, kiwi' }).waitFor();

  await send(a, 'Draft agenda: intro, demo');
  await messageAction(a, 'Draft agenda: intro, demo', 'action-edit');
  await a.getByTestId('editing-banner').waitFor();
  const input = a.getByTestId('composer-input');
  await input.fill('Final agenda: intro, demo, questions');
  await input.press('Enter');
  const edited = message(b, 'Final agenda: intro, demo, questions');
  await edited.getByTestId('message-edited').waitFor();

  await send(a, 'Oops, wrong chat');
  await messageAction(a, 'Oops, wrong chat', 'action-delete');
  await a.getByTestId('message-deleted').waitFor();
  await b.getByTestId('message-deleted').waitFor();
  expect(await message(b, 'Oops, wrong chat').count()).toBe(0);
  await shot(b, '04-b-reply-pin-edit-delete-en-desktop');
});

test('chat details: A renames the group (B sees it live), removes C (C loses the chat), adds C back', async () => {
  const a = A.page!;
  const b = B.page!;
  const c = C.page!;
  await openChat(c);

  // B is a member: no rename field, no remove buttons, but can leave
  await b.getByTestId('members-button').click();
  await b.getByTestId('member-list').waitFor();
  expect(await b.getByTestId('chat-rename-input').count()).toBe(0);
  expect(await b.getByTestId('member-remove').count()).toBe(0);
  await b.getByTestId('leave-chat').waitFor();
  await b.keyboard.press('Escape');

  await a.getByTestId('members-button').click();
  expect(await a.getByTestId('member-row').count()).toBe(3);
  await shot(a, '05-a-details-en-desktop');
  // A starts editing; meanwhile the chat is renamed elsewhere (A's other tab, through the API): saving → 409 → reload
  await a.getByTestId('chat-rename-input').fill(RENAMED);
  const token = (await itStack().signIn(A.email, password)).idToken;
  const { version } = (await api<{ version: number }>(`/chats/${chatId}`, { token })).json;
  expect(
    (await api(`/chats/${chatId}`, { method: 'PATCH', token, body: { title: `${GROUP} (elsewhere)`, version } }))
      .status,
  ).toBe(200);
  await a.getByTestId('chat-rename-save').click();
  await a.getByTestId('chat-rename-conflict').waitFor();
  await shot(a, '05b-a-rename-conflict-en-desktop');
  await a.getByTestId('chat-rename-reload').click();
  expect(await a.getByTestId('chat-rename-input').inputValue()).toBe(`${GROUP} (elsewhere)`);
  await a.getByTestId('chat-rename-input').fill(RENAMED);
  await a.getByTestId('chat-rename-save').click();
  await b.getByTestId('chat-header-title').filter({ hasText: RENAMED }).waitFor();
  await system(b, `${full(A)} renamed the chat to “${RENAMED}”`).waitFor();

  await a.locator(`[data-testid="member-row"][data-user-id="${C.sub}"] [data-testid="member-remove"]`).click();
  await a.locator(`[data-testid="member-row"][data-user-id="${C.sub}"]`).waitFor({ state: 'detached' });
  await system(b, `${full(A)} removed ${full(C)}`).waitFor();
  await c.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).waitFor({ state: 'detached' });
  await c.getByTestId('no-chat').waitFor();

  await a.getByTestId('add-people-open').click();
  await a.getByTestId('new-chat-search').fill(C.first);
  await a.locator(`[data-testid="people-results"][data-query="${C.first}"]`).waitFor();
  await a.locator(`[data-testid="person-option"][data-user-id="${C.sub}"]`).click();
  await a.getByTestId('add-people-confirm').filter({ hasText: 'Add 1 person' }).click();
  await a.locator(`[data-testid="member-row"][data-user-id="${C.sub}"]`).waitFor();
  await system(b, `${full(A)} added ${full(C)}`).waitFor();
  await c.locator(`[data-testid="chat-row"][data-chat-id="${chatId}"]`).waitFor();
  await a.keyboard.press('Escape');
});

test('search: in the chat and across my chats, a hit opens the message in context', async () => {
  const a = A.page!;
  const b = B.page!;
  await itStack().streamsIdle(10_000); // the search index is written by a stream consumer

  await a.getByTestId('chat-search-open').click();
  await a.getByTestId('chat-search-input').fill(`kiwi${tag}`);
  const hit = a.getByTestId('chat-search-hit').filter({ hasText: 'numbers by Friday' });
  await hit.waitFor();
  expect(await a.getByTestId('chat-search-hit').count()).toBe(1);
  expect(await hit.locator('mark').first().innerText()).toBe(`kiwi${tag}`);
  await shot(a, '06-a-search-en-desktop');
  await hit.click();
  await message(a, 'numbers by Friday').and(a.locator('[data-highlight="true"]')).waitFor();
  await a.getByTestId('chat-search-close').click();

  await b.getByTestId('chat-search').fill('quarterly pla');
  const across = b
    .locator(`[data-testid="message-hit"][data-chat-id="${chatId}"]`)
    .filter({ hasText: 'please review' });
  await across.waitFor();
  await shot(b, '07-b-search-all-en-desktop');
  await across.click();
  await message(b, 'please review the quarterly plan').and(b.locator('[data-highlight="true"]')).waitFor();
  expect(new URL(b.url()).search).toBe('');
  await b.getByTestId('chat-search').fill('');
});

test('reconnect: B goes offline, A sends 3 messages, B comes back and gets exactly those 3, once', async () => {
  const a = A.page!;
  const b = B.page!;
  await b.locator('[data-testid="live-indicator"][data-status="live"]').waitFor();
  const before = await b.getByTestId('message').count();
  await B.context!.setOffline(true);
  await b.locator('[data-testid="live-indicator"][data-status="offline"]').waitFor();
  const texts = [1, 2, 3].map((n) => `While you were away ${n}`);
  for (const t of texts) await send(a, t);
  await b.waitForTimeout(500);
  expect(await message(b, /While you were away/).count()).toBe(0);

  await B.context!.setOffline(false);
  await b.locator('[data-testid="live-indicator"][data-status="live"]').waitFor({ timeout: 30_000 });
  for (const t of texts) await message(b, t).waitFor();
  await b.waitForTimeout(1_000); // let any late frame or duplicate fetch land
  for (const t of texts) expect(await message(b, t).count()).toBe(1);
  expect(await b.getByTestId('message').count()).toBe(before + 3);
  // in order, at the bottom
  const last3 = await b
    .getByTestId('message-text')
    .evaluateAll((els) => els.slice(-3).map((e) => (e as HTMLElement).innerText));
  expect(last3).toEqual(texts);
  await shot(b, '08-b-after-reconnect-en-desktop');
});

test('screenshots: chat details and search at 375 px and in Romanian', async () => {
  const a = A.page!;
  await a.setViewportSize(PHONE);
  await a.goto(`${itStack().urls.portal}/messenger/${chatId}`);
  await a.locator('[data-testid="messenger"][data-layout="phone"]').waitFor();
  await a.getByTestId('conversation').waitFor();
  await message(a, 'While you were away 3').waitFor();
  await shot(a, '09-a-chat-en-phone');
  expect(await noHorizontalScroll(a)).toBeLessThanOrEqual(0);
  await a.getByTestId('members-button').click();
  await a.getByTestId('member-list').waitFor();
  await shot(a, '10-a-details-en-phone');
  expect(await noHorizontalScroll(a)).toBeLessThanOrEqual(0);
  await a.keyboard.press('Escape');

  await chooseLanguage(a, 'Română');
  await a.getByTestId('composer-input').and(a.getByPlaceholder('Scrie un mesaj…')).waitFor();
  await system(a, `${full(A)} a redenumit conversația`)
    .first()
    .waitFor();
  await a.getByTestId('chat-search-open').click();
  await a.getByTestId('chat-search-input').fill('away');
  await a.getByTestId('chat-search-hit').first().waitFor();
  await shot(a, '11-a-search-ro-phone');
  expect(await noHorizontalScroll(a)).toBeLessThanOrEqual(0);
  await a.getByTestId('chat-search-close').click();
  await a.getByTestId('members-button').click();
  await a.getByText('Detaliile conversației').waitFor();
  await shot(a, '12-a-details-ro-phone');
  await a.keyboard.press('Escape');

  // the General chat: explained, and no way to leave it
  await a.getByTestId('back-to-list').click();
  await a.locator('[data-testid="chat-row"][data-chat-id="general"]').click();
  await a.getByTestId('members-button').click();
  await a.getByTestId('general-note').waitFor();
  expect(await a.getByTestId('leave-chat').count()).toBe(0);
  expect(await a.getByTestId('chat-rename-input').count()).toBe(0); // an employee, not an administrator
  await a.keyboard.press('Escape');

  await a.setViewportSize(DESKTOP);
  await a.getByTestId('chat-list').waitFor();
  await shot(a, '13-a-chat-ro-desktop');
  await chooseLanguage(a, 'English');
});
