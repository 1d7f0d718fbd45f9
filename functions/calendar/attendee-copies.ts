/**
 * Stream consumer: each attendee's copy of an event (attendee-entity.ts) in their own calendar partition, written,
 * updated and removed as the event changes, plus a `calendar.changed` frame to the organiser and attendees.
 *
 * Order and duplicates: it relies on no order between records. For every event a batch mentions it reads the
 * event's CURRENT state (ONE consistent Query of the event's partition: the event and its attendee rows) and
 * reconciles the rows to it, whatever image the record carried: a copy is created when missing (condition: absent),
 * updated only when it was made from an older event version (condition: eventVersion < version), and a row of
 * someone no longer invited is deleted only while it is not newer than the version read (eventVersion ≤ version);
 * an event that is gone has all its rows deleted. So a record delivered twice, late or out of order finds nothing
 * left to do, and two deliveries racing each other both converge on the newest version. The answer fields (state,
 * comment, answeredAt) are never written here, except `pending` on a new row. The frame only makes views refetch.
 */
import {
  Attendees,
  attendeePut,
  copyFieldsOf,
  invitationKeys,
  type AttendeeItem,
} from '../../shared/calendar/attendee-entity';
import type { CalendarFrame } from '../../shared/calendar/contract';
import { EVENT_ENTITY, eventFromRow, type EventItem } from '../../shared/calendar/event-entity';
import { isConditionFailure } from '../../shared/data';
import { sendToUsers } from '../../shared/realtime/notify';
import type { JobContext, StreamChange } from '../../shared/runtime/feature-handler';
import { readEventBundle } from '../../shared/calendar/writes/event-store';

/** Optional copy fields: removed from a row when the event no longer has them. */
const OPTIONAL_COPY = ['seriesId', 'recurrenceId', 'place', 'rrule', 'color', 'roomId'] as const;

const ignoreRace = (e: unknown) => {
  if (!isConditionFailure(e)) throw e;
};

function createWrite(e: EventItem, u: EventItem['users'][number]) {
  const row: AttendeeItem = {
    eventId: e.eventId,
    userId: u.id,
    name: u.name,
    ...(u.departmentId ? { departmentId: u.departmentId } : {}),
    state: 'pending',
    ...copyFieldsOf(e),
  };
  return attendeePut(row).where((a, o) => o.notExists(a.eventId));
}

function updateWrite(e: EventItem, u: EventItem['users'][number], row: AttendeeItem) {
  const copy = copyFieldsOf(e);
  const gone = OPTIONAL_COPY.filter((k) => copy[k] === undefined);
  const pendingKeys = row.state === 'pending' ? invitationKeys({ ...row, firstStartUtc: copy.firstStartUtc }) : {};
  let write = Attendees.patch({ eventId: e.eventId, userId: u.id }).set({ ...copy, name: u.name, ...pendingKeys });
  if (u.departmentId) write = write.set({ departmentId: u.departmentId });
  const removed = [...gone, ...(u.departmentId ? [] : (['departmentId'] as const))];
  return (removed.length ? write.remove(removed) : write).where((a, o) => o.lt(a.eventVersion, e.version));
}

/** Brings one event's attendee rows in line with the event as stored now. */
async function reconcile(eventId: string): Promise<void> {
  const { event, attendees } = await readEventBundle(eventId);
  const rows = new Map(attendees.map((a) => [a.userId, a]));
  const wanted = new Map((event?.users ?? []).map((u) => [u.id, u]));
  const writes: Promise<unknown>[] = [];
  for (const row of attendees)
    if (!wanted.has(row.userId)) {
      const del = Attendees.delete({ eventId, userId: row.userId });
      writes.push((event ? del.where((a, o) => o.lte(a.eventVersion, event.version)) : del).go().catch(ignoreRace));
    }
  if (event)
    for (const u of wanted.values()) {
      const row = rows.get(u.id);
      if (!row) writes.push(createWrite(event, u).go().catch(ignoreRace));
      else if (row.eventVersion < event.version) writes.push(updateWrite(event, u, row).go().catch(ignoreRace));
    }
  await Promise.all(writes);
}

const peopleOf = (e: EventItem | null) => (e ? [e.organizerId, ...e.users.map((u) => u.id)] : []);

export async function attendeeCopies(changes: StreamChange[], ctx: JobContext): Promise<void> {
  const events = changes.filter((c) => c.entity === EVENT_ENTITY);
  const ids = [
    ...new Set(
      events.map((c) => (c.newImage ?? c.oldImage)?.eventId).filter((id): id is string => typeof id === 'string'),
    ),
  ];
  for (const id of ids) {
    try {
      await reconcile(id);
    } catch (e) {
      ctx.logger.error('attendee copies failed', { error: e as Error, eventId: id });
      throw e;
    }
  }
  for (const id of ids) {
    const mentions = events.filter((c) => (c.newImage ?? c.oldImage)?.eventId === id);
    const recipients = new Set(
      mentions.flatMap((c) => [...peopleOf(eventFromRow(c.newImage)), ...peopleOf(eventFromRow(c.oldImage))]),
    );
    const frame: CalendarFrame = { type: 'calendar.changed', eventId: id };
    await sendToUsers([...recipients], frame);
  }
}
