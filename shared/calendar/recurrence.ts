/**
 * Times and recurrence of calendar events (issue 14). Pure and isomorphic: the Lambdas and the SPA both use it, so no
 * `node:` imports.
 *
 * How a series is expanded: the rule runs in "floating" time (the wall clock written as if it were UTC) with `rrule`,
 * and every occurrence's wall-clock start is then placed in the event's zone with Intl (localToUtc). So a weekly 09:00
 * Europe/Bucharest meeting stays at 09:00 local across DST (07:00Z in winter, 06:00Z in summer); rrule's own tzid
 * handling is not used.
 *
 * Guards: rrule iterates until it EMITS a date past the range (or reaches year 9999), so a rule that never matches, or
 * matches very rarely, could run for seconds. checkTiming therefore refuses the rule parts that make such rules easy
 * (BYYEARDAY, BYWEEKNO, BYSETPOS outside MONTHLY/YEARLY, filtered DAILY rules with an INTERVAL, impossible month days)
 * and requires COUNT to be reached within a horizon; expand() moves the start of an endless series close to the range
 * (whole periods) so an old daily series does not replay its past on every read.
 */
import * as rruleModule from 'rrule';
import type { Options, Weekday } from 'rrule';
import { ValidationError } from '../http/errors';
import { isDateOnly, isTimeZone, LIMITS } from './contract';
import { floating, floatingToUtcMs, formatFloating, isoOf, utcMsToFloating } from './zoned-time';

export { localToUtc, utcToLocal } from './zoned-time';

// rrule ships a UMD main (no named exports under Node's ESM loader) and an ESM module (bundlers): take whichever holds RRule.
const { RRule } = (Reflect.get(rruleModule, 'default') ?? rruleModule) as typeof rruleModule;

export interface Timing {
  /** Local wall-clock 'YYYY-MM-DDTHH:mm' in timeZone, or 'YYYY-MM-DD' for all-day (end exclusive). */
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  rrule?: string;
  /** Excluded occurrences' original local starts. */
  exdates?: string[];
}

export interface Instance {
  start: string;
  end: string;
  startUtc: string;
  endUtc: string;
  /** The occurrence's original local start: set only for instances of a series. */
  occurrence?: string;
}

/** lastEndUtc of a series without COUNT or UNTIL. */
export const ENDLESS = '9999-12-31T23:59:59.999Z';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------------------
// Rules

const FREQS = { YEARLY: RRule.YEARLY, MONTHLY: RRule.MONTHLY, WEEKLY: RRule.WEEKLY, DAILY: RRule.DAILY } as const;
type Freq = keyof typeof FREQS;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const RRULE_WEEKDAYS: Weekday[] = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const ALLOWED_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);
/** How far ahead COUNT must be reached, in periods of the rule (bounds the iteration of every later read). */
const HORIZON_PERIODS = 7_000;
const MAX_YEAR = 9_000;

interface ByDay {
  /** 0 = Monday … 6 = Sunday (rrule's numbering). */
  day: number;
  nth?: number;
}
interface Rule {
  freq: Freq;
  interval: number;
  count?: number;
  /** Floating ms (inclusive). */
  until?: number;
  byDay: ByDay[];
  byMonthDay: number[];
  byMonth: number[];
  bySetPos: number[];
  wkst?: number;
  /** The parts as written, to write the rule back with one part changed. */
  parts: [string, string][];
}

const refuse = (path: string, reason: string): never => {
  throw new ValidationError([{ path, reason }]);
};

const intList = (v: string, path: string) =>
  v.split(',').map((s) => (/^[+-]?\d{1,9}$/.test(s) ? Number(s) : refuse(path, `not a number list: ${v}`)));

