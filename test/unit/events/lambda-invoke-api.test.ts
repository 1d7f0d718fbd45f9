/** The local Lambda Invoke API keeps Lambda's asynchronous semantics: 202, two retries, a dead-letter list per feature. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LambdaInvokeApi } from '../../../infra/local/lambda-invoke-api';
import type { InvokeOutcome, LambdaRuntime } from '../../../infra/local/lambda-runtime';

describe('LambdaInvokeApi', () => {
  const runs: { feature: string; event: unknown }[] = [];
  let failures: Record<string, number> = {};
  const runtime = {
    async invoke(feature: string, event: unknown): Promise<InvokeOutcome> {
      runs.push({ feature, event });
      if ((failures[feature] ?? 0) > 0) {
        failures[feature]!--;
        return { ok: false, error: new Error(`${feature} broke`), timedOut: false, ms: 1 };
      }
      return { ok: true, result: { answer: feature }, ms: 1 };
    },
  } as unknown as LambdaRuntime;
  let api: LambdaInvokeApi;
  let client: LambdaClient;
  let dataDir: string;

  beforeEach(async () => {
    runs.length = 0;
    failures = {};
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'invoke-api-'));
    api = new LambdaInvokeApi({ runtime, dataDir, retryDelaysMs: [1, 1] });
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    client = new LambdaClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
  });
  afterEach(async () => {
    client.destroy();
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const invokeAsync = (feature: string, payload: unknown) =>
    client.send(
      new InvokeCommand({
        FunctionName: feature,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(payload)),
      }),
    );

  it('accepts an Event invocation with 202 and runs it in the background', async () => {
    const r = await invokeAsync('tasks', { Records: [] });
    expect(r.StatusCode).toBe(202);
    await api.idle();
    expect(runs).toEqual([{ feature: 'tasks', event: { Records: [] } }]);
  });

  it('retries a failing invocation twice, then keeps it in that feature’s dead-letter list only', async () => {
    failures = { crm: 5 };
    await invokeAsync('crm', { n: 1 });
    await invokeAsync('tasks', { n: 2 });
    await api.idle();
    expect(runs.filter((r) => r.feature === 'crm')).toHaveLength(3);
    expect(runs.filter((r) => r.feature === 'tasks')).toHaveLength(1);
    expect(api.deadLetters('crm').map((l) => [l.feature, l.error, l.payload])).toEqual([
      ['crm', 'crm broke', { n: 1 }],
    ]);
    expect(api.deadLetters('tasks')).toEqual([]);
    expect(readFileSync(path.join(dataDir, 'dlq', 'crm.jsonl'), 'utf8')).toContain('crm broke');
  });

  it('a failure that heals on retry leaves no dead letter', async () => {
    failures = { me: 1 };
    await invokeAsync('me', {});
    await api.idle();
    expect(runs).toHaveLength(2);
    expect(api.deadLetters()).toEqual([]);
  });

  it('answers RequestResponse with the result, or FunctionError when the handler fails', async () => {
    const ok = await client.send(new InvokeCommand({ FunctionName: 'portal-local-me', Payload: Buffer.from('{}') }));
    expect(JSON.parse(Buffer.from(ok.Payload!).toString('utf8'))).toEqual({ answer: 'me' });
    failures = { me: 1 };
    const bad = await client.send(new InvokeCommand({ FunctionName: 'me', Payload: Buffer.from('{}') }));
    expect(bad.FunctionError).toBe('Unhandled');
  });

  it('records and replays invocations for the replay harness', async () => {
    api.recordInvocations(true);
    await invokeAsync('tasks', { n: 1 });
    await api.idle();
    const kept = api.recordInvocations(false);
    expect(kept).toEqual([{ feature: 'tasks', payload: { n: 1 } }]);
    for (const k of kept) api.enqueue(k.feature, k.payload);
    await api.idle();
    expect(runs.map((r) => r.event)).toEqual([{ n: 1 }, { n: 1 }]);
  });
});
