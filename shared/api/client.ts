/**
 * The typed API client: one method per HTTP route of the manifest (`api.tasks.get({ params: { taskId } })`),
 * built at run time from the generated method + path table (route-table.ts) and typed from the route
 * declarations (route-types.ts). It fills the path, encodes the query and hands the request to a
 * transport (the SPA's: web/src/api/client.ts — token, refresh on 401, ApiError on failure).
 */
import type { HttpMethod } from '../manifest/types';
import { requestLine } from './request-line';
export { fillPath, queryString, requestLine, type RequestLine } from './request-line';
import { ROUTE_TABLE, type ApiRoutes } from './route-table';
import type { CallInput, FeatureClient, RouteCall } from './route-types';

export interface TransportRequest {
  method: HttpMethod;
  body?: unknown;
  signal?: AbortSignal;
  /** Public routes go without a token. */
  anonymous: boolean;
}

/** Sends one request to `path` (relative to the API base) and resolves with the parsed JSON answer. */
export type Transport = (path: string, request: TransportRequest) => Promise<unknown>;

export type ApiClient = { [F in keyof ApiRoutes]: FeatureClient<ApiRoutes[F]> };

/** Every route's path builder, without a transport (for query keys and cache updates outside a call). */
export type ApiPaths = { [F in keyof ApiRoutes]: { [R in keyof ApiRoutes[F]]: RouteCall<ApiRoutes[F][R]>['path'] } };

/** The query a route takes (`ApiQuery<'crm', 'listLeads'>`). */
export type ApiQuery<F extends keyof ApiRoutes, R extends keyof ApiRoutes[F]> = NonNullable<
  CallInput<ApiRoutes[F][R]>['query']
>;

/** The body a route takes (`ApiBody<'crm', 'patchLead'>`). */
export type ApiBody<F extends keyof ApiRoutes, R extends keyof ApiRoutes[F]> = NonNullable<
  CallInput<ApiRoutes[F][R]>['body']
>;

interface LooseInput {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  signal?: AbortSignal;
}

function routeCall(entry: string, transport: Transport) {
  const call = (input: LooseInput = {}) => {
    const line = requestLine(entry, input);
    return transport(line.path, {
      method: line.method,
      body: input.body,
      signal: input.signal,
      anonymous: line.anonymous,
    });
  };
  call.path = (input: LooseInput = {}) => requestLine(entry, input).path;
  return call;
}

const noTransport: Transport = () => Promise.reject(new Error('apiPaths builds paths only'));

export function createApiClient(transport: Transport): ApiClient {
  const client: Record<string, Record<string, ReturnType<typeof routeCall>>> = {};
  for (const [feature, routes] of Object.entries(ROUTE_TABLE)) {
    const methods: Record<string, ReturnType<typeof routeCall>> = {};
    for (const [id, entry] of Object.entries(routes)) methods[id] = routeCall(entry, transport);
    client[feature] = methods;
  }
  // The shapes are checked where they come from: the table against the declarations (route-table.ts).
  return client as unknown as ApiClient;
}

/** `apiPaths.crm.getLead({ params: { leadId } })` → `/crm/leads/…`: the same paths the client requests. */
export const apiPaths: ApiPaths = /* @__PURE__ */ (() => {
  const client = createApiClient(noTransport) as unknown as Record<string, Record<string, { path: unknown }>>;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [feature, methods] of Object.entries(client))
    paths[feature] = Object.fromEntries(Object.entries(methods).map(([id, call]) => [id, call.path]));
  return paths as unknown as ApiPaths;
})();
