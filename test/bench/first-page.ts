/**
 * What a newcomer's browser downloads to show the sign-in page: requests, bytes on the wire, gzip size of
 * the JavaScript, first contentful paint and the moment the sign-in form is there. Cold cache, headless
 * Chromium (CHROMIUM_PATH or /usr/bin/chromium), median of --runs loads.
 *
 *   npm run bench:first-page                        # its own local stack on free ports, serving web/dist
 *                                                   # (built first when older than its sources), as npm start
 *   npm run bench:first-page -- --web=dev           # the same through Vite's dev server (npm run dev)
 *   npm run bench:first-page -- --url=http://localhost:3000   # a portal that is already running
 *   npm run bench:first-page -- --runs=9
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Response } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { repoRoot } from '../../infra/local/util';
import { buildWeb, webBuildState } from '../../infra/web-build';
import { assertChromium, launchBrowser } from '../support/browser';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const web = arg('web') === 'dev' ? 'dev' : 'dist';
const runs = Math.max(1, Number(arg('runs') ?? 5));

interface Load {
  requests: number;
  transferredBytes: number;
  jsGzipBytes: number;
  jsFiles: number;
  fcpMs: number;
  formMs: number;
}

/** Records, inside the page, when the sign-in form's e-mail field first appears. */
const WATCH_FORM = `(() => {
  const seen = () => document.querySelector('input[type="email"]');
  const mark = () => { if (!window.__formAt && seen()) window.__formAt = performance.now(); };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
})();`;

async function loadOnce(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await context.addInitScript(WATCH_FORM);
  const page = await context.newPage();
  const responses: Response[] = [];
  page.on('response', (r) => void responses.push(r));
  await page.goto(`${url}/sign-in`, { waitUntil: 'networkidle', timeout: 120_000 });
  await page.waitForSelector('input[type="email"]', { timeout: 60_000 });
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    form: (window as unknown as { __formAt?: number }).__formAt ?? NaN,
  }));
  let transferredBytes = 0;
  let jsGzipBytes = 0;
  let jsFiles = 0;
  for (const r of responses) {
    const sizes = await r.request().sizes();
    transferredBytes += sizes.responseHeadersSize + sizes.responseBodySize;
    const type = r.headers()['content-type'] ?? '';
    if (/javascript/.test(type) && r.status() === 200) {
      jsFiles += 1;
      jsGzipBytes += gzipSync(await r.body()).length;
    }
  }
  await context.close();
  return {
    requests: responses.length,
    transferredBytes,
    jsGzipBytes,
    jsFiles,
    fcpMs: timing.fcp,
    formMs: timing.form,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  assertChromium(); // before starting anything
  let stack: LocalStack | undefined;
  let url = arg('url');
  if (!url) {
    const root = repoRoot();
    if (web === 'dist') {
      const { reason } = webBuildState(root);
      if (reason) console.log(`building the SPA (${reason}): ${((await buildWeb(root)) / 1000).toFixed(1)} s`);
    }
    const ports = { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 };
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-first-page-'));
    stack = await startLocalStack({ web, ports, dataDir, inMemoryDb: true, quiet: true, scheduleFirstRunMs: null });
    url = stack.urls.portal;
  }
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    // One load first, not counted: Vite's dev server transforms each module on its first request.
    if (web === 'dev' && !arg('url')) await loadOnce(browser, url);
    const loads: Load[] = [];
    for (let i = 0; i < runs; i++) loads.push(await loadOnce(browser, url));
    console.log(`${url}/sign-in  (${arg('url') ? 'running portal' : `web: ${web}`}, cold cache, median of ${runs})`);
    console.log('requests  transferred KB  JS files  JS gzip KB   FCP ms  form ms');
    const pick = (k: keyof Load) => median(loads.map((l) => l[k]));
    console.log(
      [
        String(pick('requests')).padStart(8),
        (pick('transferredBytes') / 1024).toFixed(1).padStart(15),
        String(pick('jsFiles')).padStart(9),
        (pick('jsGzipBytes') / 1024).toFixed(1).padStart(11),
        pick('fcpMs').toFixed(0).padStart(8),
        pick('formMs').toFixed(0).padStart(8),
      ].join(''),
    );
  } finally {
    await browser?.close();
    await stack?.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
