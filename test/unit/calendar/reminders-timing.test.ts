/**
 * Reminders are never late (functions/calendar/reminders.ts): an event made or moved so close to its start that a
 * lead's time has passed gets that lead skipped — the next lead, or the next occurrence's, is the one written — and
 * deactivated people are not reminded at all.
 */
import type { EventItem } from '../../../shared/calendar/event-entity';
import { reminderFor, remindedPeople } from '../../../functions/calendar/reminders';

const event: EventItem = {
  eventId: '01JEVENT000000000000000001',
  calendarId: 'user-alice',
  title: 'Sync',
  // 10:00 in Bucharest on 23 March 2026 (UTC+2) = 08:00Z
  start: '2026-03-23T10:00',
  end: '2026-03-23T10:30',
  timeZone: 'Europe/Bucharest',
  allDay: false,
  firstStartUtc: '2026-03-23T08:00:00.000Z',
  firstEndUtc: '2026-03-23T08:30:00.000Z',
  lastEndUtc: '2026-03-23T08:30:00.000Z',
  availability: 'busy',
  private: false,
  reminders: [15],
  exdates: [],
  organizerId: 'alice',
  organizerName: 'Alice A',
  users: [
    { id: 'bob', name: 'Bob B' },
    { id: 'dan', name: 'Dan D' },
  ],
  departments: [],
  guests: [],
  attachments: [],
  sequence: 0,
  version: 1,
  createdAt: '2026-03-23T07:50:00.000Z',
  updatedAt: '2026-03-23T07:50:00.000Z',
  lastActorId: 'alice',
};
/** Made (or moved) at 09:50 local, ten minutes before it starts. */
const madeAt = '2026-03-23T07:50:00.000Z';

describe('reminders made or moved late', () => {
  it('skip a lead whose time has passed (no "starts in 15 minutes" ten minutes before)', () => {
    expect(reminderFor(event, 'bob', madeAt)).toBeNull();
  });

  it('keep a shorter lead still ahead', () => {
    expect(reminderFor({ ...event, reminders: [15, 5] }, 'bob', madeAt)).toMatchObject({
      fireAt: '2026-03-23T07:55:00.000Z',
      occurrenceStart: '2026-03-23T08:00:00.000Z',
      minutes: 5,
    });
  });

  it('go to the next occurrence of a series whose current one is too close', () => {
    const daily = { ...event, rrule: 'FREQ=DAILY;COUNT=3', lastEndUtc: '2026-03-25T08:30:00.000Z' };
    expect(reminderFor(daily, 'bob', madeAt)).toMatchObject({
      fireAt: '2026-03-24T07:45:00.000Z',
      occurrenceStart: '2026-03-24T08:00:00.000Z',
    });
  });
});

describe('who is reminded', () => {
  it('leaves out the deactivated as well as those who declined', () => {
    expect(remindedPeople(event, new Set(['bob']), new Set(['dan']))).toEqual(['alice']);
    expect(remindedPeople(event, new Set(), new Set()).sort()).toEqual(['alice', 'bob', 'dan']);
  });
});
