/**
 * "My tasks" at scale: 5,000 tasks in the table, 200 of them mine (I am responsible), the first page
 * (50) of GET /tasks?role=responsible through the local gateway (JWT, middy chain, one GSI1 Query, a signed
 * cursor, JSON) against the raw GSI1 Query it makes, in the same run on the same emulator. Prints the
 * DynamoDB calls per page (x-ddb-calls), p50/p99 of both and the ratio (target: 1 Query per page, p50
 * within 1.5×), and walks every page of my 200 to show each costs one call.
 * Run: npm run bench:tasks   (N=500 to change the sample count)
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { TaskItem } from '../../functions/tasks/task-entity';
import type { TaskStatus } from '../../shared/tasks/contract';
import { gatewayClient, ms, sideBySide, summary, withBenchStack } from './support';

const N = Number(process.env.N ?? 300);
const WARMUP = 50;
const TOTAL = 5_000;
const MINE = 200;
const PAGE = 50;

await withBenchStack(async (stack) => {
  // The entities read TABLE_NAME when they are built: import them once the stack has set it.
  const { roleRow } = await import('../../functions/tasks/role-entity');
  const { byRolePk, roleRefs, taskRow } = await import('../../functions/tasks/task-entity');
  const email = `bench-${Date.now()}@example.com`;
  const { sub } = await stack.createUser(email, 'Bench-password-2026!', ['employee']);
  const { idToken } = await stack.signIn(email, 'Bench-password-2026!');
  const headers = { authorization: `Bearer ${idToken}` };
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );

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
  await stack.streamLag(true);
  const started = Date.now();
  for (let i = 0; i < rows.length; i += 25) {
    let req: Record<string, unknown>[] | undefined = rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (req?.length) {
      const r = await doc.send(new BatchWriteCommand({ RequestItems: { [stack.tableName]: req as never } }));
      req = r.UnprocessedItems?.[stack.tableName] as Record<string, unknown>[] | undefined;
    }
  }
  console.log(
    `seeded ${TOTAL} tasks (${rows.length} items, ${MINE} mine) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // The seeding's stream consequences (assignment notifications for 5,000 tasks) run in this process:
  // measured while they churn, the figures would be those of the consumers, not of the list route.
  const drained = Date.now();
  await stack.streamsIdle(900_000);
  const lag = await stack.streamLag(true);
  console.log(
    `stream consumers drained the seeding's ${rows.length} records in ${((Date.now() - drained) / 1000).toFixed(1)} s after the last write (${((Date.now() - started) / 1000).toFixed(1)} s after the first)`,
  );
  // From the poller reading a record (≤ one 250 ms poll after its write) to the end of its consumer's invocation.
  console.log(
    `stream-to-consumer lag over ${lag.count} routed records: p50 ${ms(lag.p50)}, p99 ${ms(lag.p99)}, max ${ms(lag.max)}`,
  );

  let calls = '?';
  const get = gatewayClient(stack.urls.api, headers);
  const page = async (cursor?: string) => {
    const r = await get(
      `/tasks?role=responsible&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (r.status !== 200) throw new Error(`GET /tasks answered ${r.status}: ${r.body}`);
    calls = (r.headers['x-ddb-calls'] as string | undefined) ?? calls;
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
  console.log(
    `my open tasks: ${seen} in ${perPage.length} pages of ≤${PAGE}; DynamoDB calls per page: ${perPage.join(', ')}`,
  );

  const [apiTimes, rawTimes] = await sideBySide(N, WARMUP, async () => void (await page()), raw);
  const a = summary(apiTimes);
  const b = summary(rawTimes);
  console.log(`samples: ${apiTimes.length} each (after ${WARMUP} warm-up), Node ${process.version}`);
  console.log(
    `GET /tasks (page of ${PAGE}) via gateway  p50 ${ms(a.p50)}  p99 ${ms(a.p99)}  mean ${ms(a.mean)}  DynamoDB calls/page: ${calls}`,
  );
  console.log(`raw GSI1 Query (same page)          p50 ${ms(b.p50)}  p99 ${ms(b.p99)}  mean ${ms(b.mean)}`);
  console.log(
    `ratio                               p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x  (target p50 ≤ 1.5x)`,
  );
});
