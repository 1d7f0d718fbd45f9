/**
 * Answers carried from a series onto an event made from it: an occurrence moved or edited on its own (scope "this",
 * the override) or the series split (scope "following", the new series). An edit of the whole series keeps every
 * answer (the attendee-copies consumer never writes them), so these keep them too: each colleague's row and each
 * outside guest's row is written already answered (state, comment, answeredAt as given to the series), in the same
 * transaction as the new event, with the copy fields of the new event's version — the consumer then finds nothing to
 * do for them and creates only the pending rows. Unanswered people are left to the consumer (pending, as today).
 * meeting-notices does not tell the organiser again: an answer older than its event was carried, not given.
 */
import { attendeePut, copyFieldsOf, type AttendeeItem } from '../attendee-entity';
import { CalendarGuests, type CalendarGuestItem } from '../guest-entity';
import type { EventItem } from '../event-entity';
import { isConditionFailure, type EntityWrite } from '../../data';
import type { EventBundle } from './event-store';

export interface CarriedAnswers {
  attendees: AttendeeItem[];
  guests: CalendarGuestItem[];
}

/** The answered rows of `from` (the series as read) for the people `to` still invites. */
export function carriedAnswers(from: EventBundle, to: EventItem, now: string): CarriedAnswers {
  const answered = new Map(from.attendees.filter((a) => a.state !== 'pending').map((a) => [a.userId, a]));
  const attendees = to.users.flatMap((u): AttendeeItem[] => {
    const a = answered.get(u.id);
    if (!a) return [];
    return [
      {
        eventId: to.eventId,
        userId: u.id,
        name: u.name,
        ...(u.departmentId ? { departmentId: u.departmentId } : {}),
        state: a.state,
        ...(a.comment ? { comment: a.comment } : {}),
        ...(a.answeredAt ? { answeredAt: a.answeredAt } : {}),
        ...copyFieldsOf(to),
      },
    ];
  });
  const guestAnswers = new Map(from.guests.filter((g) => g.state !== 'pending').map((g) => [g.email.toLowerCase(), g]));
  const guests = to.guests.flatMap((g): CalendarGuestItem[] => {
    const row = guestAnswers.get(g.email.toLowerCase());
    if (!row) return [];
    return [
      {
        eventId: to.eventId,
        email: row.email,
        ...(g.name ? { name: g.name } : {}),
        state: row.state,
        ...(row.comment ? { comment: row.comment } : {}),
        ...(row.answeredAt ? { answeredAt: row.answeredAt } : {}),
        createdAt: now,
        updatedAt: now,
      },
    ];
  });
  return { attendees, guests };
}

/** The first `room` rows (for the transaction), and the rest. */
export function splitCarried(c: CarriedAnswers, room: number): { now: CarriedAnswers; later: CarriedAnswers } {
  const n = Math.max(0, room);
  const attendeesNow = c.attendees.slice(0, n);
  const guestsNow = c.guests.slice(0, n - attendeesNow.length);
  return {
    now: { attendees: attendeesNow, guests: guestsNow },
    later: { attendees: c.attendees.slice(attendeesNow.length), guests: c.guests.slice(guestsNow.length) },
  };
}

const ignoreConditionFailure = (e: unknown) => {
  if (!isConditionFailure(e)) throw e;
};

/** The rows as writes of the new event's transaction (the event is new: nothing to overwrite). */
export function carriedWrites(c: CarriedAnswers): EntityWrite[] {
  return [...c.attendees.map((a) => attendeePut(a)), ...c.guests.map((g) => CalendarGuests.put(g))];
}

/**
 * Rows past what one transaction holds, written just after it (a meeting with more answers than fit): each only over
 * nothing or a row the consumer made pending meanwhile from the same version, never over an answer given since.
 */
export async function writeCarriedLater(c: CarriedAnswers): Promise<void> {
  await Promise.all([
    ...c.attendees.map((a) =>
      attendeePut(a)
        .where(
          (x, o) =>
            `${o.notExists(x.eventId)} OR (${o.eq(x.state, 'pending')} AND ${o.eq(x.eventVersion, a.eventVersion)})`,
        )
        .go({ response: 'none' })
        .catch(ignoreConditionFailure),
    ),
    ...c.guests.map((g) =>
      CalendarGuests.put(g)
        .where((x, o) => `${o.notExists(x.eventId)} OR ${o.eq(x.state, 'pending')}`)
        .go({ response: 'none' })
        .catch(ignoreConditionFailure),
    ),
  ]);
}
