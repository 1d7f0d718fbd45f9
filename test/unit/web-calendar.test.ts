/**
 * The calendar page's pure parts: the dialog's recurrence choices ↔ RRULE, and the PATCH a dragged or edited
 * occurrence sends (the named-zone plugin: web-calendar-zone.test.ts).
 */
import type { EventView } from '../../shared/calendar/contract';
import { createBody, draftOf, newDraft, updateBody, withAllDay, withStart } from '../../web/src/calendar/draft';
import { fromRrule, noRecurrence, toRrule, weekdayOrdinal } from '../../web/src/calendar/recurrence';

const BUC = 'Europe/Bucharest';

describe('recurrence: the dialog choices ↔ RRULE', () => {
  const weekly = { ...noRecurrence(), freq: 'WEEKLY' as const, days: [3, 1] };

  it('writes weekly on days (sorted), every N, with a count', () => {
    expect(toRrule({ ...weekly, interval: 2, ending: 'count', count: 6 }, '2026-12-07T10:00')).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=6',
    );
    expect(toRrule(noRecurrence(), '2026-12-07T10:00')).toBeUndefined();
    // no day picked: the start's weekday (7 Dec 2026 is a Monday)
    expect(toRrule({ ...weekly, days: [] }, '2026-12-07T10:00')).toBe('FREQ=WEEKLY;BYDAY=MO');
  });

  it('writes monthly by date or by the nth / last weekday, and an end date', () => {
    const monthly = { ...noRecurrence(), freq: 'MONTHLY' as const };
    expect(toRrule(monthly, '2026-12-08T10:00')).toBe('FREQ=MONTHLY;BYMONTHDAY=8');
    expect(toRrule({ ...monthly, monthlyBy: 'weekday' }, '2026-12-08T10:00')).toBe('FREQ=MONTHLY;BYDAY=2TU');
    expect(weekdayOrdinal('2026-12-29')).toBe(-1); // the last Tuesday
    expect(weekdayOrdinal('2026-12-22')).toBe(4); // a fourth Tuesday that is not the last
    expect(toRrule({ ...monthly, ending: 'until', until: '2027-03-31' }, '2026-12-08')).toBe(
      'FREQ=MONTHLY;BYMONTHDAY=8;UNTIL=20270331T235959Z',
    );
  });

  it('reads back what it writes, and refuses rules it cannot show', () => {
    expect(fromRrule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=6')).toMatchObject({
      freq: 'WEEKLY',
      interval: 2,
      days: [1, 3],
      ending: 'count',
      count: 6,
    });
    expect(fromRrule('FREQ=MONTHLY;BYDAY=-1FR')).toMatchObject({ freq: 'MONTHLY', monthlyBy: 'weekday' });
    expect(fromRrule('FREQ=YEARLY;UNTIL=20300101T000000Z')).toMatchObject({ ending: 'until', until: '2030-01-01' });
    expect(fromRrule('FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU')).toBeNull();
    expect(fromRrule('FREQ=DAILY;BYDAY=MO')).toBeNull();
  });
});

describe('draft: what the dialog sends', () => {
  const ev: EventView = {
    eventId: '01JEVENT000000000000000000',
    calendarId: 'user-a',
    title: 'Standup',
    start: '2026-12-07T10:00',
    end: '2026-12-07T10:30',
    startUtc: '2026-12-07T08:00:00Z',
    endUtc: '2026-12-07T08:30:00Z',
    allDay: false,
    timeZone: BUC,
    availability: 'busy',
    private: false,
    reminders: [15],
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    exdates: [],
    organizerId: 'a',
    attendees: [
      { type: 'user', id: 'b', name: 'B', state: 'accepted' },
      { type: 'user', id: 'c', name: 'C', state: 'pending', departmentId: '01JDEPT0000000000000000000' },
      { type: 'email', id: 'x@example.com', name: 'x@example.com', state: 'pending' },
    ],
    departments: [{ id: '01JDEPT0000000000000000000', name: 'Sales' }],
    attachments: [],
    rights: { edit: true, delete: true, rsvp: false },
    people: {},
    sequence: 0,
    version: 4,
    updatedAt: '2026-12-01T00:00:00Z',
  };
  // the occurrence of 21 December, dragged an hour later
  const occurrence = { start: '2026-12-21T10:00', end: '2026-12-21T10:30' };

  it('keeps people picked one by one apart from those a department brought', () => {
    const d = draftOf(ev, occurrence);
    expect(d.people).toEqual(['b']);
    expect(d.departments).toEqual(['01JDEPT0000000000000000000']);
    expect(d.guests).toEqual(['x@example.com']);
    expect(d.start).toBe('2026-12-21T10:00');
  });

  it('"this event" sends the occurrence and its new times; "all" moves the series start by as much', () => {
    const original = draftOf(ev, occurrence);
    const moved = withStart(original, '2026-12-21T11:00');
    expect(moved.end).toBe('2026-12-21T11:30');
    const one = updateBody(moved, original, ev, { scope: 'this', occurrence: '2026-12-21T10:00' });
    expect(one).toMatchObject({
      version: 4,
      scope: 'this',
      occurrence: '2026-12-21T10:00',
      start: '2026-12-21T11:00',
      end: '2026-12-21T11:30',
    });
    expect(one.rrule).toBeUndefined();
    const all = updateBody(moved, original, ev, { scope: 'all', occurrence: '2026-12-21T10:00' });
    expect(all).toMatchObject({ scope: 'all', start: '2026-12-07T11:00', end: '2026-12-07T11:30' });
    expect(all.rrule).toBe('FREQ=WEEKLY;BYDAY=MO');
  });

  it('a new all-day event spans whole days; switching back gives times', () => {
    const d = newDraft({
      calendarId: 'user-a',
      start: '2026-12-07T10:00',
      end: '2026-12-07T11:00',
      allDay: false,
      timeZone: BUC,
      reminders: [15],
    });
    const allDay = withAllDay({ ...d, title: ' Off ' }, true);
    expect(createBody(allDay)).toMatchObject({ title: 'Off', start: '2026-12-07', end: '2026-12-08', allDay: true });
    expect(withAllDay(allDay, false)).toMatchObject({ start: '2026-12-07T09:00', end: '2026-12-07T10:00' });
  });
});
