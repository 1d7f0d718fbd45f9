import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../../infra/fleet/cli';
import { FAKE_CDK_PATH, readRecord, tempDir } from './fleet-fixtures';

const TENANTS = {
  defaults: { region: 'eu-central-1' },
  tenants: ['acme', 'beta', 'gamma'].map((slug) => ({
    slug,
    domain: `${slug}.example`,
    adminEmail: `it@${slug}.example`,
  })),
};

async function fleet(
  argv: string[],
  options: { plan?: object; tenants?: object; beforeTenants?: (record: string) => Promise<void> } = {},
) {
  const dir = tempDir();
  const tenantsFile = path.join(dir, 'tenants.json');
  fs.writeFileSync(tenantsFile, JSON.stringify(options.tenants ?? TENANTS));
  const record = path.join(dir, 'record.jsonl');
  const logDir = path.join(dir, 'logs');
  const out: string[] = [];
  const err: string[] = [];
  // The file and log options go before a `--`, after which everything is for cdk.
  const cut = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const outRoot = path.join(dir, 'cdk.out');
  const args = [
    ...argv.slice(0, cut),
    ...['--tenants', tenantsFile, '--logs', logDir, '--out', outRoot],
    ...argv.slice(cut),
  ];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {
      ...process.env,
      FLEET_CDK: FAKE_CDK_PATH,
      FAKE_CDK_MS: '100',
      FAKE_CDK_PLAN: JSON.stringify(options.plan ?? {}),
      FAKE_CDK_RECORD: record,
      FAKE_CDK_WRITE_TEMPLATE: '1',
    },
    cwd: process.cwd(),
    heartbeatMs: 0,
    beforeTenants: options.beforeTenants && (() => options.beforeTenants!(record)),
  });
  return { code, out, err, ran: readRecord(record), logDir, outRoot };
}

