/** Response shapes of the API routes the shell uses (declared with the routes: functions/health, functions/me). */
export type { Health, Me, Preferences } from '../../../shared/api/shell-views';
