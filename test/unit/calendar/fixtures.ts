/**
 * The calendar unit tests' one meeting: a weekly meeting organised by alice in her own calendar (Bucharest, 09:00 on
 * Monday 23 March 2026, the week before the DST change), with bob invited. Each test overrides only what it is about,
 * so its own dates, ids, rule and people stay visible where it asserts on them.
 */
import { copyFieldsOf, type AttendeeItem } from '../../../shared/calendar/attendee-entity';
import type { EventItem } from '../../../shared/calendar/event-entity';

/** When the meeting was created and last updated, unless a test says otherwise. */
export const meetingCreatedAt = '2026-03-01T10:00:00.000Z';

/** The weekly meeting, with `overrides` on top (an explicit `undefined`, e.g. `rrule: undefined`, clears a field). */
export function weeklyMeeting(overrides: Partial<EventItem> = {}): EventItem {
  return {
    eventId: '01JEVENT000000000000000001',
    calendarId: 'user-alice',
    title: 'Weekly',
    start: '2026-03-23T09:00',
    end: '2026-03-23T10:00',
    timeZone: 'Europe/Bucharest',
    allDay: false,
    firstStartUtc: '2026-03-23T07:00:00.000Z',
    firstEndUtc: '2026-03-23T08:00:00.000Z',
    lastEndUtc: '9999-12-31T23:59:59.999Z',
    availability: 'busy',
    private: false,
    reminders: [15],
    rrule: 'FREQ=WEEKLY',
    exdates: [],
    organizerId: 'alice',
    organizerName: 'Alice A',
    users: [{ id: 'bob', name: 'Bob B' }],
    departments: [],
    guests: [],
    attachments: [],
    sequence: 0,
    version: 1,
    createdAt: meetingCreatedAt,
    updatedAt: meetingCreatedAt,
    lastActorId: 'alice',
    ...overrides,
  };
}

/**
 * Bob's copy of `event` as the attendee-copies consumer writes it (the entity's own copyFieldsOf), still pending
 * unless `overrides` give his answer.
 */
export function attendeeCopy(event: EventItem, overrides: Partial<AttendeeItem> = {}): AttendeeItem {
  return {
    eventId: event.eventId,
    userId: 'bob',
    name: 'Bob B',
    state: 'pending',
    ...copyFieldsOf(event),
    ...overrides,
  };
}
