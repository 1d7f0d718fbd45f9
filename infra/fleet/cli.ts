/**
 * npm run fleet -- synth|diff|deploy [--only acme,beta] [--concurrency N] [--tenants file] [--yes] [--logs dir]
 *                  [-- <more cdk arguments>]
 *
 * Exit code: 0 when every tenant succeeded, 1 when any failed (the summary names them), 2 for a usage or
 * tenants-file error (nothing was run).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../repo-root';
import { quotaLines } from './quotas';
import { progressReporter, summaryLines, verdictLine } from './report';
import { type CdkProgram, FLEET_COMMANDS, type FleetCommand, runFleet } from './runner';
import { loadTenants, type Tenant, TenantsFileError } from './tenants';

export const USAGE = `usage: npm run fleet -- <synth|diff|deploy> [options] [-- <extra cdk arguments>]

  --only a,b         only these tenants (slugs, comma-separated; may repeat)
  --concurrency N    cdk processes at once (default 2)
  --tenants FILE     the tenants file (default $FLEET_TENANTS or infra/tenants.json)
  --yes              deploy without approval prompts (passes --require-approval never)
  --logs DIR         folder of the per-tenant logs (default cdk.out/.fleet-logs/<command>-<time>)
  --out DIR          parent of the per-tenant cloud assemblies DIR/<slug> (default cdk.out)

env FLEET_CDK      the cdk program to run (default node_modules/.bin/cdk; a .js/.mjs file runs with node)`;

const DEFAULT_CONCURRENCY = 2;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  /** Interval of the "still running" line (tests turn it off). */
  heartbeatMs?: number;
  /** Runs once before any tenant starts (main.ts: build the SPA, which every tenant's app would otherwise race to). */
  beforeTenants?: (root: string, out: (line: string) => void) => Promise<void>;
}

class UsageError extends Error {}

/** The cdk program: $FLEET_CDK (tests put a fake there) or the project's own pinned CLI. */
export function resolveCdk(env: NodeJS.ProcessEnv, root: string): CdkProgram {
  const override = env.FLEET_CDK;
  if (override) {
    const resolved = path.resolve(root, override);
    return /\.[cm]?js$/.test(resolved)
      ? { command: process.execPath, args: [resolved] }
      : { command: resolved, args: [] };
  }
  return { command: path.join(root, 'node_modules', '.bin', 'cdk'), args: [] };
}

/** Picks the tenants named by --only (in the file's order); an unknown name is an error, not a silent no-op. */
export function selectTenants(all: Tenant[], only: string[]): Tenant[] {
  if (!only.length) return all;
  const wanted = new Set(only);
  const unknown = [...wanted].filter((slug) => !all.some((t) => t.slug === slug));
  if (unknown.length)
    throw new UsageError(
      `--only names unknown tenant(s): ${unknown.join(', ')} (the file has: ${all.map((t) => t.slug).join(', ')})`,
    );
  return all.filter((t) => wanted.has(t.slug));
}

interface ParsedArgs {
  command: FleetCommand;
  only: string[];
  concurrency: number;
  tenantsFile?: string;
  approve: boolean;
  logDir?: string;
  outRoot?: string;
  extraArgs: string[];
}

function parse(argv: string[]): ParsedArgs | 'help' {
  const cut = argv.indexOf('--');
  const own = cut === -1 ? argv : argv.slice(0, cut);
  const extraArgs = cut === -1 ? [] : argv.slice(cut + 1);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      allowPositionals: true,
      options: {
        only: { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        tenants: { type: 'string' },
        yes: { type: 'boolean' },
        logs: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError('which command? synth, diff or deploy');
  if (!(FLEET_COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command "${command}" (synth, diff or deploy)`);
  if (rest.length) throw new UsageError(`unexpected argument(s): ${rest.join(' ')} (cdk arguments go after --)`);
  const concurrency = values.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError(`--concurrency must be a whole number ≥ 1, got "${values.concurrency}"`);
  if (values.yes && command !== 'deploy') throw new UsageError('--yes only applies to deploy');
  return {
    command: command as FleetCommand,
    only: (values.only ?? [])
      .flatMap((v) => v.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
    concurrency,
    tenantsFile: values.tenants,
    approve: values.yes ?? false,
    logDir: values.logs,
    outRoot: values.out,
    extraArgs,
  };
}

const timestamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: ParsedArgs | 'help';
  let tenants: Tenant[];
  let root: string;
  try {
    args = parse(argv);
    if (args === 'help') {
      io.out(USAGE);
      return 0;
    }
    root = repoRoot(io.cwd);
    const file = path.resolve(
      io.cwd,
      args.tenantsFile ?? io.env.FLEET_TENANTS ?? path.join(root, 'infra/tenants.json'),
    );
    if (!fs.existsSync(file))
      throw new UsageError(
        `no tenants file at ${path.relative(io.cwd, file)}: copy infra/tenants.example.json there, or pass --tenants <file>`,
      );
    tenants = selectTenants(loadTenants(file), args.only);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`fleet: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof TenantsFileError) {
      io.err(`fleet: the tenants file is not valid, nothing was run.\n${e.message}`);
      return 2;
    }
    throw e;
  }

  const logDir = path.resolve(
    io.cwd,
    args.logDir ?? path.join(root, 'cdk.out', '.fleet-logs', `${args.command}-${timestamp(new Date())}`),
  );
  const cdk = resolveCdk(io.env, root);
  const outRoot = path.resolve(io.cwd, args.outRoot ?? path.join(root, 'cdk.out'));
  io.out(
    `fleet ${args.command}: ${tenants.length} tenant(s), ${args.concurrency} at a time; logs in ${path.relative(io.cwd, logDir)}`,
  );
  await io.beforeTenants?.(root, io.out);
  const reporter = progressReporter(args.command, tenants.length, io.out, io.heartbeatMs);
  let results;
  try {
    results = await runFleet({
      command: args.command,
      tenants,
      concurrency: args.concurrency,
      cdk,
      cwd: root,
      logDir,
      outRoot: path.relative(root, outRoot),
      approve: args.approve,
      extraArgs: args.extraArgs,
      env: io.env,
      signal: io.signal,
      onEvent: reporter.onEvent,
    });
  } finally {
    reporter.stop();
  }
  io.out('');
  summaryLines(results, io.cwd).forEach((line) => io.out(line));
  const succeeded = new Set(results.filter((r) => r.status === 'ok').map((r) => r.slug));
  const quotas = quotaLines(tenants, succeeded, outRoot, io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION);
  if (quotas.length) [''].concat(quotas).forEach((line) => io.out(line));
  io.out('');
  io.out(verdictLine(args.command, results));
  fs.writeFileSync(
    path.join(logDir, 'summary.json'),
    `${JSON.stringify({ command: args.command, results: results.map(({ errorLines: _, ...r }) => r) }, null, 2)}\n`,
  );
  return results.every((r) => r.status === 'ok') ? 0 : 1;
}
