/**
 * CRM in Chromium against the local stack (issue 7, "Tests"): from a request to a closed deal.
 *
 * An admin sets the company details (seller on invoices), creates a sales queue with salesperson S, two products
 * and a web form. A visitor (a fresh browser context, signed in as nobody) opens the form page
 * `/crm-form.html?f=…&k=…` and sends it → the lead is assigned to S (S's bell shows it, and the local SES store has
 * S's e-mail). S converts the lead to a contact + company + deal, adds the two products (one with a discount),
 * makes the invoice, opens its PDF (a new tab: application/pdf, %PDF-), sends it (the store has the mail with the
 * PDF attached) and marks it paid → the deal is in the Won column of the board; Reports → the funnel shows it
 * reached Won. Plus: a deal card dragged between columns with the mouse and with the keyboard (the column counts
 * follow), the duplicate warning and banner for a second lead with the same phone, the import wizard with a small
 * CSV, and 375 px screenshots in English and Romanian (test-results/e2e/crm-*.png) with no sideways scrolling.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page, Response } from 'playwright-core';
import type { DealView, LeadView } from '../../shared/crm/contract';
import type { DocumentView } from '../../shared/crm/documents-contract';
import {
  chooseLanguage,
  DESKTOP,
  dragWithMouse,
  E2eBrowser,
  horizontalOverflow,
  PHONE,
  shot,
  signInThroughPage,
} from '../support/browser';
import { createPeople, e2ePerson, until, type E2ePerson } from '../support/e2e-people';
import { api, itStack } from '../support/local-stack-client';
import { waitForMail } from '../support/mail-store';

jest.setTimeout(240_000);

const tag =
  randomUUID()
    .replace(/[^a-z]/g, '')
    .slice(0, 5) || 'abcde';
const password = `E2e-${randomUUID()}!`;
const ADMIN = e2ePerson('crm-admin', `Adela${tag}`, 'Munteanu');
const S = e2ePerson('crm-sales', `Sorin${tag}`, 'Vânzătoru');

const portal = () => itStack().urls.portal;
const cshot = (page: Page, name: string) => shot(page, `crm-${name}`);

// What the visitor types into the web form (a Romanian name and company, a phone typed the national way).
const num = String(Date.now() % 1_000_000).padStart(6, '0');
const VISITOR = {
  name: `Ștefan Țăranu ${tag}`,
  email: `stefan.taranu.${tag}@client-e2e.example`,
  phone: `0745 ${num.slice(0, 3)} ${num.slice(3)}`,
  phoneIntl: `+40 745 ${num.slice(0, 3)} ${num.slice(3)}`,
  company: `Alfa Construct ${tag} SRL`,
  message: 'Vă rog o ofertă pentru 10 licențe.',
};
const PRODUCTS = [
  { name: `Licență anuală ${tag}`, price: '1200.00', priceMinor: 120_000 },
  { name: `Instruire ${tag}`, price: '450.00', priceMinor: 45_000 },
];

const browser = new E2eBrowser();
let admin: Page;
let s: Page;
let formUrl = '';
let leadId = '';
let dealId = '';
let invoiceId = '';
let since = 0;

interface StoreMail {
  destination: { to: string[] };
  subject: string;
  attachments?: { filename?: string; contentType?: string; content?: string }[];
}
/** The local SES store's mails to `to` since `sinceSec` (the raw ones keep their attachments, base64). */
async function storeMails(to: string, sinceSec: number): Promise<StoreMail[]> {
  const r = await fetch(`${itStack().urls.mail.replace(/\/+$/, '')}/store?since=${sinceSec}`);
  const { emails } = (await r.json()) as { emails: StoreMail[] };
  return emails.filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(to.toLowerCase())));
}

async function getDeal(id: string, who = S): Promise<DealView> {
  const r = await api<DealView>(`/crm/deals/${id}`, { token: who.token });
  expect(r.status).toBe(200);
  return r.json;
}

const column = (page: Page, stageId: string) =>
  page.locator(`[data-testid="board-column"][data-stage-id="${stageId}"]`);
