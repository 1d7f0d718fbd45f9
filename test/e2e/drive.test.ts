/**
 * The drive in Chromium against the local stack (issue 6), two colleagues and an outsider:
 * A makes a folder in My Drive and uploads two files at once through the picker — an image and a 20 MB
 * file (multipart, sent straight to S3 with the upload throttled so the progress is really seen moving);
 * both bars reach 100 % and the files are listed. A previews the image (full size in the modal) and sees
 * its thumbnail in the grid. A shares the folder with B (Read); B finds it under "Shared with me", opens
 * it and sees both files, without the actions reserved to editors. A makes a password-protected public
 * link to the image; a fresh browser context (nobody signed in) is asked for the password, refused with
 * a wrong one, and then sees the image; A's link dialog counts the access. Screenshots desktop and
 * 375 px (en/ro) go to test-results/e2e/drive-*.png; at 375 px nothing scrolls sideways.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
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
import { api } from '../support/local-stack-client';

jest.setTimeout(240_000);

const tag =
  randomUUID()
    .replace(/[^a-z]/g, '')
    .slice(0, 5) || 'abcde';
const password = `E2e-${randomUUID()}!`;
const linkPassword = `open-${tag}`;

const A = e2ePerson('drive-a', `Dana${tag}`, 'Ionescu');
const B = e2ePerson('drive-b', `Radu${tag}`, 'Popa');

const folderName = `Reports ${tag}`;
const imageName = `chart-${tag}.png`;
const bigName = `dataset-${tag}.csv`;
const BIG_BYTES = 20 * 1024 * 1024;

const browser = new E2eBrowser();
let a: Page;
let b: Page;
let publicUrl = '';

const dshot = (page: Page, name: string) => shot(page, `drive-${name}`);
const node = (page: Page, name: string) => page.locator(`[data-testid="node"][data-name="${name}"]`);

/** Opens the drive and waits for My Drive's listing. */
async function openMyDrive(page: Page) {
  await page.getByTestId('nav-drive').click();
  await page.locator('[data-testid="folder-view"][data-loaded="true"]').waitFor({ timeout: 30_000 });
}

beforeAll(async () => {
  await createPeople([A, B], password, { position: 'Analyst' });
  await browser.start();
  a = await browser.newPage(DESKTOP, { timeoutMs: 30_000 });
  b = await browser.newPage(DESKTOP, { timeoutMs: 30_000 });
});

afterAll(async () => {
  await browser.close();
});

afterEach(() => {
  expect(browser.pageErrors).toEqual([]);
});

test('A creates a folder in My Drive', async () => {
  await signInThroughPage(a, A.email, password);
  await chooseLanguage(a, 'English');
  await openMyDrive(a);
  expect(new URL(a.url()).pathname).toBe('/drive/my');
  expect(await a.getByTestId('folder-view').getAttribute('data-drive-id')).toBe(`user:${A.sub}`);
  await a.getByTestId('quota').waitFor();

  await a.getByTestId('new-menu').click();
  await a.getByTestId('new-folder').click();
  // a name with a slash is refused in the form, before any request
  await a.getByTestId('new-folder-dialog-input').fill('a/b');
  await a.getByTestId('new-folder-dialog-submit').click();
  await a.getByText('A name cannot contain “/” or “\\”').waitFor();
  await a.getByTestId('new-folder-dialog-input').fill(folderName);
  await a.getByTestId('new-folder-dialog-submit').click();
  await node(a, folderName).waitFor();
  await node(a, folderName).getByTestId('node-open').click();
  await a.locator('[data-testid="folder-view"][data-loaded="true"]').getByTestId('folder-empty').waitFor();
  expect(await a.getByTestId('folder-title').textContent()).toBe(folderName);
  await a
    .getByTestId('crumb')
    .first()
    .filter({ hasText: /^My Drive$/ })
    .waitFor();
});

