/**
 * Documents in Chromium against the local stack (issue 6), two colleagues:
 * A creates a rich-text document from the "New document" page, edits it twice (autosave: each pause in the
 * typing becomes a version, the save state is watched through its data-state), opens the version history
 * (author, time, size), compares the two edits (words: the second edit's text is shown added, with the
 * legend's counts; lines too), restores the first edit (= a new version "restored from", the editor shows
 * that text again) — checked through the API as well; a change made offline shows "offline" and is saved when
 * the connection is back.
 * Then A and B edit the same Markdown document in the company drive at the same time: B saves first, A's
 * autosave gets 409 and A sees the merge view; edits to different lines merge cleanly and the saved result
 * holds both people's text. A second round edits the same line on both sides: the merged result keeps both
 * (mine first) and A takes theirs instead, which leaves B's version current.
 * Screenshots desktop and 375 px (en/ro) go to test-results/e2e/documents-*.png; at 375 px nothing scrolls
 * sideways.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { DocumentView, DriveView, Page as ApiPage, VersionView } from '../../shared/drive/contract';
import {
  chooseLanguage,
  DESKTOP,
  E2eBrowser,
  horizontalOverflow,
  PHONE,
  shot,
  signInThroughPage,
} from '../support/browser';
import { createPeople, e2ePerson } from '../support/e2e-people';
import { api, itStack } from '../support/local-stack-client';

jest.setTimeout(240_000);

const tag =
  randomUUID()
    .replace(/[^a-z]/g, '')
    .slice(0, 5) || 'abcde';
const password = `E2e-${randomUUID()}!`;

const A = e2ePerson('docs-a', `Ioana${tag}`, 'Vlad');
const B = e2ePerson('docs-b', `Mihai${tag}`, 'Dinu');

const browser = new E2eBrowser();
let a: Page;
let b: Page;
let docId = '';
let edit1Version = '';
let edit2Version = '';
let mdId = '';

const FIRST = `Launch plan ${tag}: ship on Monday.`;
const SECOND = ` Budget approved by finance ${tag}.`;

const xshot = (page: Page, name: string) => shot(page, `documents-${name}`);
const portal = () => itStack().urls.portal;

async function getDoc(id: string, who = A, versionId?: string): Promise<DocumentView> {
  const r = await api<DocumentView>(`/drive/documents/${id}${versionId ? `?versionId=${versionId}` : ''}`, {
    token: who.token,
  });
  expect(r.status).toBe(200);
  return r.json;
}

async function versions(id: string): Promise<VersionView[]> {
  const r = await api<ApiPage<VersionView>>(`/drive/nodes/${id}/versions`, { token: A.token });
  expect(r.status).toBe(200);
  return r.json.items;
}

/** The page's current base version once autosave says everything is saved and the version moved on from `before`. */
async function savedAfter(page: Page, before: string): Promise<string> {
  await page
    .locator(
      `[data-testid="document-page"]:not([data-version-id="${before}"]) [data-testid="save-state"][data-state="saved"]`,
    )
    .waitFor({ timeout: 30_000 });
  return (await page.getByTestId('document-page').getAttribute('data-version-id')) ?? '';
}

const versionId = (page: Page) =>
  page
    .getByTestId('document-page')
    .getAttribute('data-version-id')
    .then((v) => v ?? '');

async function openDoc(page: Page, id: string) {
  await page.goto(`${portal()}/drive/documents/${id}`);
  // a full page load (session restore, the editor's chunk, two API calls): slow on a loaded machine
  await page
    .locator(`[data-testid="document-page"][data-node-id="${id}"] [data-testid="save-state"][data-state="saved"]`)
    .waitFor({ timeout: 60_000 });
}

beforeAll(async () => {
  await createPeople([A, B], password, { position: 'Writer' });
  await browser.start();
  // a loaded 2-core machine: generous waits (every wait is on a state, never a sleep)
  a = await browser.newPage(DESKTOP, { timeoutMs: 30_000 });
  b = await browser.newPage(DESKTOP, { timeoutMs: 30_000 });
});

afterAll(async () => {
  await browser.close();
});

afterEach(() => {
  expect(browser.pageErrors).toEqual([]);
});

