/**
 * Who hears what about a meeting (noticesOf: one event record's old and new images), whose answers tell the
 * organiser (answersOf), and when the next reminder fires (nextReminder, across the Bucharest DST change).
 */
import { attendeeRow, type AttendeeItem } from '../../../shared/calendar/attendee-entity';
import type { EventItem } from '../../../shared/calendar/event-entity';
import { answersOf, noticesOf, type Notice } from '../../../functions/calendar/meeting-notices';
import { nextReminder, remindedPeople } from '../../../functions/calendar/reminders';
import { attendeeCopy, weeklyMeeting } from './fixtures';

const event = weeklyMeeting({
  users: [
    { id: 'bob', name: 'Bob B' },
    { id: 'carol', name: 'Carol C' },
  ],
  guests: [{ email: 'x@example.com', name: 'Xena' }],
});
const v2 = (patch: Partial<EventItem>): EventItem => ({
  ...event,
  version: 2,
  updatedAt: '2026-03-02T10:00:00.000Z',
  ...patch,
});
const who = (ns: Notice[]) =>
  ns.map((n) => `${n.kind}:${n.method}:${n.sequence}:${n.to.type === 'user' ? n.to.id : n.to.email}`).sort();

describe('noticesOf', () => {
  it('invites everyone but the organiser on a new event (REQUEST)', () => {
    expect(who(noticesOf(null, event))).toEqual([
      'invited:REQUEST:0:bob',
      'invited:REQUEST:0:carol',
      'invited:REQUEST:0:x@example.com',
    ]);
  });

  it('says nothing when nothing attendees care about changed (same SEQUENCE, same people)', () => {
    expect(noticesOf(event, v2({ color: 'red' }))).toEqual([]);
  });

  it('updates the ones who stay when SEQUENCE grew, invites the added, cancels for the removed with a higher SEQUENCE', () => {
    const next = v2({
      sequence: 1,
      start: '2026-03-23T10:00',
      users: [
        { id: 'bob', name: 'Bob B' },
        { id: 'dan', name: 'Dan D' },
      ],
      guests: [],
    });
    expect(who(noticesOf(event, next))).toEqual([
      'changed:REQUEST:1:bob',
      'invited:REQUEST:1:dan',
      'removed:CANCEL:1:carol',
      'removed:CANCEL:1:x@example.com',
    ]);
    // taken off without a SEQUENCE change: the cancellation still outranks what they hold
    expect(who(noticesOf(event, v2({ users: [{ id: 'bob', name: 'Bob B' }] })))).toEqual(['removed:CANCEL:1:carol']);
  });

  it('cancels for everyone when cancelled or deleted, once', () => {
    expect(who(noticesOf(event, v2({ cancelled: true, sequence: 1 })))).toEqual([
      'cancelled:CANCEL:1:bob',
      'cancelled:CANCEL:1:carol',
      'cancelled:CANCEL:1:x@example.com',
    ]);
    expect(who(noticesOf(event, null))).toEqual([
      'cancelled:CANCEL:1:bob',
      'cancelled:CANCEL:1:carol',
      'cancelled:CANCEL:1:x@example.com',
    ]);
    expect(noticesOf(v2({ cancelled: true }), null)).toEqual([]);
  });

  it('never tells the person who made the change', () => {
    const byBob = v2({ sequence: 1, lastActorId: 'bob', start: '2026-03-23T11:00' });
    expect(who(noticesOf(event, byBob))).toEqual(['changed:REQUEST:1:carol', 'changed:REQUEST:1:x@example.com']);
  });
});

describe('answersOf', () => {
  const row = (state: AttendeeItem['state'], answeredAt?: string) =>
    attendeeRow(attendeeCopy(event, { state, ...(answeredAt ? { answeredAt, comment: 'ok' } : {}) }));
  const change = (oldImage: Record<string, unknown> | undefined, newImage: Record<string, unknown>) => ({
    eventName: oldImage ? ('MODIFY' as const) : ('INSERT' as const),
    entity: 'calendarAttendee',
    oldImage,
    newImage,
  });

  it('reports a new answer with its comment, not a pending row nor a copy refresh of the same answer', () => {
    const answered = row('accepted', '2026-03-02T08:00:00.000Z');
    expect(answersOf([change(row('pending'), answered)])).toEqual([
      {
        eventId: event.eventId,
        userId: 'bob',
        name: 'Bob B',
        state: 'accepted',
        comment: 'ok',
        answeredAt: '2026-03-02T08:00:00.000Z',
      },
    ]);
    expect(answersOf([change(undefined, row('pending'))])).toEqual([]);
    expect(answersOf([change(answered, { ...answered, title: 'Renamed' })])).toEqual([]);
  });
});

describe('nextReminder', () => {
  const weekly = {
    start: '2026-03-23T09:00',
    end: '2026-03-23T10:00',
    timeZone: 'Europe/Bucharest',
    allDay: false,
    rrule: 'FREQ=WEEKLY',
  };

  it('fires the given minutes before each occurrence, keeping the local time across DST', () => {
    // 23 March: UTC+2 → 06:45Z; after the 29 March change, UTC+3 → 05:45Z
    expect(nextReminder(weekly, [15], '2026-03-01T00:00:00.000Z')).toEqual({
      fireAt: '2026-03-23T06:45:00.000Z',
      occurrenceStart: '2026-03-23T07:00:00.000Z',
      minutes: 15,
    });
    expect(nextReminder(weekly, [15], '2026-03-23T06:45:00.000Z')).toEqual({
      fireAt: '2026-03-30T05:45:00.000Z',
      occurrenceStart: '2026-03-30T06:00:00.000Z',
      minutes: 15,
    });
  });

  it('takes the earliest of several reminders, then the next one of the same occurrence', () => {
    const first = nextReminder(weekly, [15, 60 * 24], '2026-03-01T00:00:00.000Z');
    expect(first).toMatchObject({ fireAt: '2026-03-22T07:00:00.000Z', minutes: 1440 });
    expect(nextReminder(weekly, [15, 60 * 24], first!.fireAt)).toMatchObject({
      fireAt: '2026-03-23T06:45:00.000Z',
      minutes: 15,
    });
  });

  it('is null for an event without reminders or with every occurrence past', () => {
    expect(nextReminder(weekly, [], '2026-03-01T00:00:00.000Z')).toBeNull();
    const once = { start: '2026-03-23T09:00', end: '2026-03-23T10:00', timeZone: 'Europe/Bucharest', allDay: false };
    expect(nextReminder(once, [15], '2026-03-23T07:00:00.000Z')).toBeNull();
  });

  it('reminds the organiser and every attendee who has not declined', () => {
    expect(remindedPeople(event, new Set(['carol'])).sort()).toEqual(['alice', 'bob']);
  });
});

describe('nextReminder far ahead', () => {
  it('finds the first reminder of a meeting planned years ahead', () => {
    const later = { start: '2030-05-06T09:00', end: '2030-05-06T09:15', timeZone: 'Europe/Bucharest', allDay: false };
    expect(nextReminder({ ...later, rrule: 'FREQ=DAILY;COUNT=3' }, [15], '2026-12-07T00:00:00.000Z')).toEqual({
      fireAt: '2030-05-06T05:45:00.000Z',
      occurrenceStart: '2030-05-06T06:00:00.000Z',
      minutes: 15,
    });
    expect(nextReminder(later, [15], '2026-12-07T00:00:00.000Z')?.fireAt).toBe('2030-05-06T05:45:00.000Z');
  });
});
