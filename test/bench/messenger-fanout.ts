/**
 * Messenger fan-out: time from a send to its delivery at every member's socket, through the real path
 * (local HTTP gateway → messenger Lambda → DynamoDB Local → @connections management API → local WebSocket
 * gateway), side by side with a raw `ws` broadcast of the same payloads (client → server → every member
 * socket) in the same run and process. Prints p50/p99 of both, the ratio, lost and duplicated deliveries,
 * and the DynamoDB calls the send route made (x-ddb-calls).  Run: npm run bench:messenger
 * A third side, "raw store-then-broadcast", writes each payload with ONE TransactWrite through the SDK before
 * the same broadcast: what "store, then deliver" costs on this emulator whoever implements it.
 *
 * The receiving sockets of BOTH sides (the portal's and the raw broadcast's) live in one worker thread
 * (messenger-fanout-clients.ts), so 400 clients do not share the event loop of what they measure. Times are
 * performance.timeOrigin + performance.now() in both threads.
 *
 *   SENDS=200         messages measured (after WARMUP)        MEMBERS=50   members of the group chat
 *   SOCKETS=200       sockets connected in total (members get most of them; the rest belong to non-members)
 *   GAP_MS=100        pause between sends (a busy chat; the stream consumer runs in the same process)
 *   PROFILE=1         writes a CPU profile of the measured phase to .data/bench-messenger.cpuprofile
 *   TRACE_DDB=1       also prints how long each kind of DynamoDB call took (every caller in the process)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket, { WebSocketServer } from 'ws';
import { sleep, summary, withBenchStack } from './support';

const SENDS = Number(process.env.SENDS ?? 200);
const WARMUP = Number(process.env.WARMUP ?? 20);
const MEMBERS = Number(process.env.MEMBERS ?? 50);
const SOCKETS = Number(process.env.SOCKETS ?? 200);
const OUTSIDERS = Number(process.env.OUTSIDERS ?? 10);
const GAP_MS = Number(process.env.GAP_MS ?? 100);
const PASSWORD = 'Bench-password-2026!';

const nowMs = () => performance.timeOrigin + performance.now();
const say = (s: string) => process.stderr.write(`${s}\n`);

/** The receiving sockets, in a worker thread (see messenger-fanout-clients.ts). */
class Receivers {
  // A TypeScript worker: register tsx's loader in the worker, then import the module.
  private readonly worker = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(new URL('./messenger-fanout-clients.ts', import.meta.url).href)}); });`,
    { eval: true },
  );
  private readonly pending = new Map<number, (m: Record<string, unknown>) => void>();
  private next = 1;
  private opened?: { resolve: () => void; reject: (e: Error) => void };
  private closed?: (m: { dupes: Record<string, number>; late: Record<string, number> }) => void;
  constructor() {
    this.worker.on('message', (m: Record<string, unknown>) => {
      if (m.op === 'collected') {
        this.pending.get(m.id as number)?.(m);
        this.pending.delete(m.id as number);
      } else if (m.op === 'opened') this.opened?.resolve();
      else if (m.op === 'error') this.opened?.reject(new Error(String(m.message)));
      else if (m.op === 'closed') this.closed?.(m as never);
    });
  }
  open(side: 'portal' | 'raw', urls: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.opened = { resolve, reject };
      this.worker.postMessage({ op: 'open', side, urls });
    });
  }
  /** Arrival times of `key` at up to `count` sockets (fewer if some never came within timeoutMs). */
  collect(side: 'portal' | 'raw', key: string, count: number, timeoutMs = 5_000): Promise<number[]> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, (m) => {
        const missing = m.missing as string[];
        if (missing.length)
          say(`${side}: no delivery to socket ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' ...' : ''}`);
        resolve(m.times as number[]);
      });
      this.worker.postMessage({ op: 'collect', id, side, key, count, timeoutMs });
    });
  }
  async close(): Promise<{ dupes: Record<string, number>; late: Record<string, number> }> {
    const r = await new Promise<{ dupes: Record<string, number>; late: Record<string, number> }>((resolve) => {
      this.closed = resolve;
      this.worker.postMessage({ op: 'close' });
    });
    await this.worker.terminate();
    return r;
  }
}

async function openSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
    ws.once('unexpected-response', (_q, r) => rej(new Error(`socket refused: ${r.statusCode}`)));
  });
  return ws;
}

async function inBatches<T, R>(items: T[], size: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}

await withBenchStack(
  async (stack) => {
    const sockets: WebSocket[] = [];
    let receivers: Receivers | undefined;
    let raw: { wss: WebSocketServer; server: http.Server } | undefined;
    try {
      // ---- people, profiles, the chat ------------------------------------------------------------------
      const people = MEMBERS + OUTSIDERS;
      say(`creating ${people} people...`);
      const users = await inBatches(
        Array.from({ length: people }, (_, i) => i),
        4,
        async (i) => {
          const email = `bench-${i}-${randomUUID().slice(0, 6)}@example.com`;
          const { sub } = await stack.createUser(email, PASSWORD, ['employee']);
          const { idToken } = await stack.signIn(email, PASSWORD);
          const r = await fetch(`${stack.urls.api}/people/me/profile`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ firstName: `Person${i}`, lastName: 'Bench', version: 0 }),
          });
          if (r.status !== 200) throw new Error(`profile ${i}: ${r.status} ${await r.text()}`);
          return { sub, token: idToken };
        },
      );
      const members = users.slice(0, MEMBERS);
      const sender = members[0]!;
      const auth = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
      const created = await fetch(`${stack.urls.api}/chats`, {
        method: 'POST',
        headers: auth(sender.token),
        body: JSON.stringify({ title: 'Bench chat', memberIds: members.slice(1).map((m) => m.sub) }),
      });
      if (created.status !== 201) throw new Error(`create chat: ${created.status} ${await created.text()}`);
      const chatId = ((await created.json()) as { chatId: string }).chatId;
      await stack.streamsIdle(60_000);

      // ---- sockets: members get SOCKETS - 2*OUTSIDERS spread over them, outsiders 2 each ----------------
      const memberSockets = Math.max(MEMBERS, SOCKETS - 2 * OUTSIDERS);
      const owners: string[] = [];
      for (let i = 0; i < memberSockets; i++) owners.push(members[i % MEMBERS]!.token);
      for (let i = 0; i < SOCKETS - memberSockets; i++) owners.push(users[MEMBERS + (i % OUTSIDERS)]!.token);
      say(`connecting ${owners.length} sockets (${memberSockets} of members)...`);
      receivers = new Receivers();
      await receivers.open(
        'portal',
        owners.map((token) => `${stack.urls.ws}?token=${encodeURIComponent(token)}`),
      );
      // The presence frames of all those connects go out from the stream: let them drain.
      await stack.streamsIdle(120_000);
      await sleep(1000);

      // ---- the raw ws broadcast, same process as the gateway, same number of sockets ---------------------
      const { createServer } = await import('node:http');
      const server = createServer();
      const wss = new WebSocketServer({ server, perMessageDeflate: false });
      const rawMembers = new Set<WebSocket>();
      // A frame starting with "store:" is first written like the portal's send (ONE TransactWrite of the
      // message and its idempotency record, through the SDK), then broadcast: the floor that "store, then
      // deliver" puts under any implementation on this emulator.
      const doc = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          region: 'us-east-1',
          endpoint: stack.urls.dynamodb,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
      );
      const store = (payload: string) => {
        const id = randomUUID();
        const put = (SK: string, extra: Record<string, unknown>) => ({
          Put: {
            TableName: stack.tableName,
            Item: { PK: `BENCH#${chatId}`, SK, ...extra },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        });
        return doc.send(
          new TransactWriteCommand({
            TransactItems: [put(`MSG#${id}`, { payload }), put(`SEND#${id}`, { messageId: id })],
          }),
        );
      };
      wss.on('connection', (ws, req) => {
        if (req.url?.includes('member=1')) rawMembers.add(ws);
        ws.on('message', (d) => {
          const text = d.toString();
          const broadcast = (payload: string) => {
            for (const s of rawMembers) s.send(payload);
          };
          if (text.startsWith('store:')) void store(text.slice(6)).then(() => broadcast(text.slice(6)));
          else broadcast(text);
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      raw = { wss, server };
      const rawUrl = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
      await receivers.open(
        'raw',
        owners.map((_, i) => `${rawUrl}/?member=${i < memberSockets ? 1 : 0}`),
      );
      // The raw sender is a socket of its own (the portal's sender is an HTTP request), in this thread.
      const rawSender = await openSocket(`${rawUrl}/?member=0`);
      sockets.push(rawSender);

      // ---- measure ---------------------------------------------------------------------------------------
      const portalLat: number[] = [];
      const rawLat: number[] = [];
      const rawStoredLat: number[] = [];
      const sendMs: number[] = [];
      const firstLat: number[] = [];
      const calls: number[] = [];
      let lastFrame = '';
      const lost = { portal: 0, raw: 0 };
      const portalSend = async (i: number, record: boolean) => {
        const clientMessageId = randomUUID();
        const t0 = nowMs();
        const r = await fetch(`${stack.urls.api}/chats/${chatId}/messages`, {
          method: 'POST',
          headers: auth(sender.token),
          body: JSON.stringify({
            clientMessageId,
            text: `Bench message ${i}: the quick brown fox jumps over the lazy dog.`,
          }),
        });
        const t1 = nowMs();
        if (r.status !== 201) throw new Error(`send: ${r.status} ${await r.text()}`);
        const view = await r.json();
        lastFrame = JSON.stringify({ type: 'message.new', chatId, message: view });
        const times = await receivers!.collect('portal', clientMessageId, memberSockets);
        if (times.length < memberSockets) {
          lost.portal += memberSockets - times.length;
          say(
            `message ${i}: ${memberSockets - times.length} of ${memberSockets} member sockets got nothing within 5 s`,
          );
        }
        if (record) {
          portalLat.push(...times.map((t) => t - t0));
          if (times.length) firstLat.push(Math.min(...times) - t0);
          sendMs.push(t1 - t0);
          calls.push(Number(r.headers.get('x-ddb-calls') ?? NaN));
        }
      };
      const rawSend = async (record: boolean, stored = false) => {
        const clientMessageId = randomUUID();
        const payload = lastFrame.replace(/"clientMessageId":"[^"]+"/, `"clientMessageId":"${clientMessageId}"`);
        const t0 = nowMs();
        rawSender.send(stored ? `store:${payload}` : payload);
        const times = await receivers!.collect('raw', clientMessageId, memberSockets);
        lost.raw += memberSockets - times.length;
        if (record) (stored ? rawStoredLat : rawLat).push(...times.map((t) => t - t0));
      };

      say(`warming up (${WARMUP} sends)...`);
      for (let i = 0; i < WARMUP; i++) {
        await portalSend(i, false);
        await rawSend(false);
        await sleep(GAP_MS);
      }
      await stack.streamsIdle(120_000);

      let profiler: { post: (m: string, p?: object) => Promise<unknown>; disconnect: () => void } | undefined;
      if (process.env.PROFILE === '1') {
        const { Session } = await import('node:inspector/promises');
        const s = new Session();
        s.connect();
        await s.post('Profiler.enable');
        await s.post('Profiler.start');
        profiler = s as unknown as typeof profiler;
      }
      const ddbTimes = new Map<string, number[]>();
      if (process.env.TRACE_DDB === '1') {
        const { dynamo } = await import('../../shared/data/clients');
        dynamo().middlewareStack.add(
          (next, context) => async (args) => {
            const t = nowMs();
            try {
              return await next(args);
            } finally {
              const name = (context as { commandName?: string }).commandName ?? '?';
              ddbTimes.set(name, [...(ddbTimes.get(name) ?? []), nowMs() - t]);
            }
          },
          { step: 'initialize', name: 'benchDdbTimer' },
        );
      }
      say(`measuring ${SENDS} sends...`);
      const started = Date.now();
      // Interleaved so drift on the machine hits both sides alike.
      for (let i = 0; i < SENDS; i++) {
        await portalSend(WARMUP + i, true);
        await rawSend(true);
        await sleep(GAP_MS);
        await rawSend(true, true);
        await sleep(GAP_MS);
      }
      const elapsed = Date.now() - started;
      if (profiler) {
        const { profile } = (await profiler.post('Profiler.stop')) as { profile: unknown };
        mkdirSync('.data', { recursive: true });
        writeFileSync('.data/bench-messenger.cpuprofile', JSON.stringify(profile));
        profiler.disconnect();
        say('CPU profile: .data/bench-messenger.cpuprofile');
      }
      await stack.streamsIdle(120_000);

      const a = summary(portalLat);
      const b = summary(rawLat);
      const s = summary(sendMs);
      const f = (x: number) => `${x.toFixed(1)} ms`;
      const callSet = [...new Set(calls)].sort((x, y) => x - y);
      console.log(
        `Node ${process.version}, ${SENDS} sends after ${WARMUP} warm-up, ${GAP_MS} ms apart (${(elapsed / 1000).toFixed(1)} s)`,
      );
      console.log(
        `chat: ${MEMBERS} members; sockets: ${SOCKETS} connected, ${memberSockets} of them members' (every delivery measured: ${a.n})`,
      );
      console.log(
        `portal send → delivery at each member socket   p50 ${f(a.p50)}  p99 ${f(a.p99)}  max ${f(a.max)}  mean ${f(a.mean)}`,
      );
      console.log(
        `raw ws broadcast (same payloads, same sockets)   p50 ${f(b.p50)}  p99 ${f(b.p99)}  max ${f(b.max)}  mean ${f(b.mean)}`,
      );
      console.log(
        `ratio                                            p50 ${(a.p50 / b.p50).toFixed(2)}x  p99 ${(a.p99 / b.p99).toFixed(2)}x`,
      );
      const c = summary(rawStoredLat);
      console.log(
        `raw ws: 1 TransactWrite, then broadcast          p50 ${f(c.p50)}  p99 ${f(c.p99)}  max ${f(c.max)}  mean ${f(c.mean)}`,
      );
      console.log(
        `ratio to the raw store-then-broadcast            p50 ${(a.p50 / c.p50).toFixed(2)}x  p99 ${(a.p99 / c.p99).toFixed(2)}x`,
      );
      const { dupes, late } = await receivers.close();
      receivers = undefined;
      console.log(
        `deliveries lost (not within 5 s) / late / duplicated   portal ${lost.portal} / ${late.portal} / ${dupes.portal}   raw ${lost.raw} / ${late.raw} / ${dupes.raw}`,
      );
      for (const [name, xs] of ddbTimes) {
        const d = summary(xs);
        console.log(`  DynamoDB ${name.padEnd(24)} n ${String(d.n).padStart(6)}  p50 ${f(d.p50)}  p99 ${f(d.p99)}`);
      }
      const fl = summary(firstLat);
      console.log(`portal send → FIRST member socket (store + read)   p50 ${f(fl.p50)}  p99 ${f(fl.p99)}`);
      console.log(`POST /chats/{id}/messages answered               p50 ${f(s.p50)}  p99 ${f(s.p99)}`);
      console.log(
        `DynamoDB calls per send (request path)           ${callSet.join(' / ')}  (target: 1 query + 1 write + 1 query of connections = 3)`,
      );
      console.log(
        `target: p99 ≤ 50 ms → ${a.p99 <= 50 ? 'met' : 'MISSED'}; ratio ≤ 3 → p50 ${a.p50 / b.p50 <= 3 ? 'met' : 'MISSED'}, p99 ${a.p99 / b.p99 <= 3 ? 'met' : 'MISSED'}`,
      );
    } finally {
      await receivers?.close().catch(() => undefined);
      for (const s of sockets) s.terminate();
      // Let the gateway run $disconnect for them while DynamoDB is still up.
      await sleep(1500);
      raw?.wss.close();
      raw?.server.close();
    }
  },
  { scheduleFirstRunMs: null },
);
