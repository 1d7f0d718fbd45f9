/**
 * Runs a LocalStack in a child process (tsx) and hands back its info plus the LocalStack operations.
 * This is what Jest's globalSetup uses (the stack needs real ESM + tsx for the handlers, and Jest's
 * workers reach it over HTTP anyway):
 *
 * ```ts
 * const stack = await spawnLocalStack({ ports: { portal: 0, api: 0, ... }, inMemoryDb: true, web: 'none', dataDir });
 * stack.info            // LocalStackInfo (JSON: write it to a file for workers; connectLocalStack(info) there)
 * await stack.stop();   // SIGTERM, then SIGKILL of the whole process group
 * ```
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { connectLocalStack, type LocalStackInfo, type RemoteLocalStack } from './control';
import type { LocalStackOptions } from './stack';
import { LocalStackError, repoRoot } from './util';

const READY_MARK = '@@LOCAL_STACK_READY@@';
const FAILED_MARK = '@@LOCAL_STACK_FAILED@@';

export type SpawnedLocalStack = RemoteLocalStack & { stop(): Promise<void>; logFile: string };

export async function spawnLocalStack(
  options: LocalStackOptions & { timeoutMs?: number; logFile?: string } = {},
): Promise<SpawnedLocalStack> {
  const root = repoRoot();
  const { timeoutMs = 60_000, logFile: wantedLog, ...stackOptions } = options;
  const logFile = wantedLog ?? path.join(options.dataDir ?? path.join(root, '.data'), 'stack.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'infra', 'local', 'serve.ts')], {
    cwd: root,
    env: { ...process.env, LOCAL_STACK_OPTIONS: JSON.stringify(stackOptions), NODE_OPTIONS: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group: stop() can take the emulators down with it
  });
  child.stderr.pipe(log, { end: false });

  const info = await new Promise<LocalStackInfo>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new LocalStackError(`the local stack did not start within ${timeoutMs / 1000} s (log: ${logFile})`)),
      timeoutMs,
    );
    const onData = (b: Buffer) => {
      log.write(b);
      buf += b.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith(READY_MARK)) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice(READY_MARK.length)) as LocalStackInfo);
        } else if (line.startsWith(FAILED_MARK)) {
          clearTimeout(timer);
          reject(new LocalStackError(line.slice(FAILED_MARK.length).trim()));
        }
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new LocalStackError(`the local stack exited during start-up (code ${code}; log: ${logFile})`));
    });
  }).catch(async (e: unknown) => {
    killGroup(child.pid, 'SIGKILL');
    throw e;
  });

  const exited = new Promise<void>((r) => {
    if (child.exitCode !== null) r();
    else child.once('exit', () => r());
  });
  return {
    ...connectLocalStack(info),
    logFile,
    async stop() {
      killGroup(child.pid, 'SIGTERM');
      const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 8000);
      await exited;
      clearTimeout(t);
      // Anything left in the group (an emulator that ignored SIGTERM) goes too.
      killGroup(child.pid, 'SIGKILL');
      child.stdin.destroy();
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      log.end();
    },
  };
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}
