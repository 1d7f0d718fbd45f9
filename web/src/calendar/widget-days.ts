/** Home's calendar widget: the two local days (today, tomorrow) in the person's zone and which occurrences fall in each. */
import type { OccurrenceView } from '../../../shared/calendar/contract';
import { zoneOffsetMs } from '../../../shared/tasks/summary';

const DAY_MS = 86_400_000;

/** The instant a local calendar day (`daysFromToday` after today in `timeZone`) starts. */
export function localMidnight(timeZone: string, now: Date, daysFromToday: number): Date {
  const local = new Date(now.getTime() + zoneOffsetMs(timeZone, now));
  const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + daysFromToday);
  // The offset at that midnight may differ from now's (a DST change in between): take the one in force then.
  const guess = wall - zoneOffsetMs(timeZone, now);
  return new Date(wall - zoneOffsetMs(timeZone, new Date(guess)));
}

/** `YYYY-MM-DD` of an instant in `timeZone` (all-day events are dates). */
const localDate = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export interface WidgetDay {
  key: 'today' | 'tomorrow';
  items: OccurrenceView[];
}

/** The occurrences of each of the two days (an event spanning both is in both), all-day ones first, then by start. */
export function splitDays(occurrences: readonly OccurrenceView[], timeZone: string, now: Date): WidgetDay[] {
  const bounds = [0, 1, 2].map((d) => localMidnight(timeZone, now, d));
  return (['today', 'tomorrow'] as const).map((key, i) => {
    const start = bounds[i] as Date;
    const end = bounds[i + 1] as Date;
    const date = localDate(new Date(start.getTime() + DAY_MS / 2), timeZone);
    const items = occurrences
      .filter((o) => o.myState !== 'declined')
      .filter((o) =>
        o.allDay
          ? o.start.slice(0, 10) <= date && date < o.end.slice(0, 10)
          : Date.parse(o.startUtc) < end.getTime() && Date.parse(o.endUtc) > start.getTime(),
      )
      .sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.startUtc.localeCompare(b.startUtc));
    return { key, items };
  });
}
