/**
 * `npm run tenant -- export|import|delete <slug> [options]` (see the README, "A company's data: export,
 * import, delete"). Exit codes: 0 done, 1 failed, 2 refused (bad usage, or a deletion not confirmed).
 */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { validateTenant } from '../context';
import { confirmed, deleteTenant, describePlan, planDeletion } from './delete';
import { exportTenant } from './export';
import { ArchiveRefused, importTenant } from './import';
import { destroyClients, resolveTarget } from './target';

export const EXIT = { ok: 0, failed: 1, refused: 2 } as const;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Asks a question on a terminal; absent when there is none (then only --confirm confirms). */
  ask?: (question: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
}

export const USAGE = `Usage: npm run tenant -- <command> <slug> [options]

  export <slug>   the company's data into an archive folder (resumable: run again to finish or verify)
  import <slug>   an archive into a fresh stack (checksums verified first)
  delete <slug>   the stack, then its retained table, buckets and user pool (asks for the slug typed back)

Where (default: the cloud stack Portal-<slug> in AWS_REGION, with the SDK's credentials):
  --local                 the stack \`npm start\` runs here (DYNAMODB_PORT / S3_PORT / COGNITO_PORT)
  --stack-info <file>     a local stack from its info JSON (tests)
  --table <name> --bucket <name> --user-pool <id>   other resources than the stack's

Options:
  --out <dir>             export: the archive folder (default .data/exports/<slug>)
  --from <dir>            import: the archive folder (default .data/exports/<slug>)
  --confirm <slug>        delete: the confirmation, for scripts
  --segments <n>          export: parallel Scan segments (default 4)
  --concurrency <n>       object transfers / user creations at once (default 4)`;

export async function runTenantCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        local: { type: 'boolean' },
        'stack-info': { type: 'string' },
        table: { type: 'string' },
        bucket: { type: 'string' },
        'user-pool': { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        confirm: { type: 'string' },
        segments: { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${USAGE}`);
    return EXIT.refused;
  }
  const { values: o, positionals } = parsed;
  const [command, slug, ...extra] = positionals;
  if (o.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (!command || !['export', 'import', 'delete'].includes(command) || !slug || extra.length) {
    io.err(USAGE);
    return EXIT.refused;
  }
  try {
    validateTenant(slug);
  } catch (e) {
    io.err(`✖ ${(e as Error).message}`);
    return EXIT.refused;
  }
  const positive = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new ArchiveRefused(`--${name} must be a whole number 1–64`);
    return n;
  };
  const defaultDir = path.resolve('.data', 'exports', slug);

  let target;
  try {
    target = await resolveTarget(
      slug,
      { local: o.local, stackInfo: o['stack-info'], table: o.table, bucket: o.bucket, userPool: o['user-pool'] },
      io.env ?? process.env,
    );
  } catch (e) {
    io.err(`✖ ${(e as Error).message}`);
    return EXIT.failed;
  }
  try {
    if (command === 'export') {
      await exportTenant(slug, target, path.resolve(o.out ?? defaultDir), {
        segments: positive(o.segments, 'segments'),
        concurrency: positive(o.concurrency, 'concurrency'),
        log: io.out,
      });
      return EXIT.ok;
    }
    if (command === 'import') {
      await importTenant(slug, target, path.resolve(o.from ?? defaultDir), {
        concurrency: positive(o.concurrency, 'concurrency'),
        log: io.out,
      });
      return EXIT.ok;
    }
    const plan = await planDeletion(target);
    for (const line of describePlan(slug, target, plan)) io.out(line);
    let typed = o.confirm;
    if (typed === undefined && io.ask) typed = await io.ask(`Type the company's slug (${slug}) to delete it: `);
    if (!confirmed(slug, typed)) {
      io.err(
        typed === undefined
          ? `✖ not confirmed: nothing deleted. Type the slug when asked, or pass --confirm ${slug}.`
          : `✖ "${typed}" is not "${slug}": nothing deleted.`,
      );
      return EXIT.refused;
    }
    io.out('Deleting:');
    const done = await deleteTenant(target, plan, io.out);
    io.out(`Deleted ${done.length} resource(s) of ${slug}.`);
    return EXIT.ok;
  } catch (e) {
    io.err(`✖ ${(e as Error).message}`);
    return e instanceof ArchiveRefused ? EXIT.refused : EXIT.failed;
  } finally {
    destroyClients(target);
  }
}

/** The terminal prompt, when stdin is one. */
export function terminalAsk(): CliIo['ask'] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}
