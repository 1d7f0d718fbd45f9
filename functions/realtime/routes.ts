import * as z from 'zod';
import { defineFeature } from '../../shared/manifest/types';

export const realtimeFeature = defineFeature({
  feature: 'realtime',
  grants: ['table:read', 'table:write', 'ws:manage'],
  wsAuthorizer: true,
  ws: {
    connect: { route: '$connect', access: 'user', summary: 'Registers the connection under the signed-in person (token checked by the authorizer)' },
    disconnect: { route: '$disconnect', access: 'user', summary: 'Forgets the connection' },
    ping: {
      route: 'ping',
      access: 'user',
      summary: 'Answers pong: lets clients measure latency and keep the connection alive',
      body: z.object({ action: z.literal('ping'), id: z.string().max(64).optional() }),
    },
    fallback: { route: '$default', access: 'user', summary: 'Any unknown action: answered with an error frame' },
  },
});
