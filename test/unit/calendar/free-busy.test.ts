/** Free/busy merging and "find a time" (shared/calendar/free-busy.ts). */
import type { BusyBlock } from '../../../shared/calendar/contract';
import { findFreeSlots, mergeBusy, type SlotSearch } from '../../../shared/calendar/free-busy';

const block = (startUtc: string, endUtc: string, availability: BusyBlock['availability'] = 'busy'): BusyBlock => ({
  startUtc,
  endUtc,
  availability,
});

describe('mergeBusy', () => {
  it('sorts, merges overlapping and touching blocks, keeps the strongest availability, leaves gaps alone', () => {
    expect(
      mergeBusy([
        block('2026-03-16T10:00:00Z', '2026-03-16T11:00:00Z', 'tentative'),
        block('2026-03-16T07:00:00Z', '2026-03-16T08:00:00Z', 'tentative'),
        block('2026-03-16T10:30:00Z', '2026-03-16T10:45:00Z', 'away'),
        block('2026-03-16T11:00:00Z', '2026-03-16T12:00:00Z', 'busy'),
        block('2026-03-16T08:00:00.000Z', '2026-03-16T08:30:00Z', 'tentative'),
      ]),
    ).toEqual([
      block('2026-03-16T07:00:00.000Z', '2026-03-16T08:30:00.000Z', 'tentative'),
      block('2026-03-16T10:00:00.000Z', '2026-03-16T12:00:00.000Z', 'away'),
    ]);
  });

  it('keeps a busy block that swallows a shorter later one, and drops empty blocks', () => {
    expect(
      mergeBusy([
        block('2026-03-16T07:00:00Z', '2026-03-16T12:00:00Z'),
        block('2026-03-16T08:00:00Z', '2026-03-16T09:00:00Z', 'tentative'),
        block('2026-03-16T13:00:00Z', '2026-03-16T13:00:00Z'),
      ]),
    ).toEqual([block('2026-03-16T07:00:00.000Z', '2026-03-16T12:00:00.000Z', 'busy')]);
    expect(mergeBusy([])).toEqual([]);
  });
});

describe('findFreeSlots', () => {
  // Monday 2026-03-30 is the first working day of summer time in Bucharest: 09:00 local = 06:00Z.
  const search: SlotSearch = {
    busy: [],
    fromUtc: '2026-03-27T15:00:00Z',
    toUtc: '2026-04-04T00:00:00Z',
    durationMinutes: 60,
    timeZone: 'Europe/Bucharest',
    workDays: [1, 2, 3, 4, 5],
    workStart: '09:00',
    workEnd: '18:00',
  };
  const starts = (s: SlotSearch) => findFreeSlots(s).map((x) => x.startUtc);

  it('proposes slots free for everyone, inside working hours in the zone, on step boundaries', () => {
    const slots = findFreeSlots({
      ...search,
      busy: [
        [block('2026-03-30T06:00:00Z', '2026-03-30T07:10:00Z')],
        [block('2026-03-30T08:00:00Z', '2026-03-30T09:00:00Z', 'tentative')],
      ],
      max: 3,
    });
    // Friday 27th 17:00 local (15:00Z) leaves 1 hour: 17:00–18:00 fits. Weekend skipped. Monday 09:00–10:10 busy
    // (first person), so 10:30 (step boundary after 10:10) — but 11:00–12:00 is tentative for the second: 10:30 does
    // not fit; 12:00 does.
    expect(slots).toEqual([
      { startUtc: '2026-03-27T15:00:00.000Z', endUtc: '2026-03-27T16:00:00.000Z' },
      { startUtc: '2026-03-30T09:00:00.000Z', endUtc: '2026-03-30T10:00:00.000Z' },
      { startUtc: '2026-03-30T09:30:00.000Z', endUtc: '2026-03-30T10:30:00.000Z' },
    ]);
  });

  it('rounds a start in the middle of a step up, and never proposes a slot after toUtc or past working hours', () => {
    expect(starts({ ...search, fromUtc: '2026-03-27T14:05:00Z', max: 10 })).toEqual([
      '2026-03-27T14:30:00.000Z',
      '2026-03-27T15:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-03-30T06:30:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-30T07:30:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-03-30T08:30:00.000Z',
      '2026-03-30T09:00:00.000Z',
      '2026-03-30T09:30:00.000Z',
    ]);
    expect(starts({ ...search, toUtc: '2026-03-27T15:30:00Z' })).toEqual([]);
    expect(starts({ ...search, durationMinutes: 10 * 60 })).toEqual([]);
  });

  it('returns five by default and finds nothing when everyone is busy all week', () => {
    expect(starts(search)).toHaveLength(5);
    const allWeek = [[block('2026-03-27T00:00:00Z', '2026-04-04T00:00:00Z', 'away')]];
    expect(starts({ ...search, busy: allWeek })).toEqual([]);
  });
});
