/**
 * Admin tools in Chromium, on this file's OWN stack (test/support/private-stack.ts: portal settings need
 * the portal record, which only the registration tests may create in the shared e2e stack). An admin
 * deactivates and reactivates an employee and changes a role from Company → Employees, then edits the
 * portal settings (allowed domains, employees may invite; a conflict with another admin's save); the
 * same pages in Romanian at 375 px. And (issue 13) an invoice issued on this fresh portal whose CRM settings were never
 * saved: the seller is the portal's company name. Screenshots: test-results/e2e/people-admin-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../../infra/local/util';
import { answerCodeStepIfAsked, launchBrowser } from '../support/browser';
import type { DocumentView } from '../../shared/crm/documents-contract';
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
  // The header names the company (set at registration) and the person, not "Portal / local" and the address.
  await page.locator('[data-testid="company-name"]', { hasText: 'Admin Test SRL' }).waitFor();
  await page.locator('[data-testid="user-menu-name"]', { hasText: `Adela ${tag}` }).waitFor();
  expect(await page.locator('header').textContent()).not.toContain(admin.email);
  await shot(page, '0-header-en-desktop', false);
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

/** Every word of the element's text sits on one line (no "consul|ting"). */
const wordsUnbroken = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluateAll((els) =>
    els.every((el) => {
      const node = el.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) return false;
      const text = node.textContent ?? '';
      const range = document.createRange();
      for (const m of text.matchAll(/\S+/g)) {
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length !== 1) return false;
      }
      return true;
    }),
  );

test('issue 13: an invoice is issued on this fresh portal with only the portal’s company name (1280 and 375 px)', async () => {
  // This stack's CRM settings were never saved: the seller comes from the portal's company name.
  const t = await itStack().signIn(admin.email, password);
  const company = ((await api('/portal/settings', { token: t.idToken })).json as { companyName: string }).companyName;
  expect(company).toBeTruthy();
  const crm = (await api('/crm/settings', { token: t.idToken })).json as { seller: { legalName?: string } };
  expect(crm.seller.legalName ?? '').toBe('');
  const deal = await api<{ record: { id: string } }>('/crm/deals', {
    method: 'POST',
    token: t.idToken,
    body: { title: `Consulting ${tag}`, currency: 'RON' },
  });
  expect(deal.status).toBe(201);
  const lines = [
    {
      name: 'Strategic consulting services',
      unit: 'HUR',
      quantityMilli: 12_000,
      unitPriceMinor: 45_000,
      taxRateBp: 2100,
    },
    {
      name: 'Licence',
      unit: 'C62',
      quantityMilli: 3000,
      unitPriceMinor: 120_000,
      taxRateBp: 2100,
      discount: { percentBp: 1000 },
    },
  ];
  expect(
    (
      await api(`/crm/deals/${deal.json.record.id}/products`, {
        method: 'PUT',
        token: t.idToken,
        body: { version: 1, lines },
      })
    ).status,
  ).toBe(200);
  const newInvoice = async () => {
    const r = await api<DocumentView>('/crm/invoices', {
      method: 'POST',
      token: t.idToken,
      body: { dealId: deal.json.record.id },
    });
    expect(r.status).toBe(201);
    expect(r.json.seller.legalName).toBe(company);
    return r.json.docId;
  };
  const [first, second] = [await newInvoice(), await newInvoice()];

  // Desktop: the draft shows the portal's name as seller and says what is missing, with the way to CRM → Settings;
  // "Mark paid" is visible but waits for Issue; the steps tick nothing yet.
  const page = await newPage(DESKTOP);
  await signIn(page);
  // The Romanian test before this one saved Romanian to the account, which wins at sign-in: back to English.
  if ((await page.evaluate(() => document.documentElement.lang)) !== 'en') {
    const saved = page.waitForResponse((r) => r.url().endsWith('/me/preferences') && r.request().method() === 'PATCH');
    await page.locator('[data-testid="language-switch"] label', { hasText: 'English' }).first().click();
    await saved;
  }
  await page.goto(`${itStack().urls.portal}/crm/invoices/${first}`);
  await page.locator('[data-testid="invoice-page"][data-status="draft"]').waitFor();
  expect(await page.getByTestId('doc-lines').getAttribute('data-layout')).toBe('table');
  expect(await page.getByText(company, { exact: true }).count()).toBeGreaterThan(0);
  expect(await page.getByTestId('seller-notice').getAttribute('data-missing')).toBe('vatId address iban');
  expect(await page.getByTestId('seller-settings-link').getAttribute('href')).toBe('/crm/settings');
  expect(await page.getByTestId('doc-paid').getAttribute('data-disabled')).not.toBeNull();
  expect(await page.getByTestId('doc-paid-hint').textContent()).toContain('Issue the invoice first');
  expect(await page.getByTestId('doc-stepper').getAttribute('data-steps')).toBe(
    'draft:current issued:todo sent:todo paid:todo',
  );
  await shot(page, 'invoice-1-draft-en-1280');

  await page.getByTestId('doc-issue').click();
  await page.locator('[data-testid="invoice-page"][data-status="issued"]').waitFor();
  expect(await page.getByTestId('doc-number').textContent()).toMatch(/^INV\d{4}-\d{6}$/);
  expect(await page.getByTestId('seller-notice').count()).toBe(0);
  expect(await page.getByTestId('doc-stepper').getAttribute('data-steps')).toBe(
    'draft:done issued:done sent:current paid:todo',
  );
  await shot(page, 'invoice-2-issued-en-1280');
  await page.getByTestId('doc-paid').click();
  await page.getByTestId('paid-confirm').click();
  await page.locator('[data-testid="invoice-page"][data-status="paid"]').waitFor();
  // Paid without being sent: "Sent" is skipped, not ticked.
  expect(await page.getByTestId('doc-stepper').getAttribute('data-steps')).toBe(
    'draft:done issued:done sent:skipped paid:done',
  );
  await shot(page, 'invoice-3-paid-not-sent-en-1280');

  // 375 px (the same signed-in page, narrowed): lines as cards (names unbroken, the discount shown), the active CRM
  // tab fully in view, no sideways page.
  const phone = page;
  await phone.setViewportSize(PHONE);
  for (const [id, name] of [
    [second, 'invoice-4-draft-en-375'],
    [first, 'invoice-5-paid-en-375'],
  ] as const) {
    await phone.goto(`${itStack().urls.portal}/crm/invoices/${id}`);
    await phone.getByTestId('invoice-page').waitFor();
    expect(await phone.getByTestId('doc-lines').getAttribute('data-layout')).toBe('cards');
    expect(await wordsUnbroken(phone, 'doc-line-name')).toBe(true);
    expect(await phone.getByTestId('doc-line-discount').nth(1).textContent()).toMatch(/−/);
    const nav = (await phone.getByTestId('crm-nav-scroll').boundingBox())!;
    const tab = (await phone.getByTestId('crm-nav-invoices').boundingBox())!;
    expect(tab.x).toBeGreaterThanOrEqual(nav.x - 1);
    expect(tab.x + tab.width).toBeLessThanOrEqual(nav.x + nav.width + 1);
    expect(await noHorizontalScroll(phone)).toBe(true);
    await shot(phone, name);
  }
});
