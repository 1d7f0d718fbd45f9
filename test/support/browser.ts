/**
 * Launches Debian's Chromium through playwright-core for the e2e tests (no downloaded browsers: this
 * machine has no internet). CHROMIUM_PATH overrides /usr/bin/chromium; PWDEBUG_HEADED=1 shows the window.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type LaunchOptions,
  type Locator,
  type Page,
} from 'playwright-core';
import { repoRoot } from '../../infra/local/util';
import { itStack } from './local-stack-client';
import { totp } from '../../shared/auth/totp';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
}

/** Throws a clear, actionable error when the browser binary is not there. */
export function assertChromium(path = chromiumPath()): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ChromiumMissingError(`Chromium not found at ${path}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  return path;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = assertChromium();
  return chromium.launch({
    executablePath,
    headless: process.env.PWDEBUG_HEADED !== '1',
    args: CHROMIUM_ARGS,
    timeout: 30_000,
    ...options,
  });
}

// ---- Page helpers shared by the e2e test files ----

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
/** Where the e2e screenshots go (test-results/e2e/<name>.png). */
export const SHOTS_DIR = path.join(repoRoot(), 'test-results', 'e2e');

/** A full-page screenshot once transitions have settled. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // let transitions settle
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * One browser for a test file: pages in fresh contexts (a context = a separate person's cookies and
 * storage), every uncaught page error collected for an afterEach to assert on, everything closed at the end.
 */
export class E2eBrowser {
  readonly pageErrors: string[] = [];
  private readonly contexts: BrowserContext[] = [];
  private browser: Browser | undefined;

  async start(): Promise<this> {
    mkdirSync(SHOTS_DIR, { recursive: true });
    this.browser = await launchBrowser();
    return this;
  }

  async newPage(viewport = DESKTOP, opts: { locale?: string; timeoutMs?: number } = {}): Promise<Page> {
    if (!this.browser) throw new Error('E2eBrowser.start() first');
    const ctx = await this.browser.newContext({
      viewport,
      locale: opts.locale ?? 'en-US',
      timezoneId: 'Europe/Bucharest',
      colorScheme: 'light',
    });
    this.contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(opts.timeoutMs ?? 15_000);
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close();
    await this.browser?.close();
  }
}

/** Signs in through the sign-in page (with the authenticator code when asked) and waits for Home's greeting. */
export async function signInThroughPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${itStack().urls.portal}/sign-in`);
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await answerCodeStepIfAsked(page, email);
  await page.getByTestId('welcome').waitFor();
}

/**
 * After the password: an account with TOTP on (every admin the local stack creates, see infra/local/local-mfa.ts)
 * gets the code step; it is answered with the current code. Resolves once the portal or the code step shows.
 */
export async function answerCodeStepIfAsked(page: Page, email: string): Promise<void> {
  const codeStep = page.getByTestId('mfa-code');
  const portal = page.getByTestId('welcome');
  await codeStep.or(portal).first().waitFor();
  if (!(await codeStep.isVisible())) return;
  await codeStep.fill(await itStack().totpCode(email));
  await page.getByTestId('mfa-code-submit').click();
}

/**
 * An administrator without TOTP (a new registrant, the demo admin) sets it up on /account/two-step with the key
 * the page shows, as with an authenticator app, then signs in again with password and code. Returns the key.
 */
export async function enrolTotpThroughPage(page: Page, email: string, password: string): Promise<string> {
  await page.goto(`${itStack().urls.portal}/account/two-step`);
  await page.getByTestId('mfa-start').click();
  const secret = (await page.getByTestId('mfa-secret').getAttribute('data-secret')) ?? '';
  await page.getByTestId('mfa-setup-code').fill(totp(secret));
  await page.getByTestId('mfa-verify').click();
  await page.getByTestId('sign-in-notice').waitFor();
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('mfa-code').fill(totp(secret));
  await page.getByTestId('mfa-code-submit').click();
  await page.getByTestId('welcome').waitFor();
  return secret;
}

