/**
 * CRM at scale (issue 7 "Benchmark"), on a throw-away local stack (in-memory DynamoDB Local, this process runs the
 * gateway, the stream poller and every handler; DynamoDB Local is a child JVM):
 *
 *   1. Import of 50,000 contacts from a generated CSV (test/bench/crm-fixtures.ts: seeded, Romanian names with
 *      diacritics, 20 % two e-mails, RO/foreign phones, 3 % duplicates of earlier rows, 1 % bad rows, `;`), through
 *      the real routes: POST /crm/imports → PUT the presigned URL (streamed from disk) → preview → start → poll
 *      GET /crm/imports/{id} until done. Prints wall time, rows/s, slices, the counts against what the file holds,
 *      peak RSS of this process (the stack: gateway + poller + handlers) and of DynamoDB Local's JVM apart (sampled
 *      every 100 ms), and the DynamoDB write calls (BatchWriteItem / TransactWriteItems / Update / Put / Delete)
 *      and items written per row, counted by an SDK middleware on the handlers' shared DynamoDB client.
 *   2. Duplicate lookup WHILE the import runs: every 50 ms GET /crm/duplicates?type=contact&email={an address of the
 *      file} through the gateway, alternating with the raw Query it makes (PK = CRMDUP#E#{email}, Limit 20):
 *      p50/p99 of both and the ratio.
 *   3. Deals Kanban first page with 10,000 deals (7 stages, 50 salespeople in 5 departments), seeded with the CRM's
 *      own row builders (shared/crm/records.ts recordRows + counterRows) by BatchWrite: GET /crm/deals/board
 *      ?scope=all&pipelineId=default against the raw totals Query + the 7 column Queries in parallel, interleaved
 *      blocks of 20; p50/p99, ratio, DynamoDB calls per request (x-ddb-calls). Then scope=dept:{id} for a head.
 *
 * Prints figures; never fails on a target (it fails only when a route does not work).
 * Run: npm run bench:crm
 *   CRM_BENCH_CONTACTS=5000   rows of the CSV (default 50,000)
 *   CRM_BENCH_DEALS=2000      deals on the board (default 10,000)
 *   CRM_BENCH_PARTS=board     only some parts: import,board (default both)
 *   N=200                     board samples per side (default 200 = 10 blocks of 20)
 */
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { dynamo } from '../../shared/data/clients';
import type { BoardView, DuplicatesView } from '../../shared/crm/contract';
import type { ImportCreated, ImportPreview, JobView } from '../../shared/crm/intake-contract';
import { normEmail } from '../../shared/crm/dedupe';
import { columnKey, counterPk, dupPk, monthOf, type ScopeKey } from '../../shared/crm/keys';
import { DEFAULT_STAGES } from '../../shared/crm/pipeline-entity';
import { counterDeltas, counterRows, recordRows, type CounterDelta, type DealRecord } from '../../shared/crm/records';
import { writeContactsCsv } from './crm-fixtures';
import { gatewayClient, ms, sideBySide, sleep, summary, withBenchStack, type Reply } from './support';

const CONTACTS = Number(process.env.CRM_BENCH_CONTACTS ?? 50_000);
const DEALS = Number(process.env.CRM_BENCH_DEALS ?? 10_000);
const PARTS = new Set((process.env.CRM_BENCH_PARTS ?? 'import,board').split(',').map((s) => s.trim()));
const N = Number(process.env.N ?? 200);
const WARMUP = 30;
const PASSWORD = 'Bench-password-2026!';
const SALESPEOPLE = 50;
const DEPARTMENTS = 5;

const say = (s: string) => console.log(s);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

// ---------------------------------------------------------------- memory sampling (this process + DynamoDB Local's JVM)

const rssKb = (pid: number | 'self'): number => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};
/** Descendants of this process whose command line is DynamoDB Local's JVM. */
function jvmPids(): number[] {
  const parent = new Map<number, number>();
  const cmd = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmd.set(Number(d), readFileSync(`/proc/${d}/cmdline`, 'utf8'));
    } catch {
      /* gone */
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...cmd.entries()].filter(([pid, c]) => /DynamoDBLocal|java/.test(c) && mine(pid)).map(([pid]) => pid);
}
class RssSampler {
  peakSelf = 0;
  peakJvm = 0;
  startSelf = 0;
  startJvm = 0;
  private timer?: NodeJS.Timeout;
  constructor(private readonly jvm: number[]) {}
  private jvmKb = () => this.jvm.reduce((a, p) => a + rssKb(p), 0);
  start() {
    this.startSelf = this.peakSelf = rssKb('self');
    this.startJvm = this.peakJvm = this.jvmKb();
    this.timer = setInterval(() => {
      this.peakSelf = Math.max(this.peakSelf, rssKb('self'));
      this.peakJvm = Math.max(this.peakJvm, this.jvmKb());
    }, 100);
  }
  stop() {
    clearInterval(this.timer);
  }
}

