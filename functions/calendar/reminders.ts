import type { JobContext } from '../../shared/runtime/feature-handler';

export const sendDueReminders = async (_ctx: JobContext): Promise<void> => {
  // Scaffold: no reminders yet.
};