/** Who the header's user menu says is signed in (address and role), read from its dropdown, which is closed again. */
export async function signedInAs(page: Page): Promise<{ email: string; role: string | null }> {
  await page.getByTestId('user-menu').click();
  const email = (await page.getByTestId('user-menu-email').textContent()) ?? '';
  const role = await page.getByTestId('role-badge').first().getAttribute('data-role');
  await page.keyboard.press('Escape');
  await page.getByTestId('user-menu-email').waitFor({ state: 'hidden' });
  return { email, role };
}

/** Picks the interface language with the switch at the top of every page. */
export async function chooseLanguage(page: Page, name: 'English' | 'Română'): Promise<void> {
  await page.locator('[data-testid="language-switch"] label', { hasText: name }).first().click();
}

/** How far the page is wider than the viewport (0: no sideways scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // The page's sideways overflow once its layout has settled: measured until it is 0 or 2 s have passed, so a
  // layout still moving (a transition after a resize, content arriving) is not taken for the page's final width,
  // while an overflow that stays is still reported. (A clean-clone CI once measured 65 px on a page that settles at 0.)
  const fits = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth;
  await page.waitForFunction(fits, undefined, { timeout: 2_000, polling: 'raf' }).catch(() => undefined);
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** On the invitation link's page: names, the password twice (all five rules met), "Join"; waits for the portal. */
export async function joinFromInvitation(
  page: Page,
  who: { firstName: string; lastName: string; password: string },
  screenshot?: string,
): Promise<void> {
  await page.getByTestId('invite-first-name').fill(who.firstName);
  await page.getByTestId('invite-last-name').fill(who.lastName);
  await page.getByTestId('invite-password').fill(who.password);
  await page.getByTestId('invite-confirm').fill(who.password);
  if ((await page.locator('[data-rule][data-met="true"]').count()) !== 5)
    throw new Error('the password checklist does not show all five rules met');
  if (screenshot) await shot(page, screenshot);
  await page.getByTestId('invite-accept-submit').click();
  await page.getByTestId('welcome').waitFor();
}

/** Company → the directory searched by last name; the names it shows once the list answers that very query. */
export async function directoryByLastName(page: Page, prefix: string): Promise<string[]> {
  await page.getByTestId('nav-company').click();
  await page.getByTestId('directory-page').waitFor();
  await page.getByTestId('directory-by').getByText('Last name').click();
  await page.getByTestId('directory-search').fill(prefix);
  // The list says which query it shows: the unfiltered list stays on screen until the debounce fires.
  await page.locator(`[data-testid="directory-list"][data-by="last"][data-query="${prefix}"]`).waitFor();
  return page.getByTestId('person-name').allTextContents();
}

/**
 * Drags `from` onto `to` with the mouse in small steps (dnd-kit's pointer sensor needs movement past its
 * threshold) and answers the release, so a test can look at the hover state before dropping.
 * `settleMs`: a card that just came back from a refused drop settles first; `dropY`: how far into the target.
 */
export async function dragWithMouse(
  page: Page,
  from: Locator,
  to: Locator,
  opts: { settleMs?: number; dropY?: number } = {},
): Promise<() => Promise<void>> {
  if (opts.settleMs) await page.waitForTimeout(opts.settleMs);
  await from.scrollIntoViewIfNeeded();
  const f = (await from.boundingBox())!;
  await page.mouse.move(f.x + f.width / 2, f.y + f.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(50);
  await page.mouse.move(f.x + f.width / 2 + 12, f.y + f.height / 2 + 4, { steps: 4 });
  const t = (await to.boundingBox())!;
  await page.mouse.move(t.x + t.width / 2, t.y + (opts.dropY ?? 60), { steps: 15 });
  await page.waitForTimeout(150);
  return () => page.mouse.up();
}
