/**
 * People in Chromium against the local stack: sign in, fill in my profile, a conflicting save from
 * "another tab" (409 → the saved version shown, overwrite), a photo upload with a visible progress bar
 * (throttled upload) and its thumbnail, then Company → Employees: find myself by searching. Screenshots
 * in English and Romanian, desktop and 375 px, go to test-results/e2e/people-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { repoRoot } from '../../infra/local/util';
import { launchBrowser } from '../support/browser';
import { api, itStack } from '../support/local-stack-client';

jest.setTimeout(90_000);

const shots = path.join(repoRoot(), 'test-results', 'e2e');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const tag = `Qx${randomUUID()
  .replace(/[^a-z]/g, '')
  .slice(0, 5)}`;
const email = `e2e-people-${randomUUID().slice(0, 8)}@example.com`;
const password = `E2e-${randomUUID()}!`;
const lastName = `${tag[0]!.toUpperCase()}${tag.slice(1)}escu`;

let mySub = '';
/** A colleague's ID token: she writes to the person on Home's "Unread chats". */
let anaToken = '';
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `people-${name}.png`), fullPage: false });
}

async function chooseLanguage(name: 'English' | 'Română') {
  await page.locator('[data-testid="language-switch"] label', { hasText: name }).first().click();
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  mySub = (await itStack().createUser(email, password, ['employee'])).sub;
  // colleagues already in the directory
  for (const [first, last] of [
    ['Ana', `${lastName}a`],
    ['Ioana', `${lastName}b`],
  ] as const) {
    const e = `e2e-col-${randomUUID().slice(0, 8)}@example.com`;
    await itStack().createUser(e, password, ['employee']);
    const t = await itStack().signIn(e, password);
    if (first === 'Ana') anaToken = t.idToken;
    await api('/people/me/profile', {
      method: 'PATCH',
      token: t.idToken,
      body: { firstName: first, lastName: last, position: 'Accountant', version: 0 },
    });
  }
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: DESKTOP,
    locale: 'en-US',
    timezoneId: 'Europe/Bucharest',
    colorScheme: 'light',
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test('sign in and open "My profile" from the user menu, with the keyboard', async () => {
  await page.goto(itStack().urls.portal);
  await page.getByTestId('sign-in-form').waitFor();
  await chooseLanguage('English');
  await page.getByLabel(/^E-mail/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('welcome').waitFor();
  await page.getByTestId('user-menu').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('menu-profile').waitFor();
  await page.keyboard.press('ArrowDown');
  await page.getByTestId('menu-profile').click();
  await page.getByTestId('profile-form').waitFor();
  expect(new URL(page.url()).pathname).toBe('/profile');
  await page.getByTestId('profile-draft').waitFor();
  // A new person takes the browser's time zone (this context's), shown where they can change it.
  const zone = page.getByTestId('time-zone-select');
  await page.waitForFunction(
    () =>
      (document.querySelector('[data-testid="time-zone-select"]') as HTMLInputElement | null)?.value ===
      'Europe/Bucharest',
  );
  expect(await zone.inputValue()).toBe('Europe/Bucharest');
  await shot('01-profile-draft-en-desktop');
});

test('fill in and save my profile; a field error is shown next to the field', async () => {
  await page.getByTestId('profile-save').click();
  await page.getByText('Required').first().waitFor();
  await page.getByTestId('profile-firstName').fill('Ștefan');
  await page.getByTestId('profile-lastName').fill(lastName);
  await page.getByTestId('profile-position').fill('<b>Lead</b> engineer');
  await page.getByTestId('profile-phone').fill('call me');
  await page.getByTestId('profile-save').click();
  await page.getByText('Digits, spaces and + ( ) . - only').waitFor();
  await page.getByTestId('profile-phone').fill('+40 721 000 000');
  await page.getByTestId('profile-save').click();
  await page.locator('[data-testid="profile-version"]', { hasText: 'Version 1' }).waitFor();
  expect(await page.getByTestId('profile-draft').count()).toBe(0);
  // The header names the person (not the address) once the profile has the name.
  await page.locator('[data-testid="user-menu-name"]', { hasText: `Ștefan ${lastName}` }).waitFor();
  expect(await page.getByTestId('user-menu').textContent()).not.toContain(email);
  await shot('02-profile-saved-en-desktop');
});

test('a save based on a stale version shows the saved one and lets me overwrite', async () => {
  const other = await itStack().signIn(email, password);
  const r = await api('/people/me/profile', {
    method: 'PATCH',
    token: other.idToken,
    body: { position: 'Changed elsewhere', version: 1 },
  });
  expect(r.status).toBe(200);
  await page.getByTestId('profile-position').fill('Principal engineer');
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-conflict').waitFor();
  expect(await page.getByTestId('profile-conflict').textContent()).toContain('Changed elsewhere');
  await shot('03-profile-conflict-en-desktop');
  await page.getByTestId('conflict-overwrite').click();
  await page.locator('[data-testid="profile-version"]', { hasText: 'Version 3' }).waitFor();
  expect(await page.getByTestId('profile-conflict').count()).toBe(0);
  expect(await page.getByTestId('profile-position').inputValue()).toBe('Principal engineer');
});

test('upload a photo: a progress bar while it goes up, then the thumbnail', async () => {
  const file = path.join(os.tmpdir(), `portrait-${randomUUID().slice(0, 6)}.jpg`);
  const jpeg = await sharp({
    create: {
      width: 900,
      height: 900,
      channels: 3,
      background: '#4263eb',
      noise: { type: 'gaussian', mean: 120, sigma: 50 },
    },
  })
    .jpeg({ quality: 92 })
    .toBuffer();
  writeFileSync(file, jpeg);
  // Throttle the upload so the progress can be seen (and photographed).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: Math.ceil(jpeg.length / 3),
  });
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByTestId('photo-progress').waitFor();
  await page.waitForFunction(() => {
    const bar = document.querySelector('[data-testid="photo-progress"] [role="progressbar"]');
    const v = Number(bar?.getAttribute('aria-valuenow') ?? 0);
    return v > 5 && v < 100;
  });
  await page.screenshot({ path: path.join(shots, 'people-04-photo-uploading-en-desktop.png') });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await page.locator('[data-testid="profile-photo"][data-has-photo="true"] img').waitFor({ timeout: 20_000 });
  await page.getByTestId('photo-progress').waitFor({ state: 'detached' });
  const natural = await page
    .locator('[data-testid="profile-photo"] img')
    .evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : -1));
  expect(natural).toBe(128);
  await page.locator('[data-testid="user-menu-avatar"] img').waitFor(); // the header shows the photo too
  await shot('05-profile-photo-en-desktop');
});

