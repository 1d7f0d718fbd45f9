import type { UserContext } from '../../shared/auth/claims';
import type { EventsQuery, OccurrencePage, OccurrenceView, Page } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const listEvents = async (_user: UserContext, _q: EventsQuery): Promise<OccurrencePage> =>
  notBuilt('listEvents');
export const listInvitations = async (
  _user: UserContext,
  _q: { cursor?: string; limit?: number },
): Promise<Page<OccurrenceView>> => notBuilt('listInvitations');
