/**
 * Admin tools in Chromium, on this file's OWN stack (test/support/private-stack.ts: portal settings need
 * the portal record, which only the registration tests may create in the shared e2e stack). An admin
 * deactivates and reactivates an employee and changes a role from Company → Employees, then edits the
 * portal settings (allowed domains, employees may invite; a conflict with another admin's save); the
 * same pages in Romanian at 375 px. Screenshots: test-results/e2e/people-admin-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../../infra/local/util';
import { answerCodeStepIfAsked, launchBrowser } from '../support/browser';
import { api, itStack } from '../support/local-stack-client';
import { seedPortal, startPrivateStack, type PrivateStack } from '../support/private-stack';

jest.setTimeout(120_000);

const shots = path.join(repoRoot(), 'test-results', 'e2e');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const tag = `Adm${randomUUID()
  .replace(/[^a-z]/g, '')
  .slice(0, 5)}`;
const password = `E2e-${randomUUID()}!`;
const admin = { email: `e2e-adm-${randomUUID().slice(0, 8)}@example.com`, sub: '' };
const emp = { email: `e2e-emp-${randomUUID().slice(0, 8)}@example.com`, sub: '' };
const domain = `${tag.toLowerCase()}.example`;

let priv: PrivateStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const ctx = await browser.newContext({
    viewport,
    locale: 'en-US',
    timezoneId: 'Europe/Bucharest',
    colorScheme: 'light',
  });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}

async function shot(page: Page, name: string, fullPage = true) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `people-admin-${name}.png`), fullPage });
}

async function signIn(page: Page, language?: 'Română') {
  await page.goto(`${itStack().urls.portal}/sign-in`);
  if (language) await page.locator('[data-testid="language-switch"] label', { hasText: language }).first().click();
  await page.getByTestId('email').fill(admin.email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await answerCodeStepIfAsked(page, admin.email);
  await page.getByTestId('welcome').waitFor();
}

async function findEmployee(page: Page) {
  await page.goto(`${itStack().urls.portal}/company/employees`);
  await page.locator('[data-testid="directory-by"] label').nth(1).click(); // last name
  await page.getByTestId('directory-search').fill(tag);
  await page.locator(`[data-testid="directory-list"][data-query="${tag}"][data-by="last"]`).waitFor();
  return page.locator(`[data-testid="person-card"][data-user-id="${emp.sub}"]`);
}

async function confirmAction(page: Page, action: string) {
  const card = page.locator(`[data-testid="person-card"][data-user-id="${emp.sub}"]`);
  await card.getByTestId('person-actions').click();
  await page.getByTestId(action).click();
  await page.getByTestId('person-action-confirm').click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  priv = await startPrivateStack('dist');
  admin.sub = (await itStack().createUser(admin.email, password, ['admin', 'employee'])).sub;
  emp.sub = (await itStack().createUser(emp.email, password, ['employee'])).sub;
  for (const [who, firstName] of [
    [admin, 'Adela'],
    [emp, 'Emil'],
  ] as const) {
    const t = await itStack().signIn(who.email, password);
    await api('/people/me/profile', {
      method: 'PATCH',
      token: t.idToken,
      body: { firstName, lastName: tag, position: 'Accountant', version: 0 },
    });
  }
  await seedPortal(priv, admin, 'Admin Test SRL', `adm-${randomUUID().slice(0, 6)}`);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await priv?.stop();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test('an admin deactivates and reactivates an employee and changes their role (English, desktop)', async () => {
  const page = await newPage(DESKTOP);
  await signIn(page);
  const card = await findEmployee(page);
  // No actions on one's own card: the API refuses changes to oneself.
  expect(
    await page
      .locator(`[data-testid="person-card"][data-user-id="${admin.sub}"] [data-testid="person-actions"]`)
      .count(),
  ).toBe(0);

  await card.getByTestId('person-actions').click();
  await page.getByTestId('person-actions-menu').waitFor();
  await shot(page, '1-menu-en-desktop', false);
  await page.getByTestId('action-deactivate').click();
  await page.getByRole('dialog').waitFor();
  expect(await page.getByRole('dialog').textContent()).toContain('Deactivate Emil');
  await shot(page, '2-confirm-deactivate-en-desktop', false);
  await page.getByTestId('person-action-confirm').click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.locator(`[data-testid="person-card"][data-user-id="${emp.sub}"][data-status="deactivated"]`).waitFor();
  await card.getByTestId('person-deactivated').waitFor();
  await shot(page, '3-deactivated-en-desktop', false);
  const t = await itStack().signIn(admin.email, password);
  expect((await api(`/people/${emp.sub}`, { token: t.idToken })).json.status).toBe('deactivated');

  await confirmAction(page, 'action-activate');
  await page.locator(`[data-testid="person-card"][data-user-id="${emp.sub}"][data-status="active"]`).waitFor();

  await confirmAction(page, 'action-role-extranet');
  await page.locator(`[data-testid="person-card"][data-user-id="${emp.sub}"][data-role="extranet"]`).waitFor();
  expect(await card.getByTestId('role-badge').textContent()).toBe('External partner');
  expect((await api(`/people/${emp.sub}`, { token: t.idToken })).json).toMatchObject({
    role: 'extranet',
    status: 'active',
  });
  await confirmAction(page, 'action-role-employee');
  await page.locator(`[data-testid="person-card"][data-user-id="${emp.sub}"][data-role="employee"]`).waitFor();
});

test('an admin edits the portal settings; a conflicting save says so and reloads (English, desktop)', async () => {
  const page = await newPage(DESKTOP);
  await signIn(page);
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-portal-settings').click();
  await page.getByTestId('portal-settings-form').waitFor();
  expect(new URL(page.url()).pathname).toBe('/settings/portal');
  expect(await page.getByTestId('settings-self-registration').textContent()).toBe('Now: invitation only');

  const domains = page.getByTestId('settings-domains');
  await domains.fill('not a domain');
  await domains.press('Enter');
  await page
    .getByText('“not a domain” is not a domain name')
    .first()
    .waitFor()
    .catch(async () => {
      // split on spaces: the first bad piece is named
      await page.getByText('is not a domain name').first().waitFor();
    });
  await domains.fill(domain.toUpperCase());
  await domains.press('Enter');
  await page.getByTestId('settings-may-invite').check();
  expect(await page.getByTestId('settings-self-registration').textContent()).toBe('Now: open to 1 domain(s)');
  await shot(page, '4-settings-en-desktop');
  await page.getByTestId('settings-save').click();
  await page.locator('[data-testid="portal-settings-form"][data-version="2"]').waitFor();
  const t = await itStack().signIn(admin.email, password);
  expect((await api('/portal/settings', { token: t.idToken })).json).toMatchObject({
    allowedDomains: [domain],
    employeesMayInvite: true,
    version: 2,
  });
  expect((await api('/portal')).json.selfRegistration).toBe('domains');

  // Another admin saves meanwhile: this page's save is refused and says so.
  expect(
    (
      await api('/portal/settings', {
        method: 'PATCH',
        token: t.idToken,
        body: { version: 2, companyName: 'Renamed Elsewhere SRL' },
      })
    ).status,
  ).toBe(200);
  await page.getByTestId('settings-may-invite').uncheck();
  await page.getByTestId('settings-save').click();
  await page.getByTestId('settings-conflict').waitFor();
  await shot(page, '5-settings-conflict-en-desktop', false);
  await page.getByTestId('settings-reload').click();
  await page.locator('[data-testid="portal-settings-form"][data-version="3"]').waitFor();
  expect(await page.getByTestId('settings-company-name').inputValue()).toBe('Renamed Elsewhere SRL');
  expect(await page.getByTestId('settings-may-invite').isChecked()).toBe(true);
  expect(await page.getByTestId('settings-conflict').count()).toBe(0);
});

test('Romanian at 375 px: the actions menu, a confirmation and the settings page, without horizontal scrolling', async () => {
  const page = await newPage(PHONE);
  await signIn(page, 'Română');
  await page.getByText('Acasă').first().waitFor();
  const card = await findEmployee(page);
  await card.getByTestId('person-actions').click();
  await page.getByTestId('action-role-admin').waitFor();
  expect(await page.getByTestId('action-role-admin').textContent()).toBe('Fă administrator');
  await shot(page, '6-menu-ro-phone', false);
  await page.getByTestId('action-deactivate').click();
  await page.getByRole('dialog').waitFor();
  expect(await page.getByRole('dialog').textContent()).toContain('Dezactivezi contul lui Emil');
  await shot(page, '7-confirm-ro-phone', false);
  await page.getByTestId('person-action-cancel').click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  expect(await card.getAttribute('data-status')).toBe('active');
  expect(await noHorizontalScroll(page)).toBe(true);

  await page.goto(`${itStack().urls.portal}/settings/portal`);
  await page.getByTestId('portal-settings-form').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Setările portalului');
  expect(await page.getByTestId('settings-self-registration').textContent()).toMatch(/^Acum: /);
  expect(await noHorizontalScroll(page)).toBe(true);
  await shot(page, '8-settings-ro-phone');
});