/** Parses and checks the rule's shape; `allDay`/`timeZone` say how to read UNTIL. Throws ValidationError('rrule'). */
function parseRule(text: string, allDay: boolean, timeZone: string): Rule {
  const parts: [string, string][] = text.split(';').map((p) => {
    const [k, v, extra] = p.split('=');
    if (!k || v === undefined || v === '' || extra !== undefined) return refuse('rrule', `not an RRULE part: ${p}`);
    return [k.toUpperCase(), v.toUpperCase()];
  });
  const get = (k: string) => parts.find(([name]) => name === k)?.[1];
  const names = parts.map(([k]) => k);
  if (new Set(names).size !== names.length) refuse('rrule', 'a part is written twice');
  for (const n of names) {
    if (n === 'BYSECOND' || n === 'BYMINUTE' || n === 'BYHOUR')
      refuse('rrule', `${n} is not allowed: the start sets the time`);
    if (!ALLOWED_PARTS.has(n)) refuse('rrule', `${n} is not supported`);
  }
  const freqText = get('FREQ');
  if (!freqText || !(freqText in FREQS))
    refuse('rrule', `the frequency must be one of ${Object.keys(FREQS).join(', ')}`);
  const freq = freqText as Freq;
  const interval = get('INTERVAL') === undefined ? 1 : (intList(get('INTERVAL') ?? '', 'rrule')[0] ?? 1);
  if (interval < 1 || interval > 1000) refuse('rrule', 'INTERVAL must be 1 to 1000');
  const countText = get('COUNT');
  const count = countText === undefined ? undefined : (intList(countText, 'rrule')[0] ?? 0);
  if (count !== undefined && (count < 1 || count > 1000)) refuse('rrule', 'COUNT must be 1 to 1000');
  const untilText = get('UNTIL');
  if (untilText !== undefined && count !== undefined) refuse('rrule', 'COUNT and UNTIL cannot both be set');
  const until = untilText === undefined ? undefined : parseUntil(untilText, allDay, timeZone);

  const byDay = (get('BYDAY')?.split(',') ?? []).map((d): ByDay => {
    const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(d);
    if (!m) return refuse('rrule', `not a BYDAY day: ${d}`);
    const day = WEEKDAYS.indexOf(m[2] as (typeof WEEKDAYS)[number]);
    if (m[1] === undefined) return { day };
    const nth = Number(m[1]);
    if (freq !== 'MONTHLY' && freq !== 'YEARLY')
      refuse('rrule', 'BYDAY with a number (2TU) needs FREQ=MONTHLY or YEARLY');
    const max = freq === 'MONTHLY' || get('BYMONTH') ? 5 : 53;
    if (nth === 0 || Math.abs(nth) > max)
      refuse('rrule', `BYDAY ${d}: the number must be 1 to ${max} or -1 to -${max}`);
    return { day, nth };
  });
  const byMonthDay = get('BYMONTHDAY') ? intList(get('BYMONTHDAY') ?? '', 'rrule') : [];
  if (byMonthDay.some((d) => d === 0 || Math.abs(d) > 31)) refuse('rrule', 'BYMONTHDAY must be 1 to 31 or -1 to -31');
  const byMonth = get('BYMONTH') ? intList(get('BYMONTH') ?? '', 'rrule') : [];
  if (byMonth.some((m) => m < 1 || m > 12)) refuse('rrule', 'BYMONTH must be 1 to 12');
  const bySetPos = get('BYSETPOS') ? intList(get('BYSETPOS') ?? '', 'rrule') : [];
  if (bySetPos.length && (freq === 'DAILY' || freq === 'WEEKLY' || !byDay.length || byMonthDay.length))
    refuse('rrule', 'BYSETPOS is only supported with FREQ=MONTHLY or YEARLY and BYDAY');
  // A position past the set's size never occurs: the set holds at most 5 of a weekday per month (1 with a number).
  const wholeYear = freq === 'YEARLY' && !byMonth.length;
  const perPeriod = byDay.reduce((n, b) => n + (b.nth !== undefined ? 1 : wholeYear ? 53 : 5), 0);
  const setSize = perPeriod * Math.max(1, byMonth.length);
  if (bySetPos.some((p) => p === 0 || Math.abs(p) > setSize))
    refuse('rrule', `BYSETPOS must be 1 to ${setSize} or -1 to -${setSize} for these days`);
  if (byMonthDay.length && byDay.some((b) => b.nth !== undefined))
    refuse('rrule', 'BYDAY with a number (2TU) cannot be combined with BYMONTHDAY');
  if (freq === 'DAILY' && interval > 1 && (byDay.length || byMonthDay.length || byMonth.length))
    refuse('rrule', 'a DAILY rule with BYDAY, BYMONTHDAY or BYMONTH must have INTERVAL=1');
  // A month day no month of the rule has (30 February) never occurs.
  const months = byMonth.length ? byMonth : [1, 3, 5, 7, 8, 10, 12];
  const longest = Math.max(...months.map((m) => (m === 2 ? 29 : [4, 6, 9, 11].includes(m) ? 30 : 31)));
  if (byMonthDay.length && byMonthDay.every((d) => Math.abs(d) > longest))
    refuse('rrule', 'BYMONTHDAY names a day none of the months has');
  const wkstText = get('WKST');
  const wkst = wkstText === undefined ? undefined : WEEKDAYS.indexOf(wkstText as (typeof WEEKDAYS)[number]);
  if (wkst === -1) refuse('rrule', `not a WKST day: ${wkstText}`);
  return {
    freq,
    interval,
    ...(count !== undefined ? { count } : {}),
    ...(until !== undefined ? { until } : {}),
    byDay,
    byMonthDay,
    byMonth,
    bySetPos,
    ...(wkst !== undefined ? { wkst } : {}),
    parts,
  };
}

