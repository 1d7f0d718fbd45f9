/**
 * An outside guest's invitation page, behind the signed link of their e-mail (./guest-token.ts): GET shows the
 * meeting and their answer, POST records an answer (accepted / tentative / declined, with a comment) on their guest
 * row (shared/calendar/guest-entity.ts); the meeting-notices consumer then tells the organiser.
 *
 * Every refusal of the link itself — malformed, forged, another event's, a guest taken off the list, a deleted
 * event — is the same 404, so the answer never says which part failed. Rate limits (429) count per link and per
 * IP before anything else is read: a link cannot be hammered, nor can an address try many links.
 * Reads: ONE GetItem of the event, then ONE GetItem of the guest row; POST adds one UpdateItem.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { GuestAnswerBody, GuestInvitationView } from '../../shared/calendar/contract';
import { getEvent, type EventItem } from '../../shared/calendar/event-entity';
import { CalendarGuests, type CalendarGuestItem } from '../../shared/calendar/guest-entity';
import { ConflictError, NotFoundError } from '../../shared/http/errors';
import { hitRateLimits, sourceIp, type RateRule } from '../../shared/security/rate-limit';
import { guestTag, openGuestToken } from './guest-token';

const VIEW_BY_LINK: RateRule = { bucket: 'calendar-guest-view:link', limit: 60, windowSeconds: 600 };
const VIEW_BY_IP: RateRule = { bucket: 'calendar-guest-view:ip', limit: 120, windowSeconds: 600 };
const ANSWER_BY_LINK: RateRule = { bucket: 'calendar-guest-answer:link', limit: 10, windowSeconds: 600 };
const ANSWER_BY_IP: RateRule = { bucket: 'calendar-guest-answer:ip', limit: 30, windowSeconds: 600 };

const NOT_FOUND = () => new NotFoundError('This invitation link is not valid');

interface Opened {
  event: EventItem;
  email: string;
  name: string | undefined;
}

async function open(token: string, rules: [RateRule, RateRule], event: APIGatewayProxyEventV2): Promise<Opened> {
  await hitRateLimits([
    { rule: rules[0], key: token },
    { rule: rules[1], key: sourceIp(event) },
  ]);
  const named = await openGuestToken(token);
  if (!named) throw NOT_FOUND();
  const ev = await getEvent(named.eventId);
  const guest = ev?.guests.find((g) => guestTag(g.email) === named.tag);
  if (!ev || !guest) throw NOT_FOUND();
  return { event: ev, email: guest.email.toLowerCase(), name: guest.name };
}

const viewOf = (o: Opened, row: Pick<CalendarGuestItem, 'state'> | null): GuestInvitationView => ({
  title: o.event.title,
  start: o.event.start,
  end: o.event.end,
  timeZone: o.event.timeZone,
  allDay: o.event.allDay,
  ...(o.event.place ? { place: o.event.place } : {}),
  organizerName: o.event.organizerName,
  guestEmail: o.email,
  state: row?.state ?? 'pending',
  cancelled: o.event.cancelled === true,
});

export async function guestInvitation(token: string, event: APIGatewayProxyEventV2): Promise<GuestInvitationView> {
  const o = await open(token, [VIEW_BY_LINK, VIEW_BY_IP], event);
  const { data } = await CalendarGuests.get({ eventId: o.event.eventId, email: o.email }).go({ consistent: true });
  return viewOf(o, data);
}

export async function guestAnswer(
  token: string,
  body: GuestAnswerBody,
  event: APIGatewayProxyEventV2,
): Promise<GuestInvitationView> {
  const o = await open(token, [ANSWER_BY_LINK, ANSWER_BY_IP], event);
  if (o.event.cancelled) throw new ConflictError('This meeting was cancelled: there is nothing to answer');
  const now = new Date().toISOString();
  // Creates the row when the consumer has not written it yet. `comment` '' = none (an upsert cannot REMOVE).
  await CalendarGuests.upsert({
    eventId: o.event.eventId,
    email: o.email,
    ...(o.name ? { name: o.name } : {}),
    state: body.answer,
    comment: body.comment ?? '',
    answeredAt: now,
    createdAt: now,
    updatedAt: now,
  }).go({ response: 'none' });
  return viewOf(o, { state: body.answer });
}
