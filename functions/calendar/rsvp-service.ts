import type { UserContext } from '../../shared/auth/claims';
import type { EventView, RsvpBody } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const rsvp = async (_user: UserContext, _eventId: string, _body: RsvpBody): Promise<EventView> =>
  notBuilt('rsvp');
