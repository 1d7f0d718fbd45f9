/** The calendar entities write exactly the keys of the contract's data table (shared/calendar/contract.ts). */
import { attendeeAnswerWrite, attendeeFromRow, attendeeRow } from '../../../shared/calendar/attendee-entity';
import { calendarFromRow, calendarRow } from '../../../shared/calendar/calendar-entity';
import { eventFromRow, eventRow } from '../../../shared/calendar/event-entity';
import { settingsRow } from '../../../shared/calendar/settings-entity';
import { shareRow } from '../../../shared/calendar/share-entity';
import { attendeeCopy, weeklyMeeting } from './fixtures';

const at = '2026-03-01T10:00:00.000Z';
const event = weeklyMeeting({
  start: '2026-03-02T09:00',
  end: '2026-03-02T10:00',
  firstStartUtc: '2026-03-02T07:00:00.000Z',
  firstEndUtc: '2026-03-02T08:00:00.000Z',
  users: [{ id: 'bob', name: 'Bob B', departmentId: '01JDEPT0000000000000000001' }],
  departments: [{ id: '01JDEPT0000000000000000001', name: 'Sales' }],
  guests: [{ email: 'x@example.com' }],
});

describe('calendar entities', () => {
  it('an event sits in its calendar partition ordered by when it last ends, and reads back whole', () => {
    const row = eventRow(event);
    expect(row).toMatchObject({
      PK: 'CALEV#01JEVENT000000000000000001',
      SK: 'EVENT',
      GSI1PK: 'CAL#user-alice',
      GSI1SK: 'END#9999-12-31T23:59:59.999Z#01JEVENT000000000000000001',
      __edb_e__: 'calendarEvent',
    });
    expect(eventFromRow(row)).toEqual(event);
  });

  it('an attendee copy sits in the attendee’s own calendar and, only while pending, in their invitations', () => {
    const pending = attendeeCopy(event);
    const row = attendeeRow(pending);
    expect(row).toMatchObject({
      PK: 'CALEV#01JEVENT000000000000000001',
      SK: 'ATT#bob',
      GSI1PK: 'CAL#user-bob',
      GSI1SK: 'END#9999-12-31T23:59:59.999Z#01JEVENT000000000000000001',
      GSI2PK: 'CALINV#bob',
      GSI2SK: '2026-03-02T07:00:00.000Z#01JEVENT000000000000000001',
      __edb_e__: 'calendarAttendee',
    });
    expect(attendeeFromRow(row)).toEqual(pending);
    expect(attendeeRow({ ...pending, state: 'accepted' })).not.toHaveProperty('GSI2PK');
  });

  it('an answer leaves the invitations index and keeps the row’s other fields', () => {
    const params = attendeeAnswerWrite(event.eventId, 'bob', { state: 'declined', answeredAt: at }).params() as {
      Key: Record<string, string>;
      UpdateExpression: string;
      ExpressionAttributeNames: Record<string, string>;
    };
    expect(params.Key).toEqual({ PK: 'CALEV#01JEVENT000000000000000001', SK: 'ATT#bob' });
    const removed = params.UpdateExpression.split('REMOVE')[1] ?? '';
    const removedNames = removed.split(',').map((n) => params.ExpressionAttributeNames[n.trim()]);
    expect(removedNames).toEqual(expect.arrayContaining(['GSI2PK', 'GSI2SK', 'comment']));
  });

  it('calendars are listed by owner or as company calendars', () => {
    const base = {
      calendarId: '01JCAL00000000000000000001',
      name: 'Side',
      color: 'teal' as const,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    expect(calendarRow({ ...base, kind: 'user', ownerId: 'alice' })).toMatchObject({
      PK: 'CAL#01JCAL00000000000000000001',
      SK: 'CALENDAR',
      GSI1PK: 'USER#alice#CALS',
      GSI1SK: '01JCAL00000000000000000001',
    });
    const company = calendarRow({ ...base, kind: 'company' });
    expect(company).toMatchObject({ GSI1PK: 'CALS#COMPANY', GSI1SK: '01JCAL00000000000000000001' });
    expect(calendarFromRow(company)).toEqual({ ...base, kind: 'company' });
  });

  it('shares are keyed under the calendar and found by their target', () => {
    const row = shareRow({
      calendarId: '01JCAL00000000000000000001',
      target: 'dept',
      targetId: '01JDEPT0000000000000000001',
      access: 'read',
      targetName: 'Sales',
      calendarName: 'Side',
      color: 'teal',
      ownerId: 'alice',
      createdAt: at,
    });
    expect(row).toMatchObject({
      PK: 'CAL#01JCAL00000000000000000001',
      SK: 'SHARE#dept#01JDEPT0000000000000000001',
      GSI1PK: 'CALSHARE#dept#01JDEPT0000000000000000001',
      GSI1SK: '01JCAL00000000000000000001',
    });
  });

  it('settings sit on the person', () => {
    const row = settingsRow({
      userId: 'alice',
      workDays: [1, 2, 3, 4, 5],
      workStart: '09:00',
      workEnd: '18:00',
      defaultReminders: [15],
      version: 1,
      updatedAt: at,
    });
    expect(row).toMatchObject({ PK: 'USER#alice', SK: 'CALSETTINGS', __edb_e__: 'calendarSettings' });
  });
});
