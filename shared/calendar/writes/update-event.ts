/**
 * PATCH /calendar/events/{id}: the event's reads (event-access.ts) + ONE transaction (versioned: stale → 409 with
 * the current event).
 *
 * Recurring events (an RRULE stored once): `scope` this | following | all with `occurrence` (its original local start).
 *  - this: an override event (seriesId + recurrenceId) and the occurrence excluded from the series, one transaction;
 *  - following: the series ends before the occurrence (recurrence.ts splitSeries) and a new series starts there;
 *    Occurrences edited on their own after the split move to the new series (following-overrides.ts, ONE more Query);
 *  - this and following keep everyone's answers, as "all" does (carried-answers.ts, in the same transaction);
 *  - all: the series itself. Times given with an `occurrence` move that occurrence and the whole series by as much;
 *    without one they are the series' new first start and end.
 * Single events and edited occurrences ignore `scope`. A room booking rides in the same transaction (room-booking.ts),
 * which is tried again (≤ 5 times) when another booking of the room committed in between.
 */
import { ulid } from 'ulid';
import type { UserContext } from '../../auth/claims';
import { TRANSACTION_MAX_ITEMS } from '../../data';
import { ValidationError } from '../../http/errors';
import type { EventView, UpdateEventBody } from '../contract';
import { Events, type EventItem } from '../event-entity';
import { splitSeries, withoutOccurrence, type Timing } from '../recurrence';
import { carriedAnswers, carriedWrites, splitCarried, writeCarriedLater } from './carried-answers';
import { editable, requireCalendarEditor, viewOf } from './event-access';
import { commit, roomWrites } from './event-commit';
import { cleanDescription, resolveAttachments, resolveAttendees } from './event-inputs';
import { overridesOf, timingOf, trimmedBookingWrite, wallMs, wallText, type EventBundle } from './event-store';
import { reattachOverrides, refuseIfTooMany, type Reattached } from './following-overrides';
import { bumped, movedTiming, scopeOf, tidy, timed } from './event-timing';

/** The body's changes applied to `base` (timing handled by the caller). */
async function applyChanges(
  user: UserContext,
  base: EventItem,
  body: UpdateEventBody,
): Promise<Omit<EventItem, 'start' | 'end' | 'timeZone' | 'allDay' | 'rrule' | 'exdates'>> {
  const [attendees, attachments, description] = await Promise.all([
    body.attendees ? resolveAttendees(body.attendees, base.organizerId) : null,
    body.attachmentIds ? resolveAttachments(user, body.attachmentIds, base.attachments) : null,
    body.description !== undefined ? cleanDescription(body.description) : null,
  ]);
  const next = { ...base };
  if (body.calendarId) next.calendarId = body.calendarId;
  if (body.title !== undefined) next.title = body.title;
  if (body.description !== undefined) next.description = description ?? undefined;
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

/** The whole event (or series) rewritten as `next`, with its room. */
async function rewrite(user: UserContext, bundle: EventBundle, next: EventItem): Promise<EventView> {
  const event = bundle.event!;
  await commit(
    user,
    event.eventId,
    async () => [Events.put(next).where((a, o) => o.eq(a.version, event.version)), ...(await roomWrites(next, bundle))],
    [0],
  );
  return viewOf(user, { ...bundle, event: next });
}

export async function updateEvent(user: UserContext, eventId: string, body: UpdateEventBody): Promise<EventView> {
  const { bundle, event } = await editable(user, eventId, body.version);
  if (body.calendarId && body.calendarId !== event.calendarId) await requireCalendarEditor(user, body.calendarId);
  if (event.recurrenceId && body.rrule)
    throw new ValidationError([{ path: 'rrule', reason: 'an edited occurrence cannot repeat' }]);
  const scope = scopeOf(event, body.scope, body.occurrence);
  const now = new Date().toISOString();
  const changed = await applyChanges(user, event, body);

  if (scope === 'all')
    return rewrite(
      user,
      bundle,
      bumped(event, { ...changed, ...timed(movedTiming(timingOf(event), body, body.occurrence)) }, user, now),
    );

  const occurrence = body.occurrence!;
  let series: EventItem;
  let created: EventItem;
  let reattached: Reattached['overrides'] = [];
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
    if (!before)
      return rewrite(
        user,
        bundle,
        bumped(event, { ...changed, ...timed(movedTiming(timingOf(event), body, occurrence)) }, user, now),
      );
    series = bumped(event, { ...event, ...timed(before) }, user, now);
    const next = tidy({
      ...changed,
      ...timed(movedTiming(after, { ...body }, undefined)),
      eventId: ulid(),
      sequence: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
      lastActorId: user.sub,
    });
    ({ series: created, overrides: reattached } = reattachOverrides(
      await overridesOf(event),
      occurrence,
      after.start,
      next,
      user,
      now,
    ));
  }
  const carried = carriedAnswers(bundle, created, now);
  let carryLater = carried;
  await commit(
    user,
    eventId,
    async () => {
      const writes = [
        Events.put(series).where((a, o) => o.eq(a.version, event.version)),
        Events.create(created),
        ...(bundle.booking ? [trimmedBookingWrite(bundle.booking, series)] : []),
        ...(created.roomId ? await roomWrites(created, null, [series.eventId]) : []),
        ...reattached.map((r) => Events.put(r.after).where((a, o) => o.eq(a.version, r.before.version))),
      ];
      refuseIfTooMany(writes.length, TRANSACTION_MAX_ITEMS, reattached.length);
      const { now: inTransaction, later } = splitCarried(carried, TRANSACTION_MAX_ITEMS - writes.length);
      carryLater = later;
      return [...writes, ...carriedWrites(inTransaction)];
    },
    [0],
  );
  await writeCarriedLater(carryLater);
  return viewOf(user, { event: created, attendees: carried.attendees, guests: carried.guests, booking: null });
}
