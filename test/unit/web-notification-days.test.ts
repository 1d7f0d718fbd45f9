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
});
