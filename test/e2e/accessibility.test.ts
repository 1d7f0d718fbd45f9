/**
 * Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) on the pages a person meets first, as the browser renders
 * them with real data: Home, Messenger, the task list and Kanban, a task, Drive, a document, the deals board, a
 * deal, an invoice, Company structure, the calendar and sign-in. English at 1280 px, Romanian at 375 px (both languages, and the
 * phone layout). The two passes run side by side, each as its own person with the same kinds of data (the language
 * is a profile setting, so one person cannot be in both at once): axe's analysis is CPU-bound in each page's renderer,
 * so two renderers use both cores. No serious or critical finding is allowed on any page; the failure message lists
 * each finding with its rule, impact and the first offending elements.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { chooseLanguage, DESKTOP, E2eBrowser, PHONE, SHOTS_DIR, signInThroughPage } from '../support/browser';
import { createPeople, e2ePerson } from '../support/e2e-people';
import { api, itStack } from '../support/local-stack-client';

jest.setTimeout(420_000);

const b = new E2eBrowser();
const password = `E2e-${randomUUID()}!`;
const tag = randomUUID().slice(0, 6);
const A = e2ePerson('a11y-a', 'Ilinca', `Axe${tag}`);
const B = e2ePerson('a11y-b', 'Tudor', `Axe${tag}`);
const portal = () => itStack().urls.portal;

interface Ids {
  chatId: string;
  taskId: string;
  documentId: string;
  dealId: string;
  invoiceId: string;
}
const ids = new Map<string, Ids>();

async function created<T>(path: string, body: unknown, token: string): Promise<T> {
  const r = await api<T>(path, { method: 'POST', token, body });
  if (r.status !== 201 && r.status !== 200) throw new Error(`${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}

/** What each audited page shows for `me`: a chat with `other`, a task, a document, a deal with an invoice. */
async function seed(me: typeof A, other: typeof A): Promise<Ids> {
  const chat = await created<{ chatId: string }>('/chats', { title: `Axe ${tag}`, memberIds: [other.sub] }, me.token);
  await created(
    `/chats/${chat.chatId}/messages`,
    { text: `Hello **${other.first}**`, clientMessageId: randomUUID() },
    me.token,
  );
  const task = await created<{ taskId: string }>(
    '/tasks',
    {
      title: `Axe review ${tag}`,
      responsibleId: me.sub,
      description: '<p>Check the <strong>contrast</strong>.</p>',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    },
    me.token,
  );
  const drives = await api<{ kind: string; rootId: string }[]>('/drive/drives', { token: me.token });
  const mine = drives.json.find((d) => d.kind === 'personal') ?? drives.json[0]!;
  const doc = await created<{ node: { nodeId: string } }>(
    '/drive/documents',
    { parentId: mine.rootId, name: `Axe ${tag}.md`, format: 'markdown', content: '# Notes\n\nOne\n' },
    me.token,
  );
  const deal = await created<{ record: { id: string } }>(
    '/crm/deals',
    { title: `Axe deal ${tag} ${me.first}`, currency: 'RON', amountMinor: 120000 },
    me.token,
  );
  const lines = [{ name: 'Consulting', unit: 'HUR', quantityMilli: 2000, unitPriceMinor: 60000, taxRateBp: 2100 }];
  const priced = await api(`/crm/deals/${deal.record.id}/products`, {
    method: 'PUT',
    token: me.token,
    body: { version: 1, lines },
  });
  if (priced.status !== 200) throw new Error(`deal products answered ${priced.status}: ${JSON.stringify(priced.json)}`);
  const invoice = await created<{ docId: string }>('/crm/invoices', { dealId: deal.record.id }, me.token);
  return {
    chatId: chat.chatId,
    taskId: task.taskId,
    documentId: doc.node.nodeId,
    dealId: deal.record.id,
    invoiceId: invoice.docId,
  };
}

beforeAll(async () => {
  await createPeople([A, B], password);
  const [a, bIds] = await Promise.all([seed(A, B), seed(B, A)]);
  ids.set(A.sub, a);
  ids.set(B.sub, bIds);
  await b.start();
});

afterAll(() => b.close());

afterEach(() => {
  expect(b.pageErrors).toEqual([]);
});

