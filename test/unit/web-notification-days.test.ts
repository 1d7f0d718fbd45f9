/** The bell's list grouped by day in the person's zone: Today, Yesterday, then dates in their language. */
import { groupByDay } from '../../web/src/notifications/day-groups';

const now = new Date('2026-12-07T06:30:00.000Z'); // 08:30 in Bucharest, Monday 7 December
const at = (iso: string) => ({ createdAt: iso, id: iso });

describe('groupByDay', () => {
  it('splits newest-first items into Today, Yesterday and dated days, in the zone (not UTC)', () => {
    const items = [
      at('2026-12-07T05:00:00.000Z'), // 07:00 Bucharest: today
      at('2026-12-06T22:30:00.000Z'), // 00:30 on the 7th in Bucharest (still the 6th in UTC): today
      at('2026-12-06T09:00:00.000Z'), // yesterday
      at('2026-12-03T12:00:00.000Z'), // Thursday
      at('2025-11-20T12:00:00.000Z'), // last year: the year is shown
    ];
    const groups = groupByDay(items, { lang: 'ro', timeZone: 'Europe/Bucharest', now });
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([
      [{ kind: 'today' }, 2],
      [{ kind: 'yesterday' }, 1],
      [{ kind: 'date', text: 'joi, 3 decembrie' }, 1],
      [{ kind: 'date', text: 'joi, 20 noiembrie 2025' }, 1],
    ]);
    const utc = groupByDay(items.slice(0, 2), { lang: 'en', timeZone: 'UTC', now });
    expect(utc.map((g) => g.label)).toEqual([{ kind: 'today' }, { kind: 'yesterday' }]);
    expect(groupByDay([at('2026-12-04T12:00:00.000Z')], { lang: 'en-GB', timeZone: 'UTC', now })[0]!.label).toEqual({
      kind: 'date',
      text: 'Friday 4 December',
    });
  });

  it('yesterday is the calendar day before, also just after a 23-hour day (spring forward)', () => {
    // Bucharest moved its clocks on Sunday 29 March 2026; 00:30 on Monday 30 March is 21:30 UTC on the 29th.
    const justAfter = new Date('2026-03-29T21:30:00.000Z');
    const saturday = at('2026-03-28T21:45:00.000Z'); // 23:45 on Saturday the 28th, Bucharest: two days before
    const sunday = at('2026-03-29T06:00:00.000Z');
    const labels = groupByDay([sunday, saturday], { lang: 'en-GB', timeZone: 'Europe/Bucharest', now: justAfter }).map(
      (g) => g.label,
    );
    expect(labels).toEqual([{ kind: 'yesterday' }, { kind: 'date', text: 'Saturday 28 March' }]);
  });
});
