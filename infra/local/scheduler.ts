/**
 * The local stand-in for the EventBridge rules CDK creates from the manifest: every schedule runs
 * once shortly after start and then every `everyMinutes` (divided by LOCAL_SCHEDULE_SPEEDUP).
 */
import { FEATURES } from '../../functions/manifest';
import type { ScheduleEventPayload } from '../../shared/manifest/types';
import type { LambdaRuntime } from './lambda-runtime';

export interface SchedulerOptions {
  runtime: LambdaRuntime;
  /** Runs schedules this many times faster (LOCAL_SCHEDULE_SPEEDUP). */
  speedup?: number;
  /** Delay of the first run after start; null = no automatic runs (tests trigger them). */
  firstRunMs?: number | null;
  log?: (line: string) => void;
}

export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly opts: SchedulerOptions) {}

  start(): void {
    if (this.opts.firstRunMs === null) return;
    const speedup = this.opts.speedup && this.opts.speedup > 0 ? this.opts.speedup : 1;
    for (const f of FEATURES) {
      for (const [name, spec] of Object.entries(f.schedules)) {
        const tick = () =>
          void this.run(f.feature, name).catch((e: unknown) =>
            this.opts.log?.(`schedule ${f.feature}/${name} failed: ${(e as Error).message}`),
          );
        const first = setTimeout(tick, this.opts.firstRunMs ?? 3000);
        const every = setInterval(tick, Math.max(1000, (spec.everyMinutes * 60_000) / speedup));
        first.unref();
        every.unref();
        this.timers.push(first, every);
      }
    }
  }

  /** Invokes one schedule now; rejects if the handler fails. */
  async run(feature: string, name: string): Promise<void> {
    const f = FEATURES.find((x) => x.feature === feature);
    if (!f || !f.schedules[name]) throw new Error(`no schedule ${feature}/${name} in the manifest`);
    const event: ScheduleEventPayload = { source: 'portal.schedule', schedule: name };
    const p = this.opts.runtime.invoke(feature, event, 15 * 60_000);
    this.running.add(p);
    try {
      const out = await p;
      if (!out.ok) throw out.error;
    } finally {
      this.running.delete(p);
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearTimeout(t);
    await Promise.allSettled([...this.running]);
  }
}
