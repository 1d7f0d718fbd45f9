/**
 * "Find a time": the first slots of the meeting's length in which every person and the room are free, within
 * working hours (days and hours from my calendar settings, in my zone), starting from the next half hour.
 */
import type { BusyBlock, FreeBusyView } from '../../../shared/calendar/contract';
import { msToWall, wallArray, wallToMs } from './zone';

export interface WorkingTime {
  workDays: number[];
  workStart: string;
  workEnd: string;
}

const STEP = 30 * 60_000;

/** Every busy block of the people and rooms, sorted and merged into disjoint [start, end) intervals. */
export function mergedBusy(fb: Pick<FreeBusyView, 'users' | 'rooms'>): [number, number][] {
  const all: BusyBlock[] = [...Object.values(fb.users).flat(), ...Object.values(fb.rooms).flat()];
  const spans = all
    .map((b) => [Date.parse(b.startUtc), Date.parse(b.endUtc)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([...s]);
  }
  return out;
}

/**
 * Up to `max` free slots [start, end) (ms) of `durationMs` between `fromMs` and `toMs`, on the hour or half hour,
 * inside working hours in `tz`; a meeting longer than the working day is placed anywhere free.
 */
export function proposeSlots(
  busy: [number, number][],
  p: { fromMs: number; toMs: number; durationMs: number; tz: string; work: WorkingTime; max: number },
): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const [wsH, wsM] = p.work.workStart.split(':').map(Number);
  const [weH, weM] = p.work.workEnd.split(':').map(Number);
  const dayMinutes = weH! * 60 + weM! - (wsH! * 60 + wsM!);
  const withinWork = p.durationMs <= dayMinutes * 60_000;
  let t = Math.ceil(p.fromMs / STEP) * STEP;
  for (; t + p.durationMs <= p.toMs && out.length < p.max; t += STEP) {
    const end = t + p.durationMs;
    if (withinWork) {
      const a = wallArray(t, p.tz);
      const weekday = new Date(Date.UTC(a[0]!, a[1]!, a[2]!)).getUTCDay();
      if (!p.work.workDays.includes(weekday)) continue;
      const day = msToWall(t, p.tz).slice(0, 10);
      if (t < wallToMs(`${day}T${p.work.workStart}`, p.tz) || end > wallToMs(`${day}T${p.work.workEnd}`, p.tz))
        continue;
    }
    if (busy.some(([s, e]) => s < end && e > t)) continue;
    out.push({ start: t, end });
  }
  return out;
}
