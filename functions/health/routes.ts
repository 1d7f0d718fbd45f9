import { answer } from '../../shared/api/answer';
import type { Health } from '../../shared/api/shell-views';
import { defineFeature } from '../../shared/manifest/types';

export const healthFeature = defineFeature({
  feature: 'health',
  grants: ['table:read', 'table:write'],
  http: {
    getHealth: {
      method: 'GET',
      path: '/health',
      access: 'public',
      summary: 'Liveness and table reachability, for monitors and the SPA footer',
      answer: answer<Health>(),
    },
  },
  schedules: {
    heartbeat: { everyMinutes: 5, summary: 'Records that scheduled jobs run; GET /health reports the last beat' },
  },
});
