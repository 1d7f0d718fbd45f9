/** Builds a PortalStack the way infra/app.ts does (same cdk.json context), for the infra tests. */
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
}

export function buildPortal(opts: BuildOptions = {}): { app: App; stack: PortalStack } {
  const context: Record<string, unknown> = { ...cdkJson.context };
  if (opts.bundle === false) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'portal-cdk-')) });
  const stack = new PortalStack(app, 'Portal-acme', {
    tenant: 'acme',
    wsAccessLogs: false,
    ...opts.settings,
    ...(opts.features ? { features: opts.features } : {}),
    repoRoot: root,
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
