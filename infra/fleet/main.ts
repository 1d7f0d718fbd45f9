/** Entry point of `npm run fleet` (the logic is in cli.ts, which tests call directly). */
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
});
