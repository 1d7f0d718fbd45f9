import * as z from 'zod';
import { defineFeature } from '../../shared/manifest/types';
import { presenceAction, presenceQuery } from '../../shared/messenger/contract';

export const realtimeFeature = defineFeature({
  feature: 'realtime',
  grants: ['table:read', 'table:write', 'ws:manage'],
  wsAuthorizer: true,
  http: {
    getPresence: {
      method: 'GET',
      path: '/presence',
      access: 'user',
      summary:
        'Presence (online / away / offline, last seen) of up to 100 people, answered only for those who share a chat (not General) or a workgroup with the asker: the contacts read, then one BatchGetItem',
      query: presenceQuery,
    },
  },
  ws: {
    connect: {
      route: '$connect',
      access: 'user',
      summary:
        'Registers the connection under the signed-in person (token checked by the authorizer) and marks them online',
    },
    disconnect: {
      route: '$disconnect',
      access: 'user',
      summary: 'Forgets the connection; the person is offline when it was their last',
    },
    ping: {
      route: 'ping',
      access: 'user',
      summary: 'Answers pong: lets clients measure latency and keep the connection alive',
      body: z.object({ action: z.literal('ping'), id: z.string().max(64).optional() }),
    },
    presence: {
      route: 'presence',
      access: 'user',
      summary: 'This socket is online or away (the client sends away when the tab is hidden or idle)',
      body: presenceAction,
    },
    fallback: { route: '$default', access: 'user', summary: 'Any unknown action: answered with an error frame' },
  },
  streams: {
    presenceChanged: {
      summary:
        'Pushes a `presence` frame to the connected people who share a chat (not General) or a workgroup with a person whose state (online / away / offline) changes',
      entities: ['presence'],
      events: ['INSERT', 'MODIFY'],
    },
    connectionRemoved: {
      summary:
        'A connection item was deleted (GoneException clean-up, TTL, $disconnect): forget its socket in presence',
      entities: ['connection'],
      events: ['REMOVE'],
    },
  },
});
