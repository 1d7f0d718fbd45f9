/**
 * The calendar's month view at scale (issue 14 "npm run bench:calendar"), on a throw-away local stack (in-memory
 * DynamoDB Local; this process runs the gateway, the stream poller and every handler):
 *
 *   ONE person with 5,000 events over 10 calendars (their own `user-…` one and 9 extra ones), 200 of them recurring
 *   (weekly on one or two days, weekdays-daily, daily with COUNT, monthly; some already ended by COUNT/UNTIL, some
 *   with exclusions), the single ones spread over 19 months. Seeded with the calendar's own row builders
 *   (shared/calendar/event-entity.ts eventRow, calendar-entity.ts calendarRow; timings from recurrence.ts) by
 *   BatchWrite.
 *
 *   The month view of March 2026 (42 days, Monday 23 Feb to Monday 6 Apr, across the DST change of 29 March):
 *   GET /calendar/events?from&to&calendarIds=(the 10) through the gateway (JWT, middy chain, one Query per calendar,
 *   recurring events expanded, JSON) against the raw Queries of the same data (the same 10 GSI1 Queries, in parallel,
 *   every page, no expansion), interleaved blocks in the same run. Prints p50/p99 of both, the ratio at p50 (target
 *   ≤ 1.5×) and the DynamoDB calls per request (x-ddb-calls and the answer's `queries`).
 *
 * Prints figures; fails only when the route does not work. Not part of npm test.
 * Run: npm run bench:calendar   (N=200 samples per side by default)
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { COLORS, userCalendarId, type OccurrencePage } from '../../shared/calendar/contract';
import { occurrenceViews } from '../../shared/calendar/occurrence-page';
import { expand, type Timing } from '../../shared/calendar/recurrence';
import { benchEvents, CALENDARS, FROM, RECURRING, TO, TOTAL } from './calendar-data';
import { gatewayClient, ms, sideBySide, summary, time, withBenchStack } from './support';

/** Waits until this process has used under 15 % of a core for 3 s in a row (at most `maxMs`); the ms waited. */
async function cpuQuiet(maxMs: number): Promise<number> {
  const started = Date.now();
  let calm = 0;
  while (calm < 3 && Date.now() - started < maxMs) {
    const before = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const used = process.cpuUsage(before);
    calm = (used.user + used.system) / 1e6 < 0.15 ? calm + 1 : 0;
  }
  return Date.now() - started;
}

async function startProfiler() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (file: string) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

const N = Number(process.env.N ?? 200);
const WARMUP = 20;
await withBenchStack(async (stack) => {
  // The entities read TABLE_NAME when they are built: import them once the stack has set it.
  const { eventRow, calendarPartition, endKeyFrom } = await import('../../shared/calendar/event-entity');
  const { calendarRow } = await import('../../shared/calendar/calendar-entity');
  const email = `bench-${Date.now()}@example.com`;
  const { sub } = await stack.createUser(email, 'Bench-password-2026!', ['employee']);
  const { idToken } = await stack.signIn(email, 'Bench-password-2026!');
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );

  // Seed: 9 extra calendars + the events, exactly as the API writes them (same row builders).
  const now = new Date().toISOString();
  const extra = Array.from({ length: CALENDARS - 1 }, () => ulid());
  const calendarIds = [userCalendarId(sub), ...extra];
  const rows: Record<string, unknown>[] = extra.map((calendarId, i) =>
    calendarRow({
      calendarId,
      kind: 'user',
      ownerId: sub,
      name: `Calendar ${i + 1}`,
      color: COLORS[i % COLORS.length]!,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  for (const e of benchEvents(sub, calendarIds, now)) rows.push(eventRow(e));
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
    `seeded ${TOTAL} events (${RECURRING} recurring) over ${CALENDARS} calendars in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // The seeding's stream consequences run in this process: measured while they churn, the figures would be theirs.
  const drained = Date.now();
  await stack.streamsIdle(900_000);
  console.log(`stream consumers drained the seeding in ${((Date.now() - drained) / 1000).toFixed(1)} s`);
  // A consumer invocation that timed out (and was retried) still runs to its end in this process: wait for quiet.
  const quiet = await cpuQuiet(300_000);
  console.log(`this process quiet (< 15 % of a core for 3 s) after ${(quiet / 1000).toFixed(1)} s more`);

  const get = gatewayClient(stack.urls.api, { authorization: `Bearer ${idToken}` });
  const path = `/calendar/events?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&calendarIds=${calendarIds.join(',')}`;
  let calls = '?';
  let last: OccurrencePage | undefined;
  const month = async () => {
    const r = await get(path);
    if (r.status !== 200) throw new Error(`GET /calendar/events answered ${r.status}: ${r.body.slice(0, 500)}`);
    calls = (r.headers['x-ddb-calls'] as string | undefined) ?? calls;
    last = JSON.parse(r.body) as OccurrencePage;
  };
  let rawItems = 0;
  let stored: Record<string, unknown>[] = [];
  const raw = async () => {
    const perCalendar = await Promise.all(
      calendarIds.map(async (calendarId) => {
        const items: Record<string, unknown>[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const r = await doc.send(
            new QueryCommand({
              TableName: stack.tableName,
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :from',
              FilterExpression: 'firstStartUtc < :to',
              ExpressionAttributeValues: { ':pk': calendarPartition(calendarId), ':from': endKeyFrom(FROM), ':to': TO },
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          items.push(...(r.Items ?? []));
          start = r.LastEvaluatedKey;
        } while (start);
        return items;
      }),
    );
    stored = perCalendar.flat();
    rawItems = stored.length;
  };

  await month();
  await raw();
  const occurrences = last ? occurrenceViews(last) : [];
  console.log(
    `month view ${FROM} → ${TO}: ${occurrences.length} occurrences (${occurrences.filter((o) => o.recurring).length} of series) of ${last?.events.length ?? 0} events, from ${rawItems} stored events the raw Queries return`,
  );

  // CPU_PROFILE=file.cpuprofile: this process's CPU profile of the measured runs (gateway, handler, client, SDK).
  const profiler = process.env.CPU_PROFILE ? await startProfiler() : undefined;
  const [apiTimes, rawTimes] = await sideBySide(N, WARMUP, month, raw);
  if (profiler && process.env.CPU_PROFILE) await profiler.stop(process.env.CPU_PROFILE);
  const a = summary(apiTimes);
  const b = summary(rawTimes);
  console.log(`samples: ${apiTimes.length} each (after ${WARMUP} warm-up), Node ${process.version}`);
  console.log(
    `GET /calendar/events (month, 10 calendars) via gateway  p50 ${ms(a.p50)}  p99 ${ms(a.p99)}  mean ${ms(a.mean)}  DynamoDB calls/request: ${calls} (answer's queries: ${last?.queries ?? '?'})`,
  );
  console.log(
    `raw GSI1 Queries (10 in parallel, same data)           p50 ${ms(b.p50)}  p99 ${ms(b.p99)}  mean ${ms(b.mean)}  calls: ${CALENDARS}`,
  );
  // The part of the difference that is recurrence expansion (shared/calendar/recurrence.ts), in this process.
  const timings = stored.map((e) => e as unknown as Timing);
  const expansion = summary(await time(N, async () => void timings.forEach((t) => expand(t, FROM, TO))));
  console.log(
    `of which: expanding the ${rawItems} stored events (in-process)  p50 ${ms(expansion.p50)}  p99 ${ms(expansion.p99)}`,
  );
  console.log(
    `ratio                                                  p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x  (target p50 ≤ 1.5x)`,
  );
});
