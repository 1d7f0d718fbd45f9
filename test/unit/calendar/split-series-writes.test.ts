/**
 * What a series split and an occurrence edited on its own carry over (shared/calendar/writes): the edited occurrences
 * after the split move to the new series (following-overrides.ts), and the answers given to the series stay with the
 * new event (carried-answers.ts). Pure functions: no stack.
 */
import type { UserContext } from '../../../shared/auth/claims';
import { copyFieldsOf, type AttendeeItem } from '../../../shared/calendar/attendee-entity';
import type { EventItem } from '../../../shared/calendar/event-entity';
import type { CalendarGuestItem } from '../../../shared/calendar/guest-entity';
import { ConflictError } from '../../../shared/http/errors';
import { carriedAnswers, splitCarried } from '../../../shared/calendar/writes/carried-answers';
import { reattachOverrides, refuseIfTooMany } from '../../../shared/calendar/writes/following-overrides';
import { weeklyMeeting } from './fixtures';

const at = '2030-08-01T00:00:00.000Z';
const now = '2030-08-20T12:00:00.000Z';
const alice: UserContext = {
  sub: 'alice',
  email: 'alice@example.com',
  groups: ['employee'],
  isAdmin: false,
  isExtranet: false,
};

const base = weeklyMeeting({
  eventId: 'NEW',
  title: 'Review',
  start: '2030-09-09T10:00',
  end: '2030-09-09T11:00',
  firstStartUtc: '2030-09-09T07:00:00.000Z',
  firstEndUtc: '2030-09-09T08:00:00.000Z',
  lastEndUtc: '2030-09-30T08:00:00.000Z',
  reminders: [],
  rrule: 'FREQ=WEEKLY;COUNT=4',
  users: [
    { id: 'bob', name: 'Bob B' },
    { id: 'carol', name: 'Carol C' },
  ],
  guests: [{ email: 'gina@partner.example', name: 'Gina' }],
  createdAt: now,
  updatedAt: now,
});

const override = (recurrenceId: string, start: string): EventItem => ({
  ...base,
  eventId: `OV-${recurrenceId}`,
  seriesId: 'OLD',
  recurrenceId,
  start,
  end: start.replace(/T(\d\d)/, (_m, h: string) => `T${String(Number(h) + 1).padStart(2, '0')}`),
  rrule: undefined,
  version: 3,
  createdAt: at,
});

describe('reattachOverrides', () => {
  it('moves the edited occurrences from the split on to the new series, their slots following its new time', () => {
    const earlier = override('2030-09-02T09:00', '2030-09-03T09:00');
    const later = override('2030-09-23T09:00', '2030-09-24T14:00');
    // The split put the new series at 09:00 on the 9th; the edit moved it to 10:00.
    const { series, overrides } = reattachOverrides(
      [earlier, later],
      '2030-09-09T09:00',
      '2030-09-09T09:00',
      base,
      alice,
      now,
    );
    expect(overrides).toHaveLength(1);
    expect(overrides[0]!.before).toBe(later);
    expect(overrides[0]!.after).toMatchObject({
      eventId: later.eventId,
      seriesId: 'NEW',
      recurrenceId: '2030-09-23T10:00',
      start: '2030-09-24T14:00',
      version: 4,
      sequence: later.sequence,
      lastActorId: 'alice',
    });
    expect(series.exdates).toEqual(['2030-09-23T10:00']);
    // The last occurrence (the 30th) is still there, so the series' span is unchanged.
    expect(series.lastEndUtc).toBe(base.lastEndUtc);
  });

  it('keeps an edited occurrence whose slot the new rule no longer has, attached to the new series at its own time', () => {
    const tuesdays = { ...base, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' };
    const later = override('2030-09-23T09:00', '2030-09-24T14:00');
    const { series, overrides } = reattachOverrides(
      [later],
      '2030-09-09T09:00',
      '2030-09-09T09:00',
      tuesdays,
      alice,
      now,
    );
    expect(overrides[0]!.after).toMatchObject({ seriesId: 'NEW', recurrenceId: '2030-09-23T09:00' });
    expect(series).toBe(tuesdays);
  });

  it('refuses (409) only past what one transaction holds', () => {
    expect(() => refuseIfTooMany(100, 100, 95)).not.toThrow();
    expect(() => refuseIfTooMany(101, 100, 96)).toThrow(ConflictError);
  });
});

describe('carriedAnswers', () => {
  const row = (userId: string, state: AttendeeItem['state'], comment?: string): AttendeeItem => ({
    eventId: 'OLD',
    userId,
    name: userId,
    state,
    ...(comment ? { comment } : {}),
    answeredAt: at,
    ...copyFieldsOf({ ...base, eventId: 'OLD' }),
  });
  const guest = (email: string, state: CalendarGuestItem['state']): CalendarGuestItem => ({
    eventId: 'OLD',
    email,
    state,
    comment: 'Poate',
    answeredAt: at,
    createdAt: at,
    updatedAt: at,
  });

  it('carries the answers of the people still invited, with the new event copy fields; not the pending ones', () => {
    const carried = carriedAnswers(
      {
        event: null,
        attendees: [row('bob', 'accepted', 'Vin'), row('carol', 'pending'), row('dan', 'declined')],
        guests: [guest('gina@partner.example', 'tentative')],
        booking: null,
      },
      base,
      now,
    );
    expect(carried.attendees).toEqual([
      expect.objectContaining({
        eventId: 'NEW',
        userId: 'bob',
        state: 'accepted',
        comment: 'Vin',
        answeredAt: at,
        eventVersion: 1,
        start: base.start,
      }),
    ]);
    expect(carried.guests).toEqual([
      expect.objectContaining({ eventId: 'NEW', email: 'gina@partner.example', state: 'tentative', createdAt: now }),
    ]);
    expect(splitCarried(carried, 1)).toEqual({
      now: { attendees: carried.attendees, guests: [] },
      later: { attendees: [], guests: carried.guests },
    });
  });
});