test('A uploads two files at once; both show progress and land in the folder', async () => {
  const png = await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 40, g: 110, b: 190 } } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="640" height="400"><rect x="80" y="120" width="120" height="220" fill="#f5a623"/><rect x="260" y="60" width="120" height="280" fill="#7ed321"/><rect x="440" y="200" width="120" height="140" fill="#d0021b"/></svg>',
        ),
        top: 0,
        left: 0,
      },
    ])
    .png()
    .toBuffer();
  const big = Buffer.alloc(BIG_BYTES, 'id,value\n1,42\n');

  // Record every progress value each row shows (the DOM, not our guess): the bars must move through values in between.
  await a.evaluate(() => {
    const seen: Record<string, number[]> = {};
    (window as unknown as { __progress: typeof seen }).__progress = seen;
    new MutationObserver(() => {
      document.querySelectorAll<HTMLElement>('[data-testid="upload-item"]').forEach((el) => {
        const name = el.dataset.name ?? '';
        const v = Number(el.dataset.progress);
        const list = (seen[name] ??= []);
        if (list[list.length - 1] !== v) list.push(v);
      });
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-progress', 'data-status'],
    });
  });
  // Throttle uploads (~6 MB/s) so a 20 MB file takes a few seconds, as on a real connection.
  const cdp = await a.context().newCDPSession(a);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 5,
    downloadThroughput: -1,
    uploadThroughput: 6 * 1024 * 1024,
  });

  // from disk (the browser reads them itself; 20 MB through the protocol as a buffer is slow)
  const dir = mkdtempSync(path.join(tmpdir(), 'drive-e2e-'));
  writeFileSync(path.join(dir, imageName), png);
  writeFileSync(path.join(dir, bigName), big);
  await a.getByTestId('upload-input').setInputFiles([path.join(dir, imageName), path.join(dir, bigName)]);
  await a.getByTestId('upload-panel').waitFor();
  expect(await a.getByTestId('upload-item').count()).toBe(2);
  // mid-way: the big file is uploading with a partial bar
  await a.locator(`[data-testid="upload-item"][data-name="${bigName}"][data-status="uploading"]`).waitFor();
  await a.waitForFunction((n) => {
    const el = document.querySelector<HTMLElement>(`[data-testid="upload-item"][data-name="${n}"]`);
    const v = Number(el?.dataset.progress ?? 0);
    return v > 5 && v < 95;
  }, bigName);
  await dshot(a, '01-uploading-en-desktop');

  // both land (or one fails: then say why, from what the row shows)
  await a.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="upload-item"]')];
      return rows.length === 2 && rows.every((r) => r.dataset.status === 'done' || r.dataset.status === 'error');
    },
    undefined,
    { timeout: 120_000 },
  );
  const rows = await a
    .getByTestId('upload-item')
    .evaluateAll((els) =>
      els.map((e) => `${(e as HTMLElement).dataset.name}: ${(e as HTMLElement).dataset.status} ${e.textContent}`),
    );
  expect(rows.filter((r) => !/: done /.test(r))).toEqual([]);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  expect(await a.getByTestId('upload-panel').getAttribute('data-progress')).toBe('100');
  expect(await a.getByTestId('upload-overall-text').textContent()).toContain('2 of 2 files');
  const seen = await a.evaluate(() => (window as unknown as { __progress: Record<string, number[]> }).__progress);
  expect(seen[bigName]!.some((v) => v > 0 && v < 100)).toBe(true);
  expect(seen[bigName]![seen[bigName]!.length - 1]).toBe(100);
  expect(seen[imageName]![seen[imageName]!.length - 1]).toBe(100);

  await node(a, imageName).waitFor();
  await node(a, bigName).waitFor();
  // the server has them, with the sizes sent
  const folderId = (await a.getByTestId('folder-view').getAttribute('data-node-id'))!;
  const list = await api<{ items: { name: string; size: number; kind: string }[] }>(
    `/drive/nodes/${folderId}/children`,
    { token: A.token },
  );
  expect(list.status).toBe(200);
  expect(Object.fromEntries(list.json.items.map((n) => [n.name, n.size]))).toEqual({
    [bigName]: BIG_BYTES,
    [imageName]: png.length,
  });
  await dshot(a, '02-uploaded-en-desktop');
  await a.getByTestId('upload-clear').click();
  await a.getByTestId('upload-panel').waitFor({ state: 'detached' });
});

