/**
 * The bell's list grouped by day in the person's time zone: "Today", "Yesterday", then the date in the
 * interface language (e.g. "Thursday, 3 December" / "joi, 3 decembrie"; the year only when it is not this year).
 * Pure (the zone and "now" are arguments): unit-tested.
 */
export interface DayGroup<T> {
  /** YYYY-MM-DD in the zone: a stable key. */
  day: string;
  /** 'today' | 'yesterday' | the date in words. */
  label: { kind: 'today' | 'yesterday' } | { kind: 'date'; text: string };
  items: T[];
}

const dayKey = (d: Date, timeZone: string | undefined): string => {
  // en-CA formats as YYYY-MM-DD.
  const fmt = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  return fmt.format(d);
};

/** Items (newest first, as the API answers) in runs of the same day; a day's items keep their order. */
export function groupByDay<T extends { createdAt: string }>(
  items: readonly T[],
  opts: { lang: string; timeZone?: string | undefined; now?: Date },
): DayGroup<T>[] {
  const now = opts.now ?? new Date();
  const today = dayKey(now, opts.timeZone);
  // Calendar arithmetic on the zone's date (now − 24 h is the wrong day after a 23-hour DST day).
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const yesterday = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  const thisYear = today.slice(0, 4);
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const at = new Date(item.createdAt);
    const day = Number.isNaN(at.getTime()) ? 'unknown' : dayKey(at, opts.timeZone);
    let group = groups.at(-1);
    if (!group || group.day !== day) {
      const label: DayGroup<T>['label'] =
        day === today
          ? { kind: 'today' }
          : day === yesterday
            ? { kind: 'yesterday' }
            : {
                kind: 'date',
                text:
                  day === 'unknown'
                    ? ''
                    : new Intl.DateTimeFormat(opts.lang, {
                        weekday: 'long',
                        day: 'numeric',
                        month: 'long',
                        ...(day.slice(0, 4) !== thisYear ? { year: 'numeric' } : {}),
                        timeZone: opts.timeZone,
                      }).format(at),
              };
      group = { day, label, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups;
}