// ---------------------------------------------------------------- DynamoDB calls of every handler (one shared client)

const WRITES = new Set([
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'UpdateItemCommand',
  'PutItemCommand',
  'DeleteItemCommand',
]);
const tally = { on: false, calls: {} as Record<string, number>, items: {} as Record<string, number> };
function countAllCalls(): void {
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      if (tally.on) {
        const name = (context as { commandName?: string }).commandName ?? 'unknown';
        tally.calls[name] = (tally.calls[name] ?? 0) + 1;
        const input = args.input as {
          RequestItems?: Record<string, unknown[]>;
          TransactItems?: Record<string, unknown>[];
        };
        let items = 0;
        if (name === 'BatchWriteItemCommand')
          items = Object.values(input.RequestItems ?? {}).reduce((a, l) => a + l.length, 0);
        else if (name === 'TransactWriteItemsCommand')
          items = (input.TransactItems ?? []).filter((t) => !t.ConditionCheck).length;
        else if (WRITES.has(name)) items = 1;
        if (items) tally.items[name] = (tally.items[name] ?? 0) + items;
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchCrmCallTally' },
  );
}

// ---------------------------------------------------------------- helpers

function must(r: Reply, what: string, ...ok: number[]): unknown {
  if (!ok.includes(r.status)) throw new Error(`${what} answered ${r.status}: ${r.body.slice(0, 500)}`);
  return r.body ? JSON.parse(r.body) : undefined;
}

/** PUT a file (streamed from disk) to a presigned URL. */
function putFile(url: string, file: string, size: number, headers: Record<string, string>): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: 'PUT',
        headers: { ...headers, 'content-length': String(size) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    createReadStream(file).on('error', reject).pipe(req);
  });
}

async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

