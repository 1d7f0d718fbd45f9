/**
 * The local stack: the whole portal on one machine, no AWS account, no Docker.
 *
 * ```ts
 * const stack = await startLocalStack({
 *   ports?: Partial<{ portal; api; ws; dynamodb; s3; cognito; ses }>, // default env PORTAL_PORT=3000, API_PORT=3001,
 *                                   // WS_PORT=3002, DYNAMODB_PORT=8000, S3_PORT=4569, COGNITO_PORT=9229, SES_PORT=8005;
 *                                   // 0 = pick a free port
 *   dataDir?: string,               // default <repo>/.data (dynamodb/, s3/, cognito/, cursor-secret, *.log)
 *   inMemoryDb?: boolean,           // DynamoDB Local in memory (tests)
 *   web?: 'dist' | 'dev' | 'none',  // the SPA on the portal port (default 'none' here; start.ts picks dist/dev)
 *   quiet?: boolean,                // no progress lines; handler logs at WARN
 *   scheduleFirstRunMs?: number | null, // first automatic schedule run after start (default 3000; null = never)
 *   env?: Record<string, string>,   // extra settings for the handlers, e.g. { MESSENGER_DIGEST_MINUTES: '0.05' } (tests)
 * });
 * stack.urls      // { portal, api, ws, wsManagement, dynamodb, s3, cognito, mail } (mail = SES mail viewer)
 * stack.env       // the environment the handlers run with (also set on process.env)
 * stack.userPool  // { id, clientId }
 * stack.bucket; stack.tableName; stack.startupMs
 * await stack.createUser(email, password, ['employee'])   // → { sub }; confirmed, permanent password
 *                                                         //   (admins also get TOTP: → { sub, totpSecret }; see local-mfa.ts)
 * await stack.signIn(email, password)                     // → { idToken, accessToken, refreshToken } (answers the TOTP step)
 * await stack.totpCode(email)                             // → the current code of an enrolled account
 * await stack.streamsIdle()                               // stream poller has delivered everything written so far
 * await stack.runSchedule('health', 'heartbeat')          // runs one schedule now
 * await stack.stop()                                      // everything closed, children killed, ports free
 * ```
 *
 * Handlers run in this process (they read process.env at import, so the stack sets it first); one
 * stack per process. Under Jest prefer `spawnLocalStack` (./spawn.ts), which runs this in a child.
 */
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { VerifierConfig } from '../../shared/auth/jwt';
import {
  LOCAL_BUCKET,
  LOCAL_CLIENT_ID,
  LOCAL_CLIENT_NAME,
  LOCAL_CREDENTIALS,
  LOCAL_GROUPS,
  LOCAL_POOL_ID,
  LOCAL_POOL_NAME,
  LOCAL_REGION,
  LOCAL_TABLE,
  bucketCorsXml,
  cursorSecret,
  ensureGroups,
  ensureTable,
} from './bootstrap';
import { LocalMfa } from './local-mfa';
import { MFA_CLAIM_FUNCTION } from '../constructs/mfa-claim';
import { checkJava, seedCognitoFiles, startCognito, startDynamo, startS3, startSes, type Emulator } from './emulators';
import { createHttpGateway } from './http-gateway';
import { createFunctionUrlGateway } from './function-url-gateway';
import { functionUrlEnv } from '../../shared/manifest/types';
import { LambdaRuntime } from './lambda-runtime';
import { createPortalServer, type PortalConfig, type PortalServer, type WebMode } from './portal-server';
import { Scheduler } from './scheduler';
import { LambdaInvokeApi, type DeadLetter } from './lambda-invoke-api';
import { STREAM_ROUTER, StreamPoller } from './stream-poller';
import { streamRoutes } from '../../shared/events/routing';
import { FEATURES } from '../../functions/manifest';
import { LocalStackError, closeServer, freePort, listen, portInUse, portIsFree, repoRoot } from './util';
import { createWsGateway, type WsGateway } from './ws-gateway';

export type PortName = 'portal' | 'api' | 'ws' | 'dynamodb' | 's3' | 'cognito' | 'ses';

