/**
 * The month view's light row reading (functions/calendar/list-rows.ts): a row as the Query returns it under
 * LIST_PROJECTION gives the same occurrence source and rights inputs as the entities' full parse did.
 */
import { attendeeFromRow, attendeeRow } from '../../../shared/calendar/attendee-entity';
import { eventFromRow, eventRow, type EventItem } from '../../../shared/calendar/event-entity';
import type { Raw } from '../../../shared/data';
import { LIST_PROJECTION, listedRow } from '../../../functions/calendar/list-rows';
import { attendeeCopy, weeklyMeeting } from './fixtures';

const base = weeklyMeeting({
  calendarId: '01JCALENDAR000000000000001',
  description: '<p>long text the list never shows</p>',
  start: '2026-03-02T09:00',
  end: '2026-03-02T10:00',
  firstStartUtc: '2026-03-02T07:00:00.000Z',
  firstEndUtc: '2026-03-02T08:00:00.000Z',
  availability: 'tentative',
  private: true,
  rrule: undefined,
  users: [
    { id: 'bob', name: 'Bob B', departmentId: '01JDEPT0000000000000000001' },
    { id: 'carol', name: 'Carol C' },
  ],
  departments: [{ id: '01JDEPT0000000000000000001', name: 'Sales' }],
  guests: [{ email: 'x@example.com' }],
  attachments: [{ nodeId: 'n1', name: 'agenda.pdf', size: 10 }],
  sequence: 2,
  version: 7,
});
const full: EventItem = {
  ...base,
  eventId: '01JEVENT000000000000000002',
  seriesId: '01JEVENT000000000000000009',
  recurrenceId: '2026-03-09T09:00',
  place: 'Room 4',
  color: 'grape',
  rrule: 'FREQ=WEEKLY;BYDAY=MO',
  exdates: ['2026-03-16T09:00'],
  roomId: '01JROOM0000000000000000001',
};
const allDay: EventItem = {
  ...base,
  eventId: '01JEVENT000000000000000003',
  start: '2026-03-02',
  end: '2026-03-03',
  allDay: true,
  private: false,
  users: [],
  guests: [],
};

/** What DynamoDB returns under the projection: only the attributes it names. */
function projected(row: Raw): Raw {
  const names = new Set<string>(Object.values(LIST_PROJECTION.ExpressionAttributeNames));
  return Object.fromEntries(Object.entries(row).filter(([k]) => names.has(k)));
}

/** What the list drew from the fully parsed event before (list-service's eventSource). */
function parsedSource(e: EventItem) {
  const { users, guests, departments, attachments, reminders, description, sequence, createdAt, updatedAt, ...rest } =
    e;
  const { firstStartUtc, firstEndUtc, lastEndUtc, lastActorId, cancelled, ...source } = rest;
  void [departments, attachments, reminders, description, sequence, createdAt, updatedAt];
  void [firstStartUtc, firstEndUtc, lastEndUtc, lastActorId, cancelled];
  return { ...source, attendeeCount: users.length + guests.length };
}

describe('listedRow', () => {
  it.each([
    ['a plain private event with attendees', base],
    ['an edited occurrence with every optional field', full],
    ['an all-day event', allDay],
  ])('reads %s under the projection as the full parse did', (_, e) => {
    const row = eventRow(e);
    const listed = listedRow(projected(row));
    const parsed = eventFromRow(row)!;
    expect(listed).toEqual({
      kind: 'event',
      source: parsedSource(parsed),
      organizerId: parsed.organizerId,
      private: parsed.private,
      users: parsed.users,
    });
  });

  it('reads an attendee copy (its answer, the event version and count) as the full parse did', () => {
    const copy = attendeeCopy(full, { state: 'declined', comment: 'away' });
    const row = attendeeRow(copy);
    const parsed = attendeeFromRow(row)!;
    const { userId, name, departmentId, state, comment, answeredAt, eventVersion, ...rest } = parsed;
    const { firstStartUtc, firstEndUtc, lastEndUtc, ...source } = rest;
    void [name, departmentId, comment, answeredAt, firstStartUtc, firstEndUtc, lastEndUtc];
    expect(listedRow(projected(row))).toEqual({
      kind: 'copy',
      source: { ...source, version: eventVersion },
      userId,
      state,
    });
  });

  it('skips the other items of a partition and asks DynamoDB for no more than it reads', () => {
    expect(listedRow({ __edb_e__: 'calendarRoomBooking', eventId: 'x' })).toBeNull();
    const names = Object.values(LIST_PROJECTION.ExpressionAttributeNames);
    expect(names).not.toEqual(expect.arrayContaining(['description']));
    expect(LIST_PROJECTION.ProjectionExpression.split(', ')).toHaveLength(names.length);
  });
});
