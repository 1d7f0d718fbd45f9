/** crm-docs helpers: documents are dated in the company's time zone, due dates add calendar days. */
import { addDays, localDate } from '../../../functions/crm-docs/doc-service';

it('dates a document in Europe/Bucharest by default (not UTC), or in CRM_TIME_ZONE', () => {
  expect(localDate('2026-11-30T23:30:00Z')).toBe('2026-12-01');
  expect(localDate('2026-12-31T22:30:00Z')).toBe('2027-01-01'); // a new year: the new year's sequence
  expect(localDate('2026-07-01T20:59:00Z')).toBe('2026-07-01'); // summer time: UTC+3
  expect(localDate('2026-07-01T21:00:00Z')).toBe('2026-07-02');
  expect(localDate('2026-11-30T23:30:00Z', 'UTC')).toBe('2026-11-30');
});

it('adds calendar days across months, leap days and years', () => {
  expect(addDays('2026-11-27', 30)).toBe('2026-12-27');
  expect(addDays('2028-02-15', 14)).toBe('2028-02-29');
  expect(addDays('2026-12-20', 15)).toBe('2027-01-04');
  expect(addDays('2026-01-31', 0)).toBe('2026-01-31');
});
