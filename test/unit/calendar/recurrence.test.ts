/**
 * Recurrence (shared/calendar/recurrence.ts) across the 2026 DST changes in Europe/Bucharest: summer time starts on
 * 2026-03-29 (03:00 → 04:00, EET +2 → EEST +3) and ends on 2026-10-25 (04:00 → 03:00).
 */
import { AppError } from '../../../shared/http/errors';
import {
  ENDLESS,
  checkTiming,
  expand,
  expandWithRruleOnly,
  firstInstance,
  isOccurrence,
  lastEndUtc,
  localToUtc,
  shiftTiming,
  splitSeries,
  utcToLocal,
  withoutOccurrence,
  type Timing,
} from '../../../shared/calendar/recurrence';
import { formatFloating, isoOf } from '../../../shared/calendar/zoned-time';

const tz = 'Europe/Bucharest';
const timed = (start: string, end: string, rrule?: string, exdates?: string[]): Timing => ({
  start,
  end,
  timeZone: tz,
  allDay: false,
  ...(rrule ? { rrule } : {}),
  ...(exdates ? { exdates } : {}),
});
const starts = (t: Timing, from: string, to: string) => expand(t, from, to).map((i) => `${i.start} ${i.startUtc}`);
/** The field a ValidationError names (fails the test when nothing is thrown). */
function refusedField(t: Timing): string {
  try {
    checkTiming(t);
  } catch (e) {
    if (e instanceof AppError && e.fields?.[0]) return e.fields[0].path;
    throw e;
  }
  throw new Error('accepted');
}

