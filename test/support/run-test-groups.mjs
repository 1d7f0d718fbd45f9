/**
 * `npm test`'s jest step: two jest processes side by side, each on its own local stack —
 *   - the browser journeys (e2e), which run one file after another on the shared e2e stack, and
 *   - everything else (unit, integration on the shared integration stack, infra).
 * On a 2-core machine jest gives one worker to a run, and neither group keeps both cores busy on its own (the e2e
 * files mostly wait on the browser and the stack), so running them side by side shortens the suite without letting
 * two e2e files (or two integration files) share a stack at once. Each line is prefixed with its group; the exit
 * code is non-zero if either group failed. Arguments after the script are passed to both jest runs.
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const GROUPS = [
  { name: 'e2e', projects: ['e2e'] },
  { name: 'rest', projects: ['unit', 'integration', 'infra'] },
];
const extra = process.argv.slice(2);

function run({ name, projects }) {
  return new Promise((resolve) => {
    const args = ['jest', '--ci', '--selectProjects', ...projects, ...extra];
    const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const prefix = `[${name}] `;
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ])
      readline.createInterface({ input: stream }).on('line', (line) => out.write(`${prefix}${line}\n`));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0) }));
  });
}

const started = Date.now();
const results = await Promise.all(GROUPS.map(run));
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
for (const r of results)
  process.stderr.write(`jest ${r.name}: ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}\n`);
process.stderr.write(`jest groups finished in ${minutes} min\n`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