test('a running upload can be cancelled: nothing is stored', async () => {
  const cdp = await a.context().newCDPSession(a);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 5,
    downloadThroughput: -1,
    uploadThroughput: 1024 * 1024,
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'drive-e2e-'));
  const name = `cancelled-${tag}.bin`;
  writeFileSync(path.join(dir, name), Buffer.alloc(18 * 1024 * 1024, 7));
  await a.getByTestId('upload-input').setInputFiles(path.join(dir, name));
  const row = a.locator(`[data-testid="upload-item"][data-name="${name}"]`);
  await a.locator(`[data-testid="upload-item"][data-name="${name}"][data-status="uploading"]`).waitFor();
  await a.waitForFunction(
    (n) =>
      Number(
        document.querySelector<HTMLElement>(`[data-testid="upload-item"][data-name="${n}"]`)?.dataset.progress ?? 0,
      ) > 0,
    name,
  );
  await row.getByTestId('upload-cancel').click();
  await a.locator(`[data-testid="upload-item"][data-name="${name}"][data-status="canceled"]`).waitFor();
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await cdp.detach();
  const folderId = (await a.getByTestId('folder-view').getAttribute('data-node-id'))!;
  const list = await api<{ items: { name: string }[] }>(`/drive/nodes/${folderId}/children`, { token: A.token });
  expect(list.json.items.map((n) => n.name)).not.toContain(name);
  await a.getByTestId('upload-clear').click();
  await a.getByTestId('upload-panel').waitFor({ state: 'detached' });
});

