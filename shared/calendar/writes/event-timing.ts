/** An event's timing fields and version as the writes compute them (no reads, no writes). */
import type { UserContext } from '../../auth/claims';
import { ValidationError } from '../../http/errors';
import { isDateOnly, type EditScope, type UpdateEventBody } from '../contract';
import type { EventItem } from '../event-entity';
import { checkTiming, firstInstance, isOccurrence, lastEndUtc, shiftTiming, type Timing } from '../recurrence';
import { timingOf, wallMs, wallText } from './event-store';

/** Timing fields of an event item from a timing (with the instants lists need). */
export function timed(
  t: Timing,
): Pick<
  EventItem,
  'start' | 'end' | 'timeZone' | 'allDay' | 'rrule' | 'exdates' | 'firstStartUtc' | 'firstEndUtc' | 'lastEndUtc'
> {
  checkTiming(t);
  const first = firstInstance(t);
  return {
    start: t.start,
    end: t.end,
    timeZone: t.timeZone,
    allDay: t.allDay,
    ...(t.rrule ? { rrule: t.rrule } : { rrule: undefined }),
    exdates: t.rrule ? [...(t.exdates ?? [])] : [],
    firstStartUtc: first.startUtc,
    firstEndUtc: first.endUtc,
    lastEndUtc: lastEndUtc(t),
  };
}

/** Drops undefined optional fields (ElectroDB's put refuses nothing, but stored items stay tidy). */
export function tidy(e: EventItem): EventItem {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as EventItem;
}

/** The timing the body asks for, from `t` (times given with an occurrence move it, and the series, by as much). */
export function movedTiming(t: Timing, body: UpdateEventBody, occurrence?: string): Timing {
  let out: Timing = { ...t, ...(body.timeZone ? { timeZone: body.timeZone } : {}) };
  if (body.rrule !== undefined)
    out = body.rrule ? { ...out, rrule: body.rrule } : { ...out, rrule: undefined, exdates: [] };
  if (body.start === undefined && body.end === undefined && body.allDay === undefined) return out;
  const dateOnly = body.start ? isDateOnly(body.start) : (body.allDay ?? t.allDay);
  let start = body.start ?? t.start;
  let end =
    body.end ?? (body.start ? wallText(wallMs(body.start) + (wallMs(t.end) - wallMs(t.start)), dateOnly) : t.end);
  if (occurrence && body.start && out.rrule) {
    // The occurrence's new times move the whole series by as much.
    const shift = wallMs(body.start) - wallMs(occurrence);
    const length = wallMs(end) - wallMs(body.start);
    start = wallText(wallMs(t.start) + shift, dateOnly);
    end = wallText(wallMs(start) + length, dateOnly);
  }
  const moved = out.rrule ? shiftTiming(out, start, end) : { ...out, start, end };
  return { ...moved, allDay: body.allDay ?? isDateOnly(moved.start) };
}

/** What attendees' calendars must hear about (a new SEQUENCE in the .ics). */
const timingChanged = (a: EventItem, b: EventItem) =>
  a.start !== b.start ||
  a.end !== b.end ||
  a.timeZone !== b.timeZone ||
  a.allDay !== b.allDay ||
  a.rrule !== b.rrule ||
  a.exdates.join() !== b.exdates.join() ||
  a.title !== b.title ||
  a.place !== b.place;

/** `after` as the next version of `before`. */
export const bumped = (before: EventItem, after: EventItem, user: UserContext, now: string): EventItem =>
  tidy({
    ...after,
    version: before.version + 1,
    sequence: before.sequence + (timingChanged(before, after) ? 1 : 0),
    updatedAt: now,
    lastActorId: user.sub,
  });

/** The scope an edit or delete applies to (single events and edited occurrences: all). */
export function scopeOf(e: EventItem, scope: EditScope | undefined, occurrence: string | undefined): EditScope {
  const s = e.rrule ? (scope ?? 'all') : 'all';
  if (s !== 'all' && !occurrence)
    throw new ValidationError([{ path: 'occurrence', reason: `required with scope ${s}` }]);
  if (s === 'this' && !isOccurrence(timingOf(e), occurrence!))
    throw new ValidationError([{ path: 'occurrence', reason: 'not an occurrence of this series' }]);
  return s;
}
