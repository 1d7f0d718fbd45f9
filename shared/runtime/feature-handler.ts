/**
 * One Lambda per feature. `createFeatureHandler(manifest, impl)` returns the single exported handler
 * that serves every entry the feature declares: HTTP routes (APIGatewayProxyEventV2, dispatched by
 * `routeKey`), WebSocket routes (dispatched by `routeKey`: `$connect`, an action, `$default`), the
 * WebSocket REQUEST authorizer, DynamoDB stream batches and scheduled events. The shared middy chain
 * does logging, parsing, validation, authorization and error mapping; `impl` holds only feature logic.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayProxyWebsocketEventV2,
  APIGatewayRequestAuthorizerEvent,
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { z } from 'zod';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { accessDecision, MFA_CLAIM, MFA_REQUIRED, userFromClaims, type UserContext } from '../auth/claims';
import { AppError, errorBody } from '../http/errors';
import type {
  FeatureManifest,
  HttpRouteSpec,
  ScheduleEventPayload,
  ScheduleSpec,
  StreamConsumerSpec,
  StreamEventName,
  WsRouteSpec,
} from '../manifest/types';
import {
  authorizeMiddleware,
  bodyLimitMiddleware,
  httpErrorsMiddleware,
  httpState,
  jsonBodyMiddleware,
  jsonResponse,
  requestIdOf,
  routeMiddleware,
  validateMiddleware,
  zodFields,
} from './http-pipeline';
import { loggerFor } from './logger';
import { postToConnection } from './ws-client';

type Infer<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

export interface HttpRequest<R extends HttpRouteSpec> {
  body: Infer<R['body'], undefined>;
  query: Infer<R['query'], Record<string, string | undefined>>;
  params: Infer<R['params'], Record<string, string | undefined>>;
  user: R['access'] extends 'public' ? UserContext | null : UserContext;
  requestId: string;
  logger: Logger;
  event: APIGatewayProxyEventV2;
}

/** Return `reply(201, body)` for a status other than 200 or extra headers; a plain value means 200. */
export class HttpReply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}
export const reply = (status: number, body?: unknown, headers?: Record<string, string>) =>
  new HttpReply(status, body, headers);
