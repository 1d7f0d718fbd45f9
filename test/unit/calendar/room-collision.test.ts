/**
 * The room check's overlap of two timings (shared/calendar/writes/room-booking.ts firstCollision): single events,
 * weekly series across DST, exclusions, endless series against each other, touching ends that do not collide,
 * and the two-year horizon.
 */
import { firstCollision, isRoomLockConflict, withRoomLockRetry } from '../../../shared/calendar/writes/room-booking';
import { firstInstance, lastEndUtc, type Timing } from '../../../shared/calendar/recurrence';

const TZ = 'Europe/Bucharest';
const slot = (t: Omit<Timing, 'timeZone' | 'allDay'> & { allDay?: boolean }) => {
  const timing: Timing = { timeZone: TZ, allDay: false, ...t };
  return { timing, firstStartUtc: firstInstance(timing).startUtc, lastEndUtc: lastEndUtc(timing) };
};

describe('firstCollision', () => {
  it('finds two single events that overlap, and not two that only touch', () => {
    const a = slot({ start: '2030-03-04T10:00', end: '2030-03-04T11:00' });
    expect(firstCollision(a, slot({ start: '2030-03-04T10:30', end: '2030-03-04T12:00' }))).toEqual({
      startUtc: '2030-03-04T08:30:00.000Z',
      endUtc: '2030-03-04T10:00:00.000Z',
    });
    expect(firstCollision(a, slot({ start: '2030-03-04T11:00', end: '2030-03-04T12:00' }))).toBeNull();
    expect(firstCollision(a, slot({ start: '2030-03-04T09:00', end: '2030-03-04T10:00' }))).toBeNull();
  });

  it('names the occurrence of a weekly series a single event hits, at the same local time after DST', () => {
    const weekly = slot({ start: '2030-03-04T10:00', end: '2030-03-04T11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8' });
    // 8 April is after the change to summer time (31 March): 10:00 local is 07:00Z.
    expect(firstCollision(slot({ start: '2030-04-08T10:15', end: '2030-04-08T10:45' }), weekly)).toEqual({
      startUtc: '2030-04-08T07:00:00.000Z',
      endUtc: '2030-04-08T08:00:00.000Z',
    });
    expect(firstCollision(slot({ start: '2030-04-09T10:00', end: '2030-04-09T11:00' }), weekly)).toBeNull();
    // After the last (8th) occurrence.
    expect(firstCollision(slot({ start: '2030-04-29T10:00', end: '2030-04-29T11:00' }), weekly)).toBeNull();
  });

  it('skips excluded occurrences', () => {
    const weekly = slot({
      start: '2030-03-04T10:00',
      end: '2030-03-04T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8',
      exdates: ['2030-03-18T10:00'],
    });
    expect(firstCollision(slot({ start: '2030-03-18T10:00', end: '2030-03-18T11:00' }), weekly)).toBeNull();
    expect(firstCollision(slot({ start: '2030-03-25T10:00', end: '2030-03-25T11:00' }), weekly)).not.toBeNull();
  });

  it('compares two endless series: Monday/Wednesday against Fridays never meet, against Wednesdays they do', () => {
    const monWed = slot({ start: '2030-03-04T10:00', end: '2030-03-04T11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,WE' });
    const fridays = slot({ start: '2030-03-08T10:00', end: '2030-03-08T11:00', rrule: 'FREQ=WEEKLY;BYDAY=FR' });
    expect(monWed.lastEndUtc).toBe('9999-12-31T23:59:59.999Z');
    expect(firstCollision(monWed, fridays)).toBeNull();
    const laterWednesdays = slot({
      start: '2031-01-08T10:30',
      end: '2031-01-08T11:30',
      rrule: 'FREQ=WEEKLY;BYDAY=WE',
    });
    expect(firstCollision(laterWednesdays, monWed)).toEqual({
      startUtc: '2031-01-08T08:00:00.000Z',
      endUtc: '2031-01-08T09:00:00.000Z',
    });
  });

  it('checks two series over the first two years of their common span', () => {
    // 5 March falls on a Wednesday in 2031 (within two years) and on a Monday only in 2035 (past them).
    const yearly = slot({ start: '2030-03-05T10:00', end: '2030-03-05T11:00', rrule: 'FREQ=YEARLY' });
    const wednesdays = slot({ start: '2030-03-06T10:00', end: '2030-03-06T11:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' });
    expect(firstCollision(yearly, wednesdays)).toEqual({
      startUtc: '2031-03-05T08:00:00.000Z',
      endUtc: '2031-03-05T09:00:00.000Z',
    });
    const mondays = slot({ start: '2030-03-04T10:00', end: '2030-03-04T11:00', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    expect(firstCollision(yearly, mondays)).toBeNull();
  });
});

describe('room lock conflicts', () => {
  const cancelled = (reasons: { Code: string; Item?: Record<string, unknown> }[]) =>
    Object.assign(new Error('Transaction cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: reasons,
    });
  // What DynamoDB sends back: the failed item in DynamoDB JSON (the document client does not unmarshall errors).
  const roomMoved = cancelled([
    { Code: 'None' },
    { Code: 'ConditionalCheckFailed', Item: { __edb_e__: { S: 'room' } } },
  ]);
  const eventStale = cancelled([
    { Code: 'ConditionalCheckFailed', Item: { __edb_e__: { S: 'calendarEvent' } } },
    { Code: 'None' },
  ]);

  it('tells a moved bookingVersion from a stale event', () => {
    expect(isRoomLockConflict(roomMoved)).toBe(true);
    expect(isRoomLockConflict(eventStale)).toBe(false);
    expect(isRoomLockConflict(cancelled([{ Code: 'TransactionConflict' }]))).toBe(true);
    expect(isRoomLockConflict(new Error('network'))).toBe(false);
  });

  it('tries again after a lock conflict, and answers 409 BUSY when the tries run out', async () => {
    let calls = 0;
    await expect(
      withRoomLockRetry(async () => {
        calls++;
        if (calls < 3) throw roomMoved;
        return 'booked';
      }),
    ).resolves.toBe('booked');
    expect(calls).toBe(3);
    await expect(withRoomLockRetry(() => Promise.reject(roomMoved), 2)).rejects.toMatchObject({
      status: 409,
      code: 'BUSY',
    });
    await expect(withRoomLockRetry(() => Promise.reject(eventStale), 5)).rejects.toBe(eventStale);
  });
});
