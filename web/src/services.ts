/** The app's long-lived services (session, API client, live connection), handed down by context. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { createApiClient, type ApiClient } from '../../shared/api/client';
import type { Api } from './api/client';
import type { SessionState, SessionStore } from './auth/session';
import type { LiveConnection, LiveState } from './realtime/live';

export interface Services {
  session: SessionStore;
  /** The raw transport (web/src/api/client.ts): components call the API through useApi(), the typed client over it. */
  api: Api;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside <ServicesContext.Provider>');
  return s;
}

export function useSession(): SessionState {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

const clients = new WeakMap<Api, ApiClient>();

/** The typed API client (shared/api/client.ts) over this app's transport: `api.tasks.get({ params })`. */
export function useApi(): ApiClient {
  const { api } = useServices();
  let client = clients.get(api);
  if (!client) {
    client = createApiClient(api);
    clients.set(api, client);
  }
  return client;
}

/** The live connection of the signed-in layout (null while signed out). */
export const LiveContext = createContext<LiveConnection | null>(null);

const OFFLINE_STATE: LiveState = { status: 'offline', latencyMs: null, retryAt: null, attempt: 0 };
const noop = () => () => undefined;

export function useLiveState(): LiveState {
  const live = useContext(LiveContext);
  return useSyncExternalStore(live?.subscribe ?? noop, live ? live.getSnapshot : () => OFFLINE_STATE);
}