describe('npm run fleet', () => {
  it('exits 1 naming the failed tenant, after a summary row per tenant', async () => {
    const { code, out, ran, logDir } = await fleet(['synth', '--concurrency', '3'], { plan: { beta: { exit: 1 } } });

    expect(code).toBe(1);
    expect(new Set(ran.filter((r) => r.event === 'end').map((r) => r.slug))).toEqual(
      new Set(['acme', 'beta', 'gamma']),
    );
    const header = out.findIndex((l) => /^tenant\s+result\s+duration\s+note\s+log$/.test(l));
    expect(header).toBeGreaterThan(-1);
    const rows = out.slice(header + 2, header + 5).map((l) => l.split(/\s{2,}/));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['acme', 'ok'],
      ['beta', 'FAILED (exit 1)'],
      ['gamma', 'ok'],
    ]);
    expect(rows.every((r) => /^\d+:\d\d$/.test(r[2] ?? ''))).toBe(true);
    expect(rows.map((r) => r.at(-1))).toEqual(
      ['acme', 'beta', 'gamma'].map((s) => path.relative(process.cwd(), path.join(logDir, `${s}.log`))),
    );
    expect(out).toContain(
      '  [Error at /Portal-beta/Mail/Send] AwsSolutions-IAM5: The IAM entity contains wildcard permissions',
    );
    expect(out.at(-1)).toBe('fleet synth: 2/3 ok; failed: beta');
    // Live progress: a start line and an end line per tenant, with the phase seen in between.
    expect(out.filter((l) => /▶ \w+\s+synth started/.test(l))).toHaveLength(3);
    expect(out.some((l) => /✖ beta\s+FAILED \(exit 1\) in \d+:\d\d/.test(l))).toBe(true);
    expect(out.some((l) => /acme\s+bundling \(\d+:\d\d\)/.test(l))).toBe(true);
    const summary = JSON.parse(fs.readFileSync(path.join(logDir, 'summary.json'), 'utf8')) as {
      results: { slug: string; status: string }[];
    };
    expect(summary.results.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
  });

  it('sums the quotas the synthesized tenants use, per account and region, and flags what passes a default', async () => {
    const tenants = {
      defaults: { region: 'eu-central-1', maxConcurrency: 400 },
      tenants: [
        ...TENANTS.tenants,
        { slug: 'delta', domain: 'delta.example', adminEmail: 'it@delta.example', profile: 'us', region: 'us-east-1' },
      ],
    };
    const { code, out, outRoot } = await fleet(['synth', '--concurrency', '4'], {
      tenants,
      plan: { beta: { exit: 1 } },
    });
    expect(code).toBe(1);
    expect(fs.existsSync(path.join(outRoot, 'acme', 'Portal-acme.template.json'))).toBe(true);
    const from = out.indexOf(
      'Account quotas these tenants use (AWS defaults; an account with raised quotas: check Service Quotas):',
    );
    expect(from).toBeGreaterThan(-1);
    // acme and gamma: 2 tenants × 3 functions × 400 = 2,400 reserved, more than the 900 a default account can reserve.
    expect(out.slice(from + 1, from + 10)).toEqual([
      '  default credentials, eu-central-1: 2 tenant(s)',
      '    Lambda reserved concurrency 2,400 of 900 reservable (1,000 per region, 100 always unreserved) — OVER: request a higher concurrency quota before deploying; 0 function(s) without a reservation share the rest',
      '    Cognito user pools 2 of 1,000',
      '    API Gateway: 2 HTTP + 2 WebSocket APIs, all behind one 10,000 rps account throttle',
      '  profile us, us-east-1: 1 tenant(s)',
      '    Lambda reserved concurrency 1,200 of 900 reservable (1,000 per region, 100 always unreserved) — OVER: request a higher concurrency quota before deploying; 0 function(s) without a reservation share the rest',
      '    Cognito user pools 1 of 1,000',
      '    API Gateway: 1 HTTP + 1 WebSocket APIs, all behind one 10,000 rps account throttle',
      '  CloudFront distributions (default credentials, all regions): 2 of 500',
    ]);
    expect(out).toContain('  (not counted, no template from this run: beta)');
    expect(out.at(-1)).toBe('fleet synth: 3/4 ok; failed: beta');
  });

  it('exits 0 when every tenant succeeds, and reports diff results', async () => {
    const { code, out } = await fleet(['diff']);
    expect(code).toBe(0);
    expect(out.filter((l) => /^(acme|beta|gamma)\s+ok\s+\S+\s+1 stack\(s\) differ/.test(l))).toHaveLength(3);
    expect(out.at(-1)).toBe('fleet diff: all 3 tenant(s) ok');
  });

  it('runs its one-time preparation (the SPA build) once, before any tenant starts', async () => {
    const startedBefore: number[] = [];
    const { code, ran } = await fleet(['synth', '--concurrency', '3'], {
      beforeTenants: async (record) => {
        startedBefore.push(readRecord(record).length);
      },
    });
    expect(code).toBe(0);
    expect(startedBefore).toEqual([0]);
    expect(ran.filter((r) => r.event === 'start')).toHaveLength(3);
  });

  it('runs only the tenants named by --only', async () => {
    const { code, ran } = await fleet(['synth', '--only', 'gamma,acme']);
    expect(code).toBe(0);
    expect(
      ran
        .filter((r) => r.event === 'start')
        .map((r) => r.slug)
        .sort(),
    ).toEqual(['acme', 'gamma']);
  });

  it('refuses an --only naming no tenant of the file, running nothing', async () => {
    const { code, err, ran } = await fleet(['synth', '--only', 'acme,initech']);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('--only names unknown tenant(s): initech (the file has: acme, beta, gamma)');
    expect(ran).toEqual([]);
  });

  it('runs nothing when the tenants file is invalid, and says where', async () => {
    const tenants = {
      tenants: [...TENANTS.tenants, { slug: 'delta', domain: 'delta', adminEmail: 'it@delta.example' }],
    };
    const { code, err, ran } = await fleet(['deploy'], { tenants });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('tenant "delta" (tenants[3]) → domain: must be a lower-case domain name');
    expect(ran).toEqual([]);
  });

  it('passes --require-approval never to deploy only with --yes, and cdk arguments after --', async () => {
    const plain = await fleet(['deploy', '--only', 'acme']);
    expect(plain.ran[0]!.argv).not.toContain('--require-approval');
    const approved = await fleet(['deploy', '--only', 'acme', '--yes', '--', '--method', 'direct']);
    expect(approved.ran[0]!.argv.join(' ')).toContain('--require-approval never');
    expect(approved.ran[0]!.argv.slice(-2)).toEqual(['--method', 'direct']);
  });

  it.each([
    [['launch'], 'unknown command "launch"'],
    [['synth', '--concurrency', '0'], '--concurrency must be a whole number ≥ 1'],
    [['synth', '--yes'], '--yes only applies to deploy'],
  ])('rejects %j with a usage error', async (argv, message) => {
    const { code, err, ran } = await fleet(argv);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(message);
    expect(ran).toEqual([]);
  });
});
