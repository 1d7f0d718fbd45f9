/**
 * A calendar event: a single event, a recurring series' master (an RRULE, stored ONCE, expanded at read time), or an
 * edited occurrence of a series (an "override": `seriesId` + `recurrenceId` = the occurrence's original local start;
 * the series carries that start in `exdates`, so the two never show twice). Written by the event core
 * (shared/calendar/writes, for the API and CalDAV), read by functions/calendar-sync (ICS, CalDAV) and the
 * meeting-notices / attendee-copies consumers.
 *
 * | access pattern                                   | how                                                          |
 * |--------------------------------------------------|--------------------------------------------------------------|
 * | an event with its attendees, guests, booking     | ONE Query PK=CALEV#{eventId} (EVENT, ATT#…, GUEST#…, ROOMBOOKING) |
 * | a calendar's events overlapping [from, to)       | ONE Query GSI1 GSI1PK=CAL#{calendarId}, GSI1SK ≥ END#{from}, |
 * |                                                  |   filter firstStartUtc < to                                  |
 * | edit / delete (versioned)                        | Put / Delete if version = expected (in one transaction)      |
 *
 *   Event  PK=CALEV#{eventId} SK=EVENT  the fields below
 *          GSI1PK=CAL#{calendarId}  GSI1SK=END#{lastEndUtc}#{eventId}
 *
 * `lastEndUtc` is when the last occurrence ends (recurrence.ts ENDLESS for an endless series); `firstStartUtc` /
 * `firstEndUtc` are the first occurrence's instants. Attendees are stored as refs with their names (users, the
 * departments they came in through, outside guests), so views need no per-person reads; their answers live on
 * their attendee rows (attendee-entity.ts). Writers put the whole item.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { AVAILABILITIES, COLORS } from './contract';

export const EVENT_ENTITY = 'calendarEvent';
export const EVENT_SK = 'EVENT';
export const eventPk = (eventId: string) => `CALEV#${eventId}`;
export const eventKey = (eventId: string) => ({ PK: eventPk(eventId), SK: EVENT_SK });
/** The calendar partition on GSI1 (events of a calendar; a person's `user-…` one also holds their invitations). */
export const calendarPartition = (calendarId: string) => `CAL#${calendarId}`;
/** GSI1SK lower bound for "has not ended before `fromUtc`". */
export const endKeyFrom = (fromUtc: string) => `END#${fromUtc}`;

const str = { type: 'string' } as const;
const requiredStr = { type: 'string', required: true } as const;

export const Events = new Entity(
  {
    model: { entity: EVENT_ENTITY, version: '1', service: SERVICE },
    attributes: {
      eventId: { type: 'string', required: true, readOnly: true },
      calendarId: requiredStr,
      /** Set on an override: the series it replaces one occurrence of. */
      seriesId: str,
      /** Set on an override: the occurrence's original local start (as in the series' exdates). */
      recurrenceId: str,
      title: requiredStr,
      /** Sanitised HTML. */
      description: str,
      place: str,
      /** Wall-clock `YYYY-MM-DDTHH:mm` in `timeZone`, or `YYYY-MM-DD` when all-day (end exclusive). */
      start: requiredStr,
      end: requiredStr,
      timeZone: requiredStr,
      allDay: { type: 'boolean', required: true },
      firstStartUtc: requiredStr,
      firstEndUtc: requiredStr,
      lastEndUtc: requiredStr,
      availability: { type: AVAILABILITIES, required: true },
      private: { type: 'boolean', required: true },
      color: { type: COLORS },
      reminders: { type: 'list', items: { type: 'number' }, required: true },
      /** RRULE value without DTSTART. */
      rrule: str,
      /** Excluded occurrences' original local starts. */
      exdates: { type: 'list', items: { type: 'string' }, required: true },
      organizerId: requiredStr,
      organizerName: requiredStr,
      /** People invited (departments expanded at save time), with the department they came in through. */
      users: {
        type: 'list',
        required: true,
        items: {
          type: 'map',
          properties: { id: requiredStr, name: requiredStr, departmentId: str },
        },
      },
      departments: {
        type: 'list',
        required: true,
        items: { type: 'map', properties: { id: requiredStr, name: requiredStr } },
      },
      /** Outside guests by e-mail (functions/calendar meeting-notices writes their guest rows). */
      guests: {
        type: 'list',
        required: true,
        items: { type: 'map', properties: { email: requiredStr, name: str } },
      },
      roomId: str,
      attachments: {
        type: 'list',
        required: true,
        items: {
          type: 'map',
          properties: { nodeId: requiredStr, name: requiredStr, size: { type: 'number', required: true } },
        },
      },
      /** RFC 5545 SEQUENCE: grows on every change attendees must hear about (time, place, title, rule, cancel). */
      sequence: { type: 'number', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: requiredStr,
      /** Who made the latest change (notices skip them). */
      lastActorId: requiredStr,
      cancelled: { type: 'boolean' },
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['eventId'], template: 'CALEV#${eventId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: EVENT_SK, casing: 'none' },
      },
      byCalendar: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['calendarId'], template: 'CAL#${calendarId}', casing: 'none' },
        sk: {
          field: 'GSI1SK',
          composite: ['lastEndUtc', 'eventId'],
          template: 'END#${lastEndUtc}#${eventId}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);

export type EventItem = EntityItem<typeof Events>;
export type EventUser = EventItem['users'][number];
export type EventDepartment = EventItem['departments'][number];
export type EventGuest = EventItem['guests'][number];
export type EventAttachment = EventItem['attachments'][number];

export const isEventRow = (row: Raw | undefined): row is Raw => !!row && row.__edb_e__ === EVENT_ENTITY;

/** A stored row → the event, or null when it is another kind of item. */
export function eventFromRow(row: Raw | undefined): EventItem | null {
  if (!isEventRow(row)) return null;
  return Events.parse({ Item: row }).data;
}

/** The stored item (seeding tests, benches): exactly what `Events.put` writes. */
export const eventRow = (e: EventItem): Raw => (Events.put(e).params() as { Item: Raw }).Item;

/** ONE GetItem (strongly consistent): the event, or null. */
export async function getEvent(eventId: string): Promise<EventItem | null> {
  return (await Events.get({ eventId }).go({ consistent: true })).data;
}
