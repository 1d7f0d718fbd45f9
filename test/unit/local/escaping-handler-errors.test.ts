/**
 * The local stack runs every feature in one process: an error that escapes a handler's promise (a job started
 * without await that fails, a throw in a timer callback) used to kill it. Like Lambda, such an error now fails the
 * invocation — the schedule run fails, an asynchronous invocation is retried and dead-lettered — and the process
 * lives. Run in a child process: Jest's own listeners would catch what a plain process does not.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

describe('local Lambda runtime: errors escaping a handler', () => {
  it('fail the invocation (logged, retried, dead-lettered) and the process lives', () => {
    const child = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      [path.join(__dirname, 'escaping-handler-child.ts')],
      { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 0, stderr: '' });
    const out = JSON.parse(child.stdout) as { schedule: string; letters: string[]; logged: string[] };
    expect(out.schedule).toBe('failed: job broke after the handler went on');
    // first run + 2 retries, then the dead-letter list, as Lambda's asynchronous invocation does
    expect(out.letters).toEqual(['timer callback broke']);
    expect(out.logged.filter((l) => l.startsWith('tasks') && l.includes('uncaughtException fails'))).toHaveLength(3);
    expect(out.logged.filter((l) => l.startsWith('health') && l.includes('unhandledRejection fails'))).toHaveLength(1);
  });
});
