/** Committing an event's writes in ONE transaction, with its room booking (room-booking.ts) riding along. */
import type { UserContext } from '../../auth/claims';
import { isConditionFailure, transaction, type EntityWrite } from '../../data';
import type { EventItem } from '../event-entity';
import { staleConflict } from './event-access';
import { deleteEventWrites, timingOf, type EventBundle } from './event-store';
import { isRoomLockConflict, roomBookingWrites, withRoomLockRetry } from './room-booking';

const ROOM_TRIES = 5;

/** The room writes of an event that (still) holds a room, or that gave one up. */
export async function roomWrites(e: EventItem, before: EventBundle | null, exceptEventIds: string[] = []) {
  if (e.roomId)
    return roomBookingWrites({
      eventId: e.eventId,
      roomId: e.roomId,
      timing: timingOf(e),
      firstStartUtc: e.firstStartUtc,
      lastEndUtc: e.lastEndUtc,
      title: e.title,
      private: e.private,
      exceptEventIds,
    });
  return before?.booking ? deleteEventWrites({ ...before.event!, roomId: before.booking.roomId }).slice(1) : [];
}

/**
 * Commits `build()`'s writes; a room taken meanwhile → built and tried again (≤ 5 times); a failed condition on a
 * write whose index is in `versioned` → 409 with the current event.
 */
export async function commit(
  user: UserContext,
  eventId: string,
  build: () => Promise<EntityWrite[]>,
  versioned: number[],
): Promise<void> {
  await withRoomLockRetry(async () => {
    const writes = await build();
    const tx = transaction();
    writes.forEach((w, i) => (versioned.includes(i) ? tx.addReturningOnConflict(w) : tx.add(w)));
    try {
      await tx.commit();
    } catch (e) {
      if (isConditionFailure(e) && !isRoomLockConflict(e)) await staleConflict(user, eventId);
      throw e;
    }
  }, ROOM_TRIES);
}
