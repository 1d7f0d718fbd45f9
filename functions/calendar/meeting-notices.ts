import type { JobContext, StreamChange } from '../../shared/runtime/feature-handler';

export const meetingNotices = async (_changes: StreamChange[], _ctx: JobContext): Promise<void> => {
  // Scaffold: no notices yet.
};
