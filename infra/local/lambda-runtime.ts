/**
 * A stand-in for Lambda Invoke: loads each feature's handler module (after the stack has set
 * process.env, since handlers read it at import) and calls it with a Lambda-like Context and a timeout.
 */
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

export class LambdaRuntime {
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly root: string,
    private readonly defaultTimeoutMs = 29_000,
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
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = await this.load(feature);
      const ctx = this.context(feature, timeoutMs);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs);
      });
      const result = await Promise.race([Promise.resolve().then(() => handler(event, ctx)), timeout]);
      return { ok: true, result, ms: Date.now() - started };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      return { ok: false, error, timedOut: error instanceof TimeoutError, ms: Date.now() - started };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
