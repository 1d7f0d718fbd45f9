import type { UserContext } from '../../shared/auth/claims';
import type { CalendarSettings, SettingsBody } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const getSettings = async (_user: UserContext): Promise<CalendarSettings> => notBuilt('getSettings');
export const saveSettings = async (_user: UserContext, _body: SettingsBody): Promise<CalendarSettings> =>
  notBuilt('saveSettings');
