/**
 * Events: create, read, edit and delete, with recurrence scopes, attendees, attachments and a room.
 *
 * | route                               | calls                                                                        |
 * |-------------------------------------|------------------------------------------------------------------------------|
 * | POST /calendar/events               | calendar access + inputs (event-inputs.ts) + room check + ONE transaction     |
 * | GET /calendar/events/{id}           | ONE Query (event, attendee rows, guests, booking) + calendar access (+ room)  |
 * | PATCH /calendar/events/{id}         | the same reads + ONE transaction (versioned: stale → 409 with the current)    |
 * | DELETE /calendar/events/{id}        | the same reads + ONE transaction (a series' edited occurrences go with it)    |
 *
 * Recurring events (an RRULE stored once): `scope` this | following | all with `occurrence` (its original local start).
 *  - this: an override event (seriesId + recurrenceId) and the occurrence excluded from the series, one transaction;
 *  - following: the series ends before the occurrence (recurrence.ts splitSeries) and a new series starts there;
 *  - all: the series itself. Times given with an `occurrence` move that occurrence and the whole series by as much;
 *    without one they are the series' new first start and end.
 * Single events and edited occurrences ignore `scope`. A room booking rides in the same transaction (room-booking.ts),
 * which is tried again (≤ 5 times) when another booking of the room committed in between.
 */
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import {
  isDateOnly,
  type CreateEventBody,
  type DeleteEventQuery,
  type EditScope,
  type EventView,
  type UpdateEventBody,
} from '../../shared/calendar/contract';
import { Events, type EventItem } from '../../shared/calendar/event-entity';
import { calendarAccess, eventAccess, atLeast, type EventAccess } from '../../shared/calendar/policy';
import {
  checkTiming,
  firstInstance,
  isOccurrence,
  lastEndUtc,
  shiftTiming,
  splitSeries,
  withoutOccurrence,
  type Timing,
} from '../../shared/calendar/recurrence';
import { Rooms } from '../../shared/calendar/room-entity';
import { isConditionFailure, transaction, type EntityWrite } from '../../shared/data';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/http/errors';
import { sanitizeRichText } from '../../shared/security/rich-text-sanitize';
import { resolveAttachments, resolveAttendees, type ResolvedAttendees } from './event-inputs';
import {
  deleteEventWrites,
  overridesOf,
  readEventBundle,
  timingOf,
  trimmedBookingWrite,
  wallMs,
  wallText,
  type EventBundle,
} from './event-store';
import { eventView } from './event-view';
import { person } from './people-store';
import { isRoomLockConflict, roomBookingWrites, withRoomLockRetry } from './room-booking';

const ROOM_TRIES = 5;

