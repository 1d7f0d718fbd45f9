/**
 * What the portal's API layer costs on top of the data it serves: p50/p99 of `GET /me` through the
 * local gateway (JWT verification, event building, the middy chain, one GetItem, JSON) against a raw
 * DynamoDB GetItem of the same item, in one run on the same emulator. Prints both and the ratio, plus
 * the DynamoDB calls the route made.  Run: npm run bench:api  (N=2000 to change the sample count)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalStack } from '../../infra/local/stack';

const N = Number(process.env.N ?? 1000);
const WARMUP = 100;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 50), p99: pct(s, 99), mean: xs.reduce((a, b) => a + b, 0) / xs.length };
};
async function time(n: number, fn: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

process.env.PORTAL_COUNT_DDB_CALLS = '1';
const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
const zero = { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 };
const stack = await startLocalStack({ ports: zero, inMemoryDb: true, dataDir, web: 'none', quiet: true });
try {
  const email = `bench-${Date.now()}@example.com`;
  const { sub } = await stack.createUser(email, 'Bench-password-2026!', ['employee']);
  const { idToken } = await stack.signIn(email, 'Bench-password-2026!');
  const headers = { authorization: `Bearer ${idToken}` };
  // Store preferences so GET /me reads a real item.
  const saved = await fetch(`${stack.urls.api}/me/preferences`, {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ language: 'ro', timeZone: 'Europe/Bucharest', version: 0 }),
  });
  if (saved.status !== 200) throw new Error(`PATCH /me/preferences answered ${saved.status}`);

  const ddb = new DynamoDBClient({ region: 'us-east-1', endpoint: stack.urls.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const get = () => ddb.send(new GetItemCommand({ TableName: stack.tableName, Key: { PK: { S: `USER#${sub}` }, SK: { S: 'PREFERENCES' } } }));
  let calls = '?';
  const me = async () => {
    const r = await fetch(`${stack.urls.api}/me`, { headers });
    if (r.status !== 200) throw new Error(`GET /me answered ${r.status}`);
    calls = r.headers.get('x-ddb-calls') ?? calls;
    await r.arrayBuffer();
  };
  const raw = async () => void (await get());

  await time(WARMUP, me);
  await time(WARMUP, raw);
  // Interleave in blocks so drift on the machine hits both sides alike.
  const meTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let b = 0; b < 10; b++) {
    meTimes.push(...(await time(N / 10, me)));
    rawTimes.push(...(await time(N / 10, raw)));
  }
  const a = summary(meTimes);
  const b = summary(rawTimes);
  const f = (x: number) => `${x.toFixed(2)} ms`;
  console.log(`samples: ${N} each (after ${WARMUP} warm-up), Node ${process.version}`);
  console.log(`GET /me via local gateway   p50 ${f(a.p50)}  p99 ${f(a.p99)}  mean ${f(a.mean)}  DynamoDB calls/request: ${calls}`);
  console.log(`raw GetItem (same item)     p50 ${f(b.p50)}  p99 ${f(b.p99)}  mean ${f(b.mean)}`);
  console.log(`ratio                       p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x  (overhead p50 ${f(a.p50 - b.p50)})`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
