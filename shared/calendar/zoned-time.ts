/**
 * Wall-clock times in IANA zones (issue 14), for recurrence.ts and free-busy.ts. Pure and isomorphic (no `node:`).
 * "Floating" time is a wall clock written as if it were UTC (ms); offsets come from Intl, asked once per zone and year
 * for that year's changes (Intl is slow and a month view converts thousands of times).
 */
import { ValidationError } from '../http/errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC (ms) at an instant, asked of Intl (slow: a few µs). */
function intlOffset(timeZone: string, utcMs: number): number {
  const at = Math.floor(utcMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - at;
}

interface ZoneYear {
  /** The offset at the year's first instant, then each change: when (UTC ms) and the offset from then on. */
  initial: number;
  changes: { at: number; offset: number }[];
}
/** Per zone and year, its offset changes, found once (Intl sampled every 3 days, then bisected to the second). */
const zoneYears = new Map<string, Map<number, ZoneYear>>();

function zoneYear(timeZone: string, year: number): ZoneYear {
  let years = zoneYears.get(timeZone);
  if (!years) zoneYears.set(timeZone, (years = new Map<number, ZoneYear>()));
  const known = years.get(year);
  if (known) return known;
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  const initial = intlOffset(timeZone, from);
  const changes: ZoneYear['changes'] = [];
  let previous = initial;
  const step = 3 * DAY;
  for (let t = from + step; t < to + step; t += step) {
    const offset = intlOffset(timeZone, Math.min(t, to));
    if (offset === previous) continue;
    let lo = t - step;
    let hi = Math.min(t, to);
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (intlOffset(timeZone, mid) === previous) lo = mid;
      else hi = mid;
    }
    if (hi < to) changes.push({ at: hi, offset });
    previous = offset;
  }
  const result = { initial, changes };
  years.set(year, result);
  return result;
}

/** The year each zone was last asked about (a view converts hundreds of times in the same year). */
const lastYearOf = new Map<string, { from: number; to: number; table: ZoneYear }>();

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(timeZone: string, utcMs: number): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  let recent = lastYearOf.get(timeZone);
  if (!recent || utcMs < recent.from || utcMs >= recent.to) {
    const year = new Date(utcMs).getUTCFullYear();
    recent = { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1), table: zoneYear(timeZone, year) };
    lastYearOf.set(timeZone, recent);
  }
  const { initial, changes } = recent.table;
  let offset = initial;
  for (const c of changes) {
    if (c.at > utcMs) break;
    offset = c.offset;
  }
  return offset;
}

/** 'YYYY-MM-DDTHH:mm' or 'YYYY-MM-DD' → the wall clock as if it were UTC (ms). NaN when malformed. */
export function floating(local: string): number {
  const m = LOCAL_RE.exec(local);
  if (!m) return NaN;
  const [, y, mo, d, h, mi] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March: refuse instead.
  return back.getUTCDate() === Number(d) && back.getUTCMonth() === Number(mo) - 1 ? ms : NaN;
}

// Formatting, asked thousands of times per month view: a day's 'YYYY-MM-DD' is made once (toISOString of its
// midnight) and the time of day read from a table; anything else (seconds, years outside 1000-9999) goes to
// toISOString. Same text as toISOString in every case.
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const HH_MM = Array.from({ length: 24 * 60 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`);
const FIRST_DAY = Math.floor(Date.UTC(1000, 0, 1) / DAY);
const LAST_DAY = Math.floor(Date.UTC(9999, 11, 31) / DAY);
const dayTexts = new Map<number, string>();

function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    if (dayTexts.size >= 50_000) dayTexts.clear();
    text = new Date(day * DAY).toISOString().slice(0, 10);
    dayTexts.set(day, text);
  }
  return text;
}

export function formatFloating(ms: number, dateOnly: boolean): string {
  const day = Math.floor(ms / DAY);
  if (day < FIRST_DAY || day > LAST_DAY || !Number.isFinite(ms)) {
    const iso = new Date(ms).toISOString();
    return dateOnly ? iso.slice(0, 10) : iso.slice(0, 16);
  }
  return dateOnly ? dayText(day) : `${dayText(day)}T${HH_MM[Math.floor((ms - day * DAY) / MINUTE)]!}`;
}

/** `new Date(ms).toISOString()`, faster for whole minutes. */
export function isoOf(ms: number): string {
  const day = Math.floor(ms / DAY);
  const inDay = ms - day * DAY;
  if (inDay % MINUTE !== 0 || day < FIRST_DAY || day > LAST_DAY) return new Date(ms).toISOString();
  return `${dayText(day)}T${HH_MM[inDay / MINUTE]!}:00.000Z`;
}

export function floatingToUtcMs(wall: number, timeZone: string): number {
  const early = wall - offsetAt(timeZone, wall - DAY);
  const late = wall - offsetAt(timeZone, wall + DAY);
  const earlyValid = early + offsetAt(timeZone, early) === wall;
  const lateValid = late + offsetAt(timeZone, late) === wall;
  if (earlyValid && lateValid) return Math.min(early, late); // a repeated hour: the first one
  if (earlyValid) return early;
  if (lateValid) return late;
  return early; // a skipped hour: the offset before the gap, which lands after it (03:30 → 04:30), as Google does
}

export const utcMsToFloating = (utcMs: number, timeZone: string) => utcMs + offsetAt(timeZone, utcMs);

/** A local wall-clock time (or a date: its 00:00) in the zone → ISO instant with Z. */
export function localToUtc(local: string, timeZone: string): string {
  const wall = floating(local);
  if (Number.isNaN(wall)) throw new ValidationError([{ path: 'start', reason: `not a local time: ${local}` }]);
  return new Date(floatingToUtcMs(wall, timeZone)).toISOString();
}

/** An instant → the zone's wall-clock 'YYYY-MM-DDTHH:mm' (or its date). */
export function utcToLocal(utc: string, timeZone: string, dateOnly = false): string {
  return formatFloating(utcMsToFloating(Date.parse(utc), timeZone), dateOnly);
}
