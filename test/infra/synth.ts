/**
 * Builds a PortalStack the way infra/app.ts does under the CLI (same cdk.json context, a concrete region as
 * the CLI always gives the app, an account when credentials are at hand), for the infra tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PortalStack } from '../../infra/portal-stack';
import type { PortalSettings } from '../../infra/context';
import type { FeatureManifest } from '../../shared/manifest/types';

const root = path.resolve(__dirname, '../..');
const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

export interface BuildOptions {
  settings?: Partial<PortalSettings>;
  /** false skips esbuild (CDK's own `aws:cdk:bundling-stacks` switch): for tests about the tree, not the code. */
  bundle?: boolean;
  features?: readonly FeatureManifest[];
  /** The CLI's environment: a concrete region always; an account only with credentials. Default: region only. */
  env?: { region: string; account?: string };
  /** The built SPA to deploy; default a small fixture shaped like Vite's output (test/infra/fixtures/web-dist). */
  webDist?: string;
}

/** The region the infra tests synthesize for, as `AWS_REGION=eu-central-1 npx cdk synth` would. */
export const TEST_REGION = 'eu-central-1';
export const TEST_ACCOUNT = '123456789012';
export const FIXTURE_WEB_DIST = path.join(__dirname, 'fixtures', 'web-dist');

export function buildPortal(opts: BuildOptions = {}): { app: App; stack: PortalStack } {
  const context: Record<string, unknown> = { ...cdkJson.context };
  if (opts.bundle === false) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'portal-cdk-')) });
  const stack = new PortalStack(app, 'Portal-acme', {
    tenant: 'acme',
    mailFrom: 'no-reply@acme.example.com',
    wsAccessLogs: false,
    ...opts.settings,
    ...(opts.features ? { features: opts.features } : {}),
    repoRoot: root,
    webDist: opts.webDist ?? FIXTURE_WEB_DIST,
    env: opts.env ?? { region: TEST_REGION },
  });
  return { app, stack };
}

export const templateOf = (stack: PortalStack): Template => Template.fromStack(stack);

/** Resources of one type, as [logicalId, resource] pairs. */
export function resourcesOf(
  t: Template,
  type: string,
): [string, { Properties: Record<string, any>; [k: string]: any }][] {
  return Object.entries(t.findResources(type)) as never;
}
