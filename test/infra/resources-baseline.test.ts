/**
 * The synthesized CloudFormation against a committed baseline (test/infra/baseline/*.json): per logical ID
 * the resource type, a hash of each property, the deletion/replace policies and DependsOn, for the portal
 * stack and its nested HttpRoutes stack, with default settings and with every optional setting. A deployed
 * tenant must not see its table or user pool replaced by a refactoring, so this fails on any resource added,
 * removed, renamed (a new logical ID) or changed, and prints the difference. Asset hashes (code, SPA, nested
 * template) are normalized away (test/infra/resource-snapshot.ts), so code edits do not count.
 *
 * When the difference is intended (a new route, a new feature, a deliberate infra change), regenerate:
 *
 *   UPDATE_INFRA_BASELINE=1 npx jest test/infra/resources-baseline.test.ts --selectProjects infra
 *
 * and commit the baseline with the change, so the review shows what the deploy will do.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { PortalSettings } from '../../infra/context';
import type { PortalStack } from '../../infra/portal-stack';
import { buildPortal } from './synth';
import { snapshotDiff, snapshotOf, type ResourceSnapshot } from './resource-snapshot';

const UPDATE = process.env.UPDATE_INFRA_BASELINE === '1';
const repoRoot = path.resolve(__dirname, '../..');
const baselineDir = path.join(__dirname, 'baseline');
const REGENERATE = 'UPDATE_INFRA_BASELINE=1 npx jest test/infra/resources-baseline.test.ts --selectProjects infra';

const variants: [name: string, suffix: string, settings: Partial<PortalSettings>][] = [
  ['default settings', '', {}],
  [
    'every optional setting (domain, certificate, admin e-mail, mail sender, social IdPs, WebSocket access logs)',
    '.all-options',
    {
      domainName: 'acme.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      adminEmail: 'ops@acme.example.com',
      mailFrom: 'no-reply@acme.example.com',
      googleSecretName: 'portal/acme/google',
      facebookSecretName: 'portal/acme/facebook',
      appleSecretName: 'portal/acme/apple',
      wsAccessLogs: true,
    },
  ],
];

const readBaseline = (file: string): ResourceSnapshot =>
  JSON.parse(fs.readFileSync(path.join(baselineDir, file), 'utf8')) as ResourceSnapshot;

/** Writes the baseline (UPDATE_INFRA_BASELINE=1) or fails with the difference to it. */
function expectMatchesBaseline(file: string, template: ReturnType<Template['toJSON']>): void {
  const current = snapshotOf(template);
  if (UPDATE) {
    const target = path.join(baselineDir, file);
    fs.mkdirSync(baselineDir, { recursive: true });
    fs.writeFileSync(target, JSON.stringify(current));
    // Formatted by the repository's Prettier (npm test checks every file); its API needs ESM, which Jest lacks here.
    execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'prettier'), ['--write', '--log-level', 'warn', target]);
    return;
  }
  if (!fs.existsSync(path.join(baselineDir, file)))
    throw new Error(`no baseline ${file}; create it with ${REGENERATE}`);
  const diff = snapshotDiff(readBaseline(file), current, template);
  if (diff.length) {
    throw new Error(
      `${file}: the synthesized resources differ from the baseline (${diff.length}):\n${diff.join('\n')}\n\n` +
        `If this is intended, regenerate and commit the baseline: ${REGENERATE}`,
    );
  }
}

describe.each(variants)('resources vs the committed baseline (%s)', (_name, suffix, settings) => {
  let stack: PortalStack;
  beforeAll(() => {
    ({ stack } = buildPortal({ bundle: false, settings }));
  });

  test(`portal stack = baseline/portal-resources${suffix}.json`, () => {
    expectMatchesBaseline(`portal-resources${suffix}.json`, Template.fromStack(stack).toJSON());
  });

  test(`nested HttpRoutes stack = baseline/http-routes-resources${suffix}.json`, () => {
    expectMatchesBaseline(`http-routes-resources${suffix}.json`, Template.fromStack(stack.httpRoutes).toJSON());
  });
});

describe('the comparison itself', () => {
  test('an added resource, a changed property and a renamed logical ID are each reported', () => {
    const { stack } = buildPortal({ bundle: false });
    new s3.Bucket(stack, 'Careless', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    (stack.table.node.defaultChild as CfnResource).addPropertyOverride('DeletionProtectionEnabled', false);
    const pool = stack.userPool.node.defaultChild as CfnResource;
    const poolId = stack.getLogicalId(pool);
    pool.overrideLogicalId('UserPoolRenamed');
    const template = Template.fromStack(stack).toJSON();
    const tableId = stack.getLogicalId(stack.table.node.defaultChild as CfnResource);

    const diff = snapshotDiff(readBaseline('portal-resources.json'), snapshotOf(template), template);
    expect(diff).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\+ Careless\w+ \(AWS::S3::Bucket\) added$/),
        `~ ${tableId} (AWS::DynamoDB::Table) Properties.DeletionProtectionEnabled changed now false`,
        `- ${poolId} (AWS::Cognito::UserPool) removed`,
        '+ UserPoolRenamed (AWS::Cognito::UserPool) added',
      ]),
    );
  });

  test('asset hashes do not count; any other difference in a value does', () => {
    const withAsset = (key: string) => ({
      Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: key }, MemorySize: 512 } } },
    });
    const a = snapshotOf(withAsset(`${'a'.repeat(64)}.zip`));
    expect(snapshotDiff(a, snapshotOf(withAsset(`${'b'.repeat(64)}.zip`)))).toEqual([]);
    expect(snapshotDiff(a, snapshotOf(withAsset('handler.zip')))).toEqual([
      '~ Fn (AWS::Lambda::Function) Properties.Code changed',
    ]);
  });
});
