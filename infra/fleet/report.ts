/**
 * What the operator sees: one progress line per change (tenant, phase, elapsed), a periodic "still running" line
 * so a long deploy never looks hung, and the summary table at the end. Plain lines, no cursor tricks: the same
 * output reads well in a terminal, in CI logs and in a file.
 */
import * as path from 'node:path';
import { FIRST_PHASE } from './output';
import type { FleetCommand, FleetEvent, TenantResult } from './runner';

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export interface ProgressReporter {
  onEvent: (event: FleetEvent) => void;
  stop: () => void;
}

/** Prints progress lines to `write`; every `heartbeatMs` (0 = never) a line lists what is still running. */
export function progressReporter(
  command: FleetCommand,
  total: number,
  write: (line: string) => void,
  heartbeatMs = 20_000,
): ProgressReporter {
  const startedAt = Date.now();
  const running = new Map<string, { phase: string; since: number }>();
  let done = 0;
  let failed = 0;
  let queued = total;
  const width = 12;
  const clock = () => formatDuration(Date.now() - startedAt).padStart(5);

  const timer =
    heartbeatMs > 0
      ? setInterval(() => {
          if (!running.size) return;
          const list = [...running].map(([slug, r]) => `${slug} ${r.phase} ${formatDuration(Date.now() - r.since)}`);
          write(`[${clock()}] … running: ${list.join(', ')} | ${queued} queued, ${done}/${total} done`);
        }, heartbeatMs)
      : undefined;
  timer?.unref();

  return {
    onEvent(event) {
      if (event.type === 'start') {
        queued = event.queued;
        running.set(event.slug, { phase: FIRST_PHASE, since: Date.now() });
        write(
          `[${clock()}] ▶ ${event.slug.padEnd(width)} ${command} started (${event.running} running, ${queued} queued)`,
        );
      } else if (event.type === 'phase') {
        const entry = running.get(event.slug);
        if (entry) entry.phase = event.phase;
        write(`[${clock()}]   ${event.slug.padEnd(width)} ${event.phase} (${formatDuration(event.elapsedMs)})`);
      } else {
        const r = event.result;
        running.delete(r.slug);
        queued = event.queued;
        done += 1;
        if (r.status !== 'ok') failed += 1;
        const mark = r.status === 'ok' ? '✔' : r.status === 'failed' ? '✖' : '·';
        const what = r.status === 'failed' ? `FAILED${r.exitCode !== null ? ` (exit ${r.exitCode})` : ''}` : r.status;
        write(
          `[${clock()}] ${mark} ${r.slug.padEnd(width)} ${what}${r.note ? `, ${r.note}` : ''} in ${formatDuration(r.durationMs)}` +
            ` — ${done}/${total} done${failed ? `, ${failed} not ok` : ''}`,
        );
      }
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

/** The summary table (tenant, result, duration, note, log) and the failures' error lines. */
export function summaryLines(results: TenantResult[], cwd: string): string[] {
  const rows = results.map((r) => [
    r.slug,
    r.status === 'failed' ? `FAILED${r.exitCode !== null ? ` (exit ${r.exitCode})` : ''}` : r.status,
    r.status === 'skipped' ? '-' : formatDuration(r.durationMs),
    r.note ?? '',
    r.logFile ? path.relative(cwd, r.logFile) : '-',
  ]);
  const header = ['tenant', 'result', 'duration', 'note', 'log'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];

  const failures = results.filter((r) => r.status === 'failed');
  for (const f of failures) {
    out.push('', `${f.slug} (${path.relative(cwd, f.logFile)}):`, ...f.errorLines.map((l) => `  ${l}`));
  }
  return out;
}

/** The last line of a run: all ok, or which tenants failed (and which never started). */
export function verdictLine(command: FleetCommand, results: TenantResult[]): string {
  const failed = results.filter((r) => r.status === 'failed').map((r) => r.slug);
  const skipped = results.filter((r) => r.status === 'skipped').map((r) => r.slug);
  const ok = results.length - failed.length - skipped.length;
  if (ok === results.length) return `fleet ${command}: all ${results.length} tenant(s) ok`;
  return (
    `fleet ${command}: ${ok}/${results.length} ok; failed: ${failed.join(', ') || 'none'}` +
    (skipped.length ? `; not started: ${skipped.join(', ')}` : '')
  );
}
