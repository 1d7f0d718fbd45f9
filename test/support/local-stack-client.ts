/**
 * Helpers for tests against a running local stack (integration: started by globalSetup; e2e may use
 * them too): the connection info, HTTP calls through the gateway, fresh users per role, and a
 * WebSocket client that awaits frames.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { connectLocalStack, type LocalStackInfo, type RemoteLocalStack } from '../../infra/local/control';
import type { Role } from '../../shared/auth/roles';
import { INFO_ENV } from './stack-info-env';

let cached: RemoteLocalStack | undefined;

/** This project's running stack (see ./test-stack.ts: PORTAL_TEST_STACK names the project, default integration). */
export function itStack(): RemoteLocalStack {
  if (cached) return cached;
  const kind = process.env.PORTAL_TEST_STACK === 'e2e' ? 'e2e' : 'integration';
  const file = process.env[INFO_ENV[kind]];
  if (!file)
    throw new Error(`no local stack: ${INFO_ENV[kind]} is not set (run through \`jest --selectProjects ${kind}\`)`);
  cached = connectLocalStack(JSON.parse(readFileSync(file, 'utf8')) as LocalStackInfo);
  return cached;
}

export interface ApiResponse<T = unknown> {
  status: number;
  json: T;
  text: string;
  headers: Headers;
}

export interface ApiOptions {
  method?: string;
  token?: string;
  /** Sent as JSON (content-type application/json unless headers say otherwise). */
  body?: unknown;
  /** Sent as is. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** A request through the local HTTP gateway. */
export async function api<T = any>(path: string, opts: ApiOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  const r = await fetch(`${itStack().urls.api}${path}`, {
    method: opts.method ?? (body !== undefined ? 'POST' : 'GET'),
    headers,
    body: body as BodyInit | undefined,
  });
  const text = await r.text();
  const json = (() => {
    try {
      return text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      return undefined;
    }
  })();
  return { status: r.status, json: json as T, text, headers: r.headers };
}

export interface TestUser {
  email: string;
  password: string;
  sub: string;
  token: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * A new, confirmed user in the given group (or none), signed in. Admins get TOTP and sign in with a code (so their
 * token opens admin routes) unless `totp: false` (see infra/local/local-mfa.ts).
 */
export async function signUpUser(role: Role | null = 'employee', options?: { totp?: boolean }): Promise<TestUser> {
  const stack = itStack();
  const email = `it-${role ?? 'nogroup'}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `It-${randomUUID()}!`;
  const { sub } = await stack.createUser(email, password, role ? [role] : [], options);
  const t = await stack.signIn(email, password);
  return { email, password, sub, token: t.idToken, accessToken: t.accessToken, refreshToken: t.refreshToken };
}

export interface WsClient {
  socket: WebSocket;
  /** Every frame received so far (parsed JSON when possible). */
  frames: unknown[];
  /** The first frame (already received or arriving within timeoutMs) matching `predicate`; consumed. */
  next<T = any>(predicate?: (frame: any) => boolean, timeoutMs?: number): Promise<T>;
  send(data: unknown): void;
  close(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a WebSocket to the gateway (`?token=` when given); rejects with the HTTP status if refused. */
export function wsConnect(token?: string, opts: { query?: Record<string, string> } = {}): Promise<WsClient> {
  const url = new URL(itStack().urls.ws);
  if (token) url.searchParams.set('token', token);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const socket = new WebSocket(url);
  const frames: unknown[] = [];
  const waiters: { predicate: (f: any) => boolean; resolve: (f: any) => void }[] = [];
  socket.on('message', (data) => {
    const text = data.toString();
    let frame: unknown = text;
    try {
      frame = JSON.parse(text);
    } catch {
      /* keep the text */
    }
    const w = waiters.find((x) => x.predicate(frame));
    if (w) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    } else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`WebSocket refused with ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      socket.terminate();
    });
    socket.once('error', (e) => reject(e));
    socket.once('open', () =>
      resolve({
        socket,
        frames,
        next(predicate = () => true, timeoutMs = 5000) {
          const i = frames.findIndex(predicate);
          if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0] as any);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => {
              const j = waiters.indexOf(w);
              if (j >= 0) {
                waiters.splice(j, 1);
                rej(
                  new Error(
                    `no matching WebSocket frame within ${timeoutMs} ms (got ${JSON.stringify(frames).slice(0, 300)})`,
                  ),
                );
              }
            }, timeoutMs);
            const w = {
              predicate,
              resolve: (f: unknown) => {
                clearTimeout(timer);
                res(f as any);
              },
            };
            waiters.push(w);
          });
        },
        send(data) {
          socket.send(typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data));
        },
        async close() {
          if (socket.readyState === WebSocket.CLOSED) return;
          socket.close();
          await closed;
        },
        closed,
      }),
    );
  });
}
