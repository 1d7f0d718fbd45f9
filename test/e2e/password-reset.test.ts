/**
 * Password recovery the way a person does it, in Chromium against the e2e stack: "Forgot password?"
 * on the sign-in page, the e-mail read from the local SES store, the link opened, a new password set,
 * signing in with it; the used and unknown link pages; Romanian at 375 px. Screenshots go to
 * test-results/e2e/password-*.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DESKTOP, E2eBrowser, PHONE, shot, signedInAs } from '../support/browser';
import { itStack } from '../support/local-stack-client';
import { linkIn, waitForMail, type StoredMail } from '../support/mail-store';

jest.setTimeout(90_000);

const b = new E2eBrowser();
const oldPassword = `E2e-${randomUUID()}!`;
const ana = `e2e-reset-${randomUUID().slice(0, 8)}@example.com`;
let usedLink = '';

async function resetMail(address: string, since: number): Promise<StoredMail & { link: string }> {
  const m = await waitForMail(address, since, { newest: true, match: (x) => !!linkIn(x, '/reset-password') });
  return { ...m, link: linkIn(m, '/reset-password')!.url };
}

const newPage = (viewport: typeof DESKTOP) => b.newPage(viewport);
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

beforeAll(async () => {
  await itStack().createUser(ana, oldPassword, ['employee']);
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

test('forgot password → e-mail → new password → sign in with it (English, desktop)', async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${itStack().urls.portal}/sign-in`);
  await page.getByTestId('sign-in-form').waitFor();
  await page.getByTestId('email').fill(ana);
  await shot(page, 'password-1-sign-in-en-desktop');
  await page.getByRole('link', { name: 'Forgot password?' }).click();

  await page.getByTestId('forgot-page').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Forgot your password?');
  expect(await page.getByTestId('forgot-email').inputValue()).toBe(ana); // carried over from the sign-in form
  await shot(page, 'password-2-forgot-en-desktop');
  const since = Math.floor(Date.now() / 1000) - 1;
  await page.getByTestId('forgot-submit').click();
  await page.getByTestId('forgot-sent').waitFor();
  expect(await text(page, 'forgot-sent-message')).toContain("If an account exists for this address, we've sent a link");
  await shot(page, 'password-3-sent-en-desktop');

  const mail = await resetMail(ana, since);
  expect(mail.subject).toBe('Reset your Portal password');
  expect(mail.link.startsWith(`${itStack().urls.portal.replace(/\/+$/, '')}/reset-password?token=`)).toBe(true);
  usedLink = mail.link;

  await page.goto(mail.link);
  await page.getByTestId('reset-page').waitFor();
  // The checklist follows the typing; a weak password is refused in the page.
  await page.getByTestId('new-password').fill('short');
  expect(await page.locator('[data-rule="length"]').getAttribute('data-met')).toBe('false');
  await page.getByTestId('reset-submit').click();
  await page.getByText('The password does not meet every rule below').waitFor();
  const password = `New-${randomUUID().slice(0, 8)}-Pass1!`;
  await page.getByTestId('new-password').fill(password);
  await page.getByTestId('confirm-password').fill(`${password}x`);
  expect(await page.locator('[data-rule][data-met="true"]').count()).toBe(5);
  await page.getByTestId('reset-submit').click();
  await page.getByText('The two passwords are different').waitFor();
  await page.getByTestId('confirm-password').fill(password);
  await shot(page, 'password-4-reset-en-desktop');
  await page.getByTestId('reset-submit').click();

  await page.getByTestId('sign-in-notice').waitFor();
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await shot(page, 'password-5-changed-en-desktop');
  await page.getByTestId('email').fill(ana);
  await page.getByTestId('password').fill(oldPassword);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('sign-in-error').waitFor(); // the old password no longer works
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('welcome').waitFor({ timeout: 15_000 });
  expect((await signedInAs(page)).email).toContain(ana);
});

test('used and unknown links get clear pages with a way to ask for a new one (English, desktop)', async () => {
  const page = await newPage(DESKTOP);
  await page.goto(usedLink);
  await page.getByTestId('reset-link-used').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has already been used');
  await shot(page, 'password-6-used-link-en-desktop');
  await page.goto(`${itStack().urls.portal}/reset-password?token=${'x'.repeat(43)}`);
  await page.getByTestId('reset-link-unknown').waitFor();
  await page.getByTestId('request-new-link').click();
  await page.getByTestId('forgot-page').waitFor();
});

test('Romanian at 375 px: the page, the e-mail and the link pages speak Romanian; keyboard only', async () => {
  const page = await newPage(PHONE);
  const bob = `e2e-reset-ro-${randomUUID().slice(0, 8)}@example.com`;
  await itStack().createUser(bob, oldPassword, ['employee']);
  await page.goto(`${itStack().urls.portal}/sign-in`);
  await page.locator('[data-testid="language-switch"] label', { hasText: 'Română' }).first().click();
  await page.getByRole('link', { name: 'Ai uitat parola?' }).waitFor();
  await shot(page, 'password-1-sign-in-ro-phone');
  await page.getByRole('link', { name: 'Ai uitat parola?' }).click();
  await page.getByTestId('forgot-page').waitFor();
  // Keyboard: the e-mail field has focus; Enter submits.
  await page.keyboard.type(bob);
  await shot(page, 'password-2-forgot-ro-phone');
  const since = Math.floor(Date.now() / 1000) - 1;
  await page.keyboard.press('Enter');
  await page.getByTestId('forgot-sent').waitFor();
  expect(await text(page, 'forgot-sent-message')).toContain('Dacă există un cont pentru această adresă');
  await shot(page, 'password-3-sent-ro-phone');

  const mail = await resetMail(bob, since);
  expect(mail.subject).toBe('Resetează parola contului tău Portal');
  await page.goto(mail.link);
  await page.getByTestId('reset-page').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Alege o parolă nouă');
  const password = `Nou-${randomUUID().slice(0, 8)}-Parola1!`;
  await page.keyboard.type(password); // the new-password field has focus
  await page.keyboard.press('Tab'); // the confirmation (Mantine keeps the show/hide toggle out of the tab order)
  await page.keyboard.type(password);
  await shot(page, 'password-4-reset-ro-phone');
  await page.keyboard.press('Enter');
  await page.getByTestId('sign-in-notice').waitFor();
  expect(await text(page, 'sign-in-notice')).toContain('Parola a fost schimbată');
  await shot(page, 'password-5-changed-ro-phone');

  await page.goto(mail.link);
  await page.getByTestId('reset-link-used').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Acest link a fost deja folosit');
  await shot(page, 'password-6-used-link-ro-phone');
  expect((await itStack().signIn(bob, password)).idToken).toBeTruthy();
});
