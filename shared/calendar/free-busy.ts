/**
 * Free/busy arithmetic (issue 14): merging busy blocks and finding a time free for everyone ("find a time").
 * Pure and isomorphic (Lambdas and the SPA).
 */
import type { BusyBlock } from './contract';
import { localToUtc, utcToLocal } from './recurrence';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Which availability a merged block keeps: the strongest of the blocks it covers. */
const STRENGTH: Record<BusyBlock['availability'], number> = { tentative: 1, busy: 2, away: 3 };

/** Sorted, with overlapping or touching blocks merged into one that keeps the strongest availability. */
export function mergeBusy(blocks: BusyBlock[]): BusyBlock[] {
  const sorted = blocks
    .map((b) => ({ ...b, from: Date.parse(b.startUtc), to: Date.parse(b.endUtc) }))
    .filter((b) => b.to > b.from)
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const out: (BusyBlock & { from: number; to: number })[] = [];
  for (const b of sorted) {
    const last = out.at(-1);
    if (last && b.from <= last.to) {
      if (b.to > last.to) {
        last.to = b.to;
        last.endUtc = b.endUtc;
      }
      if (STRENGTH[b.availability] > STRENGTH[last.availability]) last.availability = b.availability;
    } else out.push({ ...b });
  }
  return out.map(({ startUtc, endUtc, availability }) => ({
    startUtc: new Date(Date.parse(startUtc)).toISOString(),
    endUtc: new Date(Date.parse(endUtc)).toISOString(),
    availability,
  }));
}

export interface SlotSearch {
  /** One list per person or room; every availability (tentative too) makes the time unusable. */
  busy: BusyBlock[][];
  fromUtc: string;
  toUtc: string;
  durationMinutes: number;
  /** Working hours and step boundaries are read in this zone. */
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday. */
  workDays: number[];
  workStart: string;
  workEnd: string;
  stepMinutes?: number;
  max?: number;
}

/**
 * The first `max` (default 5) slots inside working hours that are free for everyone, starting on step boundaries of
 * the local clock (:00, :30 with the default 30-minute step), none before fromUtc and none ending after toUtc.
 */
export function findFreeSlots(s: SlotSearch): { startUtc: string; endUtc: string }[] {
  const step = (s.stepMinutes ?? 30) * MINUTE;
  const duration = s.durationMinutes * MINUTE;
  const max = s.max ?? 5;
  const from = Date.parse(s.fromUtc);
  const to = Date.parse(s.toUtc);
  if (!(duration > 0) || !(step > 0) || max <= 0 || to <= from) return [];
  const busy = mergeBusy(s.busy.flat()).map((b) => ({ from: Date.parse(b.startUtc), to: Date.parse(b.endUtc) }));
  const slots: { startUtc: string; endUtc: string }[] = [];
  let next = 0; // the first busy block that may still matter (blocks and candidates both move forward)
  const firstDay = Date.parse(`${utcToLocal(s.fromUtc, s.timeZone, true)}T00:00Z`);
  const lastDay = Date.parse(`${utcToLocal(s.toUtc, s.timeZone, true)}T00:00Z`);
  for (let day = firstDay; day <= lastDay && slots.length < max; day += DAY) {
    const date = new Date(day).toISOString().slice(0, 10);
    if (!s.workDays.includes(new Date(day).getUTCDay())) continue;
    const dayStart = Date.parse(localToUtc(date, s.timeZone));
    const workFrom = Date.parse(localToUtc(`${date}T${s.workStart}`, s.timeZone));
    const workTo = Math.min(Date.parse(localToUtc(`${date}T${s.workEnd}`, s.timeZone)), to);
    // Step boundaries count from local midnight, so 09:00 and 09:30 are candidates whatever the offset.
    const onStep = (t: number) => dayStart + Math.ceil((t - dayStart) / step) * step;
    let start = onStep(Math.max(workFrom, from));
    while (start + duration <= workTo && slots.length < max) {
      while (next < busy.length && busy[next]!.to <= start) next += 1;
      const blocker = busy[next];
      if (blocker && blocker.from < start + duration) {
        start = onStep(blocker.to);
        continue;
      }
      slots.push({ startUtc: new Date(start).toISOString(), endUtc: new Date(start + duration).toISOString() });
      start += step;
    }
  }
  return slots;
}
