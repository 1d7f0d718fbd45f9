/**
 * The dialog's recurrence choices ↔ an RRULE value without DTSTART (shared/calendar/contract.ts `rrule`):
 * none / daily / weekly on days / monthly by date or by weekday (2nd Tuesday, last Friday) / yearly, every N,
 * ending never, after N times or on a date. A rule the dialog cannot show (set in another calendar app) is kept
 * as it is unless the person changes the repeat choices.
 */
export type Frequency = 'none' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export type MonthlyBy = 'date' | 'weekday';
export type Ending = 'never' | 'count' | 'until';

export interface RecurrenceForm {
  freq: Frequency;
  interval: number;
  /** 0 = Sunday … 6 = Saturday (WEEKLY). */
  days: number[];
  monthlyBy: MonthlyBy;
  ending: Ending;
  count: number;
  /** YYYY-MM-DD, the last day an occurrence may start (in the event's zone). */
  until: string;
}

export const RRULE_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

export const noRecurrence = (): RecurrenceForm => ({
  freq: 'none',
  interval: 1,
  days: [],
  monthlyBy: 'date',
  ending: 'never',
  count: 10,
  until: '',
});

/** Weekday (0-6) and day of month of a local `YYYY-MM-DD[THH:mm]` start. */
function dayOf(start: string): { weekday: number; date: number } {
  const [y, m, d] = start.slice(0, 10).split('-').map(Number);
  return { weekday: new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay(), date: d! };
}

/** 1-4 for the first to fourth such weekday of its month, -1 for the last one (a 5th is always the last). */
export function weekdayOrdinal(start: string): number {
  const { date } = dayOf(start);
  const n = Math.ceil(date / 7);
  return n >= 5 ? -1 : n === 4 && isLastWeekdayOfMonth(start) ? -1 : n;
}
function isLastWeekdayOfMonth(start: string): boolean {
  const [y, m, d] = start.slice(0, 10).split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return d! + 7 > daysInMonth;
}

/** The RRULE for the choices, or undefined for "does not repeat". `start` fixes the monthly day. */
export function toRrule(f: RecurrenceForm, start: string): string | undefined {
  if (f.freq === 'none') return undefined;
  const parts = [`FREQ=${f.freq}`];
  if (f.interval > 1) parts.push(`INTERVAL=${Math.floor(f.interval)}`);
  if (f.freq === 'WEEKLY') {
    const days = f.days.length ? [...f.days].sort() : [dayOf(start).weekday];
    parts.push(`BYDAY=${days.map((d) => RRULE_DAYS[d]).join(',')}`);
  }
  if (f.freq === 'MONTHLY') {
    const { weekday, date } = dayOf(start);
    parts.push(
      f.monthlyBy === 'weekday' ? `BYDAY=${weekdayOrdinal(start)}${RRULE_DAYS[weekday]}` : `BYMONTHDAY=${date}`,
    );
  }
  if (f.ending === 'count') parts.push(`COUNT=${Math.max(1, Math.floor(f.count))}`);
  // UNTIL is inclusive: the end of that day; in UTC as RFC 5545 wants with a zoned start (a day's slack is
  // harmless: the next occurrence is at least a day later for the frequencies offered).
  if (f.ending === 'until' && f.until) parts.push(`UNTIL=${f.until.replace(/-/g, '')}T235959Z`);
  return parts.join(';');
}

/** The choices an RRULE stands for, or null when the dialog cannot show it faithfully. */
export function fromRrule(rule: string | undefined): RecurrenceForm | null {
  const f = noRecurrence();
  if (!rule) return f;
  const kv = new Map(
    rule.split(';').map((p) => {
      const [k, v] = p.split('=');
      return [k ?? '', v ?? ''] as const;
    }),
  );
  const freq = kv.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') return null;
  f.freq = freq;
  for (const key of kv.keys())
    if (!['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST'].includes(key)) return null;
  f.interval = Number(kv.get('INTERVAL') ?? 1) || 1;
  const byday = kv.get('BYDAY');
  if (freq === 'WEEKLY' && byday) {
    const days = byday.split(',').map((d) => RRULE_DAYS.indexOf(d as (typeof RRULE_DAYS)[number]));
    if (days.some((d) => d < 0)) return null;
    f.days = days;
  } else if (freq === 'MONTHLY' && byday) {
    if (!/^(-1|[1-4])(SU|MO|TU|WE|TH|FR|SA)$/.test(byday)) return null;
    f.monthlyBy = 'weekday';
  } else if (byday || (kv.has('BYMONTHDAY') && freq !== 'MONTHLY')) return null;
  if (kv.has('COUNT')) {
    f.ending = 'count';
    f.count = Number(kv.get('COUNT'));
  } else if (kv.has('UNTIL')) {
    const u = /^(\d{4})(\d{2})(\d{2})/.exec(kv.get('UNTIL') ?? '');
    if (!u) return null;
    f.ending = 'until';
    f.until = `${u[1]}-${u[2]}-${u[3]}`;
  }
  return f;
}
