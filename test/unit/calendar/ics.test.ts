/**
 * ICS output (shared/calendar/ics.ts) parsed back with a real parser (ical.js): what Google, Outlook and Apple read
 * must say the same as our own expansion, across the 2026 DST changes in Europe/Bucharest.
 */
import ICAL from 'ical.js';
import { htmlToText, icsCalendar, type IcsEvent } from '../../../shared/calendar/ics';
import { expand } from '../../../shared/calendar/recurrence';

const tz = 'Europe/Bucharest';
const meeting: IcsEvent = {
  uid: '01JEVENT000000000000000001@portal.example.com',
  sequence: 2,
  title: 'Ședința săptămânală — planificare',
  description: 'Agenda: bugetul pe trimestrul următor, recrutări, și ce a rămas din sprintul trecut. '.repeat(3),
  place: 'Sala Mare',
  start: '2026-03-16T09:00',
  end: '2026-03-16T10:00',
  timeZone: tz,
  allDay: false,
  rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260413',
  exdates: ['2026-03-23T09:00'],
  organizer: { name: 'Ana Pop', email: 'ana@example.com' },
  attendees: [
    { name: 'Bogdan Ionescu', email: 'bogdan@example.com', state: 'pending' },
    { name: 'Carmen Dinu', email: 'carmen@example.com', state: 'accepted' },
  ],
  url: 'https://portal.example.com/calendar?event=01JEVENT000000000000000001',
  updatedAt: '2026-03-10T08:00:00.000Z',
  busy: 'BUSY',
};

function parse(text: string): { calendar: ICAL.Component; events: ICAL.Component[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return { calendar, events: calendar.getAllSubcomponents('vevent') };
}

describe('icsCalendar', () => {
  it('writes an invitation Outlook, Apple and Google read: METHOD, ORGANIZER, ATTENDEE, UID, SEQUENCE, DTSTAMP', async () => {
    const text = await icsCalendar([meeting], { method: 'REQUEST', host: 'portal.example.com' });
    const { calendar, events } = parse(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('prodid')).toContain('portal.example.com');
    expect(events).toHaveLength(1);
    const vevent = events[0]!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe(meeting.uid);
    expect(event.sequence).toBe(2);
    expect(event.summary).toBe(meeting.title);
    expect(event.description).toBe(meeting.description);
    expect(event.location).toBe('Sala Mare');
    expect(String(vevent.getFirstPropertyValue('dtstamp'))).toBe('2026-03-10T08:00:00Z');
    const organizer = vevent.getFirstProperty('organizer')!;
    expect([String(organizer.getFirstValue()).toLowerCase(), organizer.getParameter('cn')]).toEqual([
      'mailto:ana@example.com',
      'Ana Pop',
    ]);
    const attendees = vevent.getAllProperties('attendee').map((a) => ({
      address: String(a.getFirstValue()).toLowerCase(),
      cn: a.getParameter('cn'),
      partstat: a.getParameter('partstat'),
      rsvp: a.getParameter('rsvp'),
    }));
    expect(attendees).toEqual([
      { address: 'mailto:bogdan@example.com', cn: 'Bogdan Ionescu', partstat: 'NEEDS-ACTION', rsvp: 'TRUE' },
      { address: 'mailto:carmen@example.com', cn: 'Carmen Dinu', partstat: 'ACCEPTED', rsvp: 'TRUE' },
    ]);
    // Folded at 75 octets (the title and description hold multi-byte letters).
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('keeps the wall-clock time in its zone, and its RRULE expands to our occurrences across DST', async () => {
    const text = await icsCalendar([meeting], { method: 'REQUEST', host: 'portal.example.com' });
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Bucharest');
    expect(text).toMatch(/UNTIL=\d{8}T\d{6}Z/); // RFC 5545: UTC when DTSTART has a zone
    const event = new ICAL.Event(parse(text).events[0]!);
    expect(event.startDate.toString()).toBe('2026-03-16T09:00:00');
    expect(event.startDate.zone.tzid).toBe(tz);
    const theirs: string[] = [];
    const it = event.iterator();
    for (let next = it.next(); next && theirs.length < 20; next = it.next()) {
      theirs.push(next.toJSDate().toISOString());
    }
    const ours = expand(meeting, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').map((i) => i.startUtc);
    expect(theirs).toEqual(ours);
    expect(ours).toEqual([
      '2026-03-16T07:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-04-06T06:00:00.000Z',
      '2026-04-13T06:00:00.000Z',
    ]);
  });

  it('cancels with the same UID, a higher SEQUENCE and STATUS:CANCELLED', async () => {
    const text = await icsCalendar([{ ...meeting, sequence: 3, cancelled: true }], {
      method: 'CANCEL',
      host: 'h.example',
    });
    const { calendar, events } = parse(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    const event = new ICAL.Event(events[0]!);
    expect([event.uid, event.sequence, events[0]!.getFirstPropertyValue('status')]).toEqual([
      meeting.uid,
      3,
      'CANCELLED',
    ]);
  });

  it('writes all-day, private and edited-occurrence events as clients expect', async () => {
    const holiday: IcsEvent = {
      uid: 'holiday@h.example',
      sequence: 0,
      title: 'Ziua Națională',
      start: '2026-12-01',
      end: '2026-12-02',
      timeZone: tz,
      allDay: true,
      rrule: 'FREQ=YEARLY',
      exdates: ['2027-12-01'],
      updatedAt: '2026-01-01T00:00:00.000Z',
      busy: 'FREE',
    };
    const moved: IcsEvent = {
      ...meeting,
      uid: meeting.uid,
      rrule: undefined,
      exdates: undefined,
      recurrenceId: '2026-04-06T09:00',
      start: '2026-04-06T11:00',
      end: '2026-04-06T12:00',
      private: true,
    };
    const text = await icsCalendar([holiday, meeting, moved], { method: 'PUBLISH', name: 'Ana', host: 'h.example' });
    const { events } = parse(text);
    const [day, , edited] = events.map((e) => new ICAL.Event(e));
    expect(day!.startDate.isDate).toBe(true);
    expect(day!.startDate.toString()).toBe('2026-12-01');
    expect(day!.endDate.toString()).toBe('2026-12-02');
    expect(text).toContain('EXDATE;VALUE=DATE:20271201');
    expect(text).toContain('TRANSP:TRANSPARENT');
    expect(edited!.recurrenceId.toString()).toBe('2026-04-06T09:00:00');
    expect(edited!.recurrenceId.zone.tzid).toBe(tz);
    expect(events[2]!.getFirstPropertyValue('class')).toBe('PRIVATE');
    // PUBLISH (the feed) asks nobody to answer.
    expect(events[1]!.getFirstProperty('attendee')!.getParameter('rsvp')).toBe('FALSE');
  });
});

describe('htmlToText', () => {
  it('keeps paragraphs, line breaks, list items and link targets, and decodes entities', () => {
    expect(
      htmlToText(
        '<p>Salut &amp; bun venit,</p><p>Agenda:<br>punctul 1</p><ul><li>buget</li><li>oameni</li></ul>' +
          '<p>Vezi <a href="https://x.example/doc">documentul</a> &#8212; &lt;ok&gt;</p><script>alert(1)</script>',
      ),
    ).toBe(
      'Salut & bun venit,\nAgenda:\npunctul 1\n\n• buget\n• oameni\nVezi documentul (https://x.example/doc) — <ok>',
    );
  });
});
