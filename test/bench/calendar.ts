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
import type { EventItem } from '../../shared/calendar/event-entity';
import {
  checkTiming,
  expand,
  firstInstance,
  lastEndUtc,
  localToUtc,
  type Timing,
} from '../../shared/calendar/recurrence';
import { gatewayClient, ms, sideBySide, summary, time, withBenchStack } from './support';

const N = Number(process.env.N ?? 200);
const WARMUP = 20;
const TOTAL = 5_000;
const RECURRING = 200;
const CALENDARS = 10;
const TZ = 'Europe/Bucharest';
const FROM = localToUtc('2026-02-23T00:00', TZ);
const TO = localToUtc('2026-04-06T00:00', TZ);

/** A deterministic pseudo-random sequence (the same data on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}
const pad = (n: number) => String(n).padStart(2, '0');
const localOf = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** The i-th recurring timing: a start in the year before the month (or in it), a rule of the mix. */
function recurringTiming(i: number, rnd: () => number): Timing {
  const day = Date.UTC(2025, 3, 1) + Math.floor(rnd() * 360) * 86_400_000;
  const hour = 8 + Math.floor(rnd() * 9);
  const startMs = day + hour * 3_600_000 + (rnd() < 0.5 ? 0 : 30 * 60_000);
  const start = localOf(startMs);
  const end = localOf(startMs + (rnd() < 0.7 ? 60 : 30) * 60_000);
  const dow = new Date(startMs).getUTCDay();
  const weekday = WEEKDAYS[dow]!;
  const twoDays = `${weekday},${WEEKDAYS[(dow + 2) % 7]!}`;
  const kind = i % 10;
  const rrule =
    kind < 5
      ? // weekly on its day, sometimes with a second day, some ended by COUNT
        `FREQ=WEEKLY;BYDAY=${kind === 1 ? twoDays : weekday}${kind === 4 ? ';COUNT=20' : ''}${kind === 3 ? ';INTERVAL=2' : ''}`
      : kind < 7
        ? // on weekdays (only when it starts on one)
          ['SA', 'SU'].includes(weekday)
          ? 'FREQ=DAILY;COUNT=30'
          : 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'
        : kind < 9
          ? `FREQ=DAILY${kind === 8 ? ';COUNT=60' : ''}`
          : `FREQ=MONTHLY;BYMONTHDAY=${new Date(startMs).getUTCDate()}`;
  const exdates = kind === 0 ? [localOf(startMs + 7 * 86_400_000)] : [];
  return { start, end, timeZone: TZ, allDay: false, rrule, exdates };
}

/** The i-th single event: timed (90 %) or all-day, anywhere from June 2025 to December 2026. */
function singleTiming(rnd: () => number): Timing {
  const day = Date.UTC(2025, 5, 1) + Math.floor(rnd() * 580) * 86_400_000;
  if (rnd() < 0.1) {
    const d = new Date(day);
    const start = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    return { start, end: localOf(day + 86_400_000).slice(0, 10), timeZone: TZ, allDay: true };
  }
  const startMs = day + (8 + Math.floor(rnd() * 10)) * 3_600_000;
  return { start: localOf(startMs), end: localOf(startMs + 45 * 60_000), timeZone: TZ, allDay: false };
}

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
  const rnd = random(14);
  for (let i = 0; i < TOTAL; i++) {
    const t = i < RECURRING ? recurringTiming(i, rnd) : singleTiming(rnd);
    checkTiming(t);
    const first = firstInstance(t);
    const e: EventItem = {
      eventId: ulid(),
      calendarId: calendarIds[i % CALENDARS]!,
      title: `Event ${i}`,
      ...(i % 4 === 0 ? { place: `Room ${i % 12}` } : {}),
      start: t.start,
      end: t.end,
      timeZone: t.timeZone,
      allDay: t.allDay,
      firstStartUtc: first.startUtc,
      firstEndUtc: first.endUtc,
      lastEndUtc: lastEndUtc(t),
      availability: i % 9 === 0 ? 'tentative' : 'busy',
      private: i % 13 === 0,
      reminders: [15],
      ...(t.rrule ? { rrule: t.rrule } : {}),
      exdates: t.exdates ?? [],
      organizerId: sub,
      organizerName: 'Bench Person',
      users: [],
      departments: [],
      guests: [],
      attachments: [],
      sequence: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastActorId: sub,
    };
    rows.push(eventRow(e));
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
    `seeded ${TOTAL} events (${RECURRING} recurring) over ${CALENDARS} calendars in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  // The seeding's stream consequences run in this process: measured while they churn, the figures would be theirs.
  const drained = Date.now();
  await stack.streamsIdle(900_000);
  console.log(`stream consumers drained the seeding in ${((Date.now() - drained) / 1000).toFixed(1)} s`);

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
  const occurrences = last?.occurrences ?? [];
  console.log(
    `month view ${FROM} → ${TO}: ${occurrences.length} occurrences (${occurrences.filter((o) => o.recurring).length} of series) from ${rawItems} stored events the raw Queries return`,
  );

  const [apiTimes, rawTimes] = await sideBySide(N, WARMUP, month, raw);
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
