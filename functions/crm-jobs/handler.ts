import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { onJobChanges, watchdog } from './job-runner';
import { crmJobsFeature } from './routes';

export const handler = createFeatureHandler(crmJobsFeature, {
  streams: { jobs: (changes, ctx) => onJobChanges(changes, ctx) },
  schedules: { watchdog: (ctx) => watchdog(ctx) },
});
