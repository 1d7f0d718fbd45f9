/**
 * Reads the VEVENTs of an iCalendar object a CalDAV client PUTs (RFC 5545: unfolding, parameters, escapes) into
 * the API's event fields, in the person's terms: wall-clock times in an IANA zone (TZID; a UTC or floating time is
 * put in the person's zone), dates for all-day events, the RRULE with FREQ first, EXDATEs and the RECURRENCE-ID of
 * an edited occurrence as local starts. Only what the portal stores is read; the rest of the object is ignored.
 */
import { isTimeZone } from '../../shared/calendar/contract';

export interface ParsedProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface ParsedEvent {
  uid?: string;
  title: string;
  description?: string;
  place?: string;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  rrule?: string;
  exdates: string[];
  /** Set on an edited occurrence: its original local start. */
  recurrenceId?: string;
  private: boolean;
  availability: 'busy' | 'free';
  reminders?: number[];
}

export class VeventError extends Error {}

/** Unfolded content lines (a line starting with a space or tab continues the previous one). */
export function contentLines(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n')
    .filter(Boolean);
}

export function parseLine(line: string): ParsedProperty {
  // NAME;PARAM=value;PARAM="quoted:value":VALUE — the first colon outside quotes ends the parameters.
  let i = 0;
  let quoted = false;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) break;
  }
  const head = line.slice(0, i);
  const value = line.slice(i + 1);
  const [name = '', ...rawParams] = head.split(';');
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value };
}

const unescapeText = (v: string) => v.replace(/\\([nN,;\\])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/** The VEVENT components' properties (VALARMs' TRIGGERs folded into `REMINDER` pseudo-properties). */
export function veventBlocks(text: string): ParsedProperty[][] {
  const blocks: ParsedProperty[][] = [];
  let current: ParsedProperty[] | null = null;
  let inAlarm = false;
  for (const line of contentLines(text)) {
    const p = parseLine(line);
    if (p.name === 'BEGIN' && p.value.toUpperCase() === 'VEVENT') current = [];
    else if (p.name === 'END' && p.value.toUpperCase() === 'VEVENT' && current) {
      blocks.push(current);
      current = null;
    } else if (p.name === 'BEGIN' && p.value.toUpperCase() === 'VALARM') inAlarm = true;
    else if (p.name === 'END' && p.value.toUpperCase() === 'VALARM') inAlarm = false;
    else if (current && inAlarm && p.name === 'TRIGGER') current.push({ ...p, name: 'REMINDER' });
    else if (current && !inAlarm) current.push(p);
  }
  return blocks;
}

/** A wall-clock time of `instantMs` in `timeZone`: `YYYY-MM-DDTHH:mm`. */
export function localOf(instantMs: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const DATE_TIME_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/;
const DATE_RE = /^(\d{4})(\d{2})(\d{2})$/;

/** One DATE or DATE-TIME value → a local start in the zone it is read in (`zone` wins when the value has its own). */
export function readTime(
  value: string,
  params: Record<string, string>,
  personZone: string,
): { local: string; allDay: boolean; zone: string } {
  const d = DATE_RE.exec(value);
  if (d || params.VALUE === 'DATE') {
    if (!d) throw new VeventError(`not a date: ${value}`);
    return {
      local: `${d[1]}-${d[2]}-${d[3]}`,
      allDay: true,
      zone: params.TZID && isTimeZone(params.TZID) ? params.TZID : personZone,
    };
  }
  const t = DATE_TIME_RE.exec(value);
  if (!t) throw new VeventError(`not a date-time: ${value}`);
  const [, y, mo, da, h, mi, s, z] = t;
  if (z) {
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s));
    return { local: localOf(ms, personZone), allDay: false, zone: personZone };
  }
  const zone = params.TZID && isTimeZone(params.TZID) ? params.TZID : personZone;
  return { local: `${y}-${mo}-${da}T${h}:${mi}`, allDay: false, zone };
}

