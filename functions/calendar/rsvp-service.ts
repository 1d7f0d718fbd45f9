/**
 * POST /calendar/events/{eventId}/rsvp (issue 14): an attendee's answer — accepted, tentative or declined, with a
 * comment. ONE conditional write on my attendee row (it must exist: only someone invited may answer; anyone else
 * gets 404, as for an event they may not see), then the event as the event core shows it. The organiser hears of the
 * answer from the stream (meeting-notices reads the attendee row's change), so nothing else is written here.
 */
import type { UserContext } from '../../shared/auth/claims';
import type { EventView, RsvpBody } from '../../shared/calendar/contract';
import { attendeeAnswerWrite } from '../../shared/calendar/attendee-entity';
import { isConditionFailure, transaction } from '../../shared/data';
import { NotFoundError } from '../../shared/http/errors';
import { getEvent } from '../../shared/calendar/writes';

export async function rsvp(user: UserContext, eventId: string, body: RsvpBody): Promise<EventView> {
  const write = attendeeAnswerWrite(eventId, user.sub, {
    state: body.answer,
    ...(body.comment ? { comment: body.comment } : {}),
    answeredAt: new Date().toISOString(),
  });
  try {
    await transaction().add(write).commit();
  } catch (e) {
    if (isConditionFailure(e)) throw new NotFoundError('There is no such invitation.');
    throw e;
  }
  return getEvent(user, eventId);
}
