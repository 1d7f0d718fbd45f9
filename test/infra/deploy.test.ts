/**
 * The README's deploy path, as the CLI runs it: the documented synth command itself (a concrete region, no
 * account), a synth without a sender failing with what to pass, the hosted-UI prefix, cache headers per file
 * of the built SPA, reserved concurrency from context, and SES scoped to the tenant's own identity.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { NO_SENDER_MESSAGE, PortalContextError, readPortalSettings } from '../../infra/context';
import { FEATURE_TAG } from '../../infra/constructs/feature-function';
import { FEATURES } from '../../functions/manifest';
import { STREAM_ROUTER_FEATURE } from '../../infra/constructs/events';
import { cacheControlFor } from '../../infra/constructs/web';
import { buildPortal, resourcesOf, TEST_ACCOUNT, TEST_REGION } from './synth';

const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** The synth line of the README's "Deploying a tenant" block, exactly as written there. */
function readmeSynthCommand(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Deploying a tenant'));
  const line = /^npx cdk synth[^\n#]*/m.exec(section)?.[0].trim();
  if (!line) throw new Error('README "Deploying a tenant" has no `npx cdk synth` line');
  return line;
}

/** Runs a documented command through a shell, as a person pasting it would, with the CLI's region. */
async function cli(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('bash', ['-c', command], {
      cwd: root,
      env: {
        ...process.env,
        AWS_REGION: TEST_REGION,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 560_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/**
 * In the CLI's cdk.out: native modules (sharp, the PDF fonts) ship beside each bundle that needs them, built for
 * the Lambda's linux arm64 rather than the build machine. (Checked here, on the real command's output, so no other
 * infra test has to bundle.)
 */
function nativeModulesShipForArm64(outdir: string): void {
  const withNative = FEATURES.filter((f) => f.nativeModules?.length);
  expect(withNative.map((f) => f.feature)).toContain('people');
  const assetDirOf = (feature: string): string => {
    const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
    for (const file of templates) {
      const tpl = JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8')) as {
        Resources: Record<string, { Type: string; Properties?: Record<string, any> }>;
      };
      for (const r of Object.values(tpl.Resources)) {
        const tags = (r.Properties?.Tags ?? []) as { Key: string; Value: string }[];
        if (r.Type === 'AWS::Lambda::Function' && tags.some((t) => t.Key === FEATURE_TAG && t.Value === feature))
          return path.join(outdir, `asset.${String(r.Properties!.Code.S3Key).replace(/\.zip$/, '')}`);
      }
    }
    throw new Error(`no function of ${feature} in ${outdir}`);
  };
  for (const f of withNative) {
    const dir = assetDirOf(f.feature);
    expect(fs.existsSync(path.join(dir, 'index.mjs'))).toBe(true);
    for (const m of f.nativeModules!)
      expect(fs.existsSync(path.join(dir, 'node_modules', m, 'package.json'))).toBe(true);
    if (f.nativeModules!.includes('sharp')) {
      expect(fs.existsSync(path.join(dir, 'node_modules', '@img', 'sharp-linux-arm64'))).toBe(true);
      expect(fs.existsSync(path.join(dir, 'node_modules', '@img', 'sharp-linux-x64'))).toBe(false);
    }
    // crm-docs reads the PDF font files at run time (shared/crm/pdf/layout.ts): only the two it embeds ship (of 22, 12 MB)
    if (f.nativeModules!.includes('dejavu-fonts-ttf'))
      expect(fs.readdirSync(path.join(dir, 'node_modules', 'dejavu-fonts-ttf', 'ttf')).sort()).toEqual([
        'DejaVuSans-Bold.ttf',
        'DejaVuSans.ttf',
      ]);
  }
}

describe('the README deploy commands, run by the CDK CLI with a concrete region', () => {
  test('the documented synth command exits 0 (cdk-nag included) and names a real sender', async () => {
    const command = readmeSynthCommand();
    expect(command).toMatch(/-c (domainName|mailFrom)=/);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-cli-synth-'));
    const result = await cli(`${command} --output ${out} --quiet`);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr.slice(-4000) }).toEqual({
      code: 0,
      stderr: '',
    });
    const template = JSON.parse(fs.readFileSync(path.join(out, 'Portal-acme.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    // The CLI's region is in the template as a literal: the acknowledgements matched concrete ARNs.
    expect(JSON.stringify(template)).toContain(`feedback-smtp.${TEST_REGION}.amazonses.com`);
    expect(JSON.stringify(template)).not.toMatch(/identity\/\*/);
    nativeModulesShipForArm64(out);
  }, 600_000);

  test('a synth without a sender fails with the message saying what to pass', async () => {
    const result = await cli('npx cdk synth --no-notices -c tenant=acme --quiet');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(NO_SENDER_MESSAGE);
  }, 120_000);

  test('the context refuses no sender, a bad prefix and a bad concurrency, naming the setting', () => {
    const settings = (context: Record<string, string>) => () =>
      readPortalSettings(new App({ context: { tenant: 'acme', ...context } }).node);
    expect(settings({})).toThrow(PortalContextError);
    expect(settings({})).toThrow(/domainName=.*mailFrom=/s);
    expect(settings({ mailFrom: 'a@b.ro', authDomainPrefix: 'my-aws-login' })).toThrow(/authDomainPrefix/);
    expect(settings({ mailFrom: 'a@b.ro', authDomainPrefix: '-x' })).toThrow(/authDomainPrefix/);
    expect(settings({ mailFrom: 'a@b.ro', maxConcurrency: '0' })).toThrow(/maxConcurrency/);
    expect(settings({ mailFrom: 'a@b.ro', maxConcurrency: 'ten' })).toThrow(/maxConcurrency/);
    expect(settings({ mailFrom: 'a@b.ro', maxConcurrency: '20', authDomainPrefix: 'acme-login' })()).toMatchObject({
      mailFrom: 'a@b.ro',
      maxConcurrency: 20,
      authDomainPrefix: 'acme-login',
    });
  });
});

describe('names that must be unique beyond the account', () => {
  // 12 hex of the stack id: the first two fields of its UUID (CDK flattens the joins).
  const uuidField = (i: number) => ({
    'Fn::Select': [i, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }],
  });
  const endsWithStackSuffix = (start: string) => ({ 'Fn::Join': ['', [start, uuidField(0), uuidField(1)]] });

  test.each([
    ['region only', { region: TEST_REGION }],
    ['region and account', { region: TEST_REGION, account: TEST_ACCOUNT }],
  ])('the hosted-UI prefix and the drive bucket end with the stack id suffix (%s)', (_name, env) => {
    const { stack } = buildPortal({ bundle: false, env });
    const t = Template.fromStack(stack);
    const [domain] = resourcesOf(t, 'AWS::Cognito::UserPoolDomain').map(([, r]) => r);
    expect(domain?.Properties.Domain).toEqual(endsWithStackSuffix('portal-acme-'));
    const [drive] = resourcesOf(t, 'AWS::S3::Bucket')
      .filter(([id]) => id.startsWith('Drive'))
      .map(([, r]) => r);
    expect(drive?.Properties.BucketName).toEqual(endsWithStackSuffix('portal-acme-drive-'));
    // The SPA is told the same host the domain resource gets.
    expect(JSON.stringify(stack.resolve(stack.portalConfig.hostedUiDomain))).toContain('"portal-acme-"');
    expect(JSON.stringify(stack.resolve(stack.portalConfig.hostedUiDomain))).toContain(
      `.auth.${TEST_REGION}.amazoncognito.com`,
    );
    t.hasOutput('HostedUiPrefix', {});
  });

  test('a prefix given in context is used as is, in the domain, config.json and the CSP', () => {
    const { stack } = buildPortal({ bundle: false, settings: { authDomainPrefix: 'acme-sso-7f3a' } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'acme-sso-7f3a' });
    expect(stack.resolve(stack.portalConfig.hostedUiDomain)).toBe(
      `acme-sso-7f3a.auth.${TEST_REGION}.amazoncognito.com`,
    );
    const policies = resourcesOf(t, 'AWS::CloudFront::ResponseHeadersPolicy').map(([, r]) => r.Properties);
    expect(JSON.stringify(policies)).toContain(`https://acme-sso-7f3a.auth.${TEST_REGION}.amazoncognito.com`);
  });
});

describe('the SPA: built before the deploy, cached by what each file is', () => {
  test('every built file gets its Cache-Control: only content-hashed assets are immutable', () => {
    const dist = path.join(root, 'web', 'dist');
    expect(fs.existsSync(path.join(dist, 'index.html'))).toBe(true); // npm test builds the SPA before jest
    const files = fs
      .readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    const byPolicy = (policy: string) => files.filter((f) => cacheControlFor(f) === policy);
    const immutable = byPolicy('public, max-age=31536000, immutable');
    // Everything under assets/ is hashed by Vite, so SiteAssets may mark it immutable...
    expect(files.filter((f) => f.startsWith('assets/'))).toEqual(immutable);
    expect(immutable.length).toBeGreaterThan(5);
    // ...and every other file keeps its name across releases: revalidated.
    expect(byPolicy('no-cache').sort()).toEqual(files.filter((f) => !f.startsWith('assets/')).sort());
    expect(cacheControlFor('crm-form.html')).toBe('no-cache');
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('assets/logo.svg')).toBe('no-cache'); // an unhashed name is never immutable
  });

  test('two deployments: assets/ immutable, the named files no-cache and invalidated', () => {
    const t = Template.fromStack(buildPortal({ bundle: false }).stack);
    const deployments = resourcesOf(t, 'Custom::CDKBucketDeployment').map(([, r]) => r.Properties);
    expect(deployments).toHaveLength(2);
    const hashed = deployments.find((d) => d.DestinationBucketKeyPrefix === 'assets/');
    const named = deployments.find((d) => d.DestinationBucketKeyPrefix === undefined);
    expect(hashed?.SystemMetadata).toEqual({ 'cache-control': 'public, max-age=31536000, immutable' });
    expect(hashed?.DistributionPaths).toBeUndefined();
    expect(named?.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    expect(named?.DistributionPaths).toEqual(['/*']);
  });

  test('a missing build is refused with what to run, never replaced by a placeholder', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-no-dist-'));
    expect(() => buildPortal({ bundle: false, webDist: empty })).toThrow(/npm run build:web/);
  });
});

describe('one company cannot starve the others', () => {
  const portalFunctions = (t: Template) =>
    resourcesOf(t, 'AWS::Lambda::Function').filter(([, r]) =>
      (r.Properties.Tags ?? []).some((tag: { Key: string }) => tag.Key === FEATURE_TAG),
    );

  test('context maxConcurrency reserves (and caps) the concurrency of every function of the tenant', () => {
    const t = Template.fromStack(buildPortal({ bundle: false, settings: { maxConcurrency: 25 } }).stack);
    const fns = portalFunctions(t);
    expect(fns.length).toBeGreaterThan(10);
    expect(fns.map(([, r]) => r.Properties.ReservedConcurrentExecutions)).toEqual(fns.map(() => 25));
    const router = fns.find(([, r]) =>
      (r.Properties.Tags as { Key: string; Value: string }[]).some((tag) => tag.Value === STREAM_ROUTER_FEATURE),
    );
    expect(router?.[1].Properties.ReservedConcurrentExecutions).toBe(25);
  });

  test('without it no function reserves any', () => {
    const t = Template.fromStack(buildPortal({ bundle: false }).stack);
    for (const [, r] of portalFunctions(t)) expect(r.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });
});

describe('mail: the tenant always has a sender, and sending is scoped to it', () => {
  const sesStatements = (t: Template) =>
    resourcesOf(t, 'AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((s) =>
        [s.Action].flat().includes('ses:SendEmail'),
      ),
    );

  test('with a domain: a domain identity with a MAIL FROM subdomain, DNS records as outputs, ses:Send* on it', () => {
    const { stack } = buildPortal({
      bundle: false,
      settings: { domainName: 'acme.example.com', mailFrom: 'no-reply@acme.example.com' },
      env: { region: TEST_REGION, account: TEST_ACCOUNT },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'acme.example.com',
      MailFromAttributes: { MailFromDomain: 'bounce.acme.example.com', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
    const outputs = Object.entries(t.toJSON().Outputs as Record<string, { Value: unknown }>);
    const values = outputs.filter(([id]) => id.startsWith('MailDns')).map(([, o]) => JSON.stringify(o.Value));
    expect(values).toHaveLength(6);
    expect(values.filter((v) => v.includes(' CNAME '))).toHaveLength(3);
    expect(values.join('\n')).toContain(`bounce.acme.example.com MX 10 feedback-smtp.${TEST_REGION}.amazonses.com`);
    expect(values.join('\n')).toContain('v=spf1 include:amazonses.com ~all');
    expect(values.join('\n')).toContain('_dmarc.acme.example.com TXT');
    const statements = sesStatements(t);
    expect(statements.length).toBeGreaterThanOrEqual(6); // passwords, registration, invitations, messenger, crm, crm-docs
    for (const s of statements) {
      const resources = JSON.stringify(s.Resource);
      expect(resources).toContain(`:ses:${TEST_REGION}:${TEST_ACCOUNT}:identity/`);
      expect(resources).not.toContain('identity/*');
    }
  });

  test('with only a sender address: an e-mail identity, and its verification named in the output', () => {
    const { stack } = buildPortal({ bundle: false, settings: { mailFrom: 'it@acme.example.com' } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'it@acme.example.com' });
    t.hasOutput('MailDns1', { Value: Match.stringLikeRegexp('it@acme.example.com') });
    for (const s of sesStatements(t)) expect(JSON.stringify(s.Resource)).not.toContain('identity/*');
  });
});
