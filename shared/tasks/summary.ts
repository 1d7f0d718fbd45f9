/**
 * GET /tasks/summary: what Home's "My tasks" widget shows, in ONE request — my open tasks that are overdue, due
 * later today, and the tasks I created that wait for my acceptance (status awaiting_control: the responsible person
 * completed them and the task requires approval). Each group carries at most SUMMARY_LIMITS.items rows and a count
 * (up to SUMMARY_LIMITS.count; the SPA shows "99+" past it). Shared by functions/tasks and the SPA.
 *
 * "Today" is the viewer's day in their IANA time zone (`timeZone`), computed here with daylight saving time taken
 * into account: [now, the next local midnight).
 */
import * as z from 'zod';
import type { PeopleMap, TaskSummary } from './contract';

export const SUMMARY_LIMITS = {
  /** Rows per group: a glance, not a list ("See all" opens the Tasks page). */
  items: 5,
  /** Counting stops here: one bounded COUNT Query per group. */
  count: 100,
} as const;

export const SUMMARY_GROUPS = ['overdue', 'today', 'awaitingControl'] as const;
export type SummaryGroupName = (typeof SUMMARY_GROUPS)[number];

export const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const summaryQuery = z.strictObject({
  /** The viewer's IANA time zone (e.g. Europe/Bucharest): whose "today". Default UTC. */
  timeZone: z.string().max(64).refine(isTimeZone, { message: 'not a known IANA time zone' }).optional(),
});

export interface SummaryGroup {
  /** The first rows, earliest deadline first. */
  items: TaskSummary[];
  /** How many in all, up to SUMMARY_LIMITS.count. */
  count: number;
}

export type TaskHomeSummary = Record<SummaryGroupName, SummaryGroup> & {
  /** Names of the people the rows mention (responsible, creator). */
  people: PeopleMap;
};

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in ms (UTC+2 → 7_200_000). */
export function zoneOffsetMs(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the viewer's day ends (the next local midnight in `timeZone`), as an ISO string. */
export function endOfLocalDay(timeZone: string, now: Date): string {
  const local = new Date(now.getTime() + zoneOffsetMs(timeZone, now));
  const nextMidnightWall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  // The offset at midnight may differ from now's (a DST change today): take the one in force at that instant.
  const guess = nextMidnightWall - zoneOffsetMs(timeZone, now);
  return new Date(nextMidnightWall - zoneOffsetMs(timeZone, new Date(guess))).toISOString();
}

/** The deadline ranges of the two time-based groups: overdue [-, now), today [now, end of the local day). */
export function summaryRanges(timeZone: string, now: Date): { now: string; endOfToday: string } {
  return { now: now.toISOString(), endOfToday: endOfLocalDay(timeZone, now) };
}