/** Timing fields of an event item from a timing (with the instants lists need). */
function timed(
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
function tidy(e: EventItem): EventItem {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as EventItem;
}

const clean = (html: string | null | undefined) => {
  if (html === null || html === undefined) return undefined;
  const s = sanitizeRichText(html);
  return s || undefined;
};

/** The room writes of an event that (still) holds a room, or that gave one up. */
async function roomWrites(e: EventItem, before: EventBundle | null, exceptEventIds: string[] = []) {
  if (e.roomId)
    return roomBookingWrites({
      eventId: e.eventId,
      roomId: e.roomId,
      timing: timingOf(e),
      firstStartUtc: e.firstStartUtc,
      lastEndUtc: e.lastEndUtc,
      title: e.title,
      private: e.private,
      exceptEventIds,
    });
  return before?.booking ? deleteEventWrites({ ...before.event!, roomId: before.booking.roomId }).slice(1) : [];
}

async function requireCalendarEditor(user: UserContext, calendarId: string): Promise<void> {
  const cal = await calendarAccess(user, calendarId);
  if (cal.access === 'none') throw new ValidationError([{ path: 'calendarId', reason: 'no such calendar' }]);
  if (!atLeast(cal.access, 'edit')) throw new ForbiddenError('You may only read this calendar');
}

/** Commits `build()`'s writes; a room taken meanwhile → again; a stale version → 409 with the current event. */
async function commit(user: UserContext, eventId: string, build: () => Promise<EntityWrite[]>, versioned: number[]) {
  await withRoomLockRetry(async () => {
    const writes = await build();
    const tx = transaction();
    writes.forEach((w, i) => (versioned.includes(i) ? tx.addReturningOnConflict(w) : tx.add(w)));
    try {
      await tx.commit();
    } catch (e) {
      if (isConditionFailure(e) && !isRoomLockConflict(e)) await staleConflict(user, eventId);
      throw e;
    }
  }, ROOM_TRIES);
}

async function staleConflict(user: UserContext, eventId: string): Promise<never> {
  const current = await readEventBundle(eventId);
  throw new ConflictError('This event was changed by someone else meanwhile. Reload, then save again.', {
    current: current.event ? await viewOf(user, current).catch(() => null) : null,
  });
}

async function roomOf(roomId: string | undefined) {
  if (!roomId) return undefined;
  const { data } = await Rooms().get({ roomId }).go();
  return data ? { roomId, name: data.name } : undefined;
}

async function accessTo(user: UserContext, e: EventItem): Promise<EventAccess> {
  const cal = await calendarAccess(user, e.calendarId);
  return eventAccess(user, e, cal.access);
}

async function viewOf(user: UserContext, b: EventBundle, access?: EventAccess): Promise<EventView> {
  const e = b.event!;
  const rights = access ?? (await accessTo(user, e));
  return eventView(e, rights, {
    attendees: b.attendees,
    guests: b.guests,
    room: rights.details ? await roomOf(e.roomId) : undefined,
  });
}

/** The event, my rights (404 when I may not see it). */
async function load(user: UserContext, eventId: string): Promise<{ bundle: EventBundle; access: EventAccess }> {
  const bundle = await readEventBundle(eventId);
  if (!bundle.event) throw new NotFoundError('No such event');
  const access = await accessTo(user, bundle.event);
  if (!access.see) throw new NotFoundError('No such event');
  return { bundle, access };
}

export async function getEvent(user: UserContext, eventId: string): Promise<EventView> {
  const { bundle, access } = await load(user, eventId);
  return viewOf(user, bundle, access);
}

const noAttendees: ResolvedAttendees = { users: [], departments: [], guests: [] };

export async function createEvent(user: UserContext, body: CreateEventBody): Promise<EventView> {
  const times = timed({
    start: body.start,
    end: body.end,
    timeZone: body.timeZone,
    allDay: body.allDay ?? isDateOnly(body.start),
    ...(body.rrule ? { rrule: body.rrule } : {}),
    exdates: [],
  });
  const [, attendees, attachments, me] = await Promise.all([
    requireCalendarEditor(user, body.calendarId),
    body.attendees?.length ? resolveAttendees(body.attendees, user.sub) : noAttendees,
    resolveAttachments(user, body.attachmentIds ?? []),
    person(user.sub),
  ]);
  const now = new Date().toISOString();
  const event = tidy({
    eventId: ulid(),
    calendarId: body.calendarId,
    title: body.title,
    description: clean(body.description),
    ...(body.place ? { place: body.place } : {}),
    ...times,
    availability: body.availability ?? 'busy',
    private: body.private ?? false,
    ...(body.color ? { color: body.color } : {}),
    reminders: body.reminders ?? [],
    organizerId: user.sub,
    organizerName: me?.name ?? '',
    ...attendees,
    ...(body.roomId ? { roomId: body.roomId } : {}),
    attachments,
    sequence: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
    lastActorId: user.sub,
  });
  await commit(user, event.eventId, async () => [Events.create(event), ...(await roomWrites(event, null))], []);
  return eventView(event, eventAccess(user, event, 'owner'), { attendees: [], guests: [] });
}

/** The body's changes applied to `base` (timing handled by the caller). */
async function applyChanges(
  user: UserContext,
  base: EventItem,
  body: UpdateEventBody,
): Promise<Omit<EventItem, 'start' | 'end' | 'timeZone' | 'allDay' | 'rrule' | 'exdates'>> {
  const [attendees, attachments] = await Promise.all([
    body.attendees ? resolveAttendees(body.attendees, base.organizerId) : null,
    body.attachmentIds ? resolveAttachments(user, body.attachmentIds, base.attachments) : null,
  ]);
  const next = { ...base };
  if (body.calendarId) next.calendarId = body.calendarId;
  if (body.title !== undefined) next.title = body.title;
  if (body.description !== undefined) next.description = clean(body.description);
  if (body.place !== undefined) next.place = body.place || undefined;
  if (body.availability) next.availability = body.availability;
  if (body.private !== undefined) next.private = body.private;
  if (body.color !== undefined) next.color = body.color ?? undefined;
  if (body.reminders) next.reminders = body.reminders;
  if (body.roomId !== undefined) next.roomId = body.roomId ?? undefined;
  if (attendees) Object.assign(next, attendees);
  if (attachments) next.attachments = attachments;
  return next;
}

/** The timing the body asks for, from `t` (times given with an occurrence move it, and the series, by as much). */
function movedTiming(t: Timing, body: UpdateEventBody, occurrence?: string): Timing {
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

const timingChanged = (a: EventItem, b: EventItem) =>
  a.start !== b.start ||
  a.end !== b.end ||
  a.timeZone !== b.timeZone ||
  a.allDay !== b.allDay ||
  a.rrule !== b.rrule ||
  a.exdates.join() !== b.exdates.join() ||
  a.title !== b.title ||
  a.place !== b.place;

const bumped = (before: EventItem, after: EventItem, user: UserContext, now: string): EventItem =>
  tidy({
    ...after,
    version: before.version + 1,
    sequence: before.sequence + (timingChanged(before, after) ? 1 : 0),
    updatedAt: now,
    lastActorId: user.sub,
  });

function scopeOf(e: EventItem, scope: EditScope | undefined, occurrence: string | undefined): EditScope {
  const s = e.rrule ? (scope ?? 'all') : 'all';
  if (s !== 'all' && !occurrence)
    throw new ValidationError([{ path: 'occurrence', reason: `required with scope ${s}` }]);
  if (s === 'this' && !isOccurrence(timingOf(e), occurrence!))
    throw new ValidationError([{ path: 'occurrence', reason: 'not an occurrence of this series' }]);
  return s;
}

/** Who may change the event (404 when I may not see it; 403 when I may only look or answer). */
async function editable(user: UserContext, eventId: string, version: number) {
  const { bundle, access } = await load(user, eventId);
  if (!access.edit) throw new ForbiddenError('Only the organiser and the calendar’s editors may change this event');
  if (bundle.event!.version !== version) await staleConflict(user, eventId);
  return { bundle, event: bundle.event! };
}

export async function updateEvent(user: UserContext, eventId: string, body: UpdateEventBody): Promise<EventView> {
  const { bundle, event } = await editable(user, eventId, body.version);
  if (body.calendarId && body.calendarId !== event.calendarId) await requireCalendarEditor(user, body.calendarId);
  if (event.recurrenceId && body.rrule)
    throw new ValidationError([{ path: 'rrule', reason: 'an edited occurrence cannot repeat' }]);
  const scope = scopeOf(event, body.scope, body.occurrence);
  const now = new Date().toISOString();
  const changed = await applyChanges(user, event, body);
  const master = { version: event.version, id: event.eventId };

  if (scope === 'all') {
    const next = bumped(
      event,
      { ...changed, ...timed(movedTiming(timingOf(event), body, body.occurrence)) },
      user,
      now,
    );
    await commit(
      user,
      eventId,
      async () => [
        Events.put(next).where((a, o) => o.eq(a.version, master.version)),
        ...(await roomWrites(next, bundle)),
      ],
      [0],
    );
    return viewOf(user, { ...bundle, event: next });
  }

  const occurrence = body.occurrence!;
  let series: EventItem;
  let created: EventItem;
  if (scope === 'this') {
    series = bumped(event, { ...event, ...timed(withoutOccurrence(timingOf(event), occurrence)) }, user, now);
    if (body.rrule) throw new ValidationError([{ path: 'rrule', reason: 'an edited occurrence cannot repeat' }]);
    const length = wallMs(event.end) - wallMs(event.start);
    const single: Timing = {
      start: occurrence,
      end: wallText(wallMs(occurrence) + length, event.allDay),
      timeZone: event.timeZone,
      allDay: event.allDay,
      exdates: [],
    };
    created = tidy({
      ...changed,
      ...timed(movedTiming(single, { ...body, rrule: undefined })),
      eventId: ulid(),
      seriesId: event.eventId,
      recurrenceId: occurrence,
      sequence: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastActorId: user.sub,
    });
  } else {
    const { before, after } = splitSeries(timingOf(event), occurrence);
    if (!before) {
      const next = bumped(event, { ...changed, ...timed(movedTiming(timingOf(event), body, occurrence)) }, user, now);
      await commit(
        user,
        eventId,
        async () => [
          Events.put(next).where((a, o) => o.eq(a.version, master.version)),
          ...(await roomWrites(next, bundle)),
        ],
        [0],
      );
      return viewOf(user, { ...bundle, event: next });
    }
    series = bumped(event, { ...event, ...timed(before) }, user, now);
    created = tidy({
      ...changed,
      ...timed(movedTiming(after, { ...body }, undefined)),
      eventId: ulid(),
      sequence: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastActorId: user.sub,
    });
  }
  await commit(
    user,
    eventId,
    async () => [
      Events.put(series).where((a, o) => o.eq(a.version, master.version)),
      Events.create(created),
      ...(bundle.booking ? [trimmedBookingWrite(bundle.booking, series)] : []),
      ...(created.roomId ? await roomWrites(created, null, [series.eventId]) : []),
    ],
    [0],
  );
  return viewOf(user, { event: created, attendees: [], guests: [], booking: null });
}

export async function deleteEvent(user: UserContext, eventId: string, q: DeleteEventQuery): Promise<void> {
  const { bundle, event } = await editable(user, eventId, q.version);
  const scope = scopeOf(event, q.scope, q.occurrence);
  const now = new Date().toISOString();
  const split = scope === 'following' ? splitSeries(timingOf(event), q.occurrence!) : null;
  if (scope === 'all' || (split && !split.before)) {
    const overrides = event.rrule ? await overridesOf(event) : [];
    await commit(
      user,
      eventId,
      async () => [
        ...deleteEventWrites(event, { version: event.version }),
        ...overrides.slice(0, 90).flatMap((o) => deleteEventWrites(o)),
      ],
      [0],
    );
    for (const o of overrides.slice(90))
      await transaction()
        .add(...deleteEventWrites(o))
        .commit();
    return;
  }
  const timing = split ? split.before! : withoutOccurrence(timingOf(event), q.occurrence!);
  const series = bumped(event, { ...event, ...timed(timing) }, user, now);
  const dropped = split ? (await overridesOf(event)).filter((o) => (o.recurrenceId ?? '') >= q.occurrence!) : [];
  await commit(
    user,
    eventId,
    async () => [
      Events.put(series).where((a, o) => o.eq(a.version, event.version)),
      ...(bundle.booking ? [trimmedBookingWrite(bundle.booking, series)] : []),
      ...dropped.slice(0, 90).flatMap((o) => deleteEventWrites(o)),
    ],
    [0],
  );
}
