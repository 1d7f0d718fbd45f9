/**
 * Runs one cdk command (synth, diff or deploy) for many tenants, N at a time.
 *
 * Each tenant is its own `cdk` process: its own context (`-c tenant=<slug> …`), its own output folder
 * (`cdk.out/<slug>`, so parallel synths never share an assembly or asset staging) and its own log file. A tenant
 * that fails is recorded and the others go on; the caller decides the exit code from the results.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputReader } from './output';
import { contextArgs, type Tenant } from './tenants';

export const FLEET_COMMANDS = ['synth', 'diff', 'deploy'] as const;
export type FleetCommand = (typeof FLEET_COMMANDS)[number];

/** The program that is the cdk CLI, and the arguments that come before the command (e.g. a script for node). */
export interface CdkProgram {
  command: string;
  args: string[];
}

export type TenantStatus = 'ok' | 'failed' | 'skipped';

export interface TenantResult {
  slug: string;
  status: TenantStatus;
  /** The process's exit code; null when it was killed by a signal, never started, or was skipped. */
  exitCode: number | null;
  durationMs: number;
  logFile: string;
  /** A short fact from the output worth a column: "1 stack differs", "no changes", "cannot start: …". */
  note?: string;
  /** For a failure: the error lines of its output (or its last lines), to print under the summary. */
  errorLines: string[];
}

export type FleetEvent =
  | { type: 'start'; slug: string; running: number; queued: number }
  | { type: 'phase'; slug: string; phase: string; elapsedMs: number }
  | { type: 'end'; result: TenantResult; running: number; queued: number };

export interface FleetRunOptions {
  command: FleetCommand;
  tenants: Tenant[];
  /** How many cdk processes run at once (≥ 1). */
  concurrency: number;
  cdk: CdkProgram;
  /** Working directory of every cdk process (the repository root, where cdk.json is). */
  cwd: string;
  /** Folder of the per-tenant log files; created if missing. */
  logDir: string;
  /** Parent of the per-tenant cloud assembly folders, relative to cwd. */
  outRoot?: string;
  /** deploy only: pass `--require-approval never` (no prompt for IAM/security-group changes). */
  approve?: boolean;
  /** Appended to every cdk command line (what follows a second `--` on the fleet command line). */
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** When aborted, tenants not yet started are skipped; running ones are left to finish (or to the terminal's ^C). */
  signal?: AbortSignal;
  onEvent?: (event: FleetEvent) => void;
}

/** The cdk command line of one tenant (after the program itself). */
export function cdkArgsFor(
  command: FleetCommand,
  tenant: Tenant,
  options: Pick<FleetRunOptions, 'outRoot' | 'approve' | 'extraArgs'> = {},
): string[] {
  const outDir = path.join(options.outRoot ?? 'cdk.out', tenant.slug);
  return [
    command,
    // The app builds this tenant's stacks only: --all selects them without naming them here.
    ...(command === 'synth' ? ['--quiet'] : ['--all']),
    ...contextArgs(tenant),
    '--output',
    outDir,
    '--no-notices',
    // Line-per-event progress: the output goes to a log file, not a terminal.
    ...(command === 'deploy' ? ['--progress', 'events'] : []),
    ...(command === 'deploy' && options.approve ? ['--require-approval', 'never'] : []),
    ...(tenant.profile ? ['--profile', tenant.profile] : []),
    ...(options.extraArgs ?? []),
  ];
}

/** Environment of one tenant's cdk process: its region, plain text output, no telemetry. */
export function cdkEnvFor(tenant: Tenant, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...base,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...(tenant.region ? { AWS_REGION: tenant.region, AWS_DEFAULT_REGION: tenant.region } : {}),
  };
}

function runTenant(
  tenant: Tenant,
  options: FleetRunOptions,
  emit: (event: FleetEvent) => void,
): Promise<Omit<TenantResult, 'status'> & { status: 'ok' | 'failed' }> {
  const args = [...options.cdk.args, ...cdkArgsFor(options.command, tenant, options)];
  const env = cdkEnvFor(tenant, options.env ?? process.env);
  const logFile = path.join(options.logDir, `${tenant.slug}.log`);
  const log = fs.createWriteStream(logFile);
  const started = Date.now();
  log.write(
    `# fleet ${options.command} ${tenant.slug} — started ${new Date(started).toISOString()} in ${options.cwd}\n` +
      `# ${tenant.region ? `AWS_REGION=${tenant.region} ` : ''}${[options.cdk.command, ...args].join(' ')}\n`,
  );

  const output = new OutputReader();
  let partial = '';
  const readLine = (line: string) => {
    const phase = output.read(line);
    if (phase) emit({ type: 'phase', slug: tenant.slug, phase, elapsedMs: Date.now() - started });
  };
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
    partial = lines.pop() ?? '';
    lines.forEach(readLine);
  };

  return new Promise((resolve) => {
    let settled = false;
    const finish = (exitCode: number | null, how: string, note?: string) => {
      if (settled) return;
      settled = true;
      if (partial) readLine(partial);
      const durationMs = Date.now() - started;
      const status = exitCode === 0 ? 'ok' : 'failed';
      log.end(`\n# ${how} after ${(durationMs / 1000).toFixed(1)} s\n`, () =>
        resolve({
          slug: tenant.slug,
          status,
          exitCode,
          durationMs,
          logFile,
          note: note ?? output.note(options.command),
          errorLines: status === 'ok' ? [] : output.failureLines(),
        }),
      );
    };
    const child = spawn(options.cdk.command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => finish(null, `could not start: ${e.message}`, `cannot start: ${e.message}`));
    child.on('close', (code, signal) =>
      finish(code, signal ? `killed by ${signal}` : `exit code ${code}`, signal ? `killed by ${signal}` : undefined),
    );
  });
}

/** Runs the command for every tenant, at most `concurrency` at once; resolves with one result per tenant, in order. */
export async function runFleet(options: FleetRunOptions): Promise<TenantResult[]> {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
    throw new Error(`concurrency must be a whole number ≥ 1, got ${options.concurrency}`);
  fs.mkdirSync(options.logDir, { recursive: true });
  const emit = options.onEvent ?? (() => undefined);
  const results = new Map<string, TenantResult>();
  const queue = [...options.tenants];
  let running = 0;

  await new Promise<void>((allDone) => {
    const startNext = () => {
      while (running < options.concurrency && queue.length && !options.signal?.aborted) {
        const tenant = queue.shift() as Tenant;
        running += 1;
        emit({ type: 'start', slug: tenant.slug, running, queued: queue.length });
        void runTenant(tenant, options, emit).then((result) => {
          running -= 1;
          results.set(tenant.slug, result);
          emit({ type: 'end', result, running, queued: queue.length });
          startNext();
        });
      }
      if (options.signal?.aborted) {
        for (const tenant of queue.splice(0)) {
          const skipped: TenantResult = {
            slug: tenant.slug,
            status: 'skipped',
            exitCode: null,
            durationMs: 0,
            logFile: '',
            note: 'not started (interrupted)',
            errorLines: [],
          };
          results.set(tenant.slug, skipped);
          emit({ type: 'end', result: skipped, running, queued: 0 });
        }
      }
      if (running === 0 && queue.length === 0) allDone();
    };
    options.signal?.addEventListener('abort', startNext, { once: true });
    startNext();
  });

  return options.tenants.map((t) => results.get(t.slug) as TenantResult);
}
