/**
 * "My tasks" at scale: 5,000 tasks in the table, 200 of them mine (I am responsible), the first page
 * (50) of GET /tasks?role=responsible through the local gateway (JWT, middy chain, one GSI1 Query, a signed
 * cursor, JSON) against the raw GSI1 Query it makes, in the same run on the same emulator. Prints the
 * DynamoDB calls per page (x-ddb-calls), p50/p99 of both and the ratio (target: 1 Query per page, p50
 * within 1.5×), and walks every page of my 200 to show each costs one call.
 * Run: npm run bench:tasks   (N=500 to change the sample count)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { startLocalStack } from '../../infra/local/stack';
import { byRolePk, roleRefs, roleRow, taskRow, type TaskItem } from '../../functions/tasks/task-entity';
import type { TaskStatus } from '../../shared/tasks/contract';

const N = Number(process.env.N ?? 300);
const WARMUP = 50;
const TOTAL = 5_000;
const MINE = 200;
const PAGE = 50;

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
const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-tasks-'));
const zero = { portal: 0, api: 0, ws: 0, dynamodb: 0, s3: 0, cognito: 0, ses: 0 };
const stack = await startLocalStack({ ports: zero, inMemoryDb: true, dataDir, web: 'none', quiet: true });
try {
  const email = `bench-${Date.now()}@example.com`;
  const { sub } = await stack.createUser(email, 'Bench-password-2026!', ['employee']);
  const { idToken } = await stack.signIn(email, 'Bench-password-2026!');
  const headers = { authorization: `Bearer ${idToken}` };
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', endpoint: stack.urls.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));

  // Seed: every task with its role rows, exactly as the API writes them (same row builders).
  const statuses: TaskStatus[] = ['pending', 'in_progress', 'awaiting_control', 'deferred', 'completed'];
  const people = Array.from({ length: 50 }, (_, i) => `bench-user-${i}`);
  const rows: Record<string, unknown>[] = [];
  const now = new Date().toISOString();
  for (let i = 0; i < TOTAL; i++) {
    const mine = i < MINE;
    const t: TaskItem = {
      taskId: ulid(),
      title: `Task ${i}`,
      description: '',
      creatorId: people[i % people.length]!,
      responsibleId: mine ? sub : people[(i + 1) % people.length]!,
      participantIds: [people[(i + 2) % people.length]!],
      observerIds: [],
      ...(i % 3 ? { deadline: new Date(Date.now() + (i - 2500) * 3_600_000).toISOString() } : {}),
      highPriority: i % 7 === 0,
      tags: [],
      checklist: [],
      requireApproval: false,
      requireResult: false,
      // Mine: all open (so "open" pages walk all 200).
      status: mine ? statuses[i % 4]! : statuses[i % 5]!,
      timeSpentSeconds: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastActorId: people[0]!,
    };
    rows.push(taskRow(t), ...roleRefs(t).map((r) => roleRow(t, r)));
  }
  const started = Date.now();
  for (let i = 0; i < rows.length; i += 25) {
    let req: Record<string, unknown>[] | undefined = rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (req?.length) {
      const r = await doc.send(new BatchWriteCommand({ RequestItems: { [stack.tableName]: req as never } }));
      req = r.UnprocessedItems?.[stack.tableName] as Record<string, unknown>[] | undefined;
    }
  }
  console.log(`seeded ${TOTAL} tasks (${rows.length} items, ${MINE} mine) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The seeding's stream consequences (assignment notifications for 5,000 tasks) run in this process:
  // measured while they churn, the figures would be those of the consumers, not of the list route.
  const drained = Date.now();
  await stack.streamsIdle(900_000);
  console.log(`stream consumers drained the seeding's ${rows.length} records in ${((Date.now() - drained) / 1000).toFixed(1)} s`);

  let calls = '?';
  // The same kind of client on both sides: node:http on a keep-alive agent, as the SDK's own handler
  // uses for the raw Query (fetch/undici costs ~1.5 ms more per request on this machine: the harness's
  // cost, not the portal's).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const api = new URL(stack.urls.api);
  const get = (path: string) =>
    new Promise<{ status: number; calls: string | undefined; body: string }>((resolve, reject) => {
      const req = http.request({ host: api.hostname, port: api.port, path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, calls: res.headers['x-ddb-calls'] as string | undefined, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const page = async (cursor?: string) => {
    const r = await get(`/tasks?role=responsible&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (r.status !== 200) throw new Error(`GET /tasks answered ${r.status}: ${r.body}`);
    calls = r.calls ?? calls;
    return JSON.parse(r.body) as { items: unknown[]; cursor: string | null };
  };
  const raw = async () =>
    void (await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :end',
        ExpressionAttributeValues: { ':pk': byRolePk(sub, 'responsible'), ':end': '5' },
        Limit: PAGE,
      }),
    ));

  // Walk every page of mine: items and calls per page.
  const perPage: string[] = [];
  let seen = 0;
  let cursor: string | null | undefined;
  do {
    const p = await page(cursor ?? undefined);
    seen += p.items.length;
    perPage.push(calls);
    cursor = p.cursor;
  } while (cursor);
  console.log(`my open tasks: ${seen} in ${perPage.length} pages of ≤${PAGE}; DynamoDB calls per page: ${perPage.join(', ')}`);

  const apiCall = async () => void (await page());
  await time(WARMUP, apiCall);
  await time(WARMUP, raw);
  const apiTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let b = 0; b < 10; b++) {
    apiTimes.push(...(await time(Math.ceil(N / 10), apiCall)));
    rawTimes.push(...(await time(Math.ceil(N / 10), raw)));
  }
  const a = summary(apiTimes);
  const b = summary(rawTimes);
  const f = (x: number) => `${x.toFixed(2)} ms`;
  console.log(`samples: ${apiTimes.length} each (after ${WARMUP} warm-up), Node ${process.version}`);
  console.log(`GET /tasks (page of ${PAGE}) via gateway  p50 ${f(a.p50)}  p99 ${f(a.p99)}  mean ${f(a.mean)}  DynamoDB calls/page: ${calls}`);
  console.log(`raw GSI1 Query (same page)          p50 ${f(b.p50)}  p99 ${f(b.p99)}  mean ${f(b.mean)}`);
  console.log(`ratio                               p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x  (target p50 ≤ 1.5x)`);
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