await withBenchStack(async (stack) => {
  say(
    `Node ${process.version}; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; parts: ${[...PARTS].join(', ')}`,
  );
  countAllCalls();
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const T = stack.tableName;

  const person = async (first: string, last: string, groups: string[]) => {
    const email = `bench-crm-${first.toLowerCase()}-${randomUUID().slice(0, 6)}@example.com`;
    const { sub } = await stack.createUser(email, PASSWORD, groups);
    const { idToken } = await stack.signIn(email, PASSWORD);
    const auth = `Bearer ${idToken}`;
    const client = gatewayClient(stack.urls.api, { authorization: auth });
    must(
      await client('/people/me/profile', { method: 'PATCH', body: { firstName: first, lastName: last, version: 0 } }),
      'naming a person',
      200,
    );
    return { sub, client, auth };
  };
  const admin = await person('Ana', 'Bench', ['employee', 'admin']);
  const api = admin.client;

  // ==================================================================== 1 + 2: import and duplicate lookups
  if (PARTS.has('import')) {
    const dir = mkdtempSync(join(tmpdir(), 'portal-bench-crm-'));
    try {
      const file = join(dir, 'contacts.csv');
      let t = Date.now();
      const fx = await writeContactsCsv(file, { rows: CONTACTS, seed: 7 });
      say(`\n== Import of ${CONTACTS.toLocaleString('en')} contacts`);
      say(
        `CSV: ${(fx.bytes / 1e6).toFixed(2)} MB, written in ${Date.now() - t} ms (streamed); the file holds ${fx.expected.good} good rows, ${fx.expected.duplicates} duplicates of earlier rows, ${fx.expected.bad} bad rows (${fx.expected.twoEmails} with two e-mails, ${fx.expected.foreignPhones} foreign phones)`,
      );

      const created = must(
        await api('/crm/imports', {
          method: 'POST',
          body: { type: 'contact', fileName: 'contacte.csv', size: fx.bytes },
        }),
        'POST /crm/imports',
        201,
      ) as ImportCreated;
      t = Date.now();
      const put = await putFile(created.url, file, fx.bytes, created.headers);
      if (put !== 200) throw new Error(`PUT of the CSV to the presigned URL answered ${put}`);
      say(`upload: ${Date.now() - t} ms`);
      const preview = must(
        await api(`/crm/imports/${created.jobId}/preview`, { method: 'POST' }),
        'preview',
        200,
      ) as ImportPreview;
      const suggested = JSON.stringify(preview.suggestedMapping) === JSON.stringify(fx.mapping);
      say(
        `preview: ${preview.encoding}, delimiter '${preview.delimiter}', ${preview.columns.length} columns; suggested mapping ${suggested ? 'is the expected one' : `differs: ${JSON.stringify(preview.suggestedMapping)}`}`,
      );

      const jvm = jvmPids();
      const rss = new RssSampler(jvm);
      rss.start();
      tally.calls = {};
      tally.items = {};
      tally.on = true;
      const started = Date.now();
      const job0 = must(
        await api(`/crm/imports/${created.jobId}/start`, {
          method: 'POST',
          body: {
            mapping: fx.mapping,
            encoding: 'utf-8',
            delimiter: ';',
            duplicates: 'skip',
            assign: { responsibleId: admin.sub },
          },
        }),
        'start',
        200,
        202,
      ) as JobView;

      // The duplicate lookups run beside the import until it ends.
      let importing = true;
      const apiTimes: number[] = [];
      const rawTimes: number[] = [];
      let hits = 0;
      let lookups = 0;
      let lookupErrors = 0;
      // A second client (own keep-alive sockets), as a salesperson's browser would be beside the import.
      const lookupClient = gatewayClient(stack.urls.api, { authorization: admin.auth });
      const lookup = async () => {
        let k = 0;
        while (importing) {
          const email = fx.sampleEmails[Math.floor(Math.random() * fx.sampleEmails.length)]!;
          const viaApi = async () => {
            const t0 = process.hrtime.bigint();
            const r = await lookupClient(`/crm/duplicates?type=contact&email=${encodeURIComponent(email)}`);
            apiTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (r.status !== 200) lookupErrors++;
            else if ((JSON.parse(r.body) as DuplicatesView).items.length) hits++;
          };
          const raw = async () => {
            const t0 = process.hrtime.bigint();
            await doc.send(
              new QueryCommand({
                TableName: T,
                KeyConditionExpression: 'PK = :pk',
                ExpressionAttributeValues: { ':pk': dupPk('E', normEmail(email)!) },
                Limit: 20,
              }),
            );
            rawTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
          };
          // Alternate which side goes first, so neither always follows a quiet 50 ms.
          if (k++ % 2) await viaApi().then(raw);
          else await raw().then(viaApi);
          lookups++;
          await sleep(50);
        }
      };
      const looking = lookup();

      let job = job0;
      let lastSay = Date.now();
      while (job.status !== 'done' && job.status !== 'failed' && job.status !== 'cancelled') {
        await sleep(500);
        job = must(await api(`/crm/imports/${created.jobId}`), 'GET job', 200) as JobView;
        if (Date.now() - lastSay > 10_000) {
          lastSay = Date.now();
          say(
            `  … ${((Date.now() - started) / 1000).toFixed(0)} s: ${job.status}, slice ${job.slice}, ${job.rowsDone} rows, ${((100 * job.bytesDone) / job.size).toFixed(0)} % of the bytes`,
          );
        }
        if (Date.now() - started > 3_600_000) throw new Error('the import did not finish within an hour');
      }
      const wall = Date.now() - started;
      importing = false;
      await looking;
      tally.on = false;
      rss.stop();

      say(
        `status ${job.status}${job.message ? ` (${job.message})` : ''} after ${(wall / 1000).toFixed(1)} s in ${job.slice} slices: ${job.rowsDone} rows, created ${job.created}, updated ${job.updated}, skipped ${job.skipped}, failed ${job.failed}`,
      );
      say(
        `  expected: created ${fx.expected.good}, skipped ${fx.expected.duplicates} (duplicates), failed ${fx.expected.bad}${job.created === fx.expected.good && job.skipped === fx.expected.duplicates && job.failed === fx.expected.bad ? '  ✓ exact' : '  ✗ DIFFERENT'}`,
      );
      say(`throughput: ${((job.rowsDone / wall) * 1000).toFixed(0)} rows/s (start → done, ${CONTACTS} rows)`);
      say(
        `peak RSS: this process (gateway + poller + handlers) ${mb(rss.peakSelf)} (at start ${mb(rss.startSelf)}); DynamoDB Local JVM ${jvm.length ? `${mb(rss.peakJvm)} (at start ${mb(rss.startJvm)})` : 'not found'}`,
      );
      const writes = Object.entries(tally.calls).filter(([k]) => WRITES.has(k));
      const writeCalls = writes.reduce((a, [, v]) => a + v, 0);
      const items = Object.values(tally.items).reduce((a, b) => a + b, 0);
      say(
        `DynamoDB write calls during the import: ${writeCalls} (${writes.map(([k, v]) => `${k.replace(/Command$/, '')} ${v}`).join(', ')})`,
      );
      say(
        `  items written: ${items} (${Object.entries(tally.items)
          .map(([k, v]) => `${k.replace(/Command$/, '')} ${v}`)
          .join(
            ', ',
          )}) = ${(items / Math.max(1, job.rowsDone)).toFixed(2)} items per row, ${(writeCalls / Math.max(1, job.rowsDone)).toFixed(3)} write calls per row`,
      );
      const reads = Object.entries(tally.calls).filter(([k]) => !WRITES.has(k));
      say(
        `  other calls in the same window (the job's dup Queries, the lookups below, polling): ${reads.map(([k, v]) => `${k.replace(/Command$/, '')} ${v}`).join(', ')}`,
      );

      const a = summary(apiTimes);
      const b = summary(rawTimes);
      say(
        `\n== Duplicate lookup during the import (${lookups} pairs, every 50 ms; ${hits} of the API's answers found the address${lookupErrors ? `; ${lookupErrors} errors` : ''})`,
      );
      say(`GET /crm/duplicates?type=contact&email=  p50 ${ms(a.p50)}  p99 ${ms(a.p99)}  mean ${ms(a.mean)}`);
      say(`raw Query PK=CRMDUP#E#{email}            p50 ${ms(b.p50)}  p99 ${ms(b.p99)}  mean ${ms(b.mean)}`);
      say(
        `ratio                                    p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x`,
      );

      const drained = Date.now();
      await stack.streamsIdle(1_800_000);
      say(
        `stream consumers finished the import's records ${((Date.now() - drained) / 1000).toFixed(1)} s after the job was done`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // ==================================================================== 3: deals Kanban first page
  if (PARTS.has('board')) {
    say(
      `\n== Deals Kanban first page with ${DEALS.toLocaleString('en')} deals (${DEFAULT_STAGES.length} stages, ${SALESPEOPLE} salespeople in ${DEPARTMENTS} departments)`,
    );
    // Departments through the API (the head's scope check reads the real tree); salespeople are ids on the rows.
    const depts: string[] = [];
    const deptVersions: number[] = [];
    for (let i = 0; i < DEPARTMENTS; i++) {
      const d = must(
        await api('/departments', { method: 'POST', body: { name: `Vânzări ${i + 1}` } }),
        'POST /departments',
        201,
      ) as { departmentId: string; version: number };
      depts.push(d.departmentId);
      deptVersions.push(d.version);
    }
    const head = await person('Horia', 'Head', ['employee']);
    must(
      await api(`/departments/${depts[0]}/members/${head.sub}`, { method: 'PUT' }),
      'add the head to department 1',
      200,
    );
    must(
      await api(`/departments/${depts[0]}/head`, {
        method: 'PUT',
        body: { userId: head.sub, version: deptVersions[0] },
      }),
      'set the head',
      200,
    );

    // The pipeline exists once the API has read it (made lazily).
    must(await api('/crm/pipelines'), 'GET /crm/pipelines', 200);
    const sales = Array.from({ length: SALESPEOPLE }, (_, i) => ({
      id: `bench-sales-${String(i).padStart(2, '0')}`,
      name: `Vânzător ${i + 1}`,
      deptId: depts[i % DEPARTMENTS]!,
    }));
    const weights = [30, 15, 15, 12, 8, 12, 8];
    const cumulative = weights.map((_, i) => weights.slice(0, i + 1).reduce((a, b) => a + b, 0));
    const now = Date.now();
    const rows: Record<string, unknown>[] = [];
    const deltas: CounterDelta[] = [];
    for (let i = 0; i < DEALS; i++) {
      const pick = (i * 37) % 100;
      const stage = DEFAULT_STAGES[cumulative.findIndex((c) => pick < c)]!;
      const s = sales[i % SALESPEOPLE]!;
      const created = new Date(now - ((i * 7919) % ((180 * 86_400_000) / 1000)) * 1000).toISOString();
      const moved = new Date(Date.parse(created) + ((i * 104_729) % 86_400) * 1000).toISOString();
      const currency = i % 10 === 0 ? 'EUR' : 'RON';
      const amountMinor = 10_000 + ((i * 7_211) % 9_990_000);
      const deal: DealRecord = {
        id: ulid(Date.parse(created)),
        type: 'deal',
        version: 1,
        responsibleId: s.id,
        responsibleName: s.name,
        deptId: s.deptId,
        createdBy: s.id,
        createdAt: created,
        updatedAt: moved,
        lastActorId: s.id,
        title: `Contract ${i + 1} – ${['Alfa', 'Beta', 'Gama', 'Delta', 'Ștefănescu', 'Țară Nouă'][i % 6]} SRL`,
        pipelineId: 'default',
        stageId: stage.stageId,
        stageKind: stage.kind,
        movedAt: moved,
        probability: stage.probability,
        currency,
        amountMinor,
        lines: [],
        maxReachedOrder: stage.order,
        reachedStageIds: DEFAULT_STAGES.filter((x) => x.order <= stage.order && x.kind !== 'lost').map(
          (x) => x.stageId,
        ),
        createdMonth: monthOf(created),
        ...(stage.kind === 'won' ? { wonAt: moved, wonAmountMinor: amountMinor } : {}),
        ...(stage.kind === 'lost' ? { lostReason: 'Preț' } : {}),
      };
      rows.push(...recordRows(deal));
      deltas.push(...counterDeltas(null, deal));
    }
    // The column counters as rows (counterRows merges the deltas of all the new deals), written with the deals.
    const counters = counterRows(deltas);
    rows.push(...counters);
    let t = Date.now();
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < rows.length; i += 25) batches.push(rows.slice(i, i + 25));
    await pool(batches, 4, async (batch) => {
      let req: unknown[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
      while (req?.length) {
        const r: { UnprocessedItems?: Record<string, unknown[]> } = await doc.send(
          new BatchWriteCommand({ RequestItems: { [T]: req as never } }),
        );
        req = r.UnprocessedItems?.[T];
      }
    });
    say(
      `seeded ${DEALS} deals (${rows.length} items incl. ${counters.length} counter rows, by ${batches.length} BatchWrites) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    t = Date.now();
    await stack.streamsIdle(1_800_000);
    say(`stream consumers drained the seeding's records in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const boardCase = async (
      label: string,
      client: ReturnType<typeof gatewayClient>,
      scopeParam: string,
      scope: ScopeKey,
    ) => {
      const calls = new Map<string, number>();
      let first: BoardView | undefined;
      const viaApi = async () => {
        const r = await client(`/crm/deals/board?scope=${encodeURIComponent(scopeParam)}&pipelineId=default`);
        if (r.status !== 200)
          throw new Error(`GET /crm/deals/board (${label}) answered ${r.status}: ${r.body.slice(0, 300)}`);
        const c = String(r.headers['x-ddb-calls'] ?? '?');
        calls.set(c, (calls.get(c) ?? 0) + 1);
        first ??= JSON.parse(r.body) as BoardView;
      };
      const raw = async () =>
        void (await Promise.all([
          doc.send(
            new QueryCommand({
              TableName: T,
              KeyConditionExpression: 'PK = :pk',
              ExpressionAttributeValues: { ':pk': counterPk(scope, 'deal', 'default') },
            }),
          ),
          ...DEFAULT_STAGES.map((s) =>
            doc.send(
              new QueryCommand({
                TableName: T,
                IndexName: 'GSI1',
                KeyConditionExpression: 'GSI1PK = :pk',
                ExpressionAttributeValues: { ':pk': columnKey(scope, 'deal', 'default', s.stageId) },
                ScanIndexForward: false,
                Limit: 20,
              }),
            ),
          ),
        ]));
      const [as, bs] = await sideBySide(N, WARMUP, viaApi, raw);
      const a = summary(as);
      const b = summary(bs);
      const board = first!;
      const n = board.stages.reduce((x, s) => x + s.totals.n, 0);
      const shown = board.stages.reduce((x, s) => x + s.items.length, 0);
      say(
        `-- ${label}: the board holds ${n} deals in ${board.stages.length} columns (${board.stages.map((s) => `${s.stageId} ${s.totals.n}`).join(', ')}), ${shown} cards on the first page`,
      );
      say(
        `GET /crm/deals/board via gateway    p50 ${ms(a.p50)}  p99 ${ms(a.p99)}  mean ${ms(a.mean)}  DynamoDB calls/request: ${[...calls.entries()].map(([c, k]) => `${c} (×${k})`).join(', ')}`,
      );
      say(
        `raw totals + ${DEFAULT_STAGES.length} column Queries      p50 ${ms(b.p50)}  p99 ${ms(b.p99)}  mean ${ms(b.mean)}  (${1 + DEFAULT_STAGES.length} calls in parallel)`,
      );
      say(
        `ratio                              p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x   (${as.length} samples each, blocks of ${Math.ceil(N / 10)}, after ${WARMUP} warm-up)`,
      );
    };
    await boardCase('admin, scope=all', api, 'all', 'A');
    await boardCase(`head of department 1, scope=dept:{id}`, head.client, `dept:${depts[0]}`, `D#${depts[0]}`);
  }
});
