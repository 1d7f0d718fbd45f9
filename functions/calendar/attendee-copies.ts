import type { JobContext, StreamChange } from '../../shared/runtime/feature-handler';

export const attendeeCopies = async (_changes: StreamChange[], _ctx: JobContext): Promise<void> => {
  // Scaffold: no copies yet.
};