export const PORT_ENV: Record<PortName, { env: string; default: number }> = {
  portal: { env: 'PORTAL_PORT', default: 3000 },
  api: { env: 'API_PORT', default: 3001 },
  ws: { env: 'WS_PORT', default: 3002 },
  dynamodb: { env: 'DYNAMODB_PORT', default: 8000 },
  s3: { env: 'S3_PORT', default: 4569 },
  cognito: { env: 'COGNITO_PORT', default: 9229 },
  ses: { env: 'SES_PORT', default: 8005 },
};

export interface LocalStackOptions {
  ports?: Partial<Record<PortName, number>>;
  dataDir?: string;
  inMemoryDb?: boolean;
  web?: WebMode;
  quiet?: boolean;
  scheduleFirstRunMs?: number | null;
  /** Extra environment for the handlers (settings such as MESSENGER_DIGEST_MINUTES); wins over the defaults. */
  env?: Record<string, string>;
}

export interface LocalStackUrls {
  portal: string;
  api: string;
  ws: string;
  wsManagement: string;
  dynamodb: string;
  s3: string;
  cognito: string;
  /** The SES emulator's page: every e-mail sent. */
  mail: string;
  /** Each manifest `functionUrl` (feature → its address, e.g. calendar-sync's CalDAV), on a free port. */
  functionUrls: Record<string, string>;
}

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

export interface LocalStack {
  urls: LocalStackUrls;
  env: Record<string, string>;
  userPool: { id: string; clientId: string };
  bucket: string;
  tableName: string;
  dataDir: string;
  /** Cold start to ready, measured. */
  startupMs: number;
  /** When each piece was ready, ms after the start (dynamodb, table, s3, cognito, ses, handlers, total). */
  timings: Record<string, number>;
  /** Admins are enrolled in TOTP unless `totp: false` (the API needs the MFA claim on admin routes). */
  createUser(
    email: string,
    password: string,
    groups: string[],
    options?: { totp?: boolean },
  ): Promise<{ sub: string; totpSecret?: string }>;
  signIn(email: string, password: string): Promise<Tokens>;
  /** The current TOTP code of an account `createUser` enrolled (for sign-ins through the page). */
  totpCode(email: string): Promise<string>;
  /** Turns TOTP on for an existing account, as the SPA's set-up page does (e.g. a portal's first admin). */
  enrolTotp(email: string, password: string): Promise<{ totpSecret: string }>;
  /**
   * Resolves once every change written before the call has been routed and every consumer invocation it
   * caused (and the changes those wrote, and so on) has finished.
   */
  streamsIdle(timeoutMs?: number): Promise<void>;
  /** Consumer invocations that failed three times (each feature's dead-letter list). */
  deadLetters(feature?: string): Promise<DeadLetter[]>;
  /**
   * The replay harness: `on` starts keeping every payload the router hands a consumer; `off` stops and
   * returns them. `replay` queues payloads again as asynchronous invocations.
   */
  routedInvocations(on: boolean): Promise<{ feature: string; payload: unknown }[]>;
  replayInvocations(invocations: { feature: string; payload: unknown }[]): Promise<void>;
  /** Stream-to-consumer lag of the routed records since the last reset. */
  streamLag(reset?: boolean): Promise<{ count: number; p50: number; p99: number; max: number }>;
  runSchedule(feature: string, name: string): Promise<void>;
  stop(): Promise<void>;
}