test('A previews the image full size and sees its thumbnail in the grid', async () => {
  await node(a, imageName).getByTestId('node-open').click();
  await a.getByTestId('preview-body').waitFor();
  const img = a.getByTestId('preview-image');
  await img.waitFor();
  await a.waitForFunction(() => {
    const el = document.querySelector<HTMLImageElement>('[data-testid="preview-image"]');
    return !!el && el.complete && el.naturalWidth > 0;
  });
  expect(await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([640, 400]);
  await dshot(a, '03-preview-image-en-desktop');
  await a.keyboard.press('Escape');
  await a.getByTestId('preview-body').waitFor({ state: 'detached' });

  await a.locator('[data-testid="view-toggle"] label').nth(1).click();
  await a.locator('[data-testid="folder-view"][data-view="grid"]').waitFor();
  const thumb = node(a, imageName).getByTestId('node-thumbnail');
  await thumb.waitFor({ timeout: 45_000 });
  await a.waitForFunction(() => {
    const el = document.querySelector<HTMLImageElement>('[data-testid="node-thumbnail"]');
    return !!el && el.complete && el.naturalWidth > 0;
  });
  // the thumbnail is the small rendition, not the original
  expect(await thumb.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeLessThanOrEqual(256);
  await dshot(a, '04-grid-en-desktop');
});

test('A shares the folder with B (Read); B sees it under "Shared with me" with both files', async () => {
  await a.getByTestId('crumb').first().click();
  await a.locator('[data-testid="folder-view"][data-loaded="true"]').waitFor();
  await node(a, folderName).getByTestId('node-menu').click();
  await a.getByTestId('node-action-share').click();
  await a.getByTestId('share-type').waitFor();
  await a.getByTestId('share-none').waitFor();
  const input = a.getByTestId('share-principal');
  await input.click();
  await input.fill(B.first);
  await a.locator(`[data-testid="share-option"][data-id="${B.sub}"]`).click();
  await a.getByTestId('share-add').click();
  const row = a.locator(`[data-testid="share-row"][data-principal="${B.sub}"]`);
  await row.waitFor();
  expect(await row.getAttribute('data-right')).toBe('read');
  expect(await row.textContent()).toContain(`${B.first} ${B.last}`);
  await dshot(a, '05-share-dialog-en-desktop');
  await a.keyboard.press('Escape');
  await a.getByTestId('share-type').waitFor({ state: 'detached' });

  await signInThroughPage(b, B.email, password);
  await chooseLanguage(b, 'English');
  await openMyDrive(b);
  await b.getByTestId('drive-nav-shared').click();
  await b.locator('[data-testid="shared-view"][data-loaded="true"]').waitFor();
  const shared = node(b, folderName);
  await shared.waitFor();
  // who shared it, by name (the name arrives once the directory answers)
  await shared.filter({ hasText: `Shared by ${A.first} ${A.last}` }).waitFor();
  await dshot(b, '06-shared-with-me-en-desktop');
  await shared.getByTestId('node-open').click();
  await b.locator(`[data-testid="folder-view"][data-loaded="true"][data-right="read"]`).waitFor();
  await node(b, imageName).waitFor();
  await node(b, bigName).waitFor();
  // the way back is "Shared with me" (nothing of A's drive above the folder shows)
  await b.getByTestId('crumb-shared').waitFor();
  expect(await b.getByTestId('crumb').count()).toBe(0);
  // read only: no upload button, and the item menu offers no rename / trash
  expect(await b.getByTestId('upload-button').count()).toBe(0);
  await node(b, imageName).getByTestId('node-menu').click();
  await b.getByTestId('node-action-download').waitFor();
  expect(await b.getByTestId('node-action-rename').count()).toBe(0);
  expect(await b.getByTestId('node-action-trash').count()).toBe(0);
  await b.keyboard.press('Escape');
  await dshot(b, '07-shared-folder-en-desktop');
});

test('A makes a password-protected public link; a stranger opens it from a fresh context', async () => {
  await a.getByTestId('folder-view').waitFor();
  await node(a, folderName).getByTestId('node-open').click();
  await a.locator('[data-testid="folder-view"][data-loaded="true"]').waitFor();
  await node(a, imageName).getByTestId('node-menu').click();
  await a.getByTestId('node-action-link').click();
  await a.getByTestId('link-create').waitFor();
  await a.getByTestId('link-password').fill(linkPassword);
  await a.getByTestId('link-create').click();
  await a.getByTestId('link-created').waitFor();
  publicUrl = await a.getByTestId('link-url').inputValue();
  expect(publicUrl).toMatch(/\/p\/drive\/[A-Za-z0-9_-]{43}$/);
  await a.locator('[data-testid="link-row"][data-accesses="0"]').waitFor();
  await dshot(a, '08-public-link-en-desktop');
  await a.keyboard.press('Escape');
  await a.getByTestId('link-create').waitFor({ state: 'detached' });

  const stranger = await browser.newPage(DESKTOP, { timeoutMs: 30_000 });
  await stranger.goto(publicUrl);
  await stranger.locator('[data-testid="public-page"][data-state="password"]').waitFor();
  await stranger.getByTestId('public-password').fill('not-the-password');
  await stranger.getByTestId('public-password-submit').click();
  await stranger.getByText('Wrong password').waitFor();
  await stranger.getByTestId('public-password').fill(linkPassword);
  await stranger.getByTestId('public-password-submit').click();
  await stranger.locator('[data-testid="public-page"][data-state="open"]').waitFor();
  expect(await stranger.getByTestId('public-name').textContent()).toBe(imageName);
  await stranger.waitForFunction(() => {
    const el = document.querySelector<HTMLImageElement>('[data-testid="preview-image"]');
    return !!el && el.complete && el.naturalWidth === 640;
  });
  // nothing else of the drive: no portal navigation, no other file
  expect(await stranger.getByTestId('navbar').count()).toBe(0);
  expect(await stranger.getByText(bigName).count()).toBe(0);
  await dshot(stranger, '09-public-page-en-desktop');

  // the stranger at 375 px, in Romanian
  await stranger.setViewportSize(PHONE);
  await chooseLanguage(stranger, 'Română');
  await stranger.getByText('Descarcă').first().waitFor();
  expect(await horizontalOverflow(stranger)).toBe(0);
  await dshot(stranger, '10-public-page-ro-375');

  // A sees the access counted
  await node(a, imageName).getByTestId('node-menu').click();
  await a.getByTestId('node-action-link').click();
  await a.locator('[data-testid="link-row"][data-accesses="1"]').waitFor();
  await a.keyboard.press('Escape');
  await a.getByTestId('link-create').waitFor({ state: 'detached' });
});

test('a Markdown file dropped on the folder uploads and previews as safe formatted text', async () => {
  const md = `# Plan ${tag}\n\nShip **on time**, see [the wiki](https://example.com/wiki).\n\n<img src=x onerror="window.__pwned=1">\n<script>window.__pwned=2</script>\n\n- first\n- second\n`;
  // drag and drop, as the browser does it: dragenter → dragover → drop with the files in a DataTransfer
  await a.getByTestId('folder-view').evaluate((el, text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'plan.md', { type: 'text/markdown' }));
    for (const type of ['dragenter', 'dragover'])
      el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    el.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, md);
  await a.locator('[data-testid="upload-item"][data-name="plan.md"][data-status="done"]').waitFor({ timeout: 60_000 });
  await node(a, 'plan.md').getByTestId('node-open').click();
  const rendered = a.getByTestId('preview-markdown');
  await rendered.waitFor();
  expect(await rendered.locator('h1').textContent()).toBe(`Plan ${tag}`);
  expect(await rendered.locator('strong').textContent()).toBe('on time');
  expect(await rendered.locator('a').getAttribute('rel')).toContain('noopener');
  expect(await rendered.locator('script').count()).toBe(0);
  expect(await rendered.locator('[onerror]').count()).toBe(0);
  expect(await a.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await dshot(a, '10b-markdown-preview-en-desktop');
  await a.keyboard.press('Escape');
  await a.getByTestId('preview-body').waitFor({ state: 'detached' });
  await a.getByTestId('upload-clear').click();
});

test('uploading plan.md again makes version 2; restoring version 1 makes version 3', async () => {
  const dropped = a.getByTestId('folder-view');
  await dropped.evaluate((el, text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'plan.md', { type: 'text/markdown' }));
    el.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, '# Plan, second draft\n');
  await a.locator('[data-testid="upload-item"][data-name="plan.md"][data-status="done"]').waitFor({ timeout: 60_000 });
  await node(a, 'plan.md').getByTestId('node-menu').click();
  await a.getByTestId('node-action-versions').click();
  await a.locator('[data-testid="version-row"][data-number="2"][data-current="true"]').waitFor();
  expect(await a.getByTestId('version-row').count()).toBe(2);
  await a.locator('[data-testid="version-row"][data-number="1"]').getByTestId('version-restore').click();
  await a.getByTestId('version-restore-confirm').click();
  await a.locator('[data-testid="version-row"][data-number="3"][data-current="true"]').waitFor();
  expect(await a.getByTestId('version-row').count()).toBe(3);
  await dshot(a, '10d-versions-en-desktop');
  await a.keyboard.press('Escape');
  await a.getByTestId('versions-list').waitFor({ state: 'detached' });
  await a.getByTestId('upload-clear').click();
  // the restored content is version 1's
  await node(a, 'plan.md').getByTestId('node-open').click();
  await a
    .getByTestId('preview-markdown')
    .locator('h1', { hasText: `Plan ${tag}` })
    .waitFor();
  await a.keyboard.press('Escape');
  await a.getByTestId('preview-body').waitFor({ state: 'detached' });
});

test('A renames a file, finds it by searching, moves it to the trash and restores it', async () => {
  const renamed = `figures-${tag}.csv`;
  await node(a, bigName).getByTestId('node-menu').click();
  await a.getByTestId('node-action-rename').click();
  await a.getByTestId('rename-input').fill(renamed);
  await a.getByTestId('rename-submit').click();
  await node(a, renamed).waitFor();

  await a.getByTestId('drive-search').fill(`figures-${tag}`);
  await a.locator(`[data-testid="folder-view"][data-query="figures-${tag}"][data-loaded="true"]`).waitFor();
  await node(a, renamed).waitFor();
  expect(await a.getByTestId('node').count()).toBe(1);
  await a.getByTestId('drive-search').fill('');
  await a.locator('[data-testid="folder-view"][data-query=""][data-loaded="true"]').waitFor();

  await node(a, renamed).getByTestId('node-menu').click();
  await a.getByTestId('node-action-trash').click();
  await a.getByTestId('trash-confirm-confirm').click();
  await node(a, renamed).waitFor({ state: 'detached' });
  await a.getByTestId('drive-nav-trash').click();
  await a.locator('[data-testid="trash-view"][data-loaded="true"]').waitFor();
  await node(a, renamed).waitFor();
  await dshot(a, '10c-trash-en-desktop');
  await node(a, renamed).getByTestId('node-menu').click();
  await a.getByTestId('node-action-restore').click();
  await node(a, renamed).waitFor({ state: 'detached' });
  await a.getByTestId('drive-nav-my').click();
  await node(a, folderName).getByTestId('node-open').click();
  await node(a, renamed).waitFor();
});

test('at 375 px the drive fits the screen, in English and Romanian', async () => {
  await a.setViewportSize(PHONE);
  await a.locator('[data-testid="folder-view"][data-loaded="true"]').waitFor();
  await a.getByTestId('drive-select').waitFor();
  await dshot(a, '11-folder-en-375');
  expect(await horizontalOverflow(a)).toBe(0);
  await a.locator('[data-testid="view-toggle"] label').first().click();
  await a.locator('[data-testid="folder-view"][data-view="list"]').waitFor();
  expect(await horizontalOverflow(a)).toBe(0);
  await dshot(a, '12-folder-list-en-375');
  await chooseLanguage(a, 'Română');
  await a.getByTestId('upload-button').filter({ hasText: 'Încarcă fișiere' }).waitFor();
  expect(await horizontalOverflow(a)).toBe(0);
  await dshot(a, '13-folder-ro-375');
  await chooseLanguage(a, 'English');
  await a.setViewportSize(DESKTOP);
});
