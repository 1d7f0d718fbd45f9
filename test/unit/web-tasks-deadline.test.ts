/**
 * The task form's deadline (web/src/tasks/deadline.ts): a time typed as "17:30" is kept as 17:30 (the
 * calendar's spin fields saved 10:30), and a day alone is due at the end of the working day, not 00:00.
 */
import dayjs from 'dayjs';
import { END_OF_WORKDAY, deadlineOf, deadlinePartsOf, parseTime } from '../../web/src/tasks/deadline';

test.each([
  ['17:30', '17:30'],
  ['1730', '17:30'],
  ['17.30', '17:30'],
  [' 17 : 30 ', '17:30'],
  ['17', '17:00'],
  ['9', '09:00'],
  ['9:05', '09:05'],
  ['930', '09:30'],
  ['0930', '09:30'],
  ['00:00', '00:00'],
  ['23:59', '23:59'],
])('the time typed as %p is %p', (typed, time) => {
  expect(parseTime(typed)).toBe(time);
});

test('typing 17:30 one key at a time ends on 17:30 (no jump to the minutes after the first digit)', () => {
  const seen = ['1', '17', '17:', '17:3', '17:30'].map(parseTime);
  expect(seen.at(-1)).toBe('17:30');
  expect(seen).toEqual(['01:00', '17:00', undefined, undefined, '17:30']);
});

test.each(['24:00', '17:60', '7pm', '1:2', '12345', 'abc', '-1'])('%p is not a time of day', (typed) => {
  expect(parseTime(typed)).toBeUndefined();
});

test('an empty time field is no time', () => {
  expect(parseTime('  ')).toBeNull();
});

test('a day alone is due at the end of that working day', () => {
  expect(END_OF_WORKDAY).toBe('18:00');
  const local = deadlineOf('2026-12-18', null);
  expect(local).toBe('2026-12-18 18:00:00');
  expect(dayjs(local).format('DD.MM.YYYY HH:mm')).toBe('18.12.2026 18:00');
  expect(deadlinePartsOf(local)).toEqual({ date: '2026-12-18', time: END_OF_WORKDAY });
});

test('a typed time is kept, through the form value and back', () => {
  const local = deadlineOf('2026-12-18', parseTime('17:30')!);
  expect(local).toBe('2026-12-18 17:30:00');
  expect(dayjs(local).hour()).toBe(17);
  expect(dayjs(local).minute()).toBe(30);
  expect(deadlinePartsOf(local)).toEqual({ date: '2026-12-18', time: '17:30' });
});

test('no day, no deadline', () => {
  expect(deadlineOf(null, '17:30')).toBeNull();
  expect(deadlinePartsOf(null)).toEqual({ date: null, time: null });
});
