/**
 * Child-process entry used by ./spawn.ts: starts a LocalStack with the options in LOCAL_STACK_OPTIONS
 * (JSON), serves the control endpoint, prints one READY line with the LocalStackInfo JSON, and stops
 * on SIGTERM/SIGINT or when its parent goes away (stdin closes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalStackInfo } from './control';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './stack';
import { readBody } from './util';

export const READY_MARK = '@@LOCAL_STACK_READY@@';
export const FAILED_MARK = '@@LOCAL_STACK_FAILED@@';

async function main() {
  const options = JSON.parse(process.env.LOCAL_STACK_OPTIONS ?? '{}') as LocalStackOptions;
  let stack: LocalStack | undefined;
  let stopping = false;
  const control = http.createServer((req, res) => {
    void (async () => {
      if (!stack) throw new Error('the stack is still starting');
      const s = stack;
      const { body } = await readBody(req, 256 * 1024 * 1024);
      const input = (body.length ? JSON.parse(body.toString('utf8')) : {}) as Record<string, unknown>;
      const op = new URL(req.url ?? '/', 'http://local').pathname.slice(1);
      let out: unknown = {};
      if (op === 'create-user')
        out = await s.createUser(
          String(input.email),
          String(input.password),
          (input.groups as string[]) ?? [],
          (input.options as { totp?: boolean } | undefined) ?? undefined,
        );
      else if (op === 'sign-in') out = await s.signIn(String(input.email), String(input.password));
      else if (op === 'totp-code') out = { code: await s.totpCode(String(input.email)) };
      else if (op === 'enrol-totp') out = await s.enrolTotp(String(input.email), String(input.password));
      else if (op === 'streams-idle')
        await s.streamsIdle(typeof input.timeoutMs === 'number' ? input.timeoutMs : undefined);
      else if (op === 'run-schedule') await s.runSchedule(String(input.feature), String(input.name));
      else if (op === 'dead-letters')
        out = { letters: await s.deadLetters(typeof input.feature === 'string' ? input.feature : undefined) };
      else if (op === 'stream-lag') out = await s.streamLag(input.reset === true);
      else if (op === 'routed-invocations') out = { invocations: await s.routedInvocations(input.on === true) };
      else if (op === 'replay-invocations')
        await s.replayInvocations((input.invocations as { feature: string; payload: unknown }[]) ?? []);
      else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `unknown operation ${op}` }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out ?? {}));
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: (e as Error).message, name: (e as Error).name }));
    });
  });
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    control.close();
    control.closeAllConnections();
    await stack?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  process.stdin.on('end', () => void shutdown());
  process.stdin.on('close', () => void shutdown());
  process.stdin.resume();

  try {
    stack = await startLocalStack({ ...options, quiet: options.quiet ?? true });
  } catch (e) {
    process.stdout.write(`${FAILED_MARK} ${(e as Error).message}\n`);
    process.exit(1);
  }
  const s = stack;
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
  const info: LocalStackInfo = {
    urls: s.urls,
    env: s.env,
    userPool: s.userPool,
    bucket: s.bucket,
    tableName: s.tableName,
    dataDir: s.dataDir,
    startupMs: s.startupMs,
    timings: s.timings,
    controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    pid: process.pid,
  };
  process.stdout.write(`${READY_MARK} ${JSON.stringify(info)}\n`);
}

void main();
