/**
 * Jest globalSetup of the `e2e` project: checks that the SPA is built and Chromium is installed, then
 * starts one local stack serving web/dist at its portal port (see ./test-stack.ts). It builds nothing:
 * `npm test` and `npm run test:e2e` run `npm run build:web` first.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../infra/local/util';
import { assertChromium } from './browser';
import { startTestStack } from './test-stack';

export default async function e2eGlobalSetup(): Promise<void> {
  const repo = repoRoot();
  if (!existsSync(path.join(repo, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist/index.html is missing: build the SPA first (npm run build:web), or run npm run test:e2e');
  }
  assertChromium();
  mkdirSync(path.join(repo, 'test-results', 'e2e'), { recursive: true });
  await startTestStack('e2e', 'dist');
}
