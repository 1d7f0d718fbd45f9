import * as fs from 'node:fs';
import * as path from 'node:path';
import { cdkArgsFor, type FleetEvent, runFleet } from '../../../infra/fleet/runner';
import { fakeCdk, maxSimultaneous, readRecord, tempDir, tenant } from './fleet-fixtures';

function setup(plan: Record<string, { ms?: number; exit?: number }> = {}, defaultMs = 150) {
  const dir = tempDir();
  const record = path.join(dir, 'record.jsonl');
  const env = {
    ...process.env,
    FAKE_CDK_PLAN: JSON.stringify(plan),
    FAKE_CDK_MS: String(defaultMs),
    FAKE_CDK_RECORD: record,
  };
  return { dir, record, env, logDir: path.join(dir, 'logs') };
}

describe('fleet runner', () => {
  it('runs every tenant even when one fails, and reports which one failed', async () => {
    const { env, logDir, record } = setup({ beta: { exit: 1 } });
    const results = await runFleet({
      command: 'synth',
      tenants: [tenant('acme'), tenant('beta'), tenant('gamma')],
      concurrency: 1, // serial: gamma starts only after beta has failed
      cdk: fakeCdk,
      cwd: process.cwd(),
      logDir,
      env,
    });

    expect(results.map((r) => [r.slug, r.status, r.exitCode])).toEqual([
      ['acme', 'ok', 0],
      ['beta', 'failed', 1],
      ['gamma', 'ok', 0],
    ]);
    expect(
      readRecord(record)
        .filter((r) => r.event === 'end')
        .map((r) => r.slug),
    ).toEqual(['acme', 'beta', 'gamma']);
    // The failure keeps its error lines for the summary, and its whole output in its own log.
    const beta = results[1]!;
    expect(beta.errorLines.join('\n')).toContain('[Error at /Portal-beta/Mail/Send] AwsSolutions-IAM5');
    expect(fs.readFileSync(beta.logFile, 'utf8')).toContain('AwsSolutions-IAM5');
    expect(fs.readFileSync(results[0]!.logFile, 'utf8')).not.toContain('Portal-beta');
  });

  it.each([1, 3])(
    'never runs more than %i cdk processes at once',
    async (concurrency) => {
      const { env, logDir, record } = setup({}, 400);
      const slugs = ['t-a', 't-b', 't-c', 't-d', 't-e', 't-f'];
      let reportedMax = 0;
      const results = await runFleet({
        command: 'synth',
        tenants: slugs.map((s) => tenant(s)),
        concurrency,
        cdk: fakeCdk,
        cwd: process.cwd(),
        logDir,
        env,
        onEvent: (e) => {
          if (e.type === 'start') reportedMax = Math.max(reportedMax, e.running);
        },
      });

      expect(results.every((r) => r.status === 'ok')).toBe(true);
      const runs = readRecord(record);
      expect(runs.filter((r) => r.event === 'start')).toHaveLength(6);
      // Seen from the fake processes themselves: the limit holds, and is used (the runs did overlap).
      expect(maxSimultaneous(runs)).toBe(concurrency);
      expect(reportedMax).toBe(concurrency);
    },
    20_000,
  );

  it('emits start, phase and end events in order for each tenant', async () => {
    const { env, logDir } = setup();
    const events: FleetEvent[] = [];
    await runFleet({
      command: 'synth',
      tenants: [tenant('acme')],
      concurrency: 1,
      cdk: fakeCdk,
      cwd: process.cwd(),
      logDir,
      env,
      onEvent: (e) => events.push(e),
    });
    expect(events.map((e) => (e.type === 'phase' ? `phase:${e.phase}` : e.type))).toEqual([
      'start',
      'phase:bundling',
      'phase:synthesized',
      'end',
    ]);
  });

  it('gives each tenant its context, its own output folder and its region', async () => {
    const { env, logDir, record } = setup();
    await runFleet({
      command: 'synth',
      tenants: [tenant('acme', { region: 'eu-central-1', maxConcurrency: 20 }), tenant('beta')],
      concurrency: 2,
      cdk: fakeCdk,
      cwd: process.cwd(),
      logDir,
      env: { ...env, AWS_REGION: 'us-west-2' },
    });
    const starts = readRecord(record).filter((r) => r.event === 'start');
    const acme = starts.find((r) => r.slug === 'acme')!;
    expect(acme.argv).toEqual([
      'synth',
      '--quiet',
      '-c',
      'tenant=acme',
      '-c',
      'domainName=acme.example',
      '-c',
      'adminEmail=it@acme.example',
      '-c',
      'maxConcurrency=20',
      '--output',
      path.join('cdk.out', 'acme'),
      '--no-notices',
    ]);
    expect(acme.region).toBe('eu-central-1');
    // A tenant without a region keeps the operator's environment.
    expect(starts.find((r) => r.slug === 'beta')!.region).toBe('us-west-2');
  });

  it('reports a cdk program that cannot start as that tenant failing', async () => {
    const { env, logDir } = setup();
    const results = await runFleet({
      command: 'synth',
      tenants: [tenant('acme')],
      concurrency: 1,
      cdk: { command: path.join(tempDir(), 'no-such-cdk'), args: [] },
      cwd: process.cwd(),
      logDir,
      env,
    });
    expect(results[0]).toMatchObject({ status: 'failed', exitCode: null });
    expect(results[0]!.note).toMatch(/^cannot start: .*ENOENT/);
  });

  it('skips the tenants not yet started once aborted, and lets the running one finish', async () => {
    const { env, logDir, record } = setup({}, 300);
    const abort = new AbortController();
    const results = await runFleet({
      command: 'synth',
      tenants: [tenant('acme'), tenant('beta'), tenant('gamma')],
      concurrency: 1,
      cdk: fakeCdk,
      cwd: process.cwd(),
      logDir,
      env,
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'start' && e.slug === 'acme') abort.abort();
      },
    });
    expect(results.map((r) => r.status)).toEqual(['ok', 'skipped', 'skipped']);
    expect(readRecord(record).map((r) => r.slug)).toEqual(['acme', 'acme']);
  });
});

describe('cdk command line per tenant', () => {
  it('asks for no approval on deploy only when told to', () => {
    const acme = tenant('acme', { profile: 'fleet-eu' });
    const plain = cdkArgsFor('deploy', acme);
    expect(plain).not.toContain('--require-approval');
    expect(plain.slice(0, 2)).toEqual(['deploy', '--all']);
    expect(plain).toEqual(expect.arrayContaining(['--progress', 'events']));
    expect(plain.join(' ')).toContain('--profile fleet-eu');

    const approved = cdkArgsFor('deploy', acme, { approve: true, extraArgs: ['--method', 'direct'] });
    expect(approved.join(' ')).toContain('--require-approval never');
    expect(approved.slice(-2)).toEqual(['--method', 'direct']);
    // synth and diff never deploy, so there is nothing to approve.
    expect(cdkArgsFor('diff', acme, { approve: true })).not.toContain('--require-approval');
  });
});
