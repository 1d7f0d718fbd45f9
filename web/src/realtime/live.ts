/**
 * The live WebSocket connection: opened with the ID token (`?token=`), pinged every 20 s (latency and
 * keep-alive under API Gateway's 10-minute idle limit), re-opened with exponential backoff and jitter
 * when it drops, paused while the browser is offline. Other code subscribes to server frames.
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveState {
  status: LiveStatus;
  /** Last ping round trip, ms. */
  latencyMs: number | null;
  /** When the next attempt happens (epoch ms), while reconnecting. */
  retryAt: number | null;
  attempt: number;
}

export type ServerFrame = { type: string; [k: string]: unknown };

const PING_EVERY_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

export function backoffDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": at least half the ceiling, so a crowd of clients spreads out but never hammers.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private state: LiveState = { status: 'connecting', latencyMs: null, retryAt: null, attempt: 0 };
  private listeners = new Set<() => void>();
  private frameListeners = new Set<(f: ServerFrame) => void>();
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pending = new Map<string, number>();
  private stopped = false;
  private seq = 0;
  /** Bumped by every open/stop: an open() that awaited the token while another began gives up. */
  private generation = 0;

  constructor(
    private readonly wsUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = () => this.state;

  onFrame(fn: (f: ServerFrame) => void): () => void {
    this.frameListeners.add(fn);
    return () => this.frameListeners.delete(fn);
  }

  start() {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    if (navigator.onLine === false) this.set({ status: 'offline' });
    else void this.open();
  }

  stop() {
    this.stopped = true;
    this.generation++;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    clearTimeout(this.retryTimer);
    this.teardown();
  }

  /** Sends an action frame (e.g. `typing`) if the socket is open; false when it is not (nothing queued). */
  send(frame: { action: string; [k: string]: unknown }): boolean {
    const s = this.socket;
    if (!s || s.readyState !== WebSocket.OPEN) return false;
    s.send(JSON.stringify(frame));
    return true;
  }

  /** Sends a ping now (also done on a timer). */
  ping() {
    const s = this.socket;
    if (!s || s.readyState !== WebSocket.OPEN) return;
    const id = `p${++this.seq}`;
    this.pending.set(id, performance.now());
    s.send(JSON.stringify({ action: 'ping', id }));
    clearTimeout(this.pongTimer);
    // No answer at all: the connection is dead even if the socket has not noticed.
    this.pongTimer = setTimeout(() => this.socket?.close(4000, 'pong timeout'), PONG_TIMEOUT_MS);
  }

  private onOnline = () => {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.set({ attempt: 0 });
    void this.open();
  };

  private onOffline = () => {
    clearTimeout(this.retryTimer);
    this.teardown();
    this.set({ status: 'offline', retryAt: null });
  };

  private async open() {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.teardown();
    this.set({ status: this.state.attempt === 0 ? 'connecting' : 'reconnecting', retryAt: null });
    let token: string;
    try {
      token = await this.token();
    } catch {
      if (generation === this.generation) this.retry();
      return;
    }
    if (this.stopped || generation !== this.generation) return;
    const url = new URL(this.wsUrl);
    url.searchParams.set('token', token);
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      return this.retry();
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.set({ status: 'live', attempt: 0, retryAt: null });
      this.ping();
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
    };
    socket.onmessage = (ev) => {
      if (this.socket !== socket || typeof ev.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(ev.data) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'pong') {
        clearTimeout(this.pongTimer);
        const started = typeof frame.id === 'string' ? this.pending.get(frame.id) : undefined;
        if (started !== undefined) {
          this.pending.delete(frame.id as string);
          this.set({ latencyMs: Math.max(0, Math.round(performance.now() - started)) });
        }
      }
      for (const fn of this.frameListeners) fn(frame);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.teardown();
      this.retry();
    };
    socket.onerror = () => {
      /* onclose follows */
    };
  }

  private retry() {
    if (this.stopped) return;
    if (navigator.onLine === false) return this.set({ status: 'offline', retryAt: null });
    const attempt = this.state.attempt + 1;
    const delay = backoffDelay(attempt);
    this.set({ status: 'reconnecting', attempt, retryAt: Date.now() + delay });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.open(), delay);
  }

  private teardown() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pending.clear();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      if (s.readyState === WebSocket.OPEN || s.readyState === WebSocket.CONNECTING) s.close(1000, 'bye');
    }
  }

  private set(patch: Partial<LiveState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }
}
