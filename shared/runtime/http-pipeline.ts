/**
 * The shared middy middlewares for HTTP routes, in the order they run:
 * route → body limit → JSON body → authorization → validation; errors are mapped by `httpErrors`.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { Logger } from '@aws-lambda-powertools/logger';
import { accessDecision, MFA_REQUIRED, userFromClaims, type UserContext } from '../auth/claims';
import {
  AppError,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  errorBody,
  type FieldProblem,
} from '../http/errors';
import { DEFAULT_MAX_BODY_BYTES, type HttpRouteSpec } from '../manifest/types';

export interface HttpState {
  routeId: string;
  route: HttpRouteSpec;
  user: UserContext | null;
  rawBody: string | undefined;
  json: unknown;
  body: unknown;
  query: unknown;
  params: unknown;
  started: number;
}

export type HttpMiddyRequest = middy.Request<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
> & {
  internal: { http?: HttpState };
};

const state = (request: middy.Request): HttpState => {
  const s = (request as HttpMiddyRequest).internal.http;
  if (!s) throw new Error('HTTP state missing: route middleware must run first');
  return s;
};
export const httpState = state;

export const requestIdOf = (request: middy.Request): string => {
  const ev = request.event as Partial<APIGatewayProxyEventV2> | undefined;
  return ev?.requestContext?.requestId ?? (request.context as Context | undefined)?.awsRequestId ?? 'unknown';
};

/** zod issues → `[{ path, reason }]` with dotted paths (`items.3.title`). */
export function zodFields(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    reason: i.message,
  }));
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** Finds the route by API Gateway's `routeKey` (`GET /me`), the same key locally and in the cloud. */
export const routeMiddleware = (routes: Record<string, HttpRouteSpec>): middy.MiddlewareObj => {
  const byKey = new Map(Object.entries(routes).map(([id, r]) => [`${r.method} ${r.path}`, { id, r }]));
  return {
    before: (request) => {
      const ev = request.event as APIGatewayProxyEventV2;
      const hit = byKey.get(ev.routeKey);
      if (!hit) throw new NotFoundError(`No route ${ev.routeKey}`);
      (request as HttpMiddyRequest).internal.http = {
        routeId: hit.id,
        route: hit.r,
        user: null,
        rawBody: undefined,
        json: undefined,
        body: undefined,
        query: undefined,
        params: undefined,
        started: Date.now(),
      };
    },
  };
};

/** Rejects bodies over the route's limit with 413 before anything parses them. */
export const bodyLimitMiddleware = (): middy.MiddlewareObj => ({
  before: (request) => {
    const s = state(request);
    const ev = request.event as APIGatewayProxyEventV2;
    if (ev.body === undefined || ev.body === null || ev.body === '') return;
    const raw = ev.isBase64Encoded ? Buffer.from(ev.body, 'base64').toString('utf8') : ev.body;
    const limit = s.route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (Buffer.byteLength(raw, 'utf8') > limit) throw new PayloadTooLargeError(limit);
    s.rawBody = raw;
  },
});

/** Parses a JSON body; other content types → 415, malformed JSON → 400. */
export const jsonBodyMiddleware = (): middy.MiddlewareObj => ({
  before: (request) => {
    const s = state(request);
    if (s.rawBody === undefined) return;
    const headers = (request.event as APIGatewayProxyEventV2).headers ?? {};
    const ct = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(ct.trim())) throw new UnsupportedMediaTypeError();
    try {
      s.json = JSON.parse(s.rawBody);
    } catch (e) {
      throw new BadRequestError(`Malformed JSON body: ${(e as Error).message}`, [
        { path: '(body)', reason: 'not valid JSON' },
      ]);
    }
  },
});

/** Authenticated user from the JWT authorizer's claims, checked against the route's access level. */
export const authorizeMiddleware = (): middy.MiddlewareObj => ({
  before: (request) => {
    const s = state(request);
    const ev = request.event as APIGatewayProxyEventV2 & {
      requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
    };
    s.user = userFromClaims(ev.requestContext.authorizer?.jwt?.claims);
    const decision = accessDecision(s.route.access, s.user);
    if (decision === 'unauthenticated') throw new UnauthorizedError();
    if (decision === 'forbidden') throw new ForbiddenError(`This needs the ${s.route.access} role`);
    if (decision === 'mfa_required') throw new AppError(403, MFA_REQUIRED.code, MFA_REQUIRED.message);
  },
});

/** Validates body, query string and path parameters with the route's zod schemas → 400 naming each field. */
export const validateMiddleware = (): middy.MiddlewareObj => ({
  before: (request) => {
    const s = state(request);
    const ev = request.event as APIGatewayProxyEventV2;
    const fields: FieldProblem[] = [];
    const check = (schema: z.ZodType | undefined, input: unknown, prefix: string, fallback: unknown): unknown => {
      if (!schema) return fallback;
      const r = schema.safeParse(input);
      if (r.success) return r.data;
      fields.push(...zodFields(r.error, prefix));
      return undefined;
    };
    if (!s.route.body && s.json !== undefined && s.rawBody) {
      throw new BadRequestError('This route takes no request body', [{ path: '(body)', reason: 'not expected' }]);
    }
    s.params = check(s.route.params, ev.pathParameters ?? {}, 'params', ev.pathParameters ?? {});
    s.query = check(s.route.query, ev.queryStringParameters ?? {}, 'query', ev.queryStringParameters ?? {});
    s.body = check(s.route.body, s.json, '', undefined);
    for (const f of fields) if (f.path === '') f.path = '(body)';
    if (fields.length) throw new ValidationError(fields);
  },
});

/** Maps domain errors to their 4xx and anything else to a 500 with the request id and no stack trace. */
export const httpErrorsMiddleware = (logger: Logger): middy.MiddlewareObj => ({
  onError: (request) => {
    const err = request.error;
    const requestId = requestIdOf(request);
    const routeKey = (request.event as APIGatewayProxyEventV2 | undefined)?.routeKey;
    if (err instanceof AppError) {
      if (err.status >= 500) logger.error('request failed', { routeKey, error: err });
      else logger.info('request rejected', { routeKey, status: err.status, code: err.code, errorMessage: err.message });
      const retryAfter = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
      request.response = jsonResponse(
        err.status,
        errorBody(err, requestId),
        retryAfter ? { 'retry-after': String(retryAfter) } : {},
      );
    } else {
      logger.error('unhandled error', { routeKey, error: err as Error });
      request.response = jsonResponse(500, {
        error: {
          code: 'INTERNAL',
          message: 'Something went wrong on our side. Quote the request id if you report it.',
          requestId,
        },
      });
    }
  },
});
