/**
 * Wall-clock times in an IANA zone, with the browser's Intl only (no luxon/moment): FullCalendar 6 needs a
 * plugin to show a named zone other than the browser's, so `zonePlugin` is that plugin written over Intl, and
 * the dialog converts between the API's wall-clock `YYYY-MM-DDTHH:mm` (in the event's zone) and instants.
 */
import { createPlugin } from '@fullcalendar/core';
import { NamedTimeZoneImpl } from '@fullcalendar/core/internal';

const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(tz, f);
  }
  return f;
}

/** [year, month (0-11), day, hour, minute, second, ms] of the instant as a clock in `tz` shows it. */
export function wallArray(ms: number, tz: string): number[] {
  const parts: Record<string, number> = {};
  for (const p of formatOf(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return [parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!, ms % 1000];
}

/** The zone's offset from UTC in minutes at an instant (Bucharest in summer → 180). */
export function offsetAt(ms: number, tz: string): number {
  const a = wallArray(ms, tz);
  const asUtc = Date.UTC(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, 0);
  return Math.round((asUtc - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

/**
 * The offset that applies to a wall-clock time in `tz`. A time skipped by a spring-forward gap gets the offset
 * before the change (02:30 on the day clocks go 02:00→03:00 reads as 03:30); a repeated autumn hour gets the
 * first (summer) one.
 */
export function offsetForWall(a: readonly number[], tz: string): number {
  const asUtc = Date.UTC(a[0]!, a[1] ?? 0, a[2] ?? 1, a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);
  const before = offsetAt(asUtc - 86_400_000 / 2, tz);
  const after = offsetAt(asUtc + 86_400_000 / 2, tz);
  const candidates = before === after ? [before] : [before, after];
  for (const off of candidates) if (offsetAt(asUtc - off * 60_000, tz) === off) return off;
  return before;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` in `tz` → the instant (ms). */
export function wallToMs(wall: string, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(wall);
  if (!m) return NaN;
  const a = [Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), 0, 0];
  return Date.UTC(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!) - offsetForWall(a, tz) * 60_000;
}

/** The instant → `YYYY-MM-DDTHH:mm` as a clock in `tz` shows it. */
export function msToWall(ms: number, tz: string): string {
  const a = wallArray(ms, tz);
  return `${a[0]}-${pad(a[1]! + 1)}-${pad(a[2]!)}T${pad(a[3]!)}:${pad(a[4]!)}`;
}

/** A wall-clock time moved from one zone to another (the same instant). */
export const rezone = (wall: string, from: string, to: string) =>
  from === to ? wall : msToWall(wallToMs(wall, from), to);

class IntlNamedTimeZone extends NamedTimeZoneImpl {
  offsetForArray(a: number[]): number {
    return offsetForWall(a, this.timeZoneName);
  }
  timestampToArray(ms: number): number[] {
    return wallArray(ms, this.timeZoneName);
  }
}

/** FullCalendar shows and edits times in a named zone (its `timeZone` option) through Intl. */
export const zonePlugin = createPlugin({ name: 'portal-intl-time-zone', namedTimeZonedImpl: IntlNamedTimeZone });
