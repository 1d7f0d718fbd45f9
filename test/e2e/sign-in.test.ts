/**
 * Throttled sign-in and "Sign out everywhere" in Chromium against the local stack: the page signs in
 * through POST /auth/sign-in; after 10 wrong attempts for one address the page says how long to wait;
 * "Sign out everywhere" in the user menu ends the session. (Company SSO is cloud only: no button here.)
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { E2eBrowser, shot } from '../support/browser';
import { itStack } from '../support/local-stack-client';

jest.setTimeout(90_000);

const b = new E2eBrowser();
let page: Page;
const email = `e2e-signin-${randomUUID().slice(0, 8)}@example.com`;
const password = `E2e-${randomUUID()}!`;

/** Fills the form, submits, and answers the status of the POST /auth/sign-in it caused. */
async function signIn(e: string, pw: string): Promise<number> {
  await page.getByTestId('email').fill(e);
  await page.getByTestId('password').fill(pw);
  const answer = page.waitForResponse((r) => r.url().endsWith('/auth/sign-in') && r.request().method() === 'POST');
  await page.getByTestId('sign-in-submit').click();
  return (await answer).status();
}

beforeAll(async () => {
  await itStack().createUser(email, password, ['employee']);
  await b.start();
  page = await b.newPage(undefined, { timeoutMs: 10_000 });
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

test('the page signs in through the API, and "Sign out everywhere" ends the session', async () => {
  await page.goto(itStack().urls.portal);
  await page.getByTestId('sign-in-form').waitFor();
  expect(await page.getByTestId('sign-in-sso').count()).toBe(0); // hostedUiDomain is null locally
  expect(await signIn(email, password)).toBe(200);
  await page.getByTestId('user-menu').waitFor();
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out-everywhere').waitFor();
  await shot(page, 'sign-in-01-menu-sign-out-everywhere');
  const out = page.waitForResponse((r) => r.url().endsWith('/me/sign-out-everywhere'));
  await page.getByTestId('sign-out-everywhere').click();
  expect((await out).status()).toBe(204);
  await page.getByTestId('sign-in-form').waitFor();
  expect(await page.evaluate(() => sessionStorage.getItem('portal.session'))).toBeNull();
});

test('after 10 attempts for one address the page says how long to wait', async () => {
  const victim = `e2e-limit-${randomUUID().slice(0, 8)}@example.com`;
  for (let i = 0; i < 10; i++) {
    expect(await signIn(victim, `Wrong-${i}-password`)).toBe(401);
    await page.locator('[data-testid="sign-in-error"][data-reason="wrongCredentials"]').waitFor();
    expect(await page.getByTestId('sign-in-error').textContent()).toContain('Wrong e-mail or password');
  }
  expect(await signIn(victim, 'Another-wrong-1')).toBe(429);
  await page.locator('[data-testid="sign-in-error"][data-reason="tooMany"]').waitFor();
  expect(await page.getByTestId('sign-in-error').textContent()).toMatch(
    /Too many attempts, try again in \d+ minutes?\./,
  );
  await shot(page, 'sign-in-02-too-many-attempts-en');
});
