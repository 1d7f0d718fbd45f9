/**
 * An administrator without TOTP in Chromium against the local stack (cognito-local implements TOTP): signing in
 * leads to the set-up page (375 px, Romanian), the key from the page and one code turn TOTP on, the next sign-in
 * asks for the code (a wrong one is refused), and the admin page then opens. The code is computed from the key the
 * page shows (RFC 6238, shared/auth/totp.ts), as an authenticator app would.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { totp } from '../../shared/auth/totp';
import { E2eBrowser, PHONE, horizontalOverflow, shot } from '../support/browser';
import { itStack } from '../support/local-stack-client';

jest.setTimeout(120_000);

const b = new E2eBrowser();
const email = `e2e-mfa-${randomUUID().slice(0, 8)}@example.com`;
const password = `E2e-${randomUUID()}!`;

beforeAll(async () => {
  await itStack().createUser(email, password, ['admin', 'employee'], { totp: false });
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

async function passwordStep(page: Page) {
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

test('set-up after sign-in, then sign-in with the code opens administration (Romanian, 375 px)', async () => {
  const page = await b.newPage(PHONE, { locale: 'ro-RO' });
  await page.goto(`${itStack().urls.portal}/sign-in`);
  await passwordStep(page);

  // An admin without TOTP lands on the set-up page, inside the portal.
  await page.locator('[data-testid="mfa-setup"][data-state="intro"]').waitFor();
  expect(await page.locator('h1').textContent()).toBe('Autentificare în doi pași');
  await page.getByTestId('mfa-start').focus();
  await page.keyboard.press('Enter'); // keyboard reachable
  const secretEl = page.getByTestId('mfa-secret');
  await secretEl.waitFor();
  const secret = (await secretEl.getAttribute('data-secret')) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
  const link = await page.getByTestId('mfa-otpauth-link').getAttribute('href');
  expect(link).toMatch(new RegExp(`^otpauth://totp/Portal%20local:${encodeURIComponent(email)}\\?secret=${secret}&`));
  // The same URI as a QR code to scan (drawn in the page, a data: image).
  const qr = page.getByTestId('mfa-qr');
  await qr.waitFor();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  expect(await qr.getAttribute('alt')).toBe('Cod QR de scanat cu aplicația de autentificare');
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'admin-mfa-01-setup-ro-phone');

  // A wrong code is refused on the page; the right one turns TOTP on and signs out.
  await page.getByTestId('mfa-setup-code').fill(String((Number(totp(secret)) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByTestId('mfa-verify').click();
  await page.locator('[data-testid="mfa-setup-error"][data-reason="wrongCode"]').waitFor();
  await page.getByTestId('mfa-setup-code').fill(totp(secret));
  await page.getByTestId('mfa-verify').click();
  await page.getByTestId('sign-in-notice').waitFor();
  await shot(page, 'admin-mfa-02-enabled-ro-phone');

  // The next sign-in asks for the code.
  await passwordStep(page);
  await page.getByTestId('mfa-code').waitFor();
  expect(await horizontalOverflow(page)).toBe(0);
  await shot(page, 'admin-mfa-03-code-step-ro-phone');
  await page.getByTestId('mfa-code').fill(totp(secret));
  await page.keyboard.press('Enter');
  await page.getByTestId('welcome').waitFor();

  // Administration answers (no MFA_REQUIRED notice) and the set-up page says TOTP is on.
  const settings = page.waitForResponse((r) => r.url().endsWith('/portal/settings') && r.request().method() === 'GET');
  await page.goto(`${itStack().urls.portal}/settings/portal`);
  expect([401, 403]).not.toContain((await settings).status());
  await page.goto(`${itStack().urls.portal}/account/two-step`);
  await page.locator('[data-testid="mfa-setup"][data-state="on"]').waitFor();
});

test('an admin page without the second factor says what is missing and links to the set-up', async () => {
  const other = `e2e-mfa-later-${randomUUID().slice(0, 8)}@example.com`;
  await itStack().createUser(other, password, ['admin', 'employee'], { totp: false });
  const page = await b.newPage();
  await page.goto(`${itStack().urls.portal}/sign-in`);
  await page.getByTestId('email').fill(other);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('mfa-later').click();
  await page.getByTestId('welcome').waitFor();
  await page.goto(`${itStack().urls.portal}/settings/portal`);
  await page.getByTestId('mfa-required-link').waitFor();
  await shot(page, 'admin-mfa-04-required-notice-en-desktop');
});
