/**
 * CalDAV PUT and DELETE → the API's event service (./event-writes.ts). A PUT is read into the event's fields
 * (./vevent.ts) and only what changed is sent, so a phone re-saving an event does not bump its sequence or
 * re-send invitations:
 *   - a new object → createEvent in my `user-…` calendar;
 *   - the series / single event → updateEvent (scope `all` for a series);
 *   - an EXDATE the series did not have → deleteEvent of that occurrence (scope `this`);
 *   - an edited occurrence (RECURRENCE-ID) → updateEvent of its stored override, or scope `this` on the series.
 * Every write is versioned with the version this request read (a concurrent edit → 409).
 */
import { createEventBody, updateEventBody, userCalendarId, type UpdateEventBody } from '../../shared/calendar/contract';
import { getEvent, type EventItem } from '../../shared/calendar/event-entity';
import { ValidationError } from '../../shared/http/errors';
import { zodFields } from '../../shared/runtime/http-pipeline';
import type { CaldavPerson } from './caldav-auth';
import type { CalendarObject } from './caldav-server';
import { createEvent, deleteEvent, updateEvent } from './event-writes';
import { readCalendarObject, type ParsedEvent } from './vevent';

/** A client's UID worth keeping: printable, no line breaks, at most 255 characters (RFC 5545 puts no limit; we do). */
const clientUid = (uid: string | undefined): string | undefined =>
  uid && uid.length <= 255 && /^[\x21-\x7e]+$/.test(uid) ? uid : undefined;

/** Plain text from a phone → the HTML the portal stores (escaped, line breaks kept). */
export const textToHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .split('\n')
    .map((line) => `<p>${line}</p>`)
    .join('');

function createBody(p: ParsedEvent, userId: string) {
  const parsed = createEventBody.safeParse({
    calendarId: userCalendarId(userId),
    title: p.title,
    ...(p.description ? { description: textToHtml(p.description) } : {}),
    ...(p.place ? { place: p.place } : {}),
    start: p.start,
    end: p.end,
    timeZone: p.timeZone,
    allDay: p.allDay,
    availability: p.availability,
    private: p.private,
    ...(p.rrule ? { rrule: p.rrule } : {}),
    ...(p.reminders ? { reminders: p.reminders } : {}),
  });
  if (!parsed.success) throw new ValidationError(zodFields(parsed.error));
  return parsed.data;
}

/** The fields of `p` that differ from the stored event (undefined when nothing changed). */
function changes(p: ParsedEvent, e: EventItem, withRule: boolean): Partial<UpdateEventBody> | undefined {
  const out: Partial<UpdateEventBody> = {};
  if (p.title !== e.title) out.title = p.title;
  const description = p.description ? textToHtml(p.description) : undefined;
  if (description !== e.description && !(p.description === undefined && !e.description))
    out.description = description ?? null;
  if ((p.place ?? undefined) !== (e.place ?? undefined)) out.place = p.place ?? null;
  if (p.start !== e.start || p.end !== e.end || p.timeZone !== e.timeZone || p.allDay !== e.allDay) {
    out.start = p.start;
    out.end = p.end;
    out.timeZone = p.timeZone;
    out.allDay = p.allDay;
  }
  if (
    p.availability !== (e.availability === 'free' ? 'free' : 'busy') &&
    !(p.availability === 'busy' && e.availability !== 'free')
  )
    out.availability = p.availability;
  if (p.private !== e.private) out.private = p.private;
  if (withRule && (p.rrule ?? undefined) !== (e.rrule ?? undefined)) out.rrule = p.rrule ?? null;
  return Object.keys(out).length ? out : undefined;
}

function updateBody(version: number, fields: Partial<UpdateEventBody>): UpdateEventBody {
  const parsed = updateEventBody.safeParse({ version, ...fields });
  if (!parsed.success) throw new ValidationError(zodFields(parsed.error));
  return parsed.data;
}

/** The series' current version after a write (deleteEvent answers nothing). */
const versionNow = async (eventId: string) => (await getEvent(eventId))?.version;

/** Applies a PUT; the new event's id when it created one, else null. */
export async function applyPut(
  person: CaldavPerson,
  current: CalendarObject | undefined,
  ics: string,
): Promise<{ eventId: string; uid?: string } | null> {
  const { user, timeZone } = person;
  const { main, overrides } = readCalendarObject(ics, timeZone);
  if (!current) {
    const created = await createEvent(user, createBody(main, user.sub));
    // Occurrences the new series leaves out or edits: applied to it like later edits.
    if (created.rrule && (main.exdates.length || overrides.length))
      await applyOccurrences(person, created.eventId, created.version, [], [], main, overrides);
    const uid = clientUid(main.uid);
    return { eventId: created.eventId, ...(uid ? { uid } : {}) };
  }
  const { master } = current;
  let version = master.version;
  const fields = changes(main, master, !master.seriesId);
  if (fields) {
    const scope = master.rrule ? { scope: 'all' as const } : {};
    version = (await updateEvent(user, master.eventId, updateBody(version, { ...scope, ...fields }))).version;
  }
  if (master.rrule)
    await applyOccurrences(person, master.eventId, version, master.exdates, current.overrides, main, overrides);
  return null;
}

async function applyOccurrences(
  person: CaldavPerson,
  seriesId: string,
  version: number,
  storedExdates: string[],
  storedOverrides: EventItem[],
  main: ParsedEvent,
  overrides: ParsedEvent[],
): Promise<void> {
  const { user } = person;
  let v: number | undefined = version;
  const overridden = new Set(storedOverrides.map((o) => o.recurrenceId));
  for (const occurrence of main.exdates) {
    if (storedExdates.includes(occurrence) || overridden.has(occurrence) || v === undefined) continue;
    await deleteEvent(user, seriesId, { version: v, scope: 'this', occurrence });
    v = await versionNow(seriesId);
  }
  for (const o of overrides) {
    const stored = storedOverrides.find((s) => s.recurrenceId === o.recurrenceId);
    if (stored) {
      const fields = changes(o, stored, false);
      if (fields) await updateEvent(user, stored.eventId, updateBody(stored.version, fields));
    } else if (v !== undefined && o.recurrenceId) {
      const series = await getEvent(seriesId);
      const fields = series ? changes(o, series, false) : undefined;
      if (!fields) continue;
      await updateEvent(user, seriesId, updateBody(v, { scope: 'this', occurrence: o.recurrenceId, ...fields }));
      v = await versionNow(seriesId);
    }
  }
}

export async function removeObject(person: CaldavPerson, current: CalendarObject): Promise<void> {
  const scope = current.master.rrule ? { scope: 'all' as const } : {};
  await deleteEvent(person.user, current.master.eventId, { version: current.master.version, ...scope });
}
