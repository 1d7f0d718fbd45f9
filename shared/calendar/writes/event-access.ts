/** Reading an event with my rights to it, and the 404/403/409 answers the writes give. */
import type { UserContext } from '../../auth/claims';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../http/errors';
import type { EventView } from '../contract';
import type { EventItem } from '../event-entity';
import { atLeast, calendarAccess, eventAccess, type EventAccess } from '../policy';
import { Rooms } from '../room-entity';
import { readEventBundle, type EventBundle } from './event-store';
import { eventView } from './event-view';

/** 400 for a calendar I cannot see, 403 for one I may only read. */
export async function requireCalendarEditor(user: UserContext, calendarId: string): Promise<void> {
  const cal = await calendarAccess(user, calendarId);
  if (cal.access === 'none') throw new ValidationError([{ path: 'calendarId', reason: 'no such calendar' }]);
  if (!atLeast(cal.access, 'edit')) throw new ForbiddenError('You may only read this calendar');
}

/** 409 with the event as stored now (what the client reloads). */
export async function staleConflict(user: UserContext, eventId: string): Promise<never> {
  const current = await readEventBundle(eventId);
  throw new ConflictError('This event was changed by someone else meanwhile. Reload, then save again.', {
    current: current.event ? await viewOf(user, current).catch(() => null) : null,
  });
}

async function roomOf(roomId: string | undefined) {
  if (!roomId) return undefined;
  const { data } = await Rooms().get({ roomId }).go();
  return data ? { roomId, name: data.name } : undefined;
}

async function accessTo(user: UserContext, e: EventItem): Promise<EventAccess> {
  const cal = await calendarAccess(user, e.calendarId);
  return eventAccess(user, e, cal.access);
}

/** The bundle's event as I may see it (+ ONE GetItem for the room's name when I see details). */
export async function viewOf(user: UserContext, b: EventBundle, access?: EventAccess): Promise<EventView> {
  const e = b.event!;
  const rights = access ?? (await accessTo(user, e));
  return eventView(e, rights, {
    attendees: b.attendees,
    guests: b.guests,
    room: rights.details ? await roomOf(e.roomId) : undefined,
  });
}

/** The event, my rights (404 when I may not see it). */
async function load(user: UserContext, eventId: string): Promise<{ bundle: EventBundle; access: EventAccess }> {
  const bundle = await readEventBundle(eventId);
  if (!bundle.event) throw new NotFoundError('No such event');
  const access = await accessTo(user, bundle.event);
  if (!access.see) throw new NotFoundError('No such event');
  return { bundle, access };
}

export async function getEvent(user: UserContext, eventId: string): Promise<EventView> {
  const { bundle, access } = await load(user, eventId);
  return viewOf(user, bundle, access);
}

/** Who may change the event (404 when I may not see it; 403 when I may only look or answer; 409 when stale). */
export async function editable(user: UserContext, eventId: string, version: number) {
  const { bundle, access } = await load(user, eventId);
  if (!access.edit) throw new ForbiddenError('Only the organiser and the calendar’s editors may change this event');
  if (bundle.event!.version !== version) await staleConflict(user, eventId);
  return { bundle, event: bundle.event! };
}
