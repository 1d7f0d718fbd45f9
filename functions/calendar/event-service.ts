import type { UserContext } from '../../shared/auth/claims';
import type { CreateEventBody, DeleteEventQuery, EventView, UpdateEventBody } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const createEvent = async (_user: UserContext, _body: CreateEventBody): Promise<EventView> =>
  notBuilt('createEvent');
export const getEvent = async (_user: UserContext, _eventId: string): Promise<EventView> => notBuilt('getEvent');
export const updateEvent = async (_u: UserContext, _id: string, _b: UpdateEventBody): Promise<EventView> =>
  notBuilt('updateEvent');
export const deleteEvent = async (_u: UserContext, _id: string, _q: DeleteEventQuery): Promise<void> =>
  notBuilt('deleteEvent');
