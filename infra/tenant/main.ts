/** Entry point of `npm run tenant` (the commands are in ./cli.ts, importable by tests). */
import { runTenantCli, terminalAsk } from './cli';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

void runTenantCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  ask: terminalAsk(),
}).then((code) => process.exit(code));
