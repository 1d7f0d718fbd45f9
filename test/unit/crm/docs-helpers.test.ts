/** crm-docs helpers: documents are dated in the company's time zone, due dates add calendar days, marker-safe updates. */
import { markerSafe } from '../../../functions/crm-docs/doc-entity';
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

it('puts bare __edb_ markers of update expressions behind placeholders and leaves the rest alone', () => {
  const [fixed, untouched] = markerSafe([
    { Update: { TableName: 't', Key: { PK: 'a', SK: 'b' }, UpdateExpression: 'ADD #n :n SET __edb_e__ = :e, __edb_v__ = :v, #m = :m', ExpressionAttributeNames: { '#n': 'n', '#m': 'm' }, ExpressionAttributeValues: { ':n': 1, ':e': 'x', ':v': '1', ':m': 2 } } },
    { Put: { TableName: 't', Item: { PK: 'a', SK: 'b', __edb_e__: 'x' } } },
  ]);
  expect(fixed!.Update!.UpdateExpression).toBe('ADD #n :n SET #edbE = :e, #edbV = :v, #m = :m');
  expect(fixed!.Update!.ExpressionAttributeNames).toEqual({ '#n': 'n', '#m': 'm', '#edbE': '__edb_e__', '#edbV': '__edb_v__' });
  expect(untouched).toEqual({ Put: { TableName: 't', Item: { PK: 'a', SK: 'b', __edb_e__: 'x' } } });
});
