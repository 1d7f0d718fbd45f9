/**
 * An attendee's copy of an event: the display and timing fields an occurrence view needs, keyed into the attendee's
 * own calendar partition (GSI1 CAL#user-{sub}), so a person's calendar Query returns their events AND the meetings
 * they are invited to. The copy fields are written by the attendee-copies stream consumer from the event
 * (idempotent by `eventVersion`); the answer fields (`state`, `comment`, `answeredAt`) by the RSVP route
 * (`attendeeAnswerWrite`), and the consumer never overwrites them.
 *
 * | access pattern                          | how                                                           |
 * |-----------------------------------------|---------------------------------------------------------------|
 * | an event's attendees (answers)          | ONE Query PK=CALEV#{eventId} begins_with(SK, ATT#) (or with the event) |
 * | my calendar incl. invitations           | ONE Query GSI1 GSI1PK=CAL#user-{sub}, GSI1SK ≥ END#{from}      |
 * | my unanswered invitations               | ONE Query GSI2 GSI2PK=CALINV#{sub} (GSI2SK={firstStartUtc}#{eventId}), only while pending |
 *
 *   Attendee  PK=CALEV#{eventId} SK=ATT#{sub}  userId, name, departmentId?, state, comment?, answeredAt?,
 *             eventVersion + the event's copy fields (calendarId = the event's calendar)
 *             GSI1PK=CAL#user-{sub}  GSI1SK=END#{lastEndUtc}#{eventId}
 *             GSI2PK=CALINV#{sub}    GSI2SK={firstStartUtc}#{eventId}   (sparse: present only while pending)
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import type { EntityWrite } from '../data/transaction';
import { AVAILABILITIES, COLORS, type Answer } from './contract';
import type { EventItem } from './event-entity';
import { timingOf } from './timing-of';

export const ATTENDEE_ENTITY = 'calendarAttendee';
export const ATTENDEE_PREFIX = 'ATT#';
export const attendeeSk = (userId: string) => `ATT#${userId}`;
export const ATTENDEE_STATES = ['pending', 'accepted', 'tentative', 'declined'] as const;
export const invitationsPk = (userId: string) => `CALINV#${userId}`;

const str = { type: 'string' } as const;
const requiredStr = { type: 'string', required: true } as const;

export const Attendees = new Entity(
  {
    model: { entity: ATTENDEE_ENTITY, version: '1', service: SERVICE },
    attributes: {
      eventId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      name: requiredStr,
      departmentId: str,
      state: { type: ATTENDEE_STATES, required: true },
      comment: str,
      answeredAt: str,
      /** The event version this copy was made from (the consumer writes only newer ones). */
      eventVersion: { type: 'number', required: true },
      // The event's copy fields.
      calendarId: requiredStr,
      seriesId: str,
      recurrenceId: str,
      title: requiredStr,
      place: str,
      start: requiredStr,
      end: requiredStr,
      timeZone: requiredStr,
      allDay: { type: 'boolean', required: true },
      rrule: str,
      exdates: { type: 'list', items: { type: 'string' }, required: true },
      firstStartUtc: requiredStr,
      firstEndUtc: requiredStr,
      lastEndUtc: requiredStr,
      availability: { type: AVAILABILITIES, required: true },
      private: { type: 'boolean', required: true },
      color: { type: COLORS },
      organizerId: requiredStr,
      organizerName: requiredStr,
      roomId: str,
      attendeeCount: { type: 'number', required: true },
      // The sparse invitations index (see invitationKeys).
      GSI2PK: { type: 'string', hidden: true },
      GSI2SK: { type: 'string', hidden: true },
    },
    indexes: {
      byEvent: {
        pk: { field: 'PK', composite: ['eventId'], template: 'CALEV#${eventId}', casing: 'none' },
        sk: { field: 'SK', composite: ['userId'], template: 'ATT#${userId}', casing: 'none' },
      },
      byCalendar: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['userId'], template: 'CAL#user-${userId}', casing: 'none' },
        sk: {
          field: 'GSI1SK',
          composite: ['lastEndUtc', 'eventId'],
          template: 'END#${lastEndUtc}#${eventId}',
          casing: 'none',
        },
      },
      invitations: {
        index: 'GSI2',
        pk: { field: 'GSI2PK', composite: ['GSI2PK'], template: '${GSI2PK}', casing: 'none' },
        sk: { field: 'GSI2SK', composite: ['GSI2SK'], template: '${GSI2SK}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type AttendeeItem = Omit<EntityItem<typeof Attendees>, 'GSI2PK' | 'GSI2SK'>;
/** The fields of an attendee row copied from the event. */
export type AttendeeCopyFields = Omit<
  AttendeeItem,
  'eventId' | 'userId' | 'name' | 'departmentId' | 'state' | 'comment' | 'answeredAt'
>;

/** The invitations index keys: present only while the answer is pending. */
export function invitationKeys(a: {
  userId: string;
  eventId: string;
  state: AttendeeItem['state'];
  firstStartUtc: string;
}): { GSI2PK?: string; GSI2SK?: string } {
  return a.state === 'pending' ? { GSI2PK: invitationsPk(a.userId), GSI2SK: `${a.firstStartUtc}#${a.eventId}` } : {};
}

/** What an attendee row copies from its event (at the event's version). */
export function copyFieldsOf(e: EventItem): AttendeeCopyFields {
  return {
    eventVersion: e.version,
    calendarId: e.calendarId,
    ...(e.seriesId ? { seriesId: e.seriesId } : {}),
    ...(e.recurrenceId ? { recurrenceId: e.recurrenceId } : {}),
    title: e.title,
    ...(e.place ? { place: e.place } : {}),
    ...timingOf(e),
    firstStartUtc: e.firstStartUtc,
    firstEndUtc: e.firstEndUtc,
    lastEndUtc: e.lastEndUtc,
    availability: e.availability,
    private: e.private,
    ...(e.color ? { color: e.color } : {}),
    organizerId: e.organizerId,
    organizerName: e.organizerName,
    ...(e.roomId ? { roomId: e.roomId } : {}),
    attendeeCount: e.users.length + e.guests.length,
  };
}

/** The whole attendee row (with its invitations keys), for a put. */
export const attendeePut = (a: AttendeeItem) => Attendees.put({ ...a, ...invitationKeys(a) });

/**
 * The RSVP write: my answer (and comment), leaving the invitations index once answered. Condition: the row exists
 * (I am still invited). For `transaction()` or `.go()`.
 */
export function attendeeAnswerWrite(
  eventId: string,
  userId: string,
  answer: { state: Answer; comment?: string; answeredAt: string },
): EntityWrite {
  const base = Attendees.patch({ eventId, userId }).set({ state: answer.state, answeredAt: answer.answeredAt });
  const withComment = answer.comment ? base.set({ comment: answer.comment }) : base.remove(['comment']);
  return withComment.remove(['GSI2PK', 'GSI2SK']);
}

export const isAttendeeRow = (row: Raw | undefined): row is Raw => !!row && row.__edb_e__ === ATTENDEE_ENTITY;

export function attendeeFromRow(row: Raw | undefined): AttendeeItem | null {
  if (!isAttendeeRow(row)) return null;
  return Attendees.parse({ Item: row }).data;
}

export const attendeeRow = (a: AttendeeItem): Raw => (attendeePut(a).params() as { Item: Raw }).Item;
