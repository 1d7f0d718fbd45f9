/**
 * An outside guest of a meeting (an e-mail address, not a portal account): their answer, in the event's partition.
 *
 * | access pattern                         | how                                                                  |
 * |----------------------------------------|----------------------------------------------------------------------|
 * | the guests of an event (≤ 50)          | ONE Query PK=CALEV#{eventId}, SK begins_with GUEST#                   |
 * | one guest (their signed link)          | GetItem PK=CALEV#{eventId} SK=GUEST#{email}                           |
 * | invited (the meeting-notices consumer) | PutItem if absent (state pending): a replayed record changes nothing  |
 * | the guest answers (POST /calendar/guest/{token}) | UpdateItem SET state, comment, answeredAt (creates the row if the consumer has not yet) |
 * | taken off the guest list               | DeleteItem (the consumer, from the event's guests)                    |
 *
 * The event's `guests` list says who is invited; this row only holds what the guest said. The stream carries the
 * row's changes to functions/calendar/meeting-notices.ts, which tells the organiser (`calendar.answered`).
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig } from '../data/electro';

export const CALENDAR_GUEST_ENTITY = 'calendarGuest';
export const GUEST_STATES = ['pending', 'accepted', 'tentative', 'declined'] as const;
export const GUEST_SK_PREFIX = 'GUEST#';

export const CalendarGuests = new Entity(
  {
    model: { entity: CALENDAR_GUEST_ENTITY, version: '1', service: SERVICE },
    attributes: {
      eventId: { type: 'string', required: true, readOnly: true },
      /** Lower case (the contract lower-cases addresses). */
      email: { type: 'string', required: true, readOnly: true },
      name: { type: 'string' },
      state: { type: GUEST_STATES, required: true },
      comment: { type: 'string' },
      answeredAt: { type: 'string' },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byEvent: {
        pk: { field: 'PK', composite: ['eventId'], template: 'CALEV#${eventId}', casing: 'none' },
        sk: { field: 'SK', composite: ['email'], template: 'GUEST#${email}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type CalendarGuestItem = EntityItem<typeof CalendarGuests>;
export const guestKey = (eventId: string, email: string) => ({ PK: `CALEV#${eventId}`, SK: `GUEST#${email}` });