/** UNTIL → floating ms. With Z it is an instant (RFC 5545 for zoned starts); a date means "through that day". */
function parseUntil(v: string, allDay: boolean, timeZone: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(v);
  if (!m) return refuse('rrule', `not an UNTIL date: ${v}`);
  const [, y, mo, d, h, mi, s, z] = m;
  const wall = floating(`${y}-${mo}-${d}`);
  if (Number.isNaN(wall)) return refuse('rrule', `not an UNTIL date: ${v}`);
  if (h === undefined) return allDay ? wall : wall + DAY - 1000;
  const ms = wall + Number(h) * HOUR + Number(mi) * MINUTE + Number(s) * 1000;
  return z ? utcMsToFloating(ms, timeZone) : ms;
}

function rruleOptions(rule: Rule, dtstart: number): Partial<Options> {
  return {
    freq: FREQS[rule.freq],
    interval: rule.interval,
    dtstart: new Date(dtstart),
    ...(rule.count !== undefined ? { count: rule.count } : {}),
    ...(rule.until !== undefined ? { until: new Date(rule.until) } : {}),
    ...(rule.byDay.length
      ? { byweekday: rule.byDay.map((b) => (b.nth ? RRULE_WEEKDAYS[b.day]!.nth(b.nth) : RRULE_WEEKDAYS[b.day]!)) }
      : {}),
    ...(rule.byMonthDay.length ? { bymonthday: rule.byMonthDay } : {}),
    ...(rule.byMonth.length ? { bymonth: rule.byMonth } : {}),
    ...(rule.bySetPos.length ? { bysetpos: rule.bySetPos } : {}),
    ...(rule.wkst !== undefined ? { wkst: rule.wkst } : {}),
  };
}

const weekdayOf = (ms: number) => (new Date(ms).getUTCDay() + 6) % 7;

/**
 * The rule with its start moved forward by whole periods to just before `near` (an endless rule only: COUNT needs
 * every earlier occurrence). The defaults rrule takes from the start (its weekday, month day, month) are made explicit
 * first, so the moved rule yields exactly the same dates from there on.
 */
function fastForward(rule: Rule, dtstart: number, near: number): { rule: Rule; dtstart: number } {
  if (rule.count !== undefined || near - dtstart < 60 * DAY) return { rule, dtstart };
  const start = new Date(dtstart);
  const timeOfDay = dtstart % DAY;
  const explicit: Rule = { ...rule };
  const noDayFilter = !rule.byDay.length && !rule.byMonthDay.length;
  if (rule.freq === 'DAILY' || rule.freq === 'WEEKLY') {
    if (rule.freq === 'WEEKLY' && noDayFilter) explicit.byDay = [{ day: weekdayOf(dtstart) }];
    const step = rule.interval * (rule.freq === 'DAILY' ? 1 : 7) * DAY;
    const periods = Math.floor((near - dtstart) / step) - 1;
    return periods > 0 ? { rule: explicit, dtstart: dtstart + periods * step } : { rule, dtstart };
  }
  if (noDayFilter) {
    explicit.byMonthDay = [start.getUTCDate()];
    if (rule.freq === 'YEARLY' && !rule.byMonth.length) explicit.byMonth = [start.getUTCMonth() + 1];
  }
  const nearDate = new Date(near);
  const unitMonths = rule.freq === 'MONTHLY' ? rule.interval : rule.interval * 12;
  const monthsBetween =
    (nearDate.getUTCFullYear() - start.getUTCFullYear()) * 12 + nearDate.getUTCMonth() - start.getUTCMonth();
  const periods = Math.floor(monthsBetween / unitMonths) - 1;
  if (periods <= 0) return { rule, dtstart };
  // The first day of the period (month or year) `periods` periods later, at the same time of day.
  const firstOfMonth = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + periods * unitMonths, 1);
  const periodStart = rule.freq === 'YEARLY' ? Date.UTC(new Date(firstOfMonth).getUTCFullYear(), 0, 1) : firstOfMonth;
  return { rule: explicit, dtstart: periodStart + timeOfDay };
}

