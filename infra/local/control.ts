/**
 * A LocalStack that lives in another process (see ./spawn.ts and ./serve.ts): its connection info is
 * plain JSON, and the operations that need the stack itself (users, sign-in, streams, schedules)
 * go over a small control HTTP endpoint on 127.0.0.1 that only the test/e2e harness uses.
 */
import type { DeadLetter } from './lambda-invoke-api';
import type { LocalStack, LocalStackUrls, Tokens } from './stack';

/** Everything a test worker needs to reach a running stack; JSON-serialisable. */
export interface LocalStackInfo {
  urls: LocalStackUrls;
  env: Record<string, string>;
  userPool: { id: string; clientId: string };
  bucket: string;
  tableName: string;
  dataDir: string;
  startupMs: number;
  timings: Record<string, number>;
  /** The control endpoint (POST /create-user, /sign-in, /totp-code, /enrol-totp, /streams-idle, /run-schedule, /dead-letters, /stream-lag). */
  controlUrl: string;
  pid: number;
}

async function post<T>(controlUrl: string, op: string, body: unknown): Promise<T> {
  const r = await fetch(`${controlUrl}/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (await r.json().catch(() => ({}))) as { error?: string; name?: string } & T;
  if (!r.ok) {
    const e = new Error(data.error ?? `${op} failed with ${r.status}`);
    e.name = data.name ?? 'Error';
    throw e;
  }
  return data;
}

export type RemoteLocalStack = Omit<LocalStack, 'stop'> & { info: LocalStackInfo };

/** The LocalStack operations of a stack running elsewhere, from its info. */
export function connectLocalStack(info: LocalStackInfo): RemoteLocalStack {
  const c = info.controlUrl;
  return {
    info,
    urls: info.urls,
    env: info.env,
    userPool: info.userPool,
    bucket: info.bucket,
    tableName: info.tableName,
    dataDir: info.dataDir,
    startupMs: info.startupMs,
    timings: info.timings,
    createUser: (email, password, groups, options) =>
      post<{ sub: string; totpSecret?: string }>(c, 'create-user', { email, password, groups, options }),
    signIn: (email, password) => post<Tokens>(c, 'sign-in', { email, password }),
    totpCode: (email) => post<{ code: string }>(c, 'totp-code', { email }).then((r) => r.code),
    enrolTotp: (email, password) => post<{ totpSecret: string }>(c, 'enrol-totp', { email, password }),
    streamsIdle: async (timeoutMs) => void (await post(c, 'streams-idle', { timeoutMs })),
    runSchedule: async (feature, name) => void (await post(c, 'run-schedule', { feature, name })),
    deadLetters: (feature) => post<{ letters: DeadLetter[] }>(c, 'dead-letters', { feature }).then((r) => r.letters),
    routedInvocations: (on) =>
      post<{ invocations: { feature: string; payload: unknown }[] }>(c, 'routed-invocations', { on }).then(
        (r) => r.invocations,
      ),
    replayInvocations: async (invocations) => void (await post(c, 'replay-invocations', { invocations })),
    streamLag: (reset) => post<{ count: number; p50: number; p99: number; max: number }>(c, 'stream-lag', { reset }),
  };
}