/** A reply body sent as it is rather than as JSON (an ICS feed): `reply(200, new RawBody(text, 'text/calendar'))`. */
export class RawBody {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

export interface WsRequest<R extends WsRouteSpec> {
  connectionId: string;
  body: Infer<R['body'], unknown>;
  /** From the `$connect` authorizer's context; present on every route of an authorized connection. */
  user: R['access'] extends 'public' ? UserContext | null : UserContext;
  requestId: string;
  logger: Logger;
  event: APIGatewayProxyWebsocketEventV2;
  /** Sends a frame back to the caller's connection (false if it is gone). */
  send: (data: unknown) => Promise<boolean>;
}

export interface StreamChange {
  eventName: StreamEventName;
  entity: string | undefined;
  newImage: Record<string, unknown> | undefined;
  oldImage: Record<string, unknown> | undefined;
}

export interface JobContext {
  logger: Logger;
  requestId: string;
}

type HttpImpl<H> = {
  [K in keyof H]: H[K] extends HttpRouteSpec ? (req: HttpRequest<H[K]>) => Promise<unknown> : never;
};
type WsImpl<W> = { [K in keyof W]: W[K] extends WsRouteSpec ? (req: WsRequest<W[K]>) => Promise<void> : never };
type StreamImpl<S> = { [K in keyof S]: (changes: StreamChange[], ctx: JobContext) => Promise<void> };
type ScheduleImpl<C> = { [K in keyof C]: (ctx: JobContext) => Promise<void> };
type Section<Name extends string, T, Impl> = keyof T extends never ? { [P in Name]?: Impl } : { [P in Name]: Impl };

export type FeatureImpl<M extends FeatureManifest> = Section<'http', M['http'], HttpImpl<M['http']>> &
  Section<'ws', M['ws'], WsImpl<M['ws']>> &
  Section<'streams', M['streams'], StreamImpl<M['streams']>> &
  Section<'schedules', M['schedules'], ScheduleImpl<M['schedules']>>;

type AnyFn = (arg: never, ctx?: never) => Promise<unknown>;

export type FeatureEvent =
  | APIGatewayProxyEventV2
  | APIGatewayProxyWebsocketEventV2
  | APIGatewayRequestAuthorizerEvent
  | DynamoDBStreamEvent
  | ScheduleEventPayload;

export interface WsAuthorizerResult {
  principalId: string;
  policyDocument: {
    Version: '2012-10-17';
    Statement: { Action: 'execute-api:Invoke'; Effect: 'Allow' | 'Deny'; Resource: string }[];
  };
  context?: Record<string, string>;
}

const isHttp = (e: unknown): e is APIGatewayProxyEventV2 =>
  !!(e as APIGatewayProxyEventV2)?.requestContext?.http && typeof (e as APIGatewayProxyEventV2).routeKey === 'string';
const isWs = (e: unknown): e is APIGatewayProxyWebsocketEventV2 =>
  typeof (e as APIGatewayProxyWebsocketEventV2)?.requestContext?.connectionId === 'string' &&
  typeof (e as APIGatewayProxyWebsocketEventV2).requestContext.eventType === 'string';
const isAuthorizer = (e: unknown): e is APIGatewayRequestAuthorizerEvent =>
  (e as APIGatewayRequestAuthorizerEvent)?.type === 'REQUEST' &&
  typeof (e as APIGatewayRequestAuthorizerEvent).methodArn === 'string';
const isStream = (e: unknown): e is DynamoDBStreamEvent =>
  Array.isArray((e as DynamoDBStreamEvent)?.Records) &&
  (e as DynamoDBStreamEvent).Records.every((r) => r.eventSource === 'aws:dynamodb');
const isSchedule = (e: unknown): e is ScheduleEventPayload => (e as ScheduleEventPayload)?.source === 'portal.schedule';

export function createFeatureHandler<M extends FeatureManifest>(manifest: M, impl: FeatureImpl<M>) {
  const logger = loggerFor(manifest.feature);
  const http = (impl as { http?: Record<string, AnyFn> }).http ?? {};
  const ws = (impl as { ws?: Record<string, AnyFn> }).ws ?? {};
  const streams = (impl as { streams?: Record<string, AnyFn> }).streams ?? {};
  const schedules = (impl as { schedules?: Record<string, AnyFn> }).schedules ?? {};
  for (const id of Object.keys(manifest.http))
    if (!http[id]) throw new Error(`${manifest.feature}: no implementation for route ${id}`);

  // ---- HTTP: the shared middy chain --------------------------------------------------------------
  // middy hands the handler (event, context) but not the request whose `internal` holds the parsed
  // state, so the last middleware files the request under this invocation's context object.
  type HttpMiddyRequest = middy.Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>;
  const requests = new WeakMap<Context, HttpMiddyRequest>();
  const trackRequest: middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> = {
    before: (request) => {
      logger.appendKeys({ requestId: requestIdOf(request), routeKey: request.event.routeKey });
      requests.set(request.context, request);
    },
    after: (request) => {
      const s = httpState(request);
      logger.info('request', { status: request.response?.statusCode, ms: Date.now() - s.started, user: s.user?.sub });
    },
  };
  const inner = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrorsMiddleware(logger))
    .use(routeMiddleware(manifest.http))
    .use(bodyLimitMiddleware())
    .use(jsonBodyMiddleware())
    .use(authorizeMiddleware())
    .use(validateMiddleware())
    .use(trackRequest)
    .handler(async (event: APIGatewayProxyEventV2, context: Context) => {
      const request = requests.get(context);
      if (!request) throw new Error('request state missing');
      const s = httpState(request);
      const fn = http[s.routeId] as unknown as (req: HttpRequest<HttpRouteSpec>) => Promise<unknown>;
      const result = await fn({
        body: s.body as undefined,
        query: s.query as Record<string, string>,
        params: s.params as Record<string, string>,
        user: s.user as UserContext,
        requestId: requestIdOf(request),
        logger,
        event,
      });
      if (result instanceof HttpReply && result.body instanceof RawBody)
        return {
          statusCode: result.status,
          headers: { 'content-type': result.body.contentType, 'cache-control': 'no-store', ...result.headers },
          body: result.body.text,
        };
      if (result instanceof HttpReply) return jsonResponse(result.status, result.body, result.headers);
      return jsonResponse(200, result);
    });

