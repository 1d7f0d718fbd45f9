/**
 * Launches Debian's Chromium through playwright-core for the e2e tests (no downloaded browsers: this
 * machine has no internet). CHROMIUM_PATH overrides /usr/bin/chromium; PWDEBUG_HEADED=1 shows the window.
 */
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

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
