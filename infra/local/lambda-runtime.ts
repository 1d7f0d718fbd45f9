/**
 * A stand-in for Lambda Invoke: loads each feature's handler module (after the stack has set
 * process.env, since handlers read it at import) and calls it with a Lambda-like Context and a timeout.
 *
 * Errors that escape a handler's promise (a rejected promise nobody awaits, a throw in a timer callback) fail
 * that invocation, as Lambda's Node runtime does (Runtime.UnhandledPromiseRejection), instead of killing the
 * one process every local feature shares: see `installEscapeGuard`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FEATURES, handlerPath } from '../../functions/manifest';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './bootstrap';

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

export type InvokeOutcome =
  { ok: true; result: unknown; ms: number } | { ok: false; error: Error; timedOut: boolean; ms: number };

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`Task timed out after ${(ms / 1000).toFixed(2)} seconds`);
    this.name = 'TimeoutError';
  }
}

/** The invocation a piece of handler code runs for: AsyncLocalStorage follows it into timers and promises. */
interface RunningInvocation {
  feature: string;
  requestId: string;
  ended: boolean;
  fail: (error: Error) => void;
  log: (line: string) => void;
}

const runningInvocation = new AsyncLocalStorage<RunningInvocation>();
let escapeGuardInstalled = false;

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/**
 * One process-wide pair of listeners (installed once, whatever the number of runtimes): an uncaught exception or
 * unhandled rejection raised by handler code fails the invocation that code ran for (so a schedule run fails, an
 * asynchronous one is retried and then dead-lettered) and is logged; the process lives on. An error of code that
 * ran for no invocation is left to the process's other listeners (start.ts logs, Jest fails the test), or, when
 * there is none, rethrown: Node's default, the process fails.
 */
function installEscapeGuard(): void {
  if (escapeGuardInstalled) return;
  escapeGuardInstalled = true;
  const guard = (event: 'uncaughtException' | 'unhandledRejection') => (reason: unknown) => {
    const error = asError(reason);
    const invocation = runningInvocation.getStore();
    if (!invocation) {
      if (process.listenerCount(event) === 1) throw error;
      return;
    }
    const who = `${invocation.feature} (request ${invocation.requestId})`;
    if (invocation.ended) {
      invocation.log(`${who}: ${event} after its invocation ended: ${error.stack ?? error.message}`);
      return;
    }
    invocation.log(`${who}: ${event} fails the invocation: ${error.stack ?? error.message}`);
    invocation.fail(error);
  };
  process.on('uncaughtException', guard('uncaughtException'));
  process.on('unhandledRejection', guard('unhandledRejection'));
}

export class LambdaRuntime {
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly root: string,
    private readonly defaultTimeoutMs = 29_000,
    private readonly log: (line: string) => void = (line) => console.error(`[local-stack] ${line}`),
  ) {}

  /** Imports every feature's handler up front (a cold start, once). */
  async loadAll(): Promise<void> {
    await Promise.all(FEATURES.map((f) => this.load(f.feature)));
  }

  async load(feature: string): Promise<Handler> {
    const have = this.handlers.get(feature);
    if (have) return have;
    const file = path.join(this.root, handlerPath(feature));
    const mod = (await import(pathToFileURL(file).href)) as { handler?: Handler };
    if (typeof mod.handler !== 'function') throw new Error(`${file} exports no handler`);
    this.handlers.set(feature, mod.handler);
    return mod.handler;
  }

  context(feature: string, timeoutMs: number): Context {
    const deadline = Date.now() + timeoutMs;
    const functionName = `portal-local-${feature}`;
    return {
      awsRequestId: randomUUID(),
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`,
      memoryLimitInMB: '512',
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `local/${new Date().toISOString().slice(0, 10)}/[$LATEST]${randomUUID().replace(/-/g, '')}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  }

  /** Never throws: the outcome says whether the handler returned, threw or ran out of time. */
  async invoke(feature: string, event: unknown, timeoutMs = this.defaultTimeoutMs): Promise<InvokeOutcome> {
    installEscapeGuard();
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let invocation: RunningInvocation | undefined;
    try {
      const handler = await this.load(feature);
      const ctx = this.context(feature, timeoutMs);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs);
      });
      const running: RunningInvocation = {
        feature,
        requestId: ctx.awsRequestId,
        ended: false,
        fail: () => undefined,
        log: this.log,
      };
      invocation = running;
      const escaped = new Promise<never>((_, reject) => (running.fail = reject));
      const result = await Promise.race([
        runningInvocation.run(running, () => Promise.resolve().then(() => handler(event, ctx))),
        timeout,
        escaped,
      ]);
      return { ok: true, result, ms: Date.now() - started };
    } catch (e) {
      const error = asError(e);
      return { ok: false, error, timedOut: error instanceof TimeoutError, ms: Date.now() - started };
    } finally {
      if (invocation) invocation.ended = true;
      if (timer) clearTimeout(timer);
    }
  }
}
