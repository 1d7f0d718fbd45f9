/**
 * What a phone PUTs over CalDAV, read into the portal's event fields (functions/calendar-sync/vevent.ts): folded
 * lines and escapes, zones (TZID kept; UTC and floating times put in the person's zone), all-day dates, DURATION,
 * the RRULE reordered to the contract's shape, EXDATEs and an edited occurrence, class/transparency, alarms.
 */
import { readCalendarObject, VeventError } from '../../../functions/calendar-sync/vevent';

const object = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR', ''].join('\r\n');

describe('CalDAV VEVENT reading', () => {
  test('a series in its own zone: folded summary, escapes, RRULE with FREQ first, EXDATE, an edited occurrence, alarm', () => {
    const { main, overrides } = readCalendarObject(
      object(
        'BEGIN:VEVENT',
        'UID:abc',
        'DTSTART;TZID=Europe/Bucharest:20260302T093000',
        'DTEND;TZID=Europe/Bucharest:20260302T094500',
        'SUMMARY:Stand-up\\, daily\\; with a very long title that a phone folds over',
        '  two lines',
        'DESCRIPTION:First line\\nSecond line',
        'LOCATION:Room 2',
        'RRULE:BYDAY=MO,WE;FREQ=WEEKLY;COUNT=10',
        'EXDATE;TZID=Europe/Bucharest:20260304T093000,20260309T093000',
        'CLASS:CONFIDENTIAL',
        'BEGIN:VALARM',
        'TRIGGER:-PT15M',
        'ACTION:DISPLAY',
        'END:VALARM',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:abc',
        'RECURRENCE-ID;TZID=Europe/Bucharest:20260311T093000',
        'DTSTART;TZID=Europe/Bucharest:20260311T110000',
        'DTEND;TZID=Europe/Bucharest:20260311T111500',
        'SUMMARY:Stand-up (moved)',
        'END:VEVENT',
      ),
      'UTC',
    );
    expect(main).toEqual({
      uid: 'abc',
      title: 'Stand-up, daily; with a very long title that a phone folds over two lines',
      description: 'First line\nSecond line',
      place: 'Room 2',
      start: '2026-03-02T09:30',
      end: '2026-03-02T09:45',
      timeZone: 'Europe/Bucharest',
      allDay: false,
      rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
      exdates: ['2026-03-04T09:30', '2026-03-09T09:30'],
      private: true,
      availability: 'busy',
      reminders: [15],
    });
    expect(overrides.map((o) => [o.recurrenceId, o.start, o.end, o.title])).toEqual([
      ['2026-03-11T09:30', '2026-03-11T11:00', '2026-03-11T11:15', 'Stand-up (moved)'],
    ]);
  });

  test('a UTC time is put in the person’s zone (across the DST change), with DURATION instead of DTEND', () => {
    const { main } = readCalendarObject(
      object('BEGIN:VEVENT', 'DTSTART:20260330T070000Z', 'DURATION:PT1H30M', 'SUMMARY:Call', 'END:VEVENT'),
      'Europe/Bucharest',
    );
    // Bucharest is UTC+3 after 29 March 2026 (summer time).
    expect([main.start, main.end, main.timeZone, main.allDay]).toEqual([
      '2026-03-30T10:00',
      '2026-03-30T11:30',
      'Europe/Bucharest',
      false,
    ]);
  });

  test('an all-day event (end exclusive), transparent; an unknown TZID falls back to the person’s zone', () => {
    const allDay = readCalendarObject(
      object(
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20260501',
        'DTEND;VALUE=DATE:20260502',
        'SUMMARY:Holiday',
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      ),
      'Europe/Bucharest',
    ).main;
    expect([allDay.start, allDay.end, allDay.allDay, allDay.availability]).toEqual([
      '2026-05-01',
      '2026-05-02',
      true,
      'free',
    ]);
    const windowsZone = readCalendarObject(
      object('BEGIN:VEVENT', 'DTSTART;TZID=GTB Standard Time:20260601T090000', 'SUMMARY:x', 'END:VEVENT'),
      'Europe/Bucharest',
    ).main;
    expect([windowsZone.start, windowsZone.end, windowsZone.timeZone]).toEqual([
      '2026-06-01T09:00',
      '2026-06-01T09:00',
      'Europe/Bucharest',
    ]);
  });

  test('no event, or no start: a clear error (CalDAV answers 400)', () => {
    expect(() => readCalendarObject(object('BEGIN:VTODO', 'SUMMARY:x', 'END:VTODO'), 'UTC')).toThrow(VeventError);
    expect(() => readCalendarObject(object('BEGIN:VEVENT', 'SUMMARY:x', 'END:VEVENT'), 'UTC')).toThrow(/no DTSTART/);
  });
});