async function resolvePorts(wanted: Partial<Record<PortName, number>>): Promise<Record<PortName, number>> {
  const names = Object.keys(PORT_ENV) as PortName[];
  const out = {} as Record<PortName, number>;
  const chosen = new Set<number>();
  for (const n of names) {
    const { env, default: def } = PORT_ENV[n];
    const fromEnv = process.env[env];
    let p = wanted[n] ?? (fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : def);
    if (!Number.isInteger(p) || p < 0 || p > 65535) throw new LocalStackError(`${env}=${fromEnv} is not a port number`);
    if (p === 0) {
      do p = await freePort();
      while (chosen.has(p));
    } else if (!(await portIsFree(p))) throw portInUse(p, env);
    chosen.add(p);
    out[n] = p;
  }
  return out;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const started = Date.now();
  // The SDK's "2027 releases need Node 22" notice: Lambda runs Node 22, this host is only the local stand-in.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const root = repoRoot();
  const quiet = options.quiet ?? false;
  const say = (line: string) => {
    if (!quiet) console.log(line);
  };
  const warn = (line: string) => console.error(`[local-stack] ${line}`);

  checkJava();
  const dataDir = path.resolve(options.dataDir ?? path.join(root, '.data'));
  mkdirSync(dataDir, { recursive: true });
  const ports = await resolvePorts(options.ports ?? {});

  // Function URLs (manifest `functionUrl`), each on its own free port: their addresses are in the handlers' env.
  const functionUrlFeatures = FEATURES.filter((f) => f.functionUrl).map((f) => f.feature);
  const functionUrlPorts = new Map<string, number>();
  for (const feature of functionUrlFeatures) functionUrlPorts.set(feature, await freePort());
  const host = '127.0.0.1';
  const url = (p: number, scheme = 'http') => `${scheme}://${host}:${p}`;
  const urls: LocalStackUrls = {
    portal: `http://localhost:${ports.portal}`,
    api: url(ports.api),
    ws: url(ports.ws, 'ws'),
    wsManagement: url(ports.ws),
    dynamodb: url(ports.dynamodb),
    s3: url(ports.s3),
    cognito: url(ports.cognito),
    mail: `${url(ports.ses)}/`,
    functionUrls: Object.fromEntries([...functionUrlPorts].map(([feature, port]) => [feature, url(port)])),
  };
  // Lambda's Invoke API for the stream router (internal: a free loopback port, never configured).
  const lambdaPort = await freePort();
  const portalOrigins = [`http://localhost:${ports.portal}`, `http://127.0.0.1:${ports.portal}`];

  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    TENANT: 'local',
    STAGE: 'local',
    TABLE_NAME: LOCAL_TABLE,
    BUCKET_NAME: LOCAL_BUCKET,
    DYNAMODB_ENDPOINT: urls.dynamodb,
    S3_ENDPOINT: urls.s3,
    SES_ENDPOINT: url(ports.ses),
    COGNITO_ENDPOINT: urls.cognito,
    USER_POOL_ID: LOCAL_POOL_ID,
    USER_POOL_CLIENT_ID: LOCAL_CLIENT_ID,
    COGNITO_JWKS_URL: `${urls.cognito}/${LOCAL_POOL_ID}/.well-known/jwks.json`,
    WS_MANAGEMENT_ENDPOINT: urls.wsManagement,
    WS_URL: urls.ws,
    API_URL: urls.api,
    PORTAL_URL: urls.portal,
    MAIL_FROM: 'Portal <no-reply@portal.local>',
    CURSOR_SECRET: cursorSecret(dataDir),
    LOG_LEVEL: process.env.LOG_LEVEL ?? (quiet ? 'WARN' : 'INFO'),
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? (quiet ? 'WARN' : 'INFO'),
    POWERTOOLS_DEV: 'false',
    ...(process.env.PORTAL_COUNT_DDB_CALLS ? { PORTAL_COUNT_DDB_CALLS: process.env.PORTAL_COUNT_DDB_CALLS } : {}),
    // Minutes an unread chat message waits before the offline e-mail digest (`MESSENGER_DIGEST_MINUTES=1 npm start`).
    MESSENGER_DIGEST_MINUTES: process.env.MESSENGER_DIGEST_MINUTES ?? '10',
    // The stream router (functions/stream-router): its routing table from the manifest, as CDK builds it,
    // and the consumers' names on the local Lambda Invoke API.
    LAMBDA_ENDPOINT: url(lambdaPort),
    STREAM_ROUTES: JSON.stringify(streamRoutes(FEATURES)),
    STREAM_TARGETS: JSON.stringify(Object.fromEntries(streamRoutes(FEATURES).map((r) => [r.feature, r.feature]))),
    ...Object.fromEntries(
      Object.entries(urls.functionUrls).map(([feature, address]) => [functionUrlEnv(feature), address]),
    ),
    ...(options.env ?? {}),
  };
  // Handlers read their configuration at import: the environment is set before any is loaded.
  Object.assign(process.env, env);

  const clientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const ddb = new DynamoDBClient({ ...clientConfig, endpoint: urls.dynamodb });
  const cognito = new CognitoIdentityProviderClient({ ...clientConfig, endpoint: urls.cognito });

  const emulators: Emulator[] = [];
  const timings: Record<string, number> = {};
  const servers: http.Server[] = [];
  let ws: WsGateway | undefined;
  let portal: PortalServer | undefined;
  let poller: StreamPoller | undefined;
  let lambdaApi: LambdaInvokeApi | undefined;
  let scheduler: Scheduler | undefined;
  const runtime = new LambdaRuntime(root);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await scheduler?.stop();
    await poller?.stop();
    await lambdaApi?.idle(5000).catch(() => undefined);
    await lambdaApi?.close();
    await ws?.closeAll().catch(() => undefined);
    await portal?.close();
    await Promise.all(servers.map((s) => closeServer(s)));
    await Promise.allSettled(emulators.map((e) => e.stop()));
    ddb.destroy();
    cognito.destroy();
  };

  try {
    const cognitoDir = path.join(dataDir, 'cognito');
    seedCognitoFiles(cognitoDir, {
      poolId: LOCAL_POOL_ID,
      poolName: LOCAL_POOL_NAME,
      clientId: LOCAL_CLIENT_ID,
      clientName: LOCAL_CLIENT_NAME,
      groups: LOCAL_GROUPS,
      // The same trigger as in the cloud puts the MFA claim into tokens (invoked through the local Lambda API).
      preTokenGeneration: { lambdaEndpoint: url(lambdaPort), functionName: MFA_CLAIM_FUNCTION },
    });
    const track = <T extends Emulator>(p: Promise<T>) => p.then((e) => (emulators.push(e), e));
    const timed = <T>(name: string, p: Promise<T>) => p.then((v) => ((timings[name] = Date.now() - started), v));

    // Everything that does not depend on another piece starts at once.
    const dynamoReady = track(
      startDynamo({
        port: ports.dynamodb,
        dir: options.inMemoryDb ? null : path.join(dataDir, 'dynamodb'),
        logFile: path.join(dataDir, 'dynamodb.log'),
      }),
    );
    const tableReady = dynamoReady.then(() => ensureTable(ddb, LOCAL_TABLE));
    const s3Ready = track(
      startS3({
        port: ports.s3,
        dir: path.join(dataDir, 's3'),
        bucket: LOCAL_BUCKET,
        corsXml: bucketCorsXml(portalOrigins),
      }),
    );
    const cognitoReady = track(
      startCognito({ port: ports.cognito, dir: cognitoDir, logFile: path.join(dataDir, 'cognito.log') }),
    ).then(() => ensureGroups(cognito, LOCAL_POOL_ID));
    const sesReady = track(startSes({ port: ports.ses }));
    const handlersReady = Promise.all([runtime.loadAll(), runtime.load(STREAM_ROUTER)]);
    const results = await Promise.allSettled([
      timed('dynamodb', dynamoReady),
      timed('table', tableReady),
      timed('s3', s3Ready),
      timed('cognito', cognitoReady),
      timed('ses', sesReady),
      timed('handlers', handlersReady),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const { streamArn } = await tableReady;

    const verifier: VerifierConfig = {
      userPoolId: LOCAL_POOL_ID,
      clientId: LOCAL_CLIENT_ID,
      jwksUrl: env.COGNITO_JWKS_URL,
    };
    let countCalls: (<T>(fn: () => Promise<T>) => Promise<{ result: T; total: number }>) | undefined;
    if (env.PORTAL_COUNT_DDB_CALLS === '1') {
      const counter = await import('../../shared/data/call-counter');
      const clients = await import('../../shared/data/clients');
      counter.attachCallCounter(clients.dynamo());
      countCalls = counter.countCalls;
    }
    const api = createHttpGateway({
      runtime,
      verifier,
      allowedOrigins: portalOrigins,
      countCalls,
      log: process.env.LOCAL_GATEWAY_LOG === '1' ? say : undefined,
    });
    ws = createWsGateway({ runtime, log: warn });
    portal = await createPortalServer({
      root,
      web: options.web ?? 'none',
      config: {
        apiUrl: urls.api,
        wsUrl: urls.ws,
        region: LOCAL_REGION,
        userPoolId: LOCAL_POOL_ID,
        userPoolClientId: LOCAL_CLIENT_ID,
        cognitoEndpoint: urls.cognito,
        mailViewerUrl: urls.mail,
        tenant: 'local',
        stage: 'local',
      } satisfies PortalConfig,
      origins: { api: urls.api, ws: urls.ws, cognito: urls.cognito, s3: urls.s3 },
      log: warn,
    });
    const functionUrlServers = [...functionUrlPorts].map(([feature, port]) => ({
      feature,
      port,
      server: createFunctionUrlGateway({
        runtime,
        feature,
        log: process.env.LOCAL_GATEWAY_LOG === '1' ? say : undefined,
      }),
    }));
    servers.push(api, ws.server, portal.server, ...functionUrlServers.map((f) => f.server));
    await Promise.all([
      ...functionUrlServers.map((f) => listen(f.server, f.port, `the ${f.feature} function URL port`)),
      listen(api, ports.api, 'API_PORT'),
      listen(ws.server, ports.ws, 'WS_PORT'),
      listen(portal.server, ports.portal, 'PORTAL_PORT'),
    ]);

    lambdaApi = new LambdaInvokeApi({ runtime, dataDir, log: warn });
    await listen(lambdaApi.server, lambdaPort, 'the Lambda Invoke API port');
    poller = new StreamPoller({ endpoint: urls.dynamodb, streamArn, runtime, log: warn });
    await poller.start();
    const speedup = Number(process.env.LOCAL_SCHEDULE_SPEEDUP ?? '1');
    scheduler = new Scheduler({
      runtime,
      speedup: Number.isFinite(speedup) && speedup > 0 ? speedup : 1,
      firstRunMs: options.scheduleFirstRunMs === undefined ? 3000 : options.scheduleFirstRunMs,
      log: warn,
    });
    scheduler.start();
  } catch (e) {
    await stop().catch(() => undefined);
    if (e instanceof LocalStackError) throw e;
    throw new LocalStackError(`the local stack could not start: ${(e as Error).message ?? String(e)}`);
  }

  const startupMs = Date.now() - started;
  timings.total = startupMs;
  say(
    `local stack ready in ${(startupMs / 1000).toFixed(1)} s (${Object.entries(timings)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(', ')})`,
  );

  const mfa = new LocalMfa({
    cognito,
    clientId: LOCAL_CLIENT_ID,
    poolId: LOCAL_POOL_ID,
    cognitoDir: path.join(dataDir, 'cognito'),
  });
  const livePoller = poller;
  const liveLambdaApi = lambdaApi;
  const liveScheduler = scheduler;
  return {
    urls,
    env,
    userPool: { id: LOCAL_POOL_ID, clientId: LOCAL_CLIENT_ID },
    bucket: LOCAL_BUCKET,
    tableName: LOCAL_TABLE,
    dataDir,
    startupMs,
    timings,
    async createUser(email, password, groups, options) {
      const created = await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: LOCAL_POOL_ID,
          Username: email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value ?? created.User?.Username;
      if (!sub) throw new Error('cognito-local returned no sub');
      await cognito.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: LOCAL_POOL_ID,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      );
      for (const g of groups)
        await cognito.send(
          new AdminAddUserToGroupCommand({ UserPoolId: LOCAL_POOL_ID, Username: email, GroupName: g }),
        );
      if (!(options?.totp ?? groups.includes('admin'))) return { sub };
      return { sub, totpSecret: await mfa.enrol(email, password) };
    },
    signIn: (email, password) => mfa.signIn(email, password),
    totpCode: async (email) => mfa.code(email),
    enrolTotp: async (email, password) => ({ totpSecret: await mfa.enrol(email, password) }),
    async streamsIdle(timeoutMs = 15_000) {
      // Consumers write too, and their writes are routed in turn: wait until a full round changes nothing.
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const before = livePoller.deliveredCount + liveLambdaApi.acceptedCount;
        await livePoller.idle(Math.max(1, deadline - Date.now()));
        await liveLambdaApi.idle(Math.max(1, deadline - Date.now()));
        await livePoller.idle(Math.max(1, deadline - Date.now()));
        if (livePoller.deliveredCount + liveLambdaApi.acceptedCount === before) return;
      }
    },
    deadLetters: async (feature) => liveLambdaApi.deadLetters(feature),
    routedInvocations: async (on) => liveLambdaApi.recordInvocations(on),
    async replayInvocations(invocations) {
      for (const i of invocations) liveLambdaApi.enqueue(i.feature, i.payload);
    },
    async streamLag(reset = false) {
      const summary = liveLambdaApi.lag.summary();
      if (reset) liveLambdaApi.lag.reset();
      return summary;
    },
    runSchedule: (feature, name) => liveScheduler.run(feature, name),
    stop,
  };
}
