/**
 * A room booking (entity `roomBooking`): the room an event holds, with a copy of the event's timing so a room's
 * bookings are ONE Query with no per-event reads (issue 14). One row per event, never one per occurrence: a
 * recurring booking is expanded where it is read.
 *
 *   PK = CALEV#{eventId}   SK = ROOMBOOKING   GSI1 ROOM#{roomId} / END#{lastEndUtc}#{eventId}
 *   eventId, roomId, title, private?, firstStartUtc, lastEndUtc, timing { start, end, timeZone, allDay, rrule?, exdates? }
 *
 * Written only in the event's own transaction (shared/calendar/writes/room-booking.ts), beside the room's booking lock.
 *
 * | access pattern                          | how                                                                   |
 * |-----------------------------------------|-----------------------------------------------------------------------|
 * | a room's bookings overlapping [from,to) | ONE Query GSI1 ROOM#{roomId}, GSI1SK ≥ END#{from}, filter firstStartUtc < to |
 * | an event's booking                      | GetItem (consistent: the bookings of the last minute, see room-entity) |
 * | book / move / release                   | put / delete in the event's transaction                               |
 */
import { Entity, type EntityItem } from 'electrodb';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';

export const ROOM_BOOKING_ENTITY = 'roomBooking';
export const roomBookingKey = (eventId: string) => ({ PK: `CALEV#${eventId}`, SK: 'ROOMBOOKING' });
export const roomBookingsPk = (roomId: string) => `ROOM#${roomId}`;
/** GSI1SK lower bound: bookings whose last occurrence ends at or after `fromUtc`. */
export const bookingsEndingFrom = (fromUtc: string) => `END#${fromUtc}`;

const buildRoomBookings = () =>
  new Entity(
    {
      model: { entity: ROOM_BOOKING_ENTITY, version: '1', service: SERVICE },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        roomId: { type: 'string', required: true },
        /** The event's title: the 409 of a later booker names it (free/busy never shows it). */
        title: { type: 'string', required: true },
        /** A private event's title is not named to other bookers. */
        private: { type: 'boolean' },
        firstStartUtc: { type: 'string', required: true },
        lastEndUtc: { type: 'string', required: true },
        timing: {
          type: 'map',
          required: true,
          properties: {
            start: { type: 'string', required: true },
            end: { type: 'string', required: true },
            timeZone: { type: 'string', required: true },
            allDay: { type: 'boolean', required: true },
            rrule: { type: 'string' },
            exdates: { type: 'list', items: { type: 'string' } },
          },
        },
      },
      indexes: {
        byEvent: {
          pk: { field: 'PK', composite: ['eventId'], template: 'CALEV#${eventId}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'ROOMBOOKING', casing: 'none' },
        },
        byRoom: {
          index: 'GSI1',
          pk: { field: 'GSI1PK', composite: ['roomId'], template: 'ROOM#${roomId}', casing: 'none' },
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

let built: ReturnType<typeof buildRoomBookings> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const RoomBookings = () => (built ??= buildRoomBookings());

export type RoomBookingItem = EntityItem<ReturnType<typeof RoomBookings>>;

export const isRoomBookingRow = (row: Raw | undefined): row is Raw => !!row && row.__edb_e__ === ROOM_BOOKING_ENTITY;

export function roomBookingFromRow(row: Raw): RoomBookingItem {
  const { data } = RoomBookings().parse({ Item: row });
  if (!data) throw new Error('roomBookingFromRow: not a room booking item');
  return data;
}
