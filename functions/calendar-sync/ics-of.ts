/**
 * The iCalendar text of the feed and of CalDAV objects, from stored events (TEMPORARY writer until
 * shared/calendar/ics.ts lands; then this maps events to its IcsEvent).
 */
import type { AttendeeItem } from '../../shared/calendar/attendee-entity';
import type { EventItem } from '../../shared/calendar/event-entity';
import type { DeadlineRow, MyCalendar } from './my-calendar';

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const fold = (line: string) => {
  const out: string[] = [];
  let rest = line;
  while (rest.length > 74) {
    out.push(rest.slice(0, 74));
    rest = ` ${rest.slice(74)}`;
  }
  out.push(rest);
  return out.join('\r\n');
};
const compact = (local: string) => local.replace(/[-:]/g, '') + (local.includes('T') ? '00' : '');
const utcStamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const timeProp = (name: string, local: string, tz: string, allDay: boolean) =>
  allDay ? `${name};VALUE=DATE:${compact(local)}` : `${name};TZID=${tz}:${compact(local)}`;

type Timed = Pick<
  EventItem,
  | 'title'
  | 'start'
  | 'end'
  | 'timeZone'
  | 'allDay'
  | 'place'
  | 'rrule'
  | 'exdates'
  | 'recurrenceId'
  | 'private'
  | 'availability'
> & { uid: string; updatedAt: string; description?: string; sequence: number };

function vevent(e: Timed): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${utcStamp(e.updatedAt)}`,
    timeProp('DTSTART', e.start, e.timeZone, e.allDay),
    timeProp('DTEND', e.end, e.timeZone, e.allDay),
    `SUMMARY:${esc(e.title)}`,
    ...(e.place ? [`LOCATION:${esc(e.place)}`] : []),
    ...(e.description ? [`DESCRIPTION:${esc(e.description)}`] : []),
    ...(e.rrule ? [`RRULE:${e.rrule}`] : []),
    ...(e.exdates ?? []).map((x) => timeProp('EXDATE', x, e.timeZone, e.allDay)),
    ...(e.recurrenceId ? [timeProp('RECURRENCE-ID', e.recurrenceId, e.timeZone, e.allDay)] : []),
    ...(e.private ? ['CLASS:PRIVATE'] : []),
    ...(e.availability === 'free' ? ['TRANSP:TRANSPARENT'] : []),
    `SEQUENCE:${e.sequence}`,
    'END:VEVENT',
  ];
}

const uidOf = (eventId: string, host: string) => `${eventId}@${host}`;

const htmlToPlain = (html: string) =>
  html
    .replace(/<\/(p|div|li)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

const fromEvent = (e: EventItem, host: string): Timed => ({
  ...e,
  uid: uidOf(e.seriesId ?? e.eventId, host),
  description: e.description ? htmlToPlain(e.description) : undefined,
});

const fromInvitation = (a: AttendeeItem, host: string): Timed => ({
  ...a,
  uid: uidOf(a.seriesId ?? a.eventId, host),
  updatedAt: a.answeredAt ?? new Date().toISOString(),
  sequence: a.eventVersion,
});

function calendar(lines: string[], name: string, method?: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Portal//Calendar//EN',
    'CALSCALE:GREGORIAN',
    ...(method ? [`METHOD:${method}`] : []),
    `X-WR-CALNAME:${esc(name)}`,
    ...lines,
    'END:VCALENDAR',
  ]
    .map(fold)
    .join('\r\n')
    .concat('\r\n');
}

export function objectIcs(master: EventItem, overrides: EventItem[], host: string): string {
  return calendar(
    [master, ...overrides].flatMap((e) => vevent(fromEvent(e, host))),
    'Portal',
  );
}

export function feedIcs(cal: MyCalendar, deadlines: DeadlineRow[], host: string): string {
  const now = new Date().toISOString();
  const lines = [
    ...cal.events.flatMap((e) => vevent(fromEvent(e, host))),
    ...cal.invitations.flatMap((a) => vevent(fromInvitation(a, host))),
    ...deadlines.flatMap((d) => [
      'BEGIN:VEVENT',
      `UID:task-${d.taskId}@${host}`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART:${utcStamp(new Date(d.deadline).toISOString())}`,
      `DTEND:${utcStamp(new Date(d.deadline).toISOString())}`,
      `SUMMARY:${esc(`⏰ ${d.title}`)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    ]),
  ];
  return calendar(lines, 'Portal', 'PUBLISH');
}
