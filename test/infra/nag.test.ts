/**
 * cdk-nag (AwsSolutions) on the synthesized stack, as in infra/app.ts: every error and warning must be
 * fixed or acknowledged with a reason (Validations.of(construct).acknowledge) — this test fails otherwise.
 * cdk-nag 3 is a CDK policy-validation plugin: `validateScope` returns the same violations the plugin
 * reports at synth (where they end up in cdk.out/validation-report.json and stop synthesis).
 */
import { App, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PortalSettings } from '../../infra/context';
import { Template } from 'aws-cdk-lib/assertions';
import { FEATURES } from '../../functions/manifest';
import type { Grant } from '../../shared/manifest/types';
import { buildPortal, TEST_ACCOUNT, TEST_REGION } from './synth';

type Violation = {
  ruleName: string;
  severity?: string;
  description: string;
  violatingResources: { constructPath: string }[];
};

function findings(app: App): string[] {
  const report = new AwsSolutionsChecks().validateScope(app) as { violations: Violation[] };
  return report.violations
    .flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity ?? '?'} ${v.ruleName} at ${r.constructPath}: ${v.description}`),
    )
    .sort();
}

/** As the CLI gives them: a concrete region always, an account when credentials are at hand. */
const variants: [string, Partial<PortalSettings>, { region: string; account?: string }][] = [
  ['default settings, region only', {}, { region: TEST_REGION }],
  ['default settings, region and account', {}, { region: TEST_REGION, account: TEST_ACCOUNT }],
  [
    'reserved concurrency, a prefix from context',
    { maxConcurrency: 10, authDomainPrefix: 'acme-sso' },
    { region: TEST_REGION },
  ],
  [
    'custom domain, certificate, admin e-mail, social IdPs, WebSocket access logs',
    {
      domainName: 'acme.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      adminEmail: 'ops@acme.example.com',
      googleSecretName: 'portal/acme/google',
      facebookSecretName: 'portal/acme/facebook',
      appleSecretName: 'portal/acme/apple',
      wsAccessLogs: true,
    },
    { region: TEST_REGION, account: TEST_ACCOUNT },
  ],
];

describe('cdk-nag AwsSolutions', () => {
  test.each(variants)('no unacknowledged errors or warnings (%s)', (_name, settings, env) => {
    const { app } = buildPortal({ bundle: false, settings, env });
    expect(findings(app)).toEqual([]);
  });

  test('every grant kind maps to narrow statements and passes (features declaring them all)', () => {
    const all: Grant[] = [
      'table:read',
      'table:write',
      'bucket:read',
      'bucket:write',
      'ses:send',
      'cognito:admin',
      'ws:manage',
      'cursor-secret:read',
    ];
    const features = FEATURES.map((f) => (f.feature === 'me' ? { ...f, grants: all } : f));
    const { app, stack } = buildPortal({
      bundle: false,
      settings: { mailFrom: 'no-reply@acme.example.com' },
      features,
    });
    expect(findings(app)).toEqual([]);
    const policy = JSON.stringify(
      Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy')).find(([id]) =>
        id.startsWith('FeaturemeFunction'),
      )?.[1],
    );
    for (const action of [
      's3:GetObject',
      's3:PutObject',
      'ses:SendEmail',
      'cognito-idp:AdminCreateUser',
      'execute-api:ManageConnections',
      'ssm:GetParameter',
      'dynamodb:Query',
      'dynamodb:PutItem',
    ]) {
      expect(policy).toContain(action);
    }
    expect(policy).not.toMatch(/"(s3|ses|cognito-idp|execute-api|dynamodb):\*"/);
  });

  test('synthesis with the plugin registered (as infra/app.ts does) succeeds', () => {
    const { app } = buildPortal({ bundle: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  test('the check is not vacuous: an unacknowledged finding fails, its acknowledgement clears it', () => {
    const { app, stack } = buildPortal({ bundle: false });
    const bucket = new s3.Bucket(stack, 'Careless', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    expect(findings(app)).toEqual([expect.stringMatching(/AwsSolutions-S1 at Portal-acme\/Careless\/Resource/)]);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth({ force: true })).toThrow();

    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'test' });
    expect(findings(app)).toEqual([]);
  });
});
