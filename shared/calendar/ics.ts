/**
 * iCalendar (RFC 5545) output for invitations (METHOD:REQUEST / CANCEL / REPLY), the ICS feed (PUBLISH) and CalDAV
 * (issue 14), with ical-generator. Times are written as wall-clock times with TZID plus a VTIMEZONE block
 * (@touch4it/ical-timezones), so Outlook, Apple and Google keep a recurring meeting at its local time across DST.
 *
 * Server-side only: @touch4it/ical-timezones reads its zone files from node_modules at run time, so a Lambda that
 * uses this must install the package beside its bundle (the feature manifest's nativeModules), not inline it.
 * Both libraries are loaded on the first .ics written, not at the Lambda's cold start (most calls write none; the
 * external zone package alone costs ~15 ms CPU to load).
 *
 * Every event's UID comes from `eventUid` (one host for the e-mail invitation, the feed and CalDAV), so a phone that
 * subscribes to the feed and also receives the invitation holds ONE meeting.
 */
import type { ICalAttendeeStatus } from 'ical-generator';
import type { AttendeeState } from './contract';
import { localToUtc } from './recurrence';

const loadIcal = () => Promise.all([import('ical-generator'), import('@touch4it/ical-timezones')]);

/**
 * The host part of every UID the portal writes: the portal's own host name (PORTAL_URL, the same in every feature
 * Lambda), so it never depends on which address served the request (the API's, CalDAV's function URL).
 */
export function uidHost(portalUrl: string | undefined = process.env.PORTAL_URL): string {
  try {
    const host = new URL(portalUrl ?? '').hostname;
    if (host) return host;
  } catch {
    // not set or not a URL: the tenant's name below
  }
  return `${process.env.TENANT ?? 'portal'}.portal`;
}

/** An event's UID: its series' id (an edited occurrence belongs to its series and carries RECURRENCE-ID). */
export const eventUid = (e: { eventId: string; seriesId?: string | undefined }, host: string = uidHost()): string =>
  `${e.seriesId ?? e.eventId}@${host}`;

/** A task deadline's UID in the feed. */
export const deadlineUid = (taskId: string, host: string = uidHost()): string => `task-${taskId}@${host}`;

export interface IcsAttendee {
  name: string;
  email: string;
  state: AttendeeState;
}

export interface IcsEvent {
  uid: string;
  sequence: number;
  title: string;
  /** Plain text (see htmlToText). */
  description?: string;
  place?: string;
  /** Local wall-clock 'YYYY-MM-DDTHH:mm' in timeZone, or dates for all-day events (end exclusive). */
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  rrule?: string;
  exdates?: string[];
  /** An edited occurrence: its original local start. */
  recurrenceId?: string;
  organizer?: { name: string; email: string };
  attendees?: IcsAttendee[];
  cancelled?: boolean;
  url?: string;
  /** ISO instant: DTSTAMP and LAST-MODIFIED (so the same event always gives the same text). */
  updatedAt: string;
  busy?: 'BUSY' | 'FREE' | 'TENTATIVE' | 'OOF';
  private?: boolean;
}

/** The PARTSTAT of each answer, by ical-generator's enum key (the module is loaded with the first .ics). */
const PARTSTAT: Record<AttendeeState, keyof typeof ICalAttendeeStatus> = {
  accepted: 'ACCEPTED',
  tentative: 'TENTATIVE',
  declined: 'DECLINED',
  pending: 'NEEDSACTION',
};
/** Lines ical-generator cannot write as we need them stand in this property until the text is assembled. */
const EXTRA = 'X-PORTAL-EXTRA';

/** A Date whose local-time getters read the wall clock (stored as if UTC). */
class WallClockView extends Date {
  override getFullYear = () => this.getUTCFullYear();
  override getMonth = () => this.getUTCMonth();
  override getDate = () => this.getUTCDate();
  override getHours = () => this.getUTCHours();
  override getMinutes = () => this.getUTCMinutes();
  override getSeconds = () => this.getUTCSeconds();
}

/**
 * A wall-clock time for ical-generator: it takes a Date with `withTimeZone` (date-fns' TZDate) and writes the local
 * fields of what that returns after `TZID=`. Our times are already wall-clock times in the event's zone.
 */
class WallClock extends Date {
  readonly internal: Date;
  constructor(local: string) {
    super(Date.parse(local.length === 10 ? `${local}T00:00Z` : `${local}Z`));
    this.internal = new Date(this.getTime());
  }
  withTimeZone(): Date {
    return new WallClockView(this.getTime());
  }
  tzComponents(): Record<string, number> {
    return {};
  }
}