test('A creates a rich-text document', async () => {
  await signInThroughPage(a, A.email, password);
  await chooseLanguage(a, 'English');
  await a.goto(`${portal()}/drive/documents/new`);
  await a.getByTestId('new-document-page').waitFor();
  // a name with a slash is refused before anything is sent
  await a.getByTestId('new-document-name').fill('a/b');
  await a.getByTestId('new-document-submit').click();
  await a.getByText('A name cannot contain / or \\').waitFor();
  await a.getByTestId('new-document-name').fill(`Plan ${tag}`);
  await a.getByTestId('new-document-format').getByText('Rich text').click();
  await xshot(a, '01-new-en-desktop');
  await a.getByTestId('new-document-submit').click();
  await a
    .locator('[data-testid="document-page"][data-format="html"] [data-testid="save-state"][data-state="saved"]')
    .waitFor({ timeout: 30_000 });
  docId = (await a.getByTestId('document-page').getAttribute('data-node-id')) ?? '';
  expect(docId).toMatch(/^[0-9A-Z]{26}$/);
  expect(new URL(a.url()).pathname).toBe(`/drive/documents/${docId}`);
  expect(await a.getByTestId('doc-title').textContent()).toBe(`Plan ${tag}`);
  const doc = await getDoc(docId);
  expect(doc.format).toBe('html');
  expect(doc.node.versionCount).toBe(1);
});

test('A edits it twice: autosave makes a version each time', async () => {
  const v1 = await versionId(a);
  const editor = a.getByTestId('doc-editor');
  await editor.click();
  await a.keyboard.insertText(FIRST);
  // the state shows the pending change, then the save
  await a
    .locator('[data-testid="save-state"][data-state="pending"], [data-testid="save-state"][data-state="saving"]')
    .first()
    .waitFor();
  edit1Version = await savedAfter(a, v1);
  expect((await getDoc(docId)).content).toContain(FIRST);

  await editor.press('End');
  await a.keyboard.insertText(SECOND);
  edit2Version = await savedAfter(a, edit1Version);
  const current = await getDoc(docId);
  expect(current.versionId).toBe(edit2Version);
  expect(current.content).toContain(`${FIRST}${SECOND}`);
  // the content is sanitised HTML from the editor
  expect(current.content).toMatch(/^<p>/);
  await xshot(a, '02-editor-en-desktop');
});

test('A opens the history (author, time, size) and compares the two edits', async () => {
  await a.getByTestId('open-history').click();
  const list = a.getByTestId('history-list');
  await list.waitFor();
  const fromApi = await versions(docId);
  expect(fromApi.length).toBeGreaterThanOrEqual(3);
  await a.locator(`[data-testid="history-list"][data-count="${fromApi.length}"]`).waitFor();
  const row2 = a.locator(`[data-testid="version-row"][data-version-id="${edit2Version}"]`);
  expect(await row2.getAttribute('data-current')).toBe('true');
  const meta = await row2.getByTestId('version-meta').textContent();
  expect(meta).toContain(`${A.first} ${A.last}`);
  expect(meta).toMatch(/\d+ B/);
  await xshot(a, '03-history-en-desktop');

  // the first edit's row → compare with the current one (= the second edit)
  const row1 = a.locator(`[data-testid="version-row"][data-version-id="${edit1Version}"]`);
  await row1.getByTestId('version-menu').click();
  await a.getByTestId('version-compare-current').click();
  const modal = a.locator('[data-testid="compare-modal"][data-ready="true"]');
  await modal.waitFor();
  const diff = a.locator('[data-testid="diff-view"][data-mode="words"]');
  await diff.waitFor();
  expect(await diff.getByTestId('diff-ins').allTextContents()).toEqual([
    expect.stringContaining(`Budget approved by finance ${tag}.`),
  ]);
  expect(await diff.getByTestId('diff-del').count()).toBe(0);
  expect(await a.getByTestId('diff-added').getAttribute('data-count')).toBe('5');
  expect(await a.getByTestId('diff-removed').getAttribute('data-count')).toBe('0');
  await xshot(a, '04-diff-words-en-desktop');
  // by lines: the one paragraph changed = one line out, one line in
  await a.getByTestId('compare-mode').getByText('Lines').click();
  await a.locator('[data-testid="diff-view"][data-mode="lines"]').waitFor();
  expect(await a.getByTestId('diff-line-add').count()).toBe(1);
  expect(await a.getByTestId('diff-line-del').count()).toBe(1);
  // Escape closes the dialog only: the history stays open under it
  await a.keyboard.press('Escape');
  await modal.waitFor({ state: 'hidden' });
  expect(await a.getByTestId('history-list').isVisible()).toBe(true);
});

