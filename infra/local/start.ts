/**
 * `npm start`: the whole portal locally, zero configuration. Starts the emulators and gateways,
 * seeds a demo administrator (only if missing), prints every URL and stops cleanly on Ctrl-C.
 * The SPA is the production build (web/dist, rebuilt first when older than its sources), as people get it;
 * `npm run dev` (`--dev`) serves the sources through Vite with hot reload instead.
 */
import { startLocalStack, type LocalStack } from './stack';
import { LocalStackError, repoRoot } from './util';
import { buildWeb, webBuildState } from '../web-build';

const DEMO_EMAIL = process.env.PORTAL_DEMO_EMAIL ?? 'admin@example.com';
const DEMO_PASSWORD = process.env.PORTAL_DEMO_PASSWORD ?? 'Portal-demo-2026!';
const DEMO_COMPANY = process.env.PORTAL_DEMO_COMPANY ?? 'Demo Company';

function fail(e: unknown): never {
  const msg =
    e instanceof LocalStackError ? e.message : `the local stack failed: ${(e as Error)?.message ?? String(e)}`;
  console.error(`\n✖ ${msg.split('\n')[0]}`);
  process.exit(1);
}

async function seedDemo(stack: LocalStack): Promise<'created' | 'exists'> {
  try {
    // Not enrolled in TOTP: the first sign-in leads the person through the authenticator set-up (README).
    await stack.createUser(DEMO_EMAIL, DEMO_PASSWORD, ['admin', 'employee'], { totp: false });
    return 'created';
  } catch (e) {
    if ((e as Error).name === 'UsernameExistsException') return 'exists';
    throw e;
  }
}

async function main() {
  let root: string;
  try {
    root = repoRoot();
  } catch (e) {
    fail(e);
  }
  const envWeb = process.env.PORTAL_WEB;
  const web = process.argv.includes('--dev')
    ? 'dev'
    : envWeb === 'dist' || envWeb === 'dev' || envWeb === 'none'
      ? envWeb
      : 'dist';
  if (web === 'dist') {
    const { reason } = webBuildState(root);
    if (reason) {
      console.log(`Building the SPA (${reason}) ...`);
      try {
        const ms = await buildWeb(root);
        console.log(`Built web/dist in ${(ms / 1000).toFixed(1)} s.`);
      } catch (e) {
        console.error(`\n✖ the SPA does not build: ${(e as Error).message.split('\n')[0]}`);
        console.error('  `npm run dev` serves the sources through Vite instead, with the error in the page.');
        process.exit(1);
      }
    }
  }
  console.log(`Starting the portal's local stack (web: ${web === 'dist' ? 'production build' : web}) ...`);

  let stack: LocalStack | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack ...`);
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    try {
      await stack?.stop();
    } finally {
      console.log('stopped.');
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    stack = await startLocalStack({ web, quiet: true });
  } catch (e) {
    fail(e);
  }
  if (stopping) return;
  let demo: string;
  try {
    demo = (await seedDemo(stack)) === 'created' ? 'created' : 'already there';
    // The demo is a complete portal: its record (owned by the demo admin) exists, as after registration.
    // Imported here: the registration code reads the stack's environment when it loads.
    const { ensurePortal } = await import('../../functions/registration/portal-creation');
    const portal = await ensurePortal({
      email: DEMO_EMAIL,
      companyName: DEMO_COMPANY,
      portalName: 'demo',
      firstName: 'Demo',
      lastName: 'Admin',
    });
    demo += portal === 'created' ? '; portal "demo" created' : '';
  } catch (e) {
    demo = `could not be created (${(e as Error).message})`;
  }

  const u = stack.urls;
  const rows: [string, string][] = [
    ['Portal (SPA)', u.portal],
    ['HTTP API', u.api],
    ['WebSocket', u.ws],
    ['Mail viewer (SES)', u.mail],
    ['DynamoDB Local', u.dynamodb],
    ['S3 (s3rver)', `${u.s3}  bucket ${stack.bucket}`],
    ['Cognito (cognito-local)', `${u.cognito}  pool ${stack.userPool.id}, client ${stack.userPool.clientId}`],
    ...Object.entries(u.functionUrls).map(([feature, url]): [string, string] => [`Function URL (${feature})`, url]),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log('');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
  console.log('');
  console.log(`  Demo login: ${DEMO_EMAIL} / ${DEMO_PASSWORD}  (${demo})`);
  console.log('  Administration needs an authenticator app code (TOTP): the first sign-in offers to set one up.');
  console.log(`  Data: ${stack.dataDir}`);
  const t = Object.entries(stack.timings)
    .filter(([k]) => k !== 'total')
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(', ');
  console.log(`\n  Ready in ${(stack.startupMs / 1000).toFixed(1)} s (${t}). Ctrl-C stops everything.\n`);
}

process.on('uncaughtException', (e) => {
  console.error(`[local-stack] uncaught: ${e.message}`);
});
process.on('unhandledRejection', (e) => {
  console.error(`[local-stack] unhandled rejection: ${(e as Error)?.message ?? String(e)}`);
});

void main();