test('Company → Employees: find myself by "stef", and by last name', async () => {
  await page.getByTestId('nav-company').click();
  await page.getByTestId('directory-page').waitFor();
  expect(new URL(page.url()).pathname).toBe('/company/employees');
  await page.getByTestId('directory-search').fill('stef');
  const card = page.locator(`[data-testid="person-card"][data-user-id="${mySub}"]`);
  await card.waitFor();
  // after the debounce only people whose first name starts with "stef" remain
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="person-name"]')].every((n) => /^(Ș|S)tef/i.test(n.textContent ?? '')),
  );
  expect(await card.textContent()).toContain('Principal engineer');
  await card.locator('img').waitFor(); // the thumbnail, not initials
  // The address may wrap only after "@" and before the dots, never inside a word.
  expect(await card.locator('[data-testid="person-email"] wbr').count()).toBeGreaterThanOrEqual(2);
  await shot('06-directory-search-en-desktop');

  await page.getByTestId('directory-by').getByText('Last name').click();
  await page.getByTestId('directory-search').fill(tag);
  // the list says which query it shows: the unfiltered list is on screen until the debounce fires
  await page.locator(`[data-testid="directory-list"][data-by="last"][data-query="${tag}"]`).waitFor();
  expect(await page.getByTestId('person-name').allTextContents()).toEqual([
    `Ștefan ${lastName}`,
    `Ana ${lastName}a`,
    `Ioana ${lastName}b`,
  ]);
  await page.getByTestId('directory-search').fill('zzzz-nobody');
  await page.getByTestId('directory-empty').waitFor();
  await shot('07-directory-empty-en-desktop');
});

