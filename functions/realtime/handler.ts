import { NotFoundError } from '../../shared/http/errors';
import { epochSeconds } from '../../shared/data/electro';
import { CONNECTION_TTL_SECONDS, Connections } from '../../shared/realtime/connection-entity';
import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import {
  broadcastPresence,
  connectionsRemoved,
  getPresence,
  socketClosed,
  socketOpened,
  socketState,
} from './presence-service';
import { realtimeFeature } from './routes';

export const handler = createFeatureHandler(realtimeFeature, {
  http: {
    getPresence: ({ user, query }) => getPresence(user.sub, query.userIds),
  },
  ws: {
    async connect({ connectionId, user }) {
      const expiresAt = epochSeconds() + CONNECTION_TTL_SECONDS;
      await Promise.all([
        Connections.put({ connectionId, userId: user.sub, connectedAt: new Date().toISOString(), expiresAt }).go(),
        socketOpened(user.sub, connectionId, expiresAt),
      ]);
    },
    async disconnect({ connectionId, user }) {
      await Promise.all([Connections.delete({ connectionId }).go(), socketClosed(user.sub, connectionId)]);
    },
    async ping({ body, send }) {
      await send({ type: 'pong', id: body.id ?? null, at: new Date().toISOString() });
    },
    async presence({ connectionId, user, body }) {
      await socketState(user.sub, connectionId, body.state);
    },
    async fallback({ body }) {
      const action = (body as { action?: unknown } | undefined)?.action;
      throw new NotFoundError(`Unknown action ${typeof action === 'string' ? JSON.stringify(action) : '(none)'}`);
    },
  },
  streams: {
    presenceChanged: (changes) => broadcastPresence(changes),
    connectionRemoved: (changes) => connectionsRemoved(changes),
  },
});
