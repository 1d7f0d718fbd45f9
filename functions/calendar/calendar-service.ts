import type { UserContext } from '../../shared/auth/claims';
import type { CalendarView, CreateCalendarBody, SharesBody, UpdateCalendarBody } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const listCalendars = async (_user: UserContext): Promise<CalendarView[]> => notBuilt('listCalendars');
export const createCalendar = async (_user: UserContext, _body: CreateCalendarBody): Promise<CalendarView> =>
  notBuilt('createCalendar');
export const updateCalendar = async (_u: UserContext, _id: string, _b: UpdateCalendarBody): Promise<CalendarView> =>
  notBuilt('updateCalendar');
export const deleteCalendar = async (_user: UserContext, _id: string): Promise<void> => notBuilt('deleteCalendar');
export const shareCalendar = async (_u: UserContext, _id: string, _b: SharesBody): Promise<CalendarView> =>
  notBuilt('shareCalendar');
