import type { UserContext } from '../../shared/auth/claims';
import type { FreeBusyQuery, FreeBusyView } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const freeBusy = async (_user: UserContext, _q: FreeBusyQuery): Promise<FreeBusyView> => notBuilt('freeBusy');