const compact = (local: string) => local.replace(/[-:]/g, '') + (local.length > 10 ? '00' : '');

/** RFC 5545 wants UNTIL in UTC when DTSTART has a zone: a local or date UNTIL (accepted on input) is converted. */
function rruleForIcs(e: IcsEvent): string | undefined {
  if (!e.rrule) return undefined;
  return e.rrule.replace(
    /(^|;)UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?/,
    (all, sep, y, mo, d, h, mi, s, z) => {
      if (e.allDay || z === 'Z') return String(all);
      const local = h === undefined ? `${y}-${mo}-${d}T23:59` : `${y}-${mo}-${d}T${h}:${mi}`;
      const until = new Date(Date.parse(localToUtc(local, e.timeZone)) + (h === undefined ? 59_000 : Number(s) * 1000));
      return `${sep}UNTIL=${until
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}`;
    },
  );
}

function extraLines(e: IcsEvent): string[] {
  const zoned = (name: string, local: string) =>
    e.allDay ? `${name};VALUE=DATE:${compact(local)}` : `${name};TZID=${e.timeZone}:${compact(local)}`;
  const rule = rruleForIcs(e);
  return [
    ...(rule ? [`RRULE:${rule}`] : []),
    ...(e.exdates ?? []).map((x) => zoned('EXDATE', x)),
    ...(e.recurrenceId ? [zoned('RECURRENCE-ID', e.recurrenceId)] : []),
  ];
}

/** One VCALENDAR with the events; `host` names the product (PRODID). */
export async function icsCalendar(
  events: IcsEvent[],
  opts: { method?: 'REQUEST' | 'CANCEL' | 'PUBLISH' | 'REPLY'; name?: string; host: string },
): Promise<string> {
  const [
    {
      default: ical,
      ICalAttendeeRole,
      ICalAttendeeStatus,
      ICalCalendarMethod,
      ICalEventBusyStatus,
      ICalEventClass,
      ICalEventStatus,
      ICalEventTransparency,
      foldLines,
    },
    { getVtimezoneComponent },
  ] = await loadIcal();
  const cal = ical({
    prodId: { company: opts.host, product: 'Calendar', language: 'EN' },
    timezone: { name: null, generator: getVtimezoneComponent },
    ...(opts.method ? { method: ICalCalendarMethod[opts.method] } : {}),
    ...(opts.name ? { name: opts.name } : {}),
  });
  const extras: string[][] = [];
  for (const e of events) {
    const stamp = new Date(e.updatedAt);
    const event = cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      summary: e.title,
      start: new WallClock(e.start),
      end: new WallClock(e.end),
      allDay: e.allDay,
      ...(e.allDay ? {} : { timezone: e.timeZone }),
      stamp,
      lastModified: stamp,
      ...(e.description ? { description: e.description } : {}),
      ...(e.place ? { location: e.place } : {}),
      ...(e.url ? { url: e.url } : {}),
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      ...(e.private ? { class: ICalEventClass.PRIVATE } : {}),
      ...(e.busy ? { busystatus: ICalEventBusyStatus[e.busy] } : {}),
      transparency: e.busy === 'FREE' ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
      ...(e.organizer ? { organizer: { name: e.organizer.name, email: e.organizer.email } } : {}),
    });
    for (const a of e.attendees ?? []) {
      event.createAttendee({
        name: a.name,
        email: a.email,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus[PARTSTAT[a.state]],
        rsvp: opts.method === 'REQUEST',
      });
    }
    const lines = extraLines(e);
    if (lines.length) {
      event.x(EXTRA, String(extras.length));
      extras.push(lines);
    }
  }
  // Unfold, put the extra lines in, fold again (at 75 octets).
  const text = cal.toString().replace(/\r\n[ \t]/g, '');
  return foldLines(text.replace(new RegExp(`${EXTRA}:(\\d+)`, 'g'), (_, i: string) => extras[Number(i)]!.join('\r\n')));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Sanitised rich text → plain text for DESCRIPTION: paragraphs and line breaks kept, lists bulleted, links spelled out. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) =>
      label.replace(/<[^>]+>/g, '').trim() === href ? href : `${label} (${href})`,
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n• ')
    .replace(/<\/(p|div|h[1-6]|ul|ol|blockquote|pre|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (all, name: string) => {
      const lower = name.toLowerCase();
      const code = lower.startsWith('#x')
        ? parseInt(lower.slice(2), 16)
        : lower.startsWith('#')
          ? Number(lower.slice(1))
          : NaN;
      if (code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      return ENTITIES[lower] ?? all;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