test('Romanian, desktop and 375 px', async () => {
  await chooseLanguage('Română');
  await page.getByTestId('directory-search').fill(tag);
  await page.locator(`[data-testid="directory-list"][data-query="${tag}"]`).waitFor();
  await page.getByRole('heading', { name: 'Angajați' }).waitFor();
  await shot('08-directory-ro-desktop');
  await page.setViewportSize(PHONE);
  await shot('09-directory-ro-phone');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  // The header names the company: a long name still leaves the account menu on screen at 375 px. (This shared
  // stack has no portal record, so GET /me's companyName is filled in here; people-admin.test.ts has a real one.)
  await page.route('**/me', async (route) => {
    if (route.request().method() !== 'GET') return route.continue(); // the CORS preflight
    const r = await route.fetch();
    await route.fulfill({
      response: r,
      json: { ...(await r.json()), companyName: 'Renamed Elsewhere Consulting SRL' },
    });
  });
  await page.goto(`${itStack().urls.portal}/profile`);
  await page.getByTestId('profile-form').waitFor();
  await page.getByRole('heading', { name: 'Profilul meu' }).waitFor();
  await page.getByTestId('company-name').waitFor();
  const menu = await page.getByTestId('user-menu').boundingBox();
  expect((menu?.x ?? 0) + (menu?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
  await shot('10-profile-ro-phone');
  await page.unroute('**/me');
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
  await chooseLanguage('English');
  await page.getByRole('heading', { name: 'My profile' }).waitFor();
  await shot('11-profile-en-phone');
  await page.setViewportSize(DESKTOP);
  await chooseLanguage('Română');
  await shot('12-profile-ro-desktop');
  await chooseLanguage('English');
});

test('Workgroups & projects have their own entry in the navigation', async () => {
  await page.getByTestId('nav-workgroups').click();
  await page.getByTestId('workgroups-page').waitFor();
  expect(new URL(page.url()).pathname).toBe('/workgroups');
  expect(await page.getByTestId('nav-workgroups').getAttribute('aria-current')).toBe('page');
});

test('Home: "Unread chats" shows a colleague\'s new line; "New colleagues" names who just joined and opens their card', async () => {
  const chat = await api<{ chatId: string }>('/chats/direct', {
    method: 'POST',
    token: anaToken,
    body: { userId: mySub },
  });
  const sent = await api(`/chats/${chat.json.chatId}/messages`, {
    method: 'POST',
    token: anaToken,
    body: { clientMessageId: `e2e-${randomUUID()}`, text: 'Welcome aboard, Ștefan!' },
  });
  expect(sent.status).toBeLessThan(300);
  await page.getByRole('link', { name: 'Home' }).first().click();
  const row = page.locator(`[data-testid="unread-chat"][data-chat-id="${chat.json.chatId}"]`);
  await row.getByText('Welcome aboard, Ștefan!').waitFor({ timeout: 15_000 });
  expect(await row.textContent()).toContain(`Ana ${lastName}a`);
  const widget = page.locator('[data-testid="home-widget-new-colleagues"][data-state="ready"]');
  await widget.locator('[data-testid="new-colleague"]', { hasText: `Ana ${lastName}a` }).waitFor();
  // not one's own new colleague (other test files on the shared stack have people called Ștefan too)
  expect(await widget.getByTestId('new-colleague').allTextContents()).not.toContainEqual(
    expect.stringContaining(`Ștefan ${lastName}`),
  );
  await shot('13-home-widgets-en-desktop');
  await page.setViewportSize(PHONE);
  await widget.scrollIntoViewIfNeeded();
  await shot('14-home-widgets-en-phone');
  await page.setViewportSize(DESKTOP);
  await widget.locator('[data-testid="new-colleague"]', { hasText: `Ana ${lastName}a` }).click();
  await page.locator('[data-testid="person-name"]', { hasText: `Ana ${lastName}a` }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/company/employees');
});