/** `-PT15M`, `-P1D`, `PT0S` → minutes before the start (alarms after the start are ignored). */
export function durationMinutes(v: string): number | null {
  const m = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(v.trim());
  if (!m) return null;
  const [, sign, w, d, h, mi] = m;
  const total = Number(w ?? 0) * 10_080 + Number(d ?? 0) * 1_440 + Number(h ?? 0) * 60 + Number(mi ?? 0);
  return sign === '-' ? total : -total;
}

function addMinutes(local: string, minutes: number): string {
  const [date, time = '00:00'] = local.split('T');
  const ms = Date.parse(`${date}T${time}:00Z`) + minutes * 60_000;
  const iso = new Date(ms).toISOString();
  return local.includes('T') ? iso.slice(0, 16) : iso.slice(0, 10);
}

/** RRULE with FREQ first (the contract's shape), no DTSTART. */
function normalizeRrule(v: string): string {
  const parts = v.split(';').filter((p) => p && !/^DTSTART=/i.test(p));
  const freq = parts.filter((p) => /^FREQ=/i.test(p));
  return [...freq, ...parts.filter((p) => !/^FREQ=/i.test(p))].join(';').toUpperCase();
}

export function readVevent(props: ParsedProperty[], personZone: string): ParsedEvent {
  const one = (name: string) => props.find((p) => p.name === name);
  const dtstart = one('DTSTART');
  if (!dtstart) throw new VeventError('the VEVENT has no DTSTART');
  const start = readTime(dtstart.value, dtstart.params, personZone);
  const dtend = one('DTEND');
  let end: string;
  if (dtend) {
    // A DTEND in another zone than DTSTART is rare (flights); it is read as a wall-clock time of the start's zone.
    end = readTime(dtend.value, dtend.params, start.zone).local;
  } else {
    const duration = one('DURATION');
    const minutes = duration ? -(durationMinutes(duration.value) ?? 0) : start.allDay ? 1_440 : 0;
    end = addMinutes(start.local, minutes);
  }
  const exdates = props
    .filter((p) => p.name === 'EXDATE')
    .flatMap((p) => p.value.split(',').map((v) => readTime(v, p.params, start.zone).local));
  const recurrence = one('RECURRENCE-ID');
  const reminders = props
    .filter((p) => p.name === 'REMINDER')
    .map((p) => durationMinutes(p.value))
    .filter((m): m is number => m !== null && m >= 0);
  const text = (name: string) => {
    const p = one(name);
    return p ? unescapeText(p.value).trim() || undefined : undefined;
  };
  const cls = one('CLASS')?.value.toUpperCase();
  const rrule = one('RRULE')?.value;
  return {
    uid: one('UID')?.value,
    title: text('SUMMARY') ?? '—',
    description: text('DESCRIPTION'),
    place: text('LOCATION'),
    start: start.local,
    end,
    timeZone: start.zone,
    allDay: start.allDay,
    ...(rrule ? { rrule: normalizeRrule(rrule) } : {}),
    exdates,
    ...(recurrence ? { recurrenceId: readTime(recurrence.value, recurrence.params, start.zone).local } : {}),
    private: cls === 'PRIVATE' || cls === 'CONFIDENTIAL',
    availability: one('TRANSP')?.value.toUpperCase() === 'TRANSPARENT' ? 'free' : 'busy',
    ...(reminders.length ? { reminders: [...new Set(reminders)].slice(0, 5) } : {}),
  };
}

/** The object's events: the series (or single event) first, then its edited occurrences. */
export function readCalendarObject(text: string, personZone: string): { main: ParsedEvent; overrides: ParsedEvent[] } {
  const events = veventBlocks(text).map((b) => readVevent(b, personZone));
  const main = events.find((e) => !e.recurrenceId);
  if (!main) throw new VeventError('the object has no VEVENT without RECURRENCE-ID');
  return { main, overrides: events.filter((e) => e.recurrenceId) };
}
