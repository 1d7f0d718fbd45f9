/**
 * FullCalendar glue for named zones: FullCalendar 6 needs a plugin to show a zone other than the browser's, and the
 * dialog converts between the API's wall-clock `YYYY-MM-DDTHH:mm` (in the event's zone) and instants. The arithmetic
 * is the server's (shared/calendar/zoned-time.ts), so the page and the API agree on every DST edge: a time skipped by
 * the spring change takes the offset before it (03:30 on 29 March in Bucharest reads as 04:30), a repeated autumn
 * hour the first (summer) one.
 */
import { createPlugin } from '@fullcalendar/core';
import { NamedTimeZoneImpl } from '@fullcalendar/core/internal';
import { floating, floatingToUtcMs, formatFloating, utcMsToFloating } from '../../../shared/calendar/zoned-time';

const MINUTE = 60_000;

/** `YYYY-MM-DDTHH:mm` (or a date: its 00:00) in `tz` → the instant (ms); NaN when it is not such a time. */
export function wallToMs(wall: string, tz: string): number {
  const clock = floating(wall);
  return Number.isNaN(clock) ? NaN : floatingToUtcMs(clock, tz);
}

/** The instant → `YYYY-MM-DDTHH:mm` as a clock in `tz` shows it. */
export const msToWall = (ms: number, tz: string): string => formatFloating(utcMsToFloating(ms, tz), false);

/** A wall-clock time moved from one zone to another (the same instant). */
export const rezone = (wall: string, from: string, to: string) =>
  from === to ? wall : msToWall(wallToMs(wall, from), to);

/**
 * FullCalendar's zone interface: its date arrays are [year, month (0-11), day, hour, minute, second, ms] of a
 * wall clock; offsets are minutes east of UTC.
 */
export class SharedNamedTimeZone extends NamedTimeZoneImpl {
  offsetForArray(a: number[]): number {
    const clock = Date.UTC(a[0]!, a[1] ?? 0, a[2] ?? 1, a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);
    return Math.round((clock - floatingToUtcMs(clock, this.timeZoneName)) / MINUTE);
  }

  timestampToArray(ms: number): number[] {
    const d = new Date(utcMsToFloating(ms, this.timeZoneName));
    return [
      d.getUTCFullYear(),
      d.getUTCMonth(),
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ];
  }
}

/** FullCalendar shows and edits times in a named zone (its `timeZone` option) with the shared zone arithmetic. */
export const zonePlugin = createPlugin({ name: 'portal-intl-time-zone', namedTimeZonedImpl: SharedNamedTimeZone });