test('A restores the first edit: a new version, the editor shows that text again', async () => {
  const before = await versionId(a);
  const row1 = a.locator(`[data-testid="version-row"][data-version-id="${edit1Version}"]`);
  const number1 = await row1.getAttribute('data-number');
  await row1.getByTestId('version-menu').click();
  await a.getByTestId('version-restore').click();
  await a.getByTestId('restore-confirm').click();
  const restored = await savedAfter(a, before);
  expect(restored).not.toBe(edit1Version);
  const doc = await getDoc(docId);
  expect(doc.versionId).toBe(restored);
  expect(doc.content).toContain(FIRST);
  expect(doc.content).not.toContain(SECOND.trim());
  // the history shows it on top, "restored from" the first edit; nothing was deleted
  const top = a.locator(`[data-testid="version-row"][data-version-id="${restored}"][data-current="true"]`);
  await top.waitFor();
  expect(await top.getByTestId('version-restored-from').textContent()).toBe(`Restored from version ${number1}`);
  await a.locator(`[data-testid="version-row"][data-version-id="${edit2Version}"]`).waitFor();
  await a.keyboard.press('Escape');
  await a
    .getByTestId('history-drawer')
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
  expect(await a.getByTestId('doc-editor').innerText()).toBe(FIRST);
  await xshot(a, '05-restored-en-desktop');
});

test('offline: the change waits (state offline, kept) and is saved once the connection is back', async () => {
  const before = await versionId(a);
  await a.context().setOffline(true);
  try {
    await a.getByTestId('doc-editor').click();
    await a.getByTestId('doc-editor').press('End');
    await a.keyboard.insertText(' Written offline.');
    await a.locator('[data-testid="save-state"][data-state="offline"]').waitFor();
    await xshot(a, '05b-offline-en-desktop');
  } finally {
    await a.context().setOffline(false);
  }
  const saved = await savedAfter(a, before);
  expect((await getDoc(docId)).content).toContain(`${FIRST} Written offline.`);
  expect(saved).not.toBe(before);
});

test('the editor at 375 px and in Romanian', async () => {
  await a.setViewportSize(PHONE);
  try {
    // the page has switched to its phone layout; the screenshot lets transitions settle before measuring
    await a.locator('[data-testid="document-page"][data-phone="true"]').waitFor();
    await xshot(a, '06-editor-en-phone');
    expect(await horizontalOverflow(a)).toBeLessThanOrEqual(0);
    await a.getByTestId('open-history').click();
    await a.getByTestId('history-list').waitFor();
    await xshot(a, '07-history-en-phone');
    expect(await horizontalOverflow(a)).toBeLessThanOrEqual(0);
    const row1 = a.locator(`[data-testid="version-row"][data-version-id="${edit1Version}"]`);
    await row1.getByTestId('version-menu').click();
    await a.getByTestId('version-compare-current').click();
    await a.locator('[data-full-screen] [data-testid="compare-modal"][data-ready="true"]').waitFor();
    await xshot(a, '08-diff-en-phone');
    expect(await horizontalOverflow(a)).toBeLessThanOrEqual(0);
    await a.keyboard.press('Escape');
    await a.getByTestId('compare-modal').waitFor({ state: 'hidden' });
    await a.keyboard.press('Escape');
    await a.getByTestId('history-list').waitFor({ state: 'hidden' });
    await chooseLanguage(a, 'Română');
    await a.locator('[data-testid="save-state"][data-state="saved"]', { hasText: /salvat/i }).waitFor();
    await xshot(a, '09-editor-ro-phone');
    expect(await horizontalOverflow(a)).toBeLessThanOrEqual(0);
    await a.setViewportSize(DESKTOP);
    await a.locator('[data-testid="document-page"][data-phone="false"]').waitFor();
    await xshot(a, '10-editor-ro-desktop');
  } finally {
    await a.setViewportSize(DESKTOP);
    await chooseLanguage(a, 'English');
  }
});