  // ---- WebSocket -----------------------------------------------------------------------------------
  const wsRoutes = new Map(Object.entries(manifest.ws).map(([id, r]) => [r.route, { id, r }]));
  const endpointOf = (e: APIGatewayProxyWebsocketEventV2) =>
    process.env.WS_MANAGEMENT_ENDPOINT ?? `https://${e.requestContext.domainName}/${e.requestContext.stage}`;

  async function handleWs(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const { connectionId, routeKey } = event.requestContext;
    const requestId = event.requestContext.requestId;
    logger.appendKeys({ requestId, routeKey, connectionId });
    const send = (data: unknown) => postToConnection(connectionId, data, endpointOf(event));
    const authCtx = (event.requestContext as { authorizer?: Record<string, unknown> }).authorizer;
    const user = userFromClaims(authCtx ? { ...authCtx, sub: authCtx.sub ?? authCtx.principalId } : null);
    let body: unknown;
    let action: string | undefined;
    if (event.body) {
      try {
        body = JSON.parse(event.body);
        action =
          typeof (body as { action?: unknown })?.action === 'string' ? (body as { action: string }).action : undefined;
      } catch {
        await send(errorBody(new AppError(400, 'BAD_REQUEST', 'Frame is not valid JSON'), requestId));
        return { statusCode: 400 };
      }
    }
    const hit = wsRoutes.get(routeKey) ?? (action ? wsRoutes.get(action) : undefined) ?? wsRoutes.get('$default');
    try {
      if (!hit) throw new AppError(404, 'NOT_FOUND', `Unknown action ${action ?? routeKey}`);
      const decision = accessDecision(hit.r.access, user);
      if (decision === 'unauthenticated') throw new AppError(401, 'UNAUTHORIZED', 'Sign-in required');
      if (decision === 'forbidden') throw new AppError(403, 'FORBIDDEN', `This needs the ${hit.r.access} role`);
      if (decision === 'mfa_required') throw new AppError(403, MFA_REQUIRED.code, MFA_REQUIRED.message);
      if (hit.r.body) {
        const r = hit.r.body.safeParse(body);
        if (!r.success) throw new AppError(400, 'VALIDATION_FAILED', 'Invalid frame', zodFields(r.error));
        body = r.data;
      }
      const fn = ws[hit.id] as unknown as (req: WsRequest<WsRouteSpec>) => Promise<void>;
      await fn({ connectionId, body, user: user as UserContext, requestId, logger, event, send });
      return { statusCode: 200 };
    } catch (err) {
      const appErr = err instanceof AppError ? err : undefined;
      if (!appErr) logger.error('unhandled websocket error', { error: err as Error });
      const status = appErr?.status ?? 500;
      // $connect answers with a status (the upgrade is refused); other routes tell the client in a frame.
      if (event.requestContext.eventType === 'MESSAGE') {
        await send(
          appErr
            ? { type: 'error', ...errorBody(appErr, requestId) }
            : { type: 'error', error: { code: 'INTERNAL', message: 'Something went wrong', requestId } },
        ).catch(() => false);
      }
      return { statusCode: status };
    } finally {
      logger.resetKeys();
    }
  }