describe('zoned times', () => {
  it('converts wall-clock times on both sides of the changes', () => {
    expect(localToUtc('2026-03-28T09:00', tz)).toBe('2026-03-28T07:00:00.000Z');
    expect(localToUtc('2026-03-30T09:00', tz)).toBe('2026-03-30T06:00:00.000Z');
    expect(localToUtc('2026-10-26T09:00', tz)).toBe('2026-10-26T07:00:00.000Z');
    expect(localToUtc('2026-03-30', tz)).toBe('2026-03-29T21:00:00.000Z');
    expect(utcToLocal('2026-03-30T06:00:00.000Z', tz)).toBe('2026-03-30T09:00');
    expect(utcToLocal('2026-03-29T21:30:00.000Z', tz, true)).toBe('2026-03-30');
  });

  it('moves a skipped time forward and takes the first of a repeated one, as Google does', () => {
    expect(utcToLocal(localToUtc('2026-03-29T03:30', tz), tz)).toBe('2026-03-29T04:30');
    expect(localToUtc('2026-10-25T03:30', tz)).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('formatting (the day table and minute table stand in for toISOString)', () => {
  it('gives exactly what toISOString gives: minutes, seconds, ms, before 1970, the table edges, far years', () => {
    const DAY = 86_400_000;
    const samples = [
      0,
      Date.UTC(1900, 0, 1),
      Date.UTC(1969, 11, 31, 23, 59),
      Date.UTC(2026, 2, 29, 1, 0),
      Date.UTC(2026, 2, 29, 23, 59, 59, 999),
      Date.UTC(2026, 9, 25, 0, 30, 15),
      Date.UTC(999, 11, 31, 23, 59),
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59),
      Date.UTC(10_000, 0, 1, 8, 0),
      Date.UTC(-1, 5, 1),
      -1,
    ];
    // and every 97 minutes 13 seconds across two years, and 09:00 of 800 days
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 97 * 60_000 + 13_000) samples.push(ms);
    for (let day = 0; day < 800; day++) samples.push(Date.UTC(2025, 0, 1) + day * DAY + 9 * 3_600_000);
    const wrong = samples.filter((ms) => {
      const iso = new Date(ms).toISOString();
      return (
        isoOf(ms) !== iso ||
        formatFloating(ms, false) !== iso.slice(0, 16) ||
        formatFloating(ms, true) !== iso.slice(0, 10)
      );
    });
    expect(wrong.map((ms) => [new Date(ms).toISOString(), isoOf(ms), formatFloating(ms, false)])).toEqual([]);
    expect(samples.length).toBeGreaterThan(11_000);
    expect(() => isoOf(NaN)).toThrow(RangeError);
    expect(() => formatFloating(NaN, false)).toThrow(RangeError);
  });
});

describe('expand', () => {
  it('keeps a weekly 09:00 meeting at 09:00 local across the spring change (07:00Z, then 06:00Z)', () => {
    const t = timed('2026-03-16T09:00', '2026-03-16T10:00', 'FREQ=WEEKLY;BYDAY=MO,WE');
    expect(starts(t, '2026-03-20T00:00:00Z', '2026-04-02T00:00:00Z')).toEqual([
      '2026-03-23T09:00 2026-03-23T07:00:00.000Z',
      '2026-03-25T09:00 2026-03-25T07:00:00.000Z',
      '2026-03-30T09:00 2026-03-30T06:00:00.000Z',
      '2026-04-01T09:00 2026-04-01T06:00:00.000Z',
    ]);
    const [first] = expand(t, '2026-03-30T00:00:00Z', '2026-03-31T00:00:00Z');
    expect(first).toEqual({
      start: '2026-03-30T09:00',
      end: '2026-03-30T10:00',
      startUtc: '2026-03-30T06:00:00.000Z',
      endUtc: '2026-03-30T07:00:00.000Z',
      occurrence: '2026-03-30T09:00',
    });
  });

  it('keeps a daily event local across the autumn change, and applies exclusions, COUNT and UNTIL', () => {
    const daily = timed('2026-10-23T09:00', '2026-10-23T09:30', 'FREQ=DAILY', ['2026-10-24T09:00']);
    expect(starts(daily, '2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z')).toEqual([
      '2026-10-23T09:00 2026-10-23T06:00:00.000Z',
      '2026-10-25T09:00 2026-10-25T07:00:00.000Z',
      '2026-10-26T09:00 2026-10-26T07:00:00.000Z',
    ]);
    const counted = { ...daily, rrule: 'FREQ=DAILY;COUNT=3' };
    expect(expand(counted, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z').map((i) => i.start)).toEqual([
      '2026-10-23T09:00',
      '2026-10-25T09:00',
    ]);
    const until = { ...daily, rrule: 'FREQ=DAILY;UNTIL=20261025T070000Z', exdates: [] };
    expect(expand(until, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z').map((i) => i.start)).toEqual([
      '2026-10-23T09:00',
      '2026-10-24T09:00',
      '2026-10-25T09:00',
    ]);
  });

  it('expands monthly rules by date and by weekday', () => {
    const lastDay = timed('2026-01-31T09:00', '2026-01-31T10:00', 'FREQ=MONTHLY;BYMONTHDAY=31');
    expect(expand(lastDay, '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z').map((i) => i.start)).toEqual([
      '2026-01-31T09:00',
      '2026-03-31T09:00',
      '2026-05-31T09:00',
    ]);
    const secondTuesday = timed('2026-01-13T14:00', '2026-01-13T15:00', 'FREQ=MONTHLY;BYDAY=2TU');
    expect(starts(secondTuesday, '2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z')).toEqual([
      '2026-02-10T14:00 2026-02-10T12:00:00.000Z',
      '2026-03-10T14:00 2026-03-10T12:00:00.000Z',
      '2026-04-14T14:00 2026-04-14T11:00:00.000Z',
    ]);
    const lastFriday = timed('2026-01-30T10:00', '2026-01-30T11:00', 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=4');
    expect(expand(lastFriday, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').map((i) => i.start)).toEqual([
      '2026-01-30T10:00',
      '2026-02-27T10:00',
      '2026-03-27T10:00',
      '2026-04-24T10:00',
    ]);
  });

  it('expands yearly all-day events by date, end exclusive, from local midnight', () => {
    const leapDay: Timing = {
      start: '2024-02-29',
      end: '2024-03-01',
      timeZone: tz,
      allDay: true,
      rrule: 'FREQ=YEARLY',
    };
    expect(expand(leapDay, '2025-01-01T00:00:00Z', '2029-01-01T00:00:00Z')).toEqual([
      {
        start: '2028-02-29',
        end: '2028-03-01',
        startUtc: '2028-02-28T22:00:00.000Z',
        endUtc: '2028-02-29T22:00:00.000Z',
        occurrence: '2028-02-29',
      },
    ]);
    const holiday: Timing = {
      start: '2025-10-25',
      end: '2025-10-27',
      timeZone: tz,
      allDay: true,
      rrule: 'FREQ=YEARLY',
    };
    expect(expand(holiday, '2026-10-24T00:00:00Z', '2026-10-30T00:00:00Z')).toEqual([
      expect.objectContaining({ start: '2026-10-25', end: '2026-10-27', startUtc: '2026-10-24T21:00:00.000Z' }),
    ]);
  });

  it('returns an overlapping single event once and stops a series at max', () => {
    const single = timed('2026-03-29T02:30', '2026-03-29T05:00');
    expect(expand(single, '2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z')).toEqual([
      {
        start: '2026-03-29T02:30',
        end: '2026-03-29T05:00',
        startUtc: '2026-03-29T00:30:00.000Z',
        endUtc: '2026-03-29T02:00:00.000Z',
      },
    ]);
    expect(expand(single, '2026-03-29T02:00:00Z', '2026-03-30T00:00:00Z')).toEqual([]);
    const daily = timed('2026-01-01T08:00', '2026-01-01T09:00', 'FREQ=DAILY');
    expect(expand(daily, '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', 7)).toHaveLength(7);
  });

  it('gives the same instances for an old endless series as expanding it from its start (periods skipped)', () => {
    const rules: Timing[] = [
      timed('2025-05-07T09:00', '2025-05-07T10:00', 'FREQ=DAILY;INTERVAL=3'),
      timed('2025-05-07T09:00', '2025-05-07T10:00', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU'),
      timed('2025-05-07T09:00', '2025-05-07T10:00', 'FREQ=WEEKLY;INTERVAL=3'),
      timed('2025-01-31T18:00', '2025-01-31T19:00', 'FREQ=MONTHLY;INTERVAL=5'),
      timed('2025-05-30T09:00', '2025-05-30T10:00', 'FREQ=MONTHLY;BYDAY=-1FR'),
      timed('2024-03-29T09:00', '2024-03-29T10:00', 'FREQ=YEARLY;INTERVAL=2'),
      { start: '2024-02-29', end: '2024-03-01', timeZone: tz, allDay: true, rrule: 'FREQ=YEARLY' },
    ];
    for (const t of rules) {
      const from = '2026-03-01T00:00:00Z';
      const to = '2028-04-01T00:00:00Z';
      const all = expand(t, firstInstance(t).startUtc, to, 100_000);
      const reference = all.filter((i) => i.endUtc > from);
      expect({ rule: t.rrule, instances: expand(t, from, to, 100_000) }).toEqual({
        rule: t.rrule,
        instances: reference,
      });
      expect(reference.length).toBeGreaterThan(0);
    }
  });
});

describe('simple DAILY/WEEKLY rules counted out without rrule', () => {
  it('give exactly the instances rrule gives (100 generated rules, 3 ranges each)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
    for (let i = 0; i < 100; i++) {
      const startMs = Date.UTC(2025, 0, 1) + rnd(500) * 86_400_000 + rnd(48) * 1_800_000;
      const allDay = rnd(5) === 0;
      const local = new Date(startMs).toISOString().slice(0, allDay ? 10 : 16);
      const endLocal = new Date(startMs + (allDay ? 86_400_000 : 3_600_000)).toISOString().slice(0, allDay ? 10 : 16);
      const weekly = rnd(2) === 0;
      const byDay =
        rnd(3) === 0 ? '' : `;BYDAY=${[...new Set([rnd(7), rnd(7), rnd(7)])].map((d) => days[d]).join(',')}`;
      const interval = weekly ? 1 + rnd(4) : byDay ? 1 : 1 + rnd(5);
      const end = [
        ``,
        `;COUNT=${1 + rnd(40)}`,
        `;UNTIL=${new Date(startMs + rnd(400) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '')}`,
      ][rnd(3)];
      const wkst = weekly && rnd(3) === 0 ? `;WKST=${days[rnd(7)]}` : '';
      const t: Timing = {
        start: local,
        end: endLocal,
        timeZone: rnd(2) ? tz : 'America/New_York',
        allDay,
        rrule: `FREQ=${weekly ? 'WEEKLY' : 'DAILY'};INTERVAL=${interval}${byDay}${end}${wkst}`,
      };
      for (const [from, to] of [
        ['2025-01-01T00:00:00Z', '2025-03-01T00:00:00Z'],
        ['2025-10-20T00:00:00Z', '2025-12-01T00:00:00Z'],
        ['2026-03-20T00:00:00Z', '2026-05-01T00:00:00Z'],
      ] as const) {
        const direct = expand(t, from, to);
        expect({ rule: t.rrule, start: t.start, direct }).toEqual({
          rule: t.rrule,
          start: t.start,
          direct: expandWithRruleOnly(() => expand(t, from, to)),
        });
      }
    }
  });
});

describe('series edits', () => {
  const weekly = timed('2026-03-16T09:00', '2026-03-16T10:00', 'FREQ=WEEKLY;BYDAY=MO');
  const range = ['2026-03-01T00:00:00Z', '2026-06-01T00:00:00Z'] as const;

  it('splits "this and following" across DST: nothing lost, nothing doubled, times kept', () => {
    const counted = {
      ...weekly,
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6',
      exdates: ['2026-03-23T09:00', '2026-04-13T09:00'],
    };
    const { before, after } = splitSeries(counted, '2026-04-06T09:00');
    expect(before?.rrule).toBe('FREQ=WEEKLY;BYDAY=MO;COUNT=3');
    expect(before?.exdates).toEqual(['2026-03-23T09:00']);
    expect(after).toMatchObject({
      start: '2026-04-06T09:00',
      end: '2026-04-06T10:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3',
    });
    expect(after.exdates).toEqual(['2026-04-13T09:00']);
    const joined = [...expand(before!, ...range), ...expand(after, ...range)];
    expect(joined).toEqual(expand(counted, ...range));
    expect(joined.map((i) => i.startUtc)).toEqual([
      '2026-03-16T07:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-04-06T06:00:00.000Z',
      '2026-04-20T06:00:00.000Z',
    ]);
  });

  it('ends an endless series with UNTIL just before the occurrence, and the new one runs on', () => {
    const { before, after } = splitSeries(weekly, '2026-03-30T09:00');
    expect(before?.rrule).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20260330T055959Z');
    expect(expand(before!, ...range).map((i) => i.start)).toEqual(['2026-03-16T09:00', '2026-03-23T09:00']);
    expect(lastEndUtc(before!)).toBe('2026-03-23T08:00:00.000Z');
    expect(after.rrule).toBe(weekly.rrule);
    expect(lastEndUtc(after)).toBe(ENDLESS);
    expect(expand(after, ...range)[0]?.startUtc).toBe('2026-03-30T06:00:00.000Z');
  });

  it('gives no "before" at the first occurrence and refuses what is not an occurrence', () => {
    expect(splitSeries(weekly, '2026-03-16T09:00').before).toBeNull();
    expect(() => splitSeries(weekly, '2026-03-17T09:00')).toThrow(/occurrence/);
    expect(isOccurrence(weekly, '2026-04-06T09:00')).toBe(true);
    expect(isOccurrence(weekly, '2026-04-06T10:00')).toBe(false);
    expect(isOccurrence(withoutOccurrence(weekly, '2026-04-06T09:00'), '2026-04-06T09:00')).toBe(false);
  });

  it('shifts a series: a lone weekday follows the start, several move together, exclusions move too', () => {
    const moved = shiftTiming({ ...weekly, exdates: ['2026-03-30T09:00'] }, '2026-03-17T11:00', '2026-03-17T12:00');
    expect(moved).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TU', exdates: ['2026-03-31T11:00'] });
    expect(() => checkTiming(moved)).not.toThrow();
    const twice = timed('2026-03-16T09:00', '2026-03-16T10:00', 'FREQ=WEEKLY;BYDAY=MO,WE');
    expect(shiftTiming(twice, '2026-03-17T09:00', '2026-03-17T10:00').rrule).toBe('FREQ=WEEKLY;BYDAY=TU,TH');
    const monthly = timed('2026-01-13T14:00', '2026-01-13T15:00', 'FREQ=MONTHLY;BYDAY=2TU');
    expect(shiftTiming(monthly, '2026-01-14T14:00', '2026-01-14T15:00').rrule).toBe('FREQ=MONTHLY;BYDAY=2WE');
  });

  it('knows when the last occurrence ends', () => {
    expect(lastEndUtc(timed('2026-03-29T02:00', '2026-03-29T05:00'))).toBe('2026-03-29T02:00:00.000Z');
    expect(lastEndUtc({ ...weekly, rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3' })).toBe('2026-03-30T07:00:00.000Z');
    expect(lastEndUtc(weekly)).toBe(ENDLESS);
  });
});

describe('checkTiming', () => {
  const base = timed('2026-03-16T09:00', '2026-03-16T10:00');

  it('accepts ordinary events and series', () => {
    for (const rrule of [undefined, 'FREQ=WEEKLY;BYDAY=MO', 'FREQ=MONTHLY;BYDAY=3MO;COUNT=10', 'FREQ=YEARLY']) {
      expect(() => checkTiming({ ...base, ...(rrule ? { rrule } : {}) })).not.toThrow();
    }
  });

  it('names the field it refuses', () => {
    expect(refusedField({ ...base, rrule: 'FREQ=SECONDLY' })).toBe('rrule');
    expect(refusedField({ ...base, rrule: 'FREQ=DAILY;COUNT=100000' })).toBe('rrule');
    expect(refusedField({ ...base, rrule: 'FREQ=DAILY;INTERVAL=5000' })).toBe('rrule');
    expect(refusedField({ ...base, rrule: 'FREQ=DAILY;BYHOUR=1,2,3' })).toBe('rrule');
    expect(refusedField({ ...base, rrule: 'FREQ=WEEKLY;UNTIL=20260101T000000Z' })).toBe('rrule');
    expect(refusedField({ ...base, rrule: 'FREQ=WEEKLY;BYDAY=MO;FOO=1' })).toBe('rrule');
    expect(refusedField({ ...base, end: '2026-03-16T08:00' })).toBe('end');
    expect(refusedField({ ...base, end: '2026-06-16T08:00' })).toBe('end');
    expect(refusedField({ ...base, timeZone: 'Mars/Olympus_Mons' })).toBe('timeZone');
    expect(refusedField({ ...base, timeZone: '+02:00' })).toBe('timeZone');
    expect(refusedField({ ...base, allDay: true })).toBe('start');
    expect(refusedField({ ...base, end: '2026-03-17' })).toBe('start');
    expect(refusedField({ ...base, rrule: 'FREQ=WEEKLY;BYDAY=TU' })).toBe('start');
  });

  it('refuses rules that never occur, quickly (rrule would search until the year 9999)', () => {
    const began = Date.now();
    for (const rrule of [
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6',
      'FREQ=MONTHLY;INTERVAL=12;BYMONTH=2',
      'FREQ=DAILY;INTERVAL=7;BYDAY=TU',
      'FREQ=WEEKLY;BYMONTHDAY=31;BYMONTH=4,6',
    ]) {
      expect(refusedField({ ...base, rrule })).toBe('rrule');
    }
    expect(Date.now() - began).toBeLessThan(1000);
  });
});