const card = (page: Page, stageId: string, id: string) =>
  column(page, stageId).locator(`[data-testid="board-item"][data-deal-id="${id}"]`);
const countOf = async (page: Page, stageId: string) =>
  Number(await column(page, stageId).getByTestId('column-count').textContent());

const drag = (page: Page, from: Locator, to: Locator) => dragWithMouse(page, from, to, { dropY: 80 });

/** Picks a person in a people picker by typing their first name. */
async function pickPerson(page: Page, testId: string, p: E2ePerson) {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(p.first);
  await page.locator(`[data-testid="person-option"][data-user-id="${p.sub}"]:visible`).first().click();
  await input.blur();
  await page.locator('[data-testid="person-option"]:visible').first().waitFor({ state: 'hidden' });
}

/** Picks an option of a Mantine Select by its label. */
async function chooseOption(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: label }).first().click();
}

/** Fills a Mantine TagsInput: types the value and Enter. */
async function addTag(input: Locator, value: string) {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

beforeAll(async () => {
  await createPeople([ADMIN], password, { roles: ['employee', 'admin'], position: 'Director' });
  await createPeople([S], password, { position: 'Reprezentant vânzări' });
  await browser.start();
  admin = await browser.newPage(DESKTOP);
  s = await browser.newPage(DESKTOP);
  since = Math.floor(Date.now() / 1000) - 1;
});

afterAll(async () => {
  await browser.close();
});

afterEach(() => {
  expect(browser.pageErrors).toEqual([]);
});

test('the admin sets the company details, a sales queue with S, two products and a web form', async () => {
  await signInThroughPage(admin, ADMIN.email, password);
  await chooseLanguage(admin, 'English');
  await admin.getByTestId('nav-crm').click();
  await admin.getByTestId('crm-page').waitFor();
  await admin.getByTestId('crm-nav-settings').click();
  await admin.getByTestId('crm-settings').waitFor();

  // Company details: the seller printed on every invoice.
  const seller = {
    legalName: `Portal Demo ${tag} S.R.L.`,
    vatId: 'RO12345674',
    regNo: 'J40/1234/2020',
    iban: 'RO49AAAA1B31007593840000',
    bank: 'Banca Transilvania',
    email: `facturi.${tag}@portal-e2e.example`,
    street: 'Str. Ștefan cel Mare 12',
    city: 'București',
    country: 'RO',
  };
  await admin.getByTestId('settings-tab-company').click();
  for (const [k, v] of Object.entries(seller)) await admin.getByTestId(`seller-${k}`).fill(v);
  await cshot(admin, '01-settings-company-en-desktop');
  await admin.getByTestId('settings-company-save').click();
  const saved = await until(
    () => api<{ seller: { legalName?: string; address?: { city?: string } } }>('/crm/settings', { token: ADMIN.token }),
    (r) => r.json.seller?.legalName === seller.legalName,
  );
  expect(saved.json.seller).toMatchObject({
    legalName: seller.legalName,
    vatId: seller.vatId,
    iban: seller.iban,
    address: { city: seller.city, country: 'RO' },
  });

  // A sales queue: S is its only member, the admin the fallback.
  await admin.getByTestId('settings-tab-queues').click();
  await admin.getByTestId('queue-new').click();
  await admin.getByTestId('queue-name').fill(`Vânzări ${tag}`);
  await pickPerson(admin, 'queue-members', S);
  await pickPerson(admin, 'queue-fallback', ADMIN);
  await admin.getByTestId('queue-save').click();
  await admin
    .getByTestId('queue-row')
    .filter({ hasText: `Vânzări ${tag}` })
    .waitFor();

  // The web form, sending to that queue; its snippet (key shown once) gives the form page's address.
  await admin.getByTestId('settings-tab-forms').click();
  await admin.getByTestId('form-new').click();
  await admin.getByTestId('form-name').fill(`Cerere ofertă ${tag}`);
  await admin
    .getByTestId('form-consent-text')
    .fill('Sunt de acord cu prelucrarea datelor mele pentru a primi o ofertă.');
  const required = admin.getByTestId('form-consent-required');
  if (!(await required.isChecked())) await required.check();
  await chooseOption(admin, 'form-queue', `Vânzări ${tag}`);
  await admin.getByTestId('form-save').click();
  await admin.getByTestId('form-snippet').waitFor();
  const snippet = (await admin.getByTestId('form-snippet-code').textContent()) ?? '';
  formUrl = (await admin.getByTestId('form-url').getAttribute('href')) ?? '';
  expect(formUrl).toMatch(/\/crm-form\.html\?f=[0-9A-Z]{26}&k=[A-Za-z0-9_-]{22}$/);
  expect(snippet).toContain(`<iframe src="${formUrl}"`);
  await admin.getByTestId('form-preview').waitFor();
  await cshot(admin, '01-settings-form-snippet-en-desktop');

  // Two products in the catalog.
  await admin.getByTestId('crm-nav-products').click();
  await admin.getByTestId('crm-products').waitFor();
  for (const p of PRODUCTS) {
    await admin.getByTestId('product-new').click();
    await admin.getByTestId('product-name').fill(p.name);
    await admin.getByTestId('product-price').fill(p.price);
    await admin.getByTestId('product-save').click();
    await admin.getByTestId('product-row').filter({ hasText: p.name }).waitFor();
  }
});

test('a visitor sends the web form: the lead is assigned to S, whose bell shows it and who got an e-mail', async () => {
  expect(formUrl).toContain('/crm-form.html?f=');
  const visitor = await browser.newPage(PHONE);
  const opened = Date.now();
  await visitor.goto(formUrl);
  await visitor.getByTestId('crm-form').waitFor();
  await visitor.getByTestId('crm-form-name').fill(VISITOR.name);
  await visitor.getByTestId('crm-form-email').fill(VISITOR.email);
  await visitor.getByTestId('crm-form-phone').fill(VISITOR.phone);
  await visitor.getByTestId('crm-form-company').fill(VISITOR.company);
  await visitor.getByTestId('crm-form-message').fill(VISITOR.message);
  await visitor.getByTestId('crm-form-consent').check();
  await cshot(visitor, '02-web-form-375');
  expect(await horizontalOverflow(visitor)).toBe(0);
  // A person takes more than the form's 3 s minimum to fill it in; the test types faster than a person.
  await visitor.waitForTimeout(Math.max(0, 3_500 - (Date.now() - opened)));
  await visitor.getByTestId('crm-form-submit').click();
  await visitor.getByTestId('crm-form-success').waitFor();

  // S: the bell shows the new lead; clicking it opens the lead, assigned to S.
  await signInThroughPage(s, S.email, password);
  await chooseLanguage(s, 'English');
  const bellItem = s.getByTestId('bell-item').filter({ hasText: VISITOR.name });
  await until(
    async () => {
      if (!(await s.getByTestId('bell-popover').isVisible())) await s.getByTestId('bell').click();
      const n = await bellItem.count();
      if (!n) {
        await s.keyboard.press('Escape');
        await s.waitForTimeout(750);
      }
      return n;
    },
    (n) => n > 0,
    30_000,
  );
  await bellItem.first().click();
  await s.getByTestId('lead-page').waitFor();
  leadId = (await s.getByTestId('lead-page').getAttribute('data-id')) ?? '';
  expect(leadId).toMatch(/^[0-9A-Z]{26}$/);
  expect(await s.getByTestId('record-responsible').getAttribute('data-user-id')).toBe(S.sub);
  const lead = (await api<LeadView>(`/crm/leads/${leadId}`, { token: S.token })).json;
  expect(lead).toMatchObject({ name: VISITOR.name, source: 'web_form', responsibleId: S.sub, status: 'new' });
  expect(lead.phones[0]?.e164).toBe(`+40745${num}`);

  // …and an e-mail in S's language with a link to the lead.
  const mail = await waitForMail(S.email, since, {
    match: (m) => m.body.text.includes(`/crm/leads/${leadId}`),
    timeoutMs: 30_000,
  });
  expect(mail.body.text).toContain(VISITOR.name);
});

test('S converts the lead to a contact, a company and a deal', async () => {
  await s.getByTestId('lead-convert').click();
  const dialog = s.getByTestId('convert-dialog');
  await dialog.waitFor();
  for (const part of ['convert-contact', 'convert-company', 'convert-deal']) {
    const box = dialog.getByTestId(part);
    if (!(await box.isChecked())) await box.check();
  }
  await cshot(s, '03-convert-en-desktop');
  await s.getByTestId('convert-confirm').click();
  await s.getByTestId('deal-page').waitFor();
  dealId = (await s.getByTestId('deal-page').getAttribute('data-deal-id')) ?? '';
  expect(dealId).toMatch(/^[0-9A-Z]{26}$/);
  const lead = (await api<LeadView>(`/crm/leads/${leadId}`, { token: S.token })).json;
  expect(lead.status).toBe('converted');
  expect(lead.convertedTo).toMatchObject({ dealId });
  expect(lead.convertedTo?.contactId).toBeTruthy();
  expect(lead.convertedTo?.companyId).toBeTruthy();
  const deal = await getDeal(dealId);
  expect(deal).toMatchObject({
    responsibleId: S.sub,
    contactId: lead.convertedTo?.contactId,
    companyId: lead.convertedTo?.companyId,
    stageId: 'new',
  });
});

test('S adds two products to the deal, one with a 10 % discount: the server computes the totals', async () => {
  const products = s.getByTestId('deal-products');
  for (const p of PRODUCTS) {
    const picker = products.getByTestId('product-picker');
    await picker.click();
    await picker.fill(p.name.slice(0, 12));
    await s.locator('[data-testid="product-picker-option"]:visible', { hasText: p.name }).first().click();
  }
  const rows = products.getByTestId('line-row');
  await until(
    () => rows.count(),
    (n) => n === 2,
  );
  expect(await rows.count()).toBe(2);
  // 3 licences, and 10 % off the training
  await rows.nth(0).getByTestId('line-quantity').fill('3');
  const second = rows.nth(1);
  const mode = second.getByTestId('line-discount-mode');
  if (await mode.count()) {
    await mode.click();
    await s
      .getByRole('option', { name: '%' })
      .first()
      .click()
      .catch(async () => s.locator('[data-testid="line-discount-mode"] label', { hasText: '%' }).first().click());
  }
  await second.getByTestId('line-discount').fill('10');
  await s.getByTestId('lines-save').click();
  await s.getByTestId('lines-dirty').waitFor({ state: 'hidden' });
  // 3 × 1,200.00 + (450.00 − 45.00) = 4,005.00 net; 21 % VAT = 841.05; 4,846.05 in all
  const deal = await until(
    () => getDeal(dealId),
    (d) => d.lines.length === 2,
  );
  expect(deal.lines.map((l) => l.name)).toEqual(PRODUCTS.map((p) => p.name));
  expect(deal.amountMinor).toBe(400_500);
  await s.getByTestId('deal-total').filter({ hasText: '4,846.05' }).waitFor();
  await cshot(s, '04-deal-products-en-desktop');
});

test('S makes the invoice, opens its PDF, sends it (the mail carries the PDF) and marks it paid → the deal is won', async () => {
  await s.getByTestId('deal-make-invoice').click();
  await s.getByTestId('invoice-page').waitFor();
  invoiceId = (await s.getByTestId('invoice-page').getAttribute('data-doc-id')) ?? '';
  expect(invoiceId).toMatch(/^[0-9A-Z]{26}$/);
  expect(await s.getByTestId('doc-line').count()).toBe(2);
  await s.getByTestId('doc-total').filter({ hasText: '4,846.05' }).waitFor();

  // Open PDF: a new tab loads the document (a draft is rendered on demand).
  const ctx: BrowserContext = s.context();
  const pdfResponse = new Promise<Response>((resolve) => {
    const on = (r: Response) => {
      if ((r.headers()['content-type'] ?? '').includes('application/pdf')) {
        ctx.off('response', on);
        resolve(r);
      }
    };
    ctx.on('response', on);
  });
  const [tab] = await Promise.all([ctx.waitForEvent('page'), s.getByTestId('doc-pdf').click()]);
  const res = await pdfResponse;
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/pdf');
  expect(res.frame().page()).toBe(tab);
  // Chromium shows it in its PDF viewer (the response body Playwright sees is the viewer's page): the bytes of the
  // very URL the tab opened (a 5-minute presigned link) are read once more here.
  const again = await fetch(res.url());
  expect(again.headers.get('content-type')).toContain('application/pdf');
  expect(
    Buffer.from(await again.arrayBuffer())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');
  await tab.close();

  // Send to the contact's address (offered from the contact's e-mails).
  await s.getByTestId('doc-send').click();
  const dialog = s.getByTestId('send-dialog');
  await dialog.waitFor();
  const to = dialog.getByTestId('send-to');
  if (!(await dialog.getByText(VISITOR.email).count())) await addTag(to, VISITOR.email);
  await cshot(s, '05-invoice-send-en-desktop');
  await s.getByTestId('send-confirm').click();
  await dialog.waitFor({ state: 'hidden' });
  await s.locator('[data-testid="invoice-page"][data-status="sent"]').waitFor();
  const number = (await s.getByTestId('doc-number').textContent()) ?? '';
  expect(number).toMatch(/\d{4}-\d{6}$/);
  const mail = await until(
    () => storeMails(VISITOR.email, since),
    (ms) => ms.some((m) => m.attachments?.length),
    30_000,
  );
  const withPdf = mail.find((m) => m.attachments?.length)!;
  expect(withPdf).toBeDefined();
  const att = withPdf.attachments![0]!;
  expect(att.contentType).toBe('application/pdf');
  expect(att.filename).toContain(number);
  expect(
    Buffer.from(att.content ?? '', 'base64')
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');

  // Paid, and the deal goes to Won with it.
  await s.getByTestId('doc-paid').click();
  await s.getByTestId('paid-dialog').waitFor();
  const won = s.getByTestId('paid-won');
  if (!(await won.isChecked())) await won.check();
  await s.getByTestId('paid-confirm').click();
  await s.locator('[data-testid="invoice-page"][data-status="paid"]').waitFor();
  const invoice = (await api<DocumentView>(`/crm/invoices/${invoiceId}`, { token: S.token })).json;
  expect(invoice.status).toBe('paid');
  expect((await getDeal(dealId)).stageKind).toBe('won');
  await cshot(s, '06-invoice-paid-en-desktop');

  await s.getByTestId('nav-crm').click();
  await s.getByTestId('deals-board').waitFor();
  await card(s, 'won', dealId).waitFor();
});

test('Reports: the funnel shows the deal reached Won', async () => {
  await s.getByTestId('crm-nav-reports').click();
  const won = s.locator('[data-testid="funnel-stage"][data-stage-id="won"]');
  await won.waitFor();
  expect(Number(await won.getAttribute('data-reached'))).toBeGreaterThanOrEqual(1);
  await cshot(s, '07-reports-en-desktop');
});

test('a deal card dragged with the mouse, then moved with the keyboard, changes column and the counts follow', async () => {
  // S creates a deal on the board.
  await s.getByTestId('crm-nav-deals').click();
  await s.getByTestId('deals-board').waitFor();
  await s.getByTestId('crm-new-deal').click();
  await s.getByTestId('crm-form-title').fill(`Mentenanță ${tag}`);
  await s.getByTestId('crm-form-amount').fill('2500');
  await s.getByTestId('crm-form-submit').click();
  await s.getByTestId('deal-page').waitFor();
  const id = (await s.getByTestId('deal-page').getAttribute('data-deal-id')) ?? '';
  expect((await getDeal(id)).stageId).toBe('new');

  await s.getByTestId('crm-nav-deals').click();
  const item = card(s, 'new', id);
  await item.waitFor();
  const before = {
    new: await countOf(s, 'new'),
    preparing: await countOf(s, 'preparing'),
    offer: await countOf(s, 'offer'),
  };
  // The board refetches after a move (on settle, and again when the move's crm.record.changed frame arrives).
  let boardLoads = 0;
  let lastBoardLoad = Date.now();
  const onBoard = (r: Response) => {
    if (!r.url().includes('/crm/deals/board')) return;
    boardLoads++;
    lastBoardLoad = Date.now();
  };
  s.on('response', onBoard);
  const release = await drag(s, item, column(s, 'preparing'));
  expect(await column(s, 'preparing').getAttribute('data-drop')).toBe('over');
  await release();
  await card(s, 'preparing', id).waitFor();
  expect(
    (
      await until(
        () => getDeal(id),
        (d) => d.stageId === 'preparing',
      )
    ).stageId,
  ).toBe('preparing');
  await until(
    () => countOf(s, 'preparing'),
    (n) => n === before.preparing + 1,
  );
  expect(await countOf(s, 'preparing')).toBe(before.preparing + 1);
  expect(await countOf(s, 'new')).toBe(before.new - 1);
  await cshot(s, '08-board-after-drag-en-desktop');

  // Keyboard: focus the card, Space picks it up, → moves to the next column, Space drops. First the board settles
  // (a refetch re-renders the columns, which would drop a pick-up in progress).
  await until(
    async () => boardLoads >= 1 && Date.now() - lastBoardLoad > 2_500,
    (quiet) => quiet,
    20_000,
  );
  s.off('response', onBoard);
  await s.waitForTimeout(500);
  await card(s, 'preparing', id).focus();
  await s.keyboard.press('Space');
  await s.waitForTimeout(200);
  await s.keyboard.press('ArrowRight');
  await s.waitForTimeout(300);
  await s.keyboard.press('Space');
  expect(
    (
      await until(
        () => getDeal(id),
        (d) => d.stageId === 'offer',
      )
    ).stageId,
  ).toBe('offer');
  await card(s, 'offer', id).waitFor();
  await until(
    () => countOf(s, 'offer'),
    (n) => n === before.offer + 1,
  );
  expect(await countOf(s, 'offer')).toBe(before.offer + 1);
  expect(await countOf(s, 'preparing')).toBe(before.preparing);
});

test('a second lead with the same phone (typed another way) is flagged before saving and on its page', async () => {
  const contactId = (await api<LeadView>(`/crm/leads/${leadId}`, { token: S.token })).json.convertedTo?.contactId ?? '';
  await s.getByTestId('crm-nav-leads').click();
  await s.getByTestId('crm-new-lead').click();
  await s.getByTestId('crm-form-name').fill(`Ștefan T. ${tag}`);
  await addTag(s.getByTestId('crm-form-phones'), VISITOR.phoneIntl);
  await s.getByTestId('crm-form-submit').click();
  const warning = s.getByTestId('dup-before-save');
  await warning.waitFor();
  await cshot(s, '09-duplicate-before-save-en-desktop');
  await s.getByTestId('crm-form-save-anyway').click();
  await s.getByTestId('lead-page').waitFor();
  const banner = s.getByTestId('dup-banner');
  await banner.waitFor();
  const ids = await banner.getByTestId('dup-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  expect(ids.some((x) => x === leadId || x === contactId)).toBe(true);
  await cshot(s, '10-duplicate-banner-en-desktop');
});

test('the import wizard: a small CSV (Romanian header, ";") → mapping → options → progress → report with the bad row', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crm-e2e-import-'));
  const csv = path.join(dir, 'contacte.csv');
  const rows = [
    'Prenume;Nume;E-mail;Telefon;Oraș',
    `Ioana;Mureșan ${tag};ioana.muresan.${tag}@import-e2e.example;0721 000 111;Cluj-Napoca`,
    `Răzvan;Țurcanu ${tag};razvan.turcanu.${tag}@import-e2e.example;+40 722 000 222;Iași`,
    `"Ana-Maria";"Ștefănescu ${tag}";ana.stefanescu.${tag}@import-e2e.example;;"București; Sector 1"`,
    // the visitor's address again: the contact made from the lead holds it → skipped as a duplicate
    `Ștefan;Țăranu;${VISITOR.email.toUpperCase()};;București`,
    `Bogdan;Bălan ${tag};nu-este-o-adresa;;Brașov`,
  ];
  writeFileSync(csv, `\ufeff${rows.join('\r\n')}\r\n`);

  await s.getByTestId('crm-nav-import').click();
  await s.getByTestId('import-wizard').waitFor();
  await chooseOption(s, 'import-type', 'Contacts');
  await s.locator('[data-testid="import-wizard"] input[type="file"]').setInputFiles(csv);
  await s.getByTestId('import-upload').click();
  await s.getByTestId('import-mapping').waitFor();
  // The preview found the Romanian header and suggested the fields.
  expect(await s.getByTestId('import-map-row').count()).toBe(5);
  await cshot(s, '12-import-mapping-en-desktop');
  await s.getByTestId('import-next').click();
  expect(await s.getByTestId('import-delimiter').inputValue()).toContain(';');
  await s.getByTestId('import-dup-skip').check();
  await s.getByTestId('import-assign-person').check();
  await pickPerson(s, 'import-person', S);
  await s.getByTestId('import-start').click();
  await s.getByTestId('import-progress').waitFor();
  await s.locator('[data-testid="import-progress"][data-status="done"]').waitFor({ timeout: 60_000 });
  const counts = s.getByTestId('import-counts');
  expect({
    created: await counts.getAttribute('data-created'),
    skipped: await counts.getAttribute('data-skipped'),
    failed: await counts.getAttribute('data-failed'),
  }).toEqual({ created: '3', skipped: '1', failed: '1' });
  // The report names the skipped row with the contact it repeats, and the bad e-mail's row.
  const contactId = (await api<LeadView>(`/crm/leads/${leadId}`, { token: S.token })).json.convertedTo?.contactId ?? '';
  const errors = await s.getByTestId('import-error').allTextContents();
  expect(errors).toEqual([
    expect.stringMatching(new RegExp(`^4.*duplicate.*${contactId}`)),
    expect.stringMatching(/^5.*nu-este-o-adresa/),
  ]);
  await cshot(s, '13-import-report-en-desktop');

  // The imported people are contacts of S, diacritics intact.
  const found = await until(
    () =>
      api<{ items: { name: string; responsibleId: string }[] }>(
        `/crm/contacts?scope=mine&sort=name&q=${encodeURIComponent(`Mureșan ${tag}`)}`,
        { token: S.token },
      ),
    (r) => r.status === 200 && r.json.items.length > 0,
  );
  expect(found.json.items.map((c) => c.name)).toContain(`Ioana Mureșan ${tag}`);
});

test('at 375 px the CRM pages fit the screen, in English and in Romanian', async () => {
  const phone = await browser.newPage(PHONE);
  await signInThroughPage(phone, S.email, password);
  const pages: [string, string, string][] = [
    ['board', '/crm', 'deals-board'],
    ['lead', `/crm/leads/${leadId}`, 'lead-page'],
    ['deal', `/crm/deals/${dealId}`, 'deal-page'],
    ['invoice', `/crm/invoices/${invoiceId}`, 'invoice-page'],
    ['leads', '/crm/leads', 'crm-list-lead'],
    ['reports', '/crm/reports', 'crm-reports'],
  ];
  for (const [lang, label] of [
    ['en', 'English'],
    ['ro', 'Română'],
  ] as const) {
    await chooseLanguage(phone, label);
    for (const [name, url, testId] of pages) {
      await phone.goto(`${portal()}${url}`);
      await phone.getByTestId(testId).waitFor();
      await cshot(phone, `11-${name}-${lang}-375`);
      expect({ page: name, lang, overflow: await horizontalOverflow(phone) }).toEqual({
        page: name,
        lang,
        overflow: 0,
      });
    }
  }
  // In Romanian the section names are Romanian.
  expect(await phone.getByTestId('crm-nav-deals').textContent()).not.toBe('Deals');
  await chooseLanguage(phone, 'English');
});
