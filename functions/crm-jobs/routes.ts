/**
 * The CRM job worker (no HTTP routes): imports and exports run here in short slices (≤ CRM_JOB_SLICE_MS, 5 s,
 * or 5,000 rows), each slice started by the stream record of the job item the previous slice updated — so a
 * job of any size never holds one invocation long, and locally never delays other features' consumers by more
 * than one slice. The watchdog touches the heartbeat of active jobs that stalled (a lost invocation) so their
 * slice reruns from the stored byte offset (replays write the same items and count once).
 */
import { defineFeature } from '../../shared/manifest/types';

export const crmJobsFeature = defineFeature({
  feature: 'crm-jobs',
  grants: ['table:read', 'table:write', 'bucket:read', 'bucket:write', 'ws:manage'],
  streams: {
    jobs: {
      summary: 'Run one slice of a queued/running import or export job',
      entities: ['crmJob'],
      events: ['INSERT', 'MODIFY'],
      batchSize: 1,
    },
  },
  schedules: {
    watchdog: {
      summary: 'Restart active jobs whose heartbeat is older than 2 minutes (ONE Query of GSI2 CRMJOBS#ACTIVE)',
      everyMinutes: 2,
    },
  },
});
