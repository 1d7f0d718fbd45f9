/**
 * Run by escaping-handler-errors.test.ts in its own process (Jest installs its own uncaught-error listeners, which
 * would hide what a plain process does): handlers whose errors escape their promise run through the local
 * scheduler and the local Lambda Invoke API; prints what became of each run as JSON, then exits 0 — if it lives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LambdaInvokeApi } from '../../../infra/local/lambda-invoke-api';
import { LambdaRuntime, type Handler } from '../../../infra/local/lambda-runtime';
import { Scheduler } from '../../../infra/local/scheduler';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each handler returns normally; its error escapes the promise the runtime awaits. */
const handlers: Record<string, Handler> = {
  // a schedule starts a job without awaiting it (the CRM import's shape), and the job fails
  health: async () => {
    void (async () => {
      await pause(5);
      throw new Error('job broke after the handler went on');
    })();
    await pause(50);
    return 'done';
  },
  // a stream consumer throws in a timer callback
  tasks: async () => {
    setTimeout(() => {
      throw new Error('timer callback broke');
    }, 5);
    await pause(50);
    return { batchItemFailures: [] };
  },
};

class FakeHandlers extends LambdaRuntime {
  override load(feature: string): Promise<Handler> {
    const handler = handlers[feature];
    return handler ? Promise.resolve(handler) : Promise.reject(new Error(`no handler ${feature}`));
  }
}

async function main() {
  const logged: string[] = [];
  const runtime = new FakeHandlers(process.cwd(), 5_000, (line) => logged.push(line));
  const scheduler = new Scheduler({ runtime, firstRunMs: null });
  const schedule = await scheduler.run('health', 'heartbeat').then(
    () => 'succeeded',
    (e: unknown) => `failed: ${(e as Error).message}`,
  );

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'escape-guard-'));
  const api = new LambdaInvokeApi({ runtime, dataDir, retryDelaysMs: [1, 1] });
  api.enqueue('tasks', { Records: [] });
  await api.idle(10_000);
  const letters = api.deadLetters('tasks').map((l) => l.error);
  await api.close();
  rmSync(dataDir, { recursive: true, force: true });

  process.stdout.write(JSON.stringify({ schedule, letters, logged }));
}

void main();