  // ---- WebSocket $connect authorizer (REQUEST type, token in the `token` query parameter) -------------
  async function handleAuthorizer(event: APIGatewayRequestAuthorizerEvent): Promise<WsAuthorizerResult> {
    const token = event.queryStringParameters?.token;
    // aws-jwt-verify is loaded by the one feature that authorizes $connect, on its first call, not at every cold start.
    const { verifyIdToken } = await import('../auth/jwt');
    const claims = await verifyIdToken(token);
    const deny: WsAuthorizerResult = {
      principalId: 'anonymous',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: event.methodArn }],
      },
    };
    if (!claims) return deny;
    const groups = (claims['cognito:groups'] as string[] | undefined) ?? [];
    return {
      principalId: claims.sub,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      // Authorizer context values must be strings, numbers or booleans.
      context: {
        sub: claims.sub,
        email: String(claims.email ?? ''),
        'cognito:groups': JSON.stringify(groups),
        // The second-factor claim travels too, so admin-only WebSocket actions see it (claims.ts mfaFromClaims).
        ...(typeof claims[MFA_CLAIM] === 'string' ? { [MFA_CLAIM]: claims[MFA_CLAIM] } : {}),
      },
    };
  }

  // ---- DynamoDB stream -------------------------------------------------------------------------------
  async function handleStream(
    event: DynamoDBStreamEvent,
    context: Context,
  ): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
    const changes = event.Records.map((r: DynamoDBRecord) => {
      const img = (x: unknown) =>
        x ? (unmarshall(x as Record<string, AttributeValue>) as Record<string, unknown>) : undefined;
      const newImage = img(r.dynamodb?.NewImage);
      const oldImage = img(r.dynamodb?.OldImage);
      const entity = (newImage?.__edb_e__ ?? oldImage?.__edb_e__) as string | undefined;
      return {
        eventName: r.eventName as StreamEventName,
        entity,
        newImage,
        oldImage,
        seq: r.dynamodb?.SequenceNumber ?? '',
      };
    });
    const ctx: JobContext = { logger, requestId: context?.awsRequestId ?? 'stream' };
    // Every consumer of the batch runs even when one fails; then a failure throws, so the asynchronous
    // invocation from the stream router is retried (twice) and then lands in this feature's DLQ. The
    // consumers are idempotent, so the retry replaying the ones that succeeded is harmless.
    const failed: string[] = [];
    for (const [id, spec] of Object.entries(manifest.streams) as [string, StreamConsumerSpec][]) {
      const mine = changes.filter(
        (c) => c.entity && spec.entities.includes(c.entity) && (!spec.events || spec.events.includes(c.eventName)),
      );
      if (!mine.length) continue;
      try {
        await (streams[id] as unknown as (c: StreamChange[], x: JobContext) => Promise<void>)(mine, ctx);
      } catch (err) {
        logger.error('stream consumer failed', { consumer: id, error: err as Error });
        failed.push(id);
      }
    }
    if (failed.length) throw new Error(`${manifest.feature}: stream consumer(s) failed: ${failed.join(', ')}`);
    return { batchItemFailures: [] };
  }

  async function handleSchedule(event: ScheduleEventPayload, context: Context): Promise<void> {
    const spec = (manifest.schedules as Record<string, ScheduleSpec>)[event.schedule];
    const fn = schedules[event.schedule];
    if (!spec || !fn) throw new Error(`${manifest.feature}: unknown schedule ${event.schedule}`);
    logger.info('schedule', { schedule: event.schedule });
    await (fn as unknown as (ctx: JobContext) => Promise<void>)({
      logger,
      requestId: context?.awsRequestId ?? 'schedule',
    });
  }

  return async function handler(event: FeatureEvent, context: Context): Promise<unknown> {
    if (isHttp(event)) return inner(event, context);
    // An authorizer event also carries requestContext.connectionId and eventType CONNECT: test it first.
    if (isAuthorizer(event)) return handleAuthorizer(event);
    if (isWs(event)) return handleWs(event);
    if (isStream(event)) return handleStream(event, context);
    if (isSchedule(event)) return handleSchedule(event, context);
    logger.error('unrecognised event', { keys: Object.keys((event as object) ?? {}) });
    throw new Error('Unrecognised event');
  };
}
