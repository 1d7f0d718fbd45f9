/** Entry point of `npm run fleet` (the logic is in cli.ts, which tests call directly). */
import { buildWeb, webBuildState } from '../web-build';
import { runCli } from './cli';

const interrupted = new AbortController();
// ^C reaches the running cdk processes from the terminal; the fleet only stops starting new ones.
process.once('SIGINT', () => {
  console.error('fleet: interrupted — no further tenants will start; waiting for the running ones');
  interrupted.abort();
});

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
  cwd: process.cwd(),
  signal: interrupted.signal,
  // infra/app.ts rebuilds a stale web/dist on every synth; N tenants in parallel would each start Vite into the
  // same folder. Built once here, every tenant's app finds it up to date.
  beforeTenants: async (root, out) => {
    const { reason } = webBuildState(root);
    if (!reason) return;
    out(`fleet: building the SPA once for all tenants (${reason}) …`);
    out(`fleet: SPA built in ${((await buildWeb(root)) / 1000).toFixed(1)} s`);
  },
});
