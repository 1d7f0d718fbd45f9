/**
 * The benchmark's receiving side, in a worker thread of its own so that 400 client sockets do not share
 * the event loop with the stack or the raw server they measure (both sides get the same treatment).
 * Every text frame carrying a clientMessageId is stamped on arrival (performance.timeOrigin + now, which
 * is comparable across threads); the parent asks for a key's arrivals once it expects them.
 *
 * Messages from the parent: {op:'open', side, urls[]} → {op:'opened', side, n} | {op:'error', message}
 *                            {op:'collect', id, side, key, count, timeoutMs} → {op:'collected', id, times}
 *                            {op:'close'} → {op:'closed', dupes: {portal, raw}, late: {portal, raw}}
 * A duplicate = the same socket receiving the same clientMessageId twice (counted until the close);
 * late = arrivals after their collect had already answered (a timeout).
 */
import { parentPort } from 'node:worker_threads';
import WebSocket from 'ws';

type Side = 'portal' | 'raw';
const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();
const sockets: WebSocket[] = [];
/** side → key → arrival times (one per socket that got it). */
const arrivals: Record<Side, Map<string, { times: number[]; seen: Set<number>; answered: boolean }>> = {
  portal: new Map(),
  raw: new Map(),
};
const dupes: Record<Side, number> = { portal: 0, raw: 0 };
const late: Record<Side, number> = { portal: 0, raw: 0 };
const waiting: Record<Side, Map<string, { id: number; count: number; timer: NodeJS.Timeout }>> = {
  portal: new Map(),
  raw: new Map(),
};
const socketSide: Side[] = [];
const firstOf: Record<Side, number> = { portal: 0, raw: 0 };
const ID = /"clientMessageId":"([^"]+)"/;

function finish(side: Side, key: string) {
  const w = waiting[side].get(key);
  if (!w) return;
  clearTimeout(w.timer);
  waiting[side].delete(key);
  let a = arrivals[side].get(key);
  if (!a) arrivals[side].set(key, (a = { times: [], seen: new Set(), answered: false }));
  a.answered = true;
  const missing: string[] = [];
  if (a.times.length < w.count)
    for (const [no, ws] of sockets.entries())
      if (socketSide[no] === side && !a.seen.has(no) && no < w.count + firstOf[side])
        missing.push(`#${no - firstOf[side]} state ${ws.readyState}`);
  port.postMessage({ op: 'collected', id: w.id, times: [...a.times], missing });
}

function onFrame(side: Side, socketNo: number, text: string) {
  const t = now();
  if (side === 'portal' && !text.startsWith('{"type":"message.new"')) return;
  const key = ID.exec(text)?.[1];
  if (!key) return;
  let a = arrivals[side].get(key);
  if (!a) arrivals[side].set(key, (a = { times: [], seen: new Set(), answered: false }));
  if (a.seen.has(socketNo)) {
    dupes[side]++;
    return;
  }
  a.seen.add(socketNo);
  if (a.answered) {
    late[side]++;
    return;
  }
  a.times.push(t);
  const w = waiting[side].get(key);
  if (w && a.times.length >= w.count) finish(side, key);
}

function open(side: Side, url: string, socketNo: number): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('message', (d) => onFrame(side, socketNo, d.toString()));
  return new Promise((res, rej) => {
    ws.once('open', () => res(ws));
    ws.once('error', rej);
    ws.once('unexpected-response', (_q, r) => rej(new Error(`socket refused: ${r.statusCode}`)));
  });
}

let nextSocketNo = 0;
port.on(
  'message',
  (m: { op: string; side: Side; urls: string[]; id: number; key: string; count: number; timeoutMs: number }) => {
    if (m.op === 'open') {
      firstOf[m.side] = nextSocketNo;
      for (let i = 0; i < m.urls.length; i++) socketSide[nextSocketNo + i] = m.side;
      void (async () => {
        try {
          for (let i = 0; i < m.urls.length; i += 10)
            sockets.push(...(await Promise.all(m.urls.slice(i, i + 10).map((u) => open(m.side, u, nextSocketNo++)))));
          port.postMessage({ op: 'opened', side: m.side, n: m.urls.length });
        } catch (e) {
          port.postMessage({ op: 'error', message: (e as Error).message });
        }
      })();
    } else if (m.op === 'collect') {
      waiting[m.side].set(m.key, {
        id: m.id,
        count: m.count,
        timer: setTimeout(() => finish(m.side, m.key), m.timeoutMs),
      });
      if ((arrivals[m.side].get(m.key)?.times.length ?? 0) >= m.count) finish(m.side, m.key);
    } else if (m.op === 'close') {
      for (const s of sockets) s.terminate();
      port.postMessage({ op: 'closed', dupes, late });
    }
  },
);
