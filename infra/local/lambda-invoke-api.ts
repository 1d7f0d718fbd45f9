/**
 * Lambda's Invoke API, locally (`POST /2015-03-31/functions/{name}/invocations`), for the stream router:
 * it invokes consumer features with the real @aws-sdk/client-lambda, pointed here by LAMBDA_ENDPOINT.
 * The semantics are Lambda's own, so the local stack routes exactly as the cloud does:
 * - `X-Amz-Invocation-Type: Event` answers 202 at once and runs the handler in the background; a failed
 *   invocation is retried twice (after short delays here, about 1 and 2 minutes in AWS), then recorded in
 *   that feature's dead-letter list (`.data/dlq/<feature>.jsonl` and `deadLetters()`), like its SQS DLQ;
 * - `RequestResponse` runs it and answers its result, or `X-Amz-Function-Error: Unhandled`.
 * Signatures are not checked (as with DynamoDB Local). Listens on a free loopback port.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';
import type { LambdaRuntime } from './lambda-runtime';
import { closeServer, readBody, sleep } from './util';

export interface DeadLetter {
  feature: string;
  at: string;
  error: string;
  payload: unknown;
}

export interface LambdaInvokeApiOptions {
  runtime: LambdaRuntime;
  dataDir: string;
  /** Delays before the two retries of a failed asynchronous invocation. */
  retryDelaysMs?: readonly number[];
  log?: (line: string) => void;
}

/** Stream-to-consumer lag samples: from a record's write to the end of its consumer's invocation. */
export class LagRecorder {
  private samples: number[] = [];
  record(records: readonly DynamoDBRecord[], endedAt: number): void {
    for (const r of records) {
      const written = writtenAt(r);
      if (written !== undefined) this.samples.push(Math.max(0, endedAt - written));
    }
  }
  reset(): void {
    this.samples = [];
  }
  summary(): { count: number; p50: number; p99: number; max: number } {
    const s = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
    return { count: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? 0 };
  }
}

/**
 * When the record was written: the stream's ApproximateCreationDateTime has whole seconds only, so the
 * local poller stamps each record with the moment it read it (`x-local-read-at`, ≤ one poll after the
 * write) and the lag counts from the earlier of the two known instants.
 */
function writtenAt(r: DynamoDBRecord): number | undefined {
  const stamped = (r as { 'x-local-read-at'?: number })['x-local-read-at'];
  return typeof stamped === 'number' ? stamped : undefined;
}

export class LambdaInvokeApi {
  readonly server: http.Server;
  readonly lag = new LagRecorder();
  private inFlight = 0;
  private started = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly letters: DeadLetter[] = [];
  private recording: { feature: string; payload: unknown }[] | undefined;

  constructor(private readonly opts: LambdaInvokeApiOptions) {
    // A request that breaks before it reaches a handler (an oversized or aborted body) answers 500, never an
    // unhandled rejection in the process every local feature shares.
    this.server = http.createServer(
      (req, res) =>
        void this.serve(req, res).catch((e: unknown) => {
          this.opts.log?.(`invoke API: ${(e as Error).message}`);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: (e as Error).message }));
        }),
    );
  }

  /** Invocations accepted so far (the stack's idle check compares it before and after a wait). */
  get acceptedCount(): number {
    return this.started;
  }

  /** Starts keeping every asynchronous invocation's payload (the replay harness), or stops and returns them. */
  recordInvocations(on: boolean): { feature: string; payload: unknown }[] {
    const kept = this.recording ?? [];
    this.recording = on ? [] : undefined;
    return kept;
  }

  /** Queues an asynchronous invocation as if the router had sent it (the replay harness). */
  enqueue(feature: string, payload: unknown): void {
    this.started++;
    this.inFlight++;
    void this.runAsync(feature, payload);
  }

  deadLetters(feature?: string): DeadLetter[] {
    return this.letters.filter((l) => !feature || l.feature === feature);
  }

  /** Resolves when no asynchronous invocation is queued, running or waiting for a retry. */
  idle(timeoutMs = 15_000): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(done), 1);
        reject(new Error(`${this.inFlight} asynchronous invocation(s) still running after ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.waiters.push(done);
    });
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url?.split('?')[0] ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
      res.end(JSON.stringify({ message: 'Unknown operation' }));
      return;
    }
    const feature = decodeURIComponent(m[1]!).replace(/^portal-local-/, '');
    const { body } = await readBody(req, 6 * 1024 * 1024);
    let event: unknown;
    try {
      event = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidRequestContentException' });
      res.end(JSON.stringify({ message: 'Could not parse request body into json' }));
      return;
    }
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'Event') {
      this.recording?.push({ feature, payload: event });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end();
      this.enqueue(feature, event);
      return;
    }
    const out = await this.opts.runtime.invoke(feature, event);
    if (out.ok) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.result ?? null));
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
      res.end(JSON.stringify({ errorType: out.error.name, errorMessage: out.error.message }));
    }
  }

  private async runAsync(feature: string, event: unknown): Promise<void> {
    const delays = this.opts.retryDelaysMs ?? [100, 300];
    try {
      for (let attempt = 0; ; attempt++) {
        const out = await this.opts.runtime.invoke(feature, event);
        if (out.ok) {
          const records = (event as { Records?: DynamoDBRecord[] } | null)?.Records;
          if (Array.isArray(records)) this.lag.record(records, Date.now());
          return;
        }
        if (attempt >= delays.length) {
          this.deadLetter(feature, event, out.error.message);
          return;
        }
        this.opts.log?.(`async invocation of ${feature} failed (${out.error.message}); retry ${attempt + 1}`);
        await sleep(delays[attempt]!);
      }
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const w of this.waiters.splice(0)) w();
    }
  }

  private deadLetter(feature: string, payload: unknown, error: string): void {
    const letter: DeadLetter = { feature, at: new Date().toISOString(), error, payload };
    this.letters.push(letter);
    this.opts.log?.(`async invocation of ${feature} failed 3 times: kept in its dead-letter list (${error})`);
    try {
      const dir = path.join(this.opts.dataDir, 'dlq');
      mkdirSync(dir, { recursive: true });
      appendFileSync(path.join(dir, `${feature}.jsonl`), `${JSON.stringify(letter)}\n`);
    } catch {
      // The in-memory list still holds it.
    }
  }
}