/** Floating starts of the rule's occurrences in [from, to] (floating ms), each passed to `take` until it says stop. */
/** DAILY/WEEKLY rules filtered by plain weekdays only: the common case, counted out directly (rrule is ~10× slower). */
const isSimple = (rule: Rule) =>
  (rule.freq === 'DAILY' || rule.freq === 'WEEKLY') &&
  !rule.byMonth.length &&
  !rule.byMonthDay.length &&
  !rule.bySetPos.length &&
  rule.byDay.every((b) => b.nth === undefined);

/** Days since 1970-01-01 → 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
const weekdayOfDay = (day: number) => (((day + 3) % 7) + 7) % 7;

/** The same dates rrule gives for a simple rule (the unit tests compare both on many rules). */
function simpleOccurrences(rule: Rule, dtstart: number, from: number, to: number, take: (ms: number) => boolean): void {
  const startDay = Math.floor(dtstart / DAY);
  const timeOfDay = dtstart - startDay * DAY;
  const fromDay = Math.floor(from / DAY);
  const period = rule.freq === 'DAILY' ? rule.interval : rule.interval * 7;
  const wkst = rule.wkst ?? 0;
  // Offsets of the occurrence days inside one period (from its first day).
  const days = rule.byDay.length ? rule.byDay.map((b) => b.day) : [weekdayOfDay(startDay)];
  const offsets = rule.freq === 'DAILY' ? [0] : [...new Set(days.map((d) => (d - wkst + 7) % 7))].sort((a, b) => a - b);
  const firstPeriod = rule.freq === 'DAILY' ? startDay : startDay - ((weekdayOfDay(startDay) - wkst + 7) % 7);
  const allowed = rule.freq === 'DAILY' && rule.byDay.length ? new Set(days) : undefined;
  // Without COUNT nothing before the range matters: start a period before it.
  let k = rule.count === undefined ? Math.max(0, Math.floor((fromDay - firstPeriod) / period) - 1) : 0;
  let emitted = 0;
  for (; ; k += 1) {
    for (const offset of offsets) {
      const day = firstPeriod + k * period + offset;
      const t = day * DAY + timeOfDay;
      if (t < dtstart || (allowed && !allowed.has(weekdayOfDay(day)))) continue;
      if (t > to || (rule.until !== undefined && t > rule.until)) return;
      emitted += 1;
      if (rule.count !== undefined && emitted > rule.count) return;
      if (t >= from && !take(t)) return;
    }
  }
}

function occurrences(rule: Rule, dtstart: number, from: number, to: number, take: (ms: number) => boolean): void {
  if (to < dtstart) return;
  if (isSimple(rule) && !forceRrule) return simpleOccurrences(rule, dtstart, from, to, take);
  const moved = fastForward(rule, dtstart, from);
  const r = new RRule(rruleOptions(moved.rule, moved.dtstart));
  r.between(new Date(Math.max(from, dtstart)), new Date(to), true, (d) => take(d.getTime()));
}

function horizonOf(rule: Rule, dtstart: number): number {
  const years = { DAILY: 1 / 365, WEEKLY: 7 / 365, MONTHLY: 1 / 12, YEARLY: 1 }[rule.freq] * rule.interval;
  const end = new Date(dtstart);
  return Date.UTC(Math.min(MAX_YEAR, end.getUTCFullYear() + Math.ceil(years * HORIZON_PERIODS)), 0, 1);
}

