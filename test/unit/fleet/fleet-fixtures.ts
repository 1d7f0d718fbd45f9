// Shared by the fleet tests: tenants, the fake cdk program and what it recorded.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CdkProgram } from '../../../infra/fleet/runner';
import type { Tenant } from '../../../infra/fleet/tenants';

export const FAKE_CDK_PATH = path.join(__dirname, 'fake-cdk.mjs');
export const fakeCdk: CdkProgram = { command: process.execPath, args: [FAKE_CDK_PATH] };

export const tenant = (slug: string, extra: Partial<Tenant> = {}): Tenant => ({
  slug,
  domain: `${slug}.example`,
  adminEmail: `it@${slug}.example`,
  options: {},
  ...extra,
});

export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-test-'));

export interface FakeRun {
  slug: string;
  event: 'start' | 'end';
  t: number;
  argv: string[];
  region: string | null;
}

export const readRecord = (file: string): FakeRun[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as FakeRun)
    : [];

/** The largest number of fake cdk processes that were between their start and their end at the same moment. */
export function maxSimultaneous(runs: FakeRun[]): number {
  // On a tie an end sorts first: a process that ended at t did not overlap one that started at t.
  const ordered = [...runs].sort((a, b) => a.t - b.t || (a.event === 'end' ? -1 : 1));
  let now = 0;
  let max = 0;
  for (const run of ordered) {
    now += run.event === 'start' ? 1 : -1;
    max = Math.max(max, now);
  }
  return max;
}
