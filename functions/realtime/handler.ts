import { NotFoundError } from '../../shared/http/errors';
import { epochSeconds } from '../../shared/data/electro';
import { CONNECTION_TTL_SECONDS, Connections } from '../../shared/realtime/connection-entity';
import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { realtimeFeature } from './routes';

export const handler = createFeatureHandler(realtimeFeature, {
  ws: {
    async connect({ connectionId, user }) {
      await Connections.put({
        connectionId,
        userId: user.sub,
        connectedAt: new Date().toISOString(),
        expiresAt: epochSeconds() + CONNECTION_TTL_SECONDS,
      }).go();
    },
    async disconnect({ connectionId }) {
      await Connections.delete({ connectionId }).go();
    },
    async ping({ body, send }) {
      await send({ type: 'pong', id: body.id ?? null, at: new Date().toISOString() });
    },
    async fallback({ body }) {
      const action = (body as { action?: unknown } | undefined)?.action;
      throw new NotFoundError(`Unknown action ${typeof action === 'string' ? JSON.stringify(action) : '(none)'}`);
    },
  },
});