let forceRrule = false;
/** For the unit tests: expand every rule with rrule, to compare the direct count-out of simple rules against it. */
export function expandWithRruleOnly<T>(fn: () => T): T {
  forceRrule = true;
  try {
    return fn();
  } finally {
    forceRrule = false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

interface Parsed {
  rule?: Rule;
  start: number;
  end: number;
  duration: number;
  exdates: Set<string>;
}

function parsed(t: Timing): Parsed {
  const start = floating(t.start);
  const end = floating(t.end);
  return {
    ...(t.rrule ? { rule: parseRule(t.rrule, t.allDay, t.timeZone) } : {}),
    start,
    end,
    duration: end - start,
    exdates: new Set(t.exdates ?? []),
  };
}

/** The instance at a floating start whose instants (UTC ms) are already known. */
function instanceOf(t: Timing, startWall: number, duration: number, utc: [number, number], series: boolean): Instance {
  const start = formatFloating(startWall, t.allDay);
  const instance: Instance = {
    start,
    end: formatFloating(startWall + duration, t.allDay),
    startUtc: isoOf(utc[0]),
    endUtc: isoOf(utc[1]),
  };
  if (series) instance.occurrence = start;
  return instance;
}

const instantsOf = (t: Timing, startWall: number, duration: number): [number, number] => [
  floatingToUtcMs(startWall, t.timeZone),
  floatingToUtcMs(startWall + duration, t.timeZone),
];

function instanceAt(t: Timing, startWall: number, duration: number, series: boolean): Instance {
  return instanceOf(t, startWall, duration, instantsOf(t, startWall, duration), series);
}

/** The event itself, or a series' first instance (its start, which checkTiming makes an occurrence of the rule). */
export function firstInstance(t: Timing): Instance {
  const p = parsed(t);
  return instanceAt(t, p.start, p.duration, Boolean(p.rule));
}

/** When the last occurrence ends (ENDLESS without COUNT/UNTIL). An UNTIL beyond the horizon gives an upper bound. */
export function lastEndUtc(t: Timing): string {
  const p = parsed(t);
  if (!p.rule) return instanceAt(t, p.start, p.duration, false).endUtc;
  if (p.rule.count === undefined && p.rule.until === undefined) return ENDLESS;
  const limit = p.rule.until ?? horizonOf(p.rule, p.start);
  if (p.rule.until !== undefined && p.rule.until > horizonOf(p.rule, p.start))
    return new Date(floatingToUtcMs(p.rule.until + p.duration, t.timeZone)).toISOString();
  let last = p.start;
  occurrences(p.rule, p.start, p.start, limit, (ms) => ((last = ms), true));
  return instanceAt(t, last, p.duration, true).endUtc;
}

/** The instances overlapping [fromUtc, toUtc), exclusions removed, sorted; at most `max`. */
export function expand(
  t: Timing,
  fromUtc: string,
  toUtc: string,
  max: number = LIMITS.occurrencesPerRange,
): Instance[] {
  const from = Date.parse(fromUtc);
  const to = Date.parse(toUtc);
  const p = parsed(t);
  // Instants first: an instance is formatted only once it is known to overlap (and not to be excluded).
  const overlaps = (utc: [number, number]) => utc[0] < to && utc[1] > from;
  if (!p.rule) {
    const utc = instantsOf(t, p.start, p.duration);
    return overlaps(utc) && max > 0 ? [instanceOf(t, p.start, p.duration, utc, false)] : [];
  }
  // Offsets lie within ±14 h (+1 h for DST): look that much wider in floating time, then keep the exact overlaps.
  const slack = 16 * HOUR;
  const out: Instance[] = [];
  occurrences(p.rule, p.start, from - p.duration - slack, to + slack, (ms) => {
    const utc = instantsOf(t, ms, p.duration);
    if (overlaps(utc) && !(p.exdates.size && p.exdates.has(formatFloating(ms, t.allDay))))
      out.push(instanceOf(t, ms, p.duration, utc, true));
    return out.length < max;
  });
  return out;
}

/** True when `occurrence` (an original local start) is one of the series' occurrences and not excluded. */
export function isOccurrence(t: Timing, occurrence: string): boolean {
  if (!t.rrule || (t.exdates ?? []).includes(occurrence) || isDateOnly(occurrence) !== t.allDay) return false;
  const p = parsed(t);
  const at = floating(occurrence);
  if (!p.rule || Number.isNaN(at)) return false;
  let found = false;
  occurrences(p.rule, p.start, at, at, (ms) => ((found = ms === at), false));
  return found;
}

/** Throws ValidationError naming the field when the timing cannot be stored. */
export function checkTiming(t: Timing): void {
  if (!isTimeZone(t.timeZone)) refuse('timeZone', 'not a known IANA time zone');
  const startIsDate = isDateOnly(t.start);
  const start = floating(t.start);
  const end = floating(t.end);
  if (Number.isNaN(start)) refuse('start', 'not a local date-time (YYYY-MM-DDTHH:mm) or date (YYYY-MM-DD)');
  if (Number.isNaN(end)) refuse('end', 'not a local date-time (YYYY-MM-DDTHH:mm) or date (YYYY-MM-DD)');
  if (t.allDay && !startIsDate) refuse('start', 'an all-day event starts on a date (YYYY-MM-DD)');
  if (!t.allDay && startIsDate) refuse('start', 'a timed event starts at a date-time (YYYY-MM-DDTHH:mm)');
  if (isDateOnly(t.end) !== startIsDate) refuse('start', 'start and end must both be dates or both date-times');
  const year = new Date(start).getUTCFullYear();
  if (year < 1900 || year > 2199) refuse('start', 'must be between the years 1900 and 2199');
  if (end <= start) refuse('end', 'must be after start');
  if (end - start > LIMITS.eventDays * DAY) refuse('end', `at most ${LIMITS.eventDays} days after start`);
  for (const x of t.exdates ?? []) {
    if (Number.isNaN(floating(x)) || isDateOnly(x) !== startIsDate)
      refuse('exdates', `${x} is not an occurrence start of the same kind as start`);
  }
  if (!t.rrule) return;
  const rule = parseRule(t.rrule, t.allDay, t.timeZone);
  if (rule.until !== undefined && rule.until < start) refuse('rrule', 'UNTIL is before start');
  if (rule.freq === 'MONTHLY' && rule.interval > 1 && rule.byMonth.length) {
    const firstMonth = new Date(start).getUTCMonth();
    const reached = Array.from({ length: 12 }, (_, k) => ((firstMonth + k * rule.interval) % 12) + 1);
    if (!reached.some((m) => rule.byMonth.includes(m)))
      refuse('rrule', 'the INTERVAL never reaches a month of BYMONTH');
  }
  const horizon = horizonOf(rule, start);
  let first: number | undefined;
  let seen = 0;
  occurrences(rule, start, start, horizon, (ms) => {
    first ??= ms;
    seen += 1;
    return rule.count !== undefined && seen < rule.count;
  });
  if (first === undefined) refuse('rrule', 'the rule yields no occurrence');
  if (rule.count !== undefined && seen < rule.count)
    refuse('rrule', `COUNT is not reached before ${new Date(horizon).getUTCFullYear()}: the series is too sparse`);
  if (first !== start) refuse('start', 'must be an occurrence of the rule (e.g. a Monday for BYDAY=MO)');
}

const untilText = (t: Timing, occurrenceWall: number): string => {
  if (t.allDay) return formatFloating(occurrenceWall - DAY, true).replaceAll('-', '');
  const justBefore = floatingToUtcMs(occurrenceWall, t.timeZone) - 1000;
  return new Date(justBefore)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
};

function withParts(rule: Rule, set: Record<string, string | undefined>): string {
  const kept = rule.parts.filter(([k]) => !(k in set));
  const added = Object.entries(set).filter((e): e is [string, string] => e[1] !== undefined);
  return [...kept, ...added].map(([k, v]) => `${k}=${v}`).join(';');
}

/**
 * "This and following": `before` is the series ending just before `occurrence` (null when it is the first), `after` a
 * new series from `occurrence` with the remaining COUNT and the same rule. Exclusions go to the side they fall on.
 */
export function splitSeries(t: Timing, occurrence: string): { before: Timing | null; after: Timing } {
  const p = parsed(t);
  const at = floating(occurrence);
  if (!p.rule || Number.isNaN(at) || isDateOnly(occurrence) !== t.allDay)
    return refuse('occurrence', 'not an occurrence of this series');
  let earlier = 0;
  let found = false;
  occurrences(p.rule, p.start, p.start, at, (ms) => {
    if (ms < at) earlier += 1;
    else found = ms === at;
    return ms < at;
  });
  if (!found) refuse('occurrence', 'not an occurrence of this series');
  const exBefore = (t.exdates ?? []).filter((x) => floating(x) < at);
  const exAfter = (t.exdates ?? []).filter((x) => floating(x) >= at);
  const count = p.rule.count;
  const after: Timing = {
    ...t,
    start: occurrence,
    end: formatFloating(at + p.duration, t.allDay),
    rrule: count !== undefined ? withParts(p.rule, { COUNT: String(count - earlier) }) : t.rrule,
    exdates: exAfter,
  };
  if (earlier === 0) return { before: null, after };
  const before: Timing = {
    ...t,
    rrule:
      count !== undefined
        ? withParts(p.rule, { COUNT: String(earlier) })
        : withParts(p.rule, { UNTIL: untilText(t, at) }),
    exdates: exBefore,
  };
  return { before, after };
}

/** Adds an exclusion for one occurrence (kept sorted, no duplicates). */
export function withoutOccurrence(t: Timing, occurrence: string): Timing {
  return { ...t, exdates: [...new Set([...(t.exdates ?? []), occurrence])].sort() };
}

const byDayText = (b: ByDay) => `${b.nth ?? ''}${WEEKDAYS[b.day]}`;

/**
 * "All" edits that move the series: the rule is kept, start/end move, and so do the exclusions. When the weekday (or
 * month day, or month) the rule names was the old start's, it follows the new start: a weekly Monday series dragged to
 * Tuesday becomes a Tuesday series; MO,WE dragged one day later becomes TU,TH.
 */
export function shiftTiming(t: Timing, newStart: string, newEnd: string): Timing {
  const oldWall = floating(t.start);
  const newWall = floating(newStart);
  const allDay = isDateOnly(newStart);
  const delta = newWall - oldWall;
  const moved: Timing = { ...t, start: newStart, end: newEnd, allDay };
  if (!t.rrule || Number.isNaN(oldWall) || Number.isNaN(newWall)) return moved;
  const rule = parseRule(t.rrule, t.allDay, t.timeZone);
  const newDate = new Date(newWall);
  const oldDate = new Date(oldWall);
  const dayShift = Math.round(
    (Date.UTC(newDate.getUTCFullYear(), newDate.getUTCMonth(), newDate.getUTCDate()) -
      Date.UTC(oldDate.getUTCFullYear(), oldDate.getUTCMonth(), oldDate.getUTCDate())) /
      DAY,
  );
  const set: Record<string, string | undefined> = {};
  const plainDays = rule.byDay.length > 0 && rule.byDay.every((b) => b.nth === undefined);
  if (dayShift % 7 !== 0 && plainDays && (rule.freq === 'WEEKLY' || rule.freq === 'DAILY')) {
    const days = rule.byDay.map((b) => ({ day: (((b.day + dayShift) % 7) + 7) % 7 }));
    set.BYDAY = days
      .sort((a, b) => a.day - b.day)
      .map(byDayText)
      .join(',');
  } else if (
    rule.byDay.length === 1 &&
    rule.byDay[0]!.day === weekdayOf(oldWall) &&
    weekdayOf(newWall) !== weekdayOf(oldWall)
  ) {
    const old = rule.byDay[0]!;
    const d = newDate.getUTCDate();
    const monthLength = new Date(Date.UTC(newDate.getUTCFullYear(), newDate.getUTCMonth() + 1, 0)).getUTCDate();
    const nth =
      old.nth === undefined ? undefined : old.nth > 0 ? Math.ceil(d / 7) : -(Math.floor((monthLength - d) / 7) + 1);
    set.BYDAY = byDayText({ day: weekdayOf(newWall), ...(nth !== undefined ? { nth } : {}) });
  }
  if (rule.byMonthDay.length === 1 && rule.byMonthDay[0] === oldDate.getUTCDate())
    set.BYMONTHDAY = String(newDate.getUTCDate());
  if (rule.byMonth.length === 1 && rule.byMonth[0] === oldDate.getUTCMonth() + 1)
    set.BYMONTH = String(newDate.getUTCMonth() + 1);
  // Exclusions move with the series; when it turns all-day (or timed) they keep their day and take the new time.
  const exdates = (t.exdates ?? []).map((x) =>
    formatFloating(
      allDay === t.allDay
        ? floating(x) + delta
        : Math.floor(floating(x) / DAY) * DAY + dayShift * DAY + (allDay ? 0 : newWall % DAY),
      allDay,
    ),
  );
  return {
    ...moved,
    rrule: Object.keys(set).length ? withParts(rule, set) : t.rrule,
    ...(t.exdates ? { exdates } : {}),
  };
}