/** Home once every widget has answered (loaded, empty or failed: none still a skeleton). */
const homeLoaded = (p: Page) =>
  p.waitForFunction(() => {
    const widgets = document.querySelectorAll('[data-testid^="home-widget-"][data-state]');
    return widgets.length > 0 && [...widgets].every((w) => w.getAttribute('data-state') !== 'loading');
  });

/** The pages, each with what shows once its data has loaded (axe runs on the finished page, not a skeleton). */
const pages = (ids: Ids): { name: string; path: string; ready: (p: Page) => Locator | Promise<unknown> }[] => [
  { name: 'home', path: '/', ready: homeLoaded },
  { name: 'messenger', path: `/messenger/${ids.chatId}`, ready: (p) => p.getByTestId('message').first() },
  { name: 'tasks-list', path: '/tasks?view=list&role=responsible', ready: (p) => p.getByTestId('task-row').first() },
  {
    name: 'tasks-kanban',
    path: '/tasks?view=board&role=responsible',
    ready: (p) => p.getByTestId('task-card').first(),
  },
  { name: 'task', path: `/tasks/${ids.taskId}`, ready: (p) => p.getByTestId('task-title') },
  { name: 'drive', path: '/drive', ready: (p) => p.getByTestId('folder-view') },
  { name: 'document', path: `/drive/documents/${ids.documentId}`, ready: (p) => p.getByTestId('document-page') },
  { name: 'deals-board', path: '/crm', ready: (p) => p.getByTestId('deal-card').first() },
  { name: 'deal', path: `/crm/deals/${ids.dealId}`, ready: (p) => p.getByTestId('deal-fields') },
  { name: 'invoice', path: `/crm/invoices/${ids.invoiceId}`, ready: (p) => p.getByTestId('invoice-page') },
  { name: 'structure', path: '/company/structure', ready: (p) => p.getByTestId('structure-page') },
  { name: 'calendar', path: '/calendar', ready: (p) => p.locator('[data-testid="calendar-page"] .fc-view') },
];

interface Finding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe's serious and critical findings on the page as it is now. */
async function audit(page: Page, name: string): Promise<Finding[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // only violations get their nodes' details: axe skips that work for the passes
    .options({ resultTypes: ['violations'] })
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: name,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} ${(n.any[0] ?? n.all[0])?.message ?? ''}`),
    }));
}

async function auditEverything(page: Page, label: string, person: typeof A): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const p of pages(ids.get(person.sub)!)) {
    await page.goto(`${portal()}${p.path}`);
    const ready = p.ready(page);
    await ('waitFor' in ready ? ready.waitFor() : ready);
    findings.push(...(await audit(page, `${p.name} (${label})`)));
    // the viewport only, without shot()'s settle wait: 22 full-page shots cost ~30 s of the suite
    await page.screenshot({ path: path.join(SHOTS_DIR, `a11y-${p.name}-${label}.png`) });
  }
  return findings;
}

test('sign-in has no serious or critical finding, in English and Romanian', async () => {
  const page = await b.newPage(DESKTOP);
  await page.goto(`${portal()}/sign-in`);
  await page.getByTestId('sign-in-form').waitFor();
  const findings = await audit(page, 'sign-in (en)');
  await chooseLanguage(page, 'Română');
  await page.getByTestId('sign-in-form').waitFor();
  findings.push(...(await audit(page, 'sign-in (ro)')));
  expect(findings).toEqual([]);
});

/** Ilinca in English at 1280 px. */
async function englishDesktop(): Promise<Finding[]> {
  const page = await b.newPage(DESKTOP);
  await signInThroughPage(page, A.email, password);
  await chooseLanguage(page, 'English');
  return auditEverything(page, 'en-desktop', A);
}

/** Tudor in Romanian at 375 px. */
async function romanianPhone(): Promise<Finding[]> {
  const page = await b.newPage(PHONE, { locale: 'ro-RO' });
  await page.goto(`${portal()}/sign-in`);
  await chooseLanguage(page, 'Română');
  await signInThroughPage(page, B.email, password);
  // Signed in, the profile's language (English) wins over the sign-in page's choice: choose Romanian again.
  await chooseLanguage(page, 'Română');
  await page.waitForFunction(() => document.documentElement.lang === 'ro');
  return auditEverything(page, 'ro-phone', B);
}

test('the signed-in pages have no serious or critical finding: English at 1280 px and Romanian at 375 px', async () => {
  const [en, ro] = await Promise.all([englishDesktop(), romanianPhone()]);
  expect({ en, ro }).toEqual({ en: [], ro: [] });
});