test('A and B edit a Markdown document at once: B saves first, A merges and nobody loses text', async () => {
  const drives = await api<DriveView[]>('/drive/drives', { token: A.token });
  expect(drives.status).toBe(200);
  const company = drives.json.find((d) => d.kind === 'company');
  expect(company).toBeDefined();
  const created = await api<DocumentView>('/drive/documents', {
    method: 'POST',
    token: A.token,
    body: {
      parentId: company!.rootId,
      name: `Minutes ${tag}.md`,
      format: 'markdown',
      content: '# Minutes\n\nAlpha\nBravo\nCharlie\n',
    },
  });
  expect(created.status).toBe(201);
  mdId = created.json.node.nodeId;

  await signInThroughPage(b, B.email, password);
  await chooseLanguage(b, 'English');
  await openDoc(a, mdId);
  await openDoc(b, mdId);
  expect(await a.getByTestId('doc-editor-preview').locator('h1').textContent()).toBe('Minutes');

  // B changes the last line and saves
  const bBase = await versionId(b);
  await b.getByTestId('doc-editor').fill('# Minutes\n\nAlpha\nBravo\nCharlie with cherries\n');
  const bSaved = await savedAfter(b, bBase);

  // A, still on the first version, changes the first line: the save is refused (409) and the merge view opens
  await a.getByTestId('doc-editor').fill('# Minutes\n\nAlpha plus apples\nBravo\nCharlie\n');
  const merge = a.getByTestId('merge-view');
  await merge.waitFor({ timeout: 30_000 });
  expect(await a.getByTestId('save-state').getAttribute('data-state')).toBe('conflict');
  expect(await merge.getAttribute('data-conflicts')).toBe('0');
  expect(await a.getByTestId('merge-summary').textContent()).toContain('combined');
  expect(await a.getByTestId('merge-view').textContent()).toContain(`${B.first} ${B.last}`);
  // theirs vs mine: my line added, theirs removed
  expect((await a.getByTestId('merge-diff').getByTestId('diff-ins').allTextContents()).join('')).toContain(
    'plus apples',
  );
  expect((await a.getByTestId('merge-diff').getByTestId('diff-del').allTextContents()).join('')).toContain(
    'with cherries',
  );
  expect(await a.getByTestId('merge-result').inputValue()).toBe(
    '# Minutes\n\nAlpha plus apples\nBravo\nCharlie with cherries\n',
  );
  await xshot(a, '11-merge-en-desktop');
  await a.getByTestId('merge-save').click();
  await merge.waitFor({ state: 'hidden' });
  const merged = await savedAfter(a, bSaved);
  const doc = await getDoc(mdId, B);
  expect(doc.versionId).toBe(merged);
  expect(doc.content).toBe('# Minutes\n\nAlpha plus apples\nBravo\nCharlie with cherries\n');
  expect(await a.getByTestId('doc-editor').inputValue()).toBe(doc.content);
});

test('both change the same line: the merge keeps both texts; A takes theirs', async () => {
  // B reloads to the merged version, then both edit "Bravo"
  await openDoc(b, mdId);
  const base = await versionId(b);
  await b.getByTestId('doc-editor').fill('# Minutes\n\nAlpha plus apples\nBravo from B\nCharlie with cherries\n');
  const bSaved = await savedAfter(b, base);
  await a.getByTestId('doc-editor').fill('# Minutes\n\nAlpha plus apples\nBravo from A\nCharlie with cherries\n');
  const merge = a.getByTestId('merge-view');
  await merge.waitFor({ timeout: 30_000 });
  expect(await merge.getAttribute('data-conflicts')).toBe('1');
  // nothing lost: both lines are in the proposed result, mine first
  expect(await a.getByTestId('merge-result').inputValue()).toBe(
    '# Minutes\n\nAlpha plus apples\nBravo from A\nBravo from B\nCharlie with cherries\n',
  );
  await a.setViewportSize(PHONE);
  try {
    // the dialog goes full screen on a phone (then measure)
    await a.locator('[data-full-screen] [data-testid="merge-view"]').waitFor();
    await xshot(a, '12-merge-conflict-en-phone');
    expect(await horizontalOverflow(a)).toBeLessThanOrEqual(0);
    await a.getByTestId('merge-result').scrollIntoViewIfNeeded();
    await xshot(a, '13-merge-result-en-phone');
  } finally {
    await a.setViewportSize(DESKTOP);
  }
  await a.getByTestId('merge-take-theirs').click();
  await merge.waitFor({ state: 'hidden' });
  await a.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  expect(await versionId(a)).toBe(bSaved);
  expect(await a.getByTestId('doc-editor').inputValue()).toContain('Bravo from B');
  expect((await getDoc(mdId)).versionId).toBe(bSaved);
});
