/**
 * The calendar page's named-zone plugin (web/src/calendar/zone.ts) is glue over shared/calendar/zoned-time.ts: what
 * FullCalendar shows and what a drag sends must be the server's reading of the same wall clock. Checked every 15
 * minutes across both 2026 DST changes of Europe/Bucharest (29 March 03:00 → 04:00, 25 October 04:00 → 03:00),
 * through FullCalendar's own DateEnv as the calendar uses it.
 */
import { DateEnv } from '@fullcalendar/core/internal';
import { localToUtc, utcToLocal } from '../../shared/calendar/zoned-time';
import { msToWall, SharedNamedTimeZone, wallToMs } from '../../web/src/calendar/zone';

const BUC = 'Europe/Bucharest';
const QUARTER = 15 * 60_000;

/** FullCalendar's date environment with the plugin's zone (what `timeZone: 'Europe/Bucharest'` builds). */
function calendarEnv(timeZone: string): DateEnv {
  return new DateEnv({
    timeZone,
    namedTimeZoneImpl: SharedNamedTimeZone,
    calendarSystem: 'gregory',
    locale: {
      codeArg: 'en',
      codes: ['en'],
      week: { dow: 1, doy: 4 },
      simpleNumberFormat: new Intl.NumberFormat('en'),
      options: {},
    },
  } as unknown as ConstructorParameters<typeof DateEnv>[0]);
}

/** Wall-clock times every 15 minutes over the day before and after `day` (`YYYY-MM-DD`). */
function wallTimesAround(day: string): string[] {
  const from = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
  const walls: string[] = [];
  for (let t = from; t < from + 3 * 86_400_000; t += QUARTER) walls.push(new Date(t).toISOString().slice(0, 16));
  return walls;
}

describe.each([
  ['spring', '2026-03-29'],
  ['autumn', '2026-10-25'],
])('the named-zone plugin across the %s change in Bucharest (%s)', (_season, day) => {
  const env = calendarEnv(BUC);

  it('turns every wall-clock time into the instant the server computes (skipped and repeated hours included)', () => {
    const disagreements = wallTimesAround(day).filter((wall) => {
      const marker = new Date(`${wall}:00Z`); // FullCalendar's marker: the wall clock written as UTC
      return (
        env.toDate(marker).toISOString() !== localToUtc(wall, BUC) ||
        wallToMs(wall, BUC) !== Date.parse(localToUtc(wall, BUC))
      );
    });
    expect(disagreements).toEqual([]);
  });

  it('shows every instant at the wall-clock time the server computes', () => {
    const from = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
    const disagreements: string[] = [];
    for (let t = from; t < from + 3 * 86_400_000; t += QUARTER) {
      const utc = new Date(t).toISOString();
      const shown = env.createMarker(new Date(t))!.toISOString().slice(0, 16);
      if (shown !== utcToLocal(utc, BUC) || msToWall(t, BUC) !== utcToLocal(utc, BUC)) disagreements.push(utc);
    }
    expect(disagreements).toEqual([]);
  });
});

describe('the named-zone plugin at the DST edges', () => {
  const zone = new SharedNamedTimeZone(BUC);

  it('reads the offsets on both sides of each change', () => {
    expect(zone.offsetForArray([2026, 2, 29, 2, 30, 0, 0])).toBe(120);
    expect(zone.offsetForArray([2026, 2, 29, 4, 30, 0, 0])).toBe(180);
    expect(zone.offsetForArray([2026, 9, 25, 2, 30, 0, 0])).toBe(180);
    expect(zone.offsetForArray([2026, 9, 25, 5, 0, 0, 0])).toBe(120);
  });

  it('gives a time skipped in spring the offset before the change, a repeated autumn hour the summer one', () => {
    // 03:30 does not exist on 29 March (03:00 → 04:00): it reads as 04:30, as the server and Google read it.
    expect(zone.offsetForArray([2026, 2, 29, 3, 30, 0, 0])).toBe(120);
    expect(msToWall(wallToMs('2026-03-29T03:30', BUC), BUC)).toBe('2026-03-29T04:30');
    // 03:30 happens twice on 25 October: the first one (summer, +3) is meant.
    expect(zone.offsetForArray([2026, 9, 25, 3, 30, 0, 0])).toBe(180);
    expect(new Date(wallToMs('2026-10-25T03:30', BUC)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('shows both passes of the repeated autumn hour as 03:xx, seconds and milliseconds kept', () => {
    expect(zone.timestampToArray(Date.parse('2026-10-25T00:30:05.250Z'))).toEqual([2026, 9, 25, 3, 30, 5, 250]);
    expect(zone.timestampToArray(Date.parse('2026-10-25T01:30:05.250Z'))).toEqual([2026, 9, 25, 3, 30, 5, 250]);
  });

  it('round-trips wall clock and instants in summer, winter, across the new year and in another zone', () => {
    expect(new Date(wallToMs('2026-07-01T09:30', BUC)).toISOString()).toBe('2026-07-01T06:30:00.000Z');
    expect(new Date(wallToMs('2026-12-07T09:30', BUC)).toISOString()).toBe('2026-12-07T07:30:00.000Z');
    expect(new Date(wallToMs('2026-12-07T09:30', 'America/New_York')).toISOString()).toBe('2026-12-07T14:30:00.000Z');
    expect(msToWall(Date.parse('2026-12-31T22:30:00Z'), BUC)).toBe('2027-01-01T00:30');
    expect(wallToMs('not a time', BUC)).toBeNaN();
  });
});
