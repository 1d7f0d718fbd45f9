/**
 * A meeting room (entity `room`): a resource admins manage and events book (issue 14).
 *
 *   PK = ROOM#{roomId}   SK = ROOM   GSI1 ROOMS / {nameKey}#{roomId}
 *   roomId, name, nameKey, capacity, place?, version, bookingVersion, recentBookings, createdAt, updatedAt
 *
 * `version` is the admin's edit version (rename, capacity). `bookingVersion` is the booking lock: every transaction
 * that books the room (shared/calendar/writes/room-booking.ts) sets it to the value it read + 1, so two bookings of one
 * room made from the same read cannot both commit. `recentBookings` lists the events booked in the last minute: the
 * bookings' GSI1 is eventually consistent, so a booking committed a moment ago may not be in the Query yet; the
 * booker reads those few rows strongly consistently instead.
 *
 * | access pattern               | how                                                     |
 * |------------------------------|---------------------------------------------------------|
 * | every room, by name          | ONE Query GSI1 GSI1PK = ROOMS                           |
 * | a room (booking, delete)     | GetItem (consistent when booking)                       |
 * | create                       | create (attribute_not_exists)                           |
 * | edit                         | patch where version = :v → 409 + current                |
 * | book                         | in the event's transaction: patch bookingVersion where bookingVersion = read |
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE, entityConfig } from '../data/electro';
import type { Raw } from '../data/document';
import type { RoomView } from './contract';

export const ROOM_ENTITY = 'room';
export const ROOMS_PK = 'ROOMS';
export const roomKey = (roomId: string) => ({ PK: `ROOM#${roomId}`, SK: 'ROOM' });

/** Lower case, no diacritics, no `#` (the key separator): rooms list in name order whatever the case. */
export const roomNameKey = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/#/g, ' ')
    .trim() || '~';

const buildRooms = () =>
  new Entity(
    {
      model: { entity: ROOM_ENTITY, version: '1', service: SERVICE },
      attributes: {
        roomId: { type: 'string', required: true, readOnly: true },
        name: { type: 'string', required: true },
        nameKey: { type: 'string', required: true },
        capacity: { type: 'number', required: true },
        place: { type: 'string' },
        version: { type: 'number', required: true },
        bookingVersion: { type: 'number', required: true },
        /** Events booked in the last minute (see the header): their rows are read consistently by the next booker. */
        recentBookings: {
          type: 'list',
          required: true,
          items: {
            type: 'map',
            properties: {
              eventId: { type: 'string', required: true },
              at: { type: 'string', required: true },
            },
          },
        },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: {
          pk: { field: 'PK', composite: ['roomId'], template: 'ROOM#${roomId}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'ROOM', casing: 'none' },
        },
        byName: {
          index: 'GSI1',
          pk: { field: 'GSI1PK', composite: [], template: ROOMS_PK, casing: 'none' },
          sk: { field: 'GSI1SK', composite: ['nameKey', 'roomId'], template: '${nameKey}#${roomId}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildRooms> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Rooms = () => (built ??= buildRooms());

export type RoomItem = EntityItem<ReturnType<typeof Rooms>>;

export const isRoomRow = (row: Raw | undefined): row is Raw => !!row && row.__edb_e__ === ROOM_ENTITY;

/** A stored room row → the typed item (ElectroDB's own parsing: keys and markers dropped). */
export function roomFromRow(row: Raw): RoomItem {
  const { data } = Rooms().parse({ Item: row });
  if (!data) throw new Error('roomFromRow: not a room item');
  return data;
}

export const roomView = (r: RoomItem): RoomView => ({
  roomId: r.roomId,
  name: r.name,
  capacity: r.capacity,
  ...(r.place ? { place: r.place } : {}),
  version: r.version,
});
