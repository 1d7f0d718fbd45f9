/**
 * Meeting rooms (issue 14): employees list them, admins add, edit and remove them (route access in routes.ts).
 *
 * | route                 | how                                                                                   |
 * |-----------------------|---------------------------------------------------------------------------------------|
 * | list                  | ONE Query GSI1 ROOMS (name order)                                                     |
 * | create                | create (attribute_not_exists)                                                         |
 * | edit                  | patch where version = :v → 409 with the current room                                  |
 * | delete                | consistent GetItem, the room's bookings that have not ended (Query + the last minute's), |
 * |                       | then delete where bookingVersion = read: a booking made meanwhile makes it 409 too     |
 *
 * A room with bookings that have not ended cannot be removed: the 409 names them, so the admin moves or cancels those
 * meetings first (otherwise people would turn up to a room that no longer exists in the portal). Past bookings keep
 * their rows (the events they belong to still say where they were).
 */
import { ulid } from 'ulid';
import type { RoomBody, RoomView, UpdateRoomBody } from '../../shared/calendar/contract';
import { Rooms, isRoomRow, roomFromRow, roomNameKey, roomView, ROOMS_PK } from '../../shared/calendar/room-entity';
import { isConditionFailure, queryAll } from '../../shared/data';
import { ConflictError, NotFoundError } from '../../shared/http/errors';
import { bookingsOfRoom } from '../../shared/calendar/writes/room-booking';

const ENDLESS_HORIZON = '9999-12-31T23:59:59.999Z';
/** How many of a room's bookings a refused delete names. */
const NAMED_BOOKINGS = 5;

export async function listRooms(): Promise<RoomView[]> {
  const rows = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': ROOMS_PK },
  });
  return rows.filter(isRoomRow).map(roomFromRow).map(roomView);
}

export async function createRoom(body: RoomBody): Promise<RoomView> {
  const now = new Date().toISOString();
  const { data } = await Rooms()
    .create({
      roomId: ulid(),
      name: body.name,
      nameKey: roomNameKey(body.name),
      capacity: body.capacity,
      ...(body.place ? { place: body.place } : {}),
      version: 1,
      bookingVersion: 0,
      recentBookings: [],
      createdAt: now,
      updatedAt: now,
    })
    .go();
  return roomView(data);
}

const noSuchRoom = () => new NotFoundError('There is no such room.');
async function currentRoom(roomId: string) {
  return (await Rooms().get({ roomId }).go({ consistent: true })).data;
}

export async function updateRoom(roomId: string, body: UpdateRoomBody): Promise<RoomView> {
  const now = new Date().toISOString();
  const patch = Rooms()
    .patch({ roomId })
    .set({
      ...(body.name !== undefined ? { name: body.name, nameKey: roomNameKey(body.name) } : {}),
      ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
      ...(body.place ? { place: body.place } : {}),
      version: body.version + 1,
      updatedAt: now,
    });
  // An empty place clears it.
  const write = (body.place === '' ? patch.remove(['place']) : patch).where((a, o) => o.eq(a.version, body.version));
  try {
    const { data } = await write.go({ response: 'all_new' });
    return roomView(data);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const current = await currentRoom(roomId);
    if (!current) throw noSuchRoom();
    throw new ConflictError('This room was changed by someone else meanwhile. Reload, then try again.', {
      current: roomView(current),
    });
  }
}

export async function deleteRoom(roomId: string): Promise<void> {
  const room = await currentRoom(roomId);
  if (!room) throw noSuchRoom();
  const now = new Date().toISOString();
  const ahead = (await bookingsOfRoom(room, now, ENDLESS_HORIZON)).sort((a, b) =>
    a.firstStartUtc.localeCompare(b.firstStartUtc),
  );
  if (ahead.length) throw bookedAhead(ahead);
  try {
    await Rooms()
      .delete({ roomId })
      .where((a, o) => o.eq(a.bookingVersion, room.bookingVersion))
      .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    // Booked (or removed) meanwhile: answer with what is there now.
    const again = await currentRoom(roomId);
    if (!again) return;
    const nowAhead = await bookingsOfRoom(again, now, ENDLESS_HORIZON);
    throw nowAhead.length ? bookedAhead(nowAhead) : new ConflictError('The room was just booked. Try again.');
  }
}

function bookedAhead(bookings: { eventId: string; title: string; private?: boolean; firstStartUtc: string }[]) {
  const named = bookings
    .slice(0, NAMED_BOOKINGS)
    .map((b) => `${b.private ? 'a private event' : `“${b.title}”`} (${b.firstStartUtc.slice(0, 10)})`);
  const more = bookings.length > NAMED_BOOKINGS ? ` and ${bookings.length - NAMED_BOOKINGS} more` : '';
  return new ConflictError(
    `The room is still booked by ${named.join(', ')}${more}. Move or cancel those meetings first.`,
    { bookings: bookings.map((b) => ({ eventId: b.eventId, ...(b.private ? {} : { title: b.title }) })) },
  );
}
