/**
 * What the benchmark scripts share: a throw-away local stack (in-memory DynamoDB Local, free ports, no SPA),
 * percentiles, a sample timer, interleaved side-by-side runs, and an HTTP client of the same kind as the
 * SDK's (node:http on a keep-alive agent) so both sides of a comparison pay the same client cost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/stack';

export const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summary(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: xs.length,
    p50: pct(s, 50),
    p99: pct(s, 99),
    max: s.at(-1) ?? NaN,
    mean: xs.reduce((a, b) => a + b, 0) / (xs.length || 1),
  };
}

export const ms = (x: number): string => `${x.toFixed(2)} ms`;
export const sleep = (n: number): Promise<void> => new Promise((r) => setTimeout(r, n));

/** Milliseconds of each of `n` sequential calls. */
export async function time(n: number, fn: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

/** Both sides warmed up, then measured in 10 alternating blocks so drift on the machine hits them alike. */
export async function sideBySide(
  n: number,
  warmup: number,
  a: () => Promise<void>,
  b: () => Promise<void>,
): Promise<[number[], number[]]> {
  await time(warmup, a);
  await time(warmup, b);
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < 10; i++) {
    as.push(...(await time(Math.ceil(n / 10), a)));
    bs.push(...(await time(Math.ceil(n / 10), b)));
  }
  return [as, bs];
}

/** Runs `body` against a fresh local stack on free ports with an in-memory table; always stops it. */
export async function withBenchStack<T>(
  body: (stack: LocalStack) => Promise<T>,
  opts: Partial<LocalStackOptions> = {},
): Promise<T> {
  process.env.PORTAL_COUNT_DDB_CALLS = '1';
  process.env.LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  const zero = { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 };
  const stack = await startLocalStack({ ports: zero, inMemoryDb: true, dataDir, web: 'none', quiet: true, ...opts });
  try {
    return await body(stack);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Requests to the local gateway over node:http with a keep-alive agent — the same kind of client as the
 * SDK's handler for the raw side (fetch/undici costs ~1.5 ms more per request here: the harness's cost).
 */
export function gatewayClient(baseUrl: string, headers: Record<string, string> = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const base = new URL(baseUrl);
  return (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method: init.method ?? 'GET',
          agent,
          headers: {
            ...headers,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
              : {}),
            ...init.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}
