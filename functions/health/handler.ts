import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { Heartbeats } from './heartbeat-entity';
import { healthFeature } from './routes';

export const handler = createFeatureHandler(healthFeature, {
  http: {
    async getHealth() {
      const started = Date.now();
      const beat = await Heartbeats.get({ name: 'scheduler' }).go();
      return {
        status: 'ok',
        tenant: process.env.TENANT ?? 'local',
        time: new Date().toISOString(),
        checks: { table: { status: 'ok', ms: Date.now() - started } },
        lastHeartbeat: beat.data?.at ?? null,
      };
    },
  },
  schedules: {
    async heartbeat({ logger }) {
      const at = new Date().toISOString();
      await Heartbeats.put({ name: 'scheduler', at }).go();
      logger.info('heartbeat', { at });
    },
  },
});
