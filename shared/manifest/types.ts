/**
 * The manifest contract: every HTTP route, WebSocket route, stream consumer and schedule of the
 * portal is declared once with these types. `infra/` (CDK), `infra/local/` (the local gateway)
 * and the tests all read the same declarations, so a route that is not declared exists nowhere.
 */
import type { z } from 'zod';

/**
 * Who may call an entry. `public`: anyone; `user`: any signed-in person (employees and extranet
 * partners); `employee`: signed-in, not extranet; `admin`: members of the Cognito `admin` group.
 */
export type Access = 'public' | 'user' | 'employee' | 'admin';
export const ACCESS_LEVELS: readonly Access[] = ['public', 'user', 'employee', 'admin'];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRouteSpec {
  method: HttpMethod;
  /** API Gateway style path, parameters in braces: `/tasks/{taskId}`. */
  path: string;
  access: Access;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Largest accepted request body in bytes (default {@link DEFAULT_MAX_BODY_BYTES}); larger → 413. */
  maxBodyBytes?: number;
}

export interface WsRouteSpec {
  /** `$connect`, `$disconnect`, `$default`, or the value of the frame's `action` field. */
  route: string;
  access: Access;
  summary: string;
  body?: z.ZodType;
}

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

export interface StreamConsumerSpec {
  summary: string;
  /** ElectroDB entity names (`__edb_e__`) whose changes this consumer receives. */
  entities: string[];
  events?: StreamEventName[];
  batchSize?: number;
}

export interface ScheduleSpec {
  summary: string;
  /** EventBridge rate expression in minutes, e.g. 5 → `rate(5 minutes)`; also drives the local timer. */
  everyMinutes: number;
}

/** What a feature's Lambda may touch: CDK turns these into least-privilege grants. */
export type Grant =
  | 'table:read'
  | 'table:write'
  | 'bucket:read'
  | 'bucket:write'
  | 'ses:send'
  | 'cognito:admin'
  | 'ws:manage'
  | 'cursor-secret:read';

/**
 * A Lambda function URL (auth NONE at the URL: the function checks its own credentials). For protocols API Gateway's
 * HTTP API cannot route: WebDAV/CalDAV methods (PROPFIND, REPORT) are not among its route methods. CDK creates the
 * URL and outputs it; the local stack serves it on a port of its own. Its address reaches the features named in
 * `addressFor` as the environment variable {@link functionUrlEnv}(feature).
 */
export interface FunctionUrlSpec {
  summary: string;
  addressFor: readonly string[];
}
/** `FUNCTION_URL_CALENDAR_SYNC` for the feature `calendar-sync`. */
export const functionUrlEnv = (feature: string): string =>
  `FUNCTION_URL_${feature.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export interface FeatureManifest {
  feature: string;
  grants: readonly Grant[];
  http: Record<string, HttpRouteSpec>;
  ws: Record<string, WsRouteSpec>;
  streams: Record<string, StreamConsumerSpec>;
  schedules: Record<string, ScheduleSpec>;
  /** When true this feature's Lambda also answers the WebSocket `$connect` REQUEST authorizer. */
  wsAuthorizer?: boolean;
  /**
   * Packages with native binaries that esbuild cannot bundle (sharp): CDK installs them beside the
   * bundle for the Lambda's platform (linux arm64), not the build machine's.
   */
  nativeModules?: readonly string[];
  functionUrl?: FunctionUrlSpec;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Declares a feature; the `const` type parameter keeps route ids and schemas precisely typed. */
export function defineFeature<
  const H extends Record<string, HttpRouteSpec> = Record<never, HttpRouteSpec>,
  const W extends Record<string, WsRouteSpec> = Record<never, WsRouteSpec>,
  const S extends Record<string, StreamConsumerSpec> = Record<never, StreamConsumerSpec>,
  const C extends Record<string, ScheduleSpec> = Record<never, ScheduleSpec>,
>(m: {
  feature: string;
  grants: readonly Grant[];
  http?: H;
  ws?: W;
  streams?: S;
  schedules?: C;
  wsAuthorizer?: boolean;
  nativeModules?: readonly string[];
  functionUrl?: FunctionUrlSpec;
}): {
  feature: string;
  grants: readonly Grant[];
  http: H;
  ws: W;
  streams: S;
  schedules: C;
  wsAuthorizer?: boolean;
  nativeModules?: readonly string[];
  functionUrl?: FunctionUrlSpec;
} {
  return {
    ...m,
    http: (m.http ?? {}) as H,
    ws: (m.ws ?? {}) as W,
    streams: (m.streams ?? {}) as S,
    schedules: (m.schedules ?? {}) as C,
  };
}

/** The API Gateway route key of an HTTP route: `GET /me`. */
export const routeKey = (r: Pick<HttpRouteSpec, 'method' | 'path'>): string => `${r.method} ${r.path}`;

/** The default scheduled-event payload the CDK rule and the local timer send to a feature. */
export interface ScheduleEventPayload {
  source: 'portal.schedule';
  schedule: string;
}
