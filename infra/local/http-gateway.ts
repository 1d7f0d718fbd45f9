/**
 * The local API Gateway HTTP API (payload format 2.0): routes come from the manifest, requests become
 * APIGatewayProxyEventV2 events for the owning feature's handler, non-public routes pass the same
 * JWT check API Gateway's Cognito authorizer makes, and the gateway's own limits apply (10 MB body,
 * 29 s integration timeout, 404 for unknown routes and methods, CORS for the portal origin).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { FEATURES } from '../../functions/manifest';
import type { Access, HttpMethod } from '../../shared/manifest/types';
import { bearerToken, verifyIdToken, type VerifierConfig } from '../../shared/auth/jwt';
import { LOCAL_ACCOUNT } from './bootstrap';
import type { LambdaRuntime } from './lambda-runtime';
import { readBody } from './util';

export const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;
export const API_GATEWAY_TIMEOUT_MS = 29_000;

interface Route {
  feature: string;
  method: HttpMethod;
  path: string;
  routeKey: string;
  access: Access;
  regex: RegExp;
  params: string[];
  /** Fewer parameters = more specific; API Gateway prefers the most specific match. */
  specificity: number;
}

export function compileRoutes(): Route[] {
  const routes: Route[] = [];
  for (const f of FEATURES) {
    for (const r of Object.values(f.http)) {
      const params: string[] = [];
      let greedy = 0;
      const pattern = r.path
        .split('/')
        .map((seg) => {
          const m = /^\{([^}+]+)(\+)?\}$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          params.push(m[1]!);
          if (m[2]) {
            greedy++;
            return '(.+)';
          }
          return '([^/]+)';
        })
        .join('/');
      routes.push({
        feature: f.feature,
        method: r.method,
        path: r.path,
        routeKey: `${r.method} ${r.path}`,
        access: r.access,
        regex: new RegExp(`^${pattern}$`),
        params,
        specificity: params.length + greedy * 100,
      });
    }
  }
  return routes.sort((a, b) => a.specificity - b.specificity);
}

/** API Gateway hands JWT claims to the Lambda as strings: arrays as `[a b]`, numbers as text. */
export function stringifyClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(claims)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) out[k] = `[${v.map(String).join(' ')}]`;
    else if (typeof v === 'object') out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[\w.+-]+\+(json|xml))|multipart\/form-data)/i;

export interface HttpGatewayOptions {
  runtime: LambdaRuntime;
  verifier: VerifierConfig;
  /** Origins allowed by CORS (the portal's). */
  allowedOrigins: string[];
  apiId?: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Adds `x-ddb-calls` (DynamoDB commands sent while handling the request). */
  countCalls?: <T>(fn: () => Promise<T>) => Promise<{ result: T; total: number }>;
  log?: (line: string) => void;
}

export function createHttpGateway(opts: HttpGatewayOptions): http.Server {
  const routes = compileRoutes();
  const apiId = opts.apiId ?? 'localapi';
  const timeoutMs = opts.timeoutMs ?? API_GATEWAY_TIMEOUT_MS;
  const maxBody = opts.maxBodyBytes ?? API_GATEWAY_MAX_BODY;
  const allowed = new Set(opts.allowedOrigins);

  const corsHeaders = (origin: string | undefined): Record<string, string> =>
    origin && allowed.has(origin)
      ? {
          'access-control-allow-origin': origin,
          'access-control-expose-headers': 'apigw-requestid, x-ddb-calls, content-length, etag',
          vary: 'origin',
        }
      : {};

  const send = (
    res: http.ServerResponse,
    status: number,
    headers: Record<string, string | string[]>,
    body?: Buffer | string,
  ) => {
    if (res.headersSent) return;
    res.writeHead(status, headers);
    res.end(body);
  };
  const json = (res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) =>
    send(res, status, { 'content-type': 'application/json', ...extra }, JSON.stringify(body));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const requestId = randomBytes(8).toString('base64url');
    const origin = req.headers.origin;
    const base = { 'apigw-requestid': requestId, ...corsHeaders(origin) };
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();

    // CORS preflight is answered by the gateway itself (as API Gateway's CORS configuration does).
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (!origin || !allowed.has(origin)) return send(res, 204, { 'apigw-requestid': requestId });
      return send(res, 204, {
        ...base,
        'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
        'access-control-allow-headers': 'authorization,content-type,if-match,x-request-id',
        'access-control-max-age': '600',
      });
    }

    let rawPath: string;
    try {
      rawPath = decodeURIComponent(url.pathname);
    } catch {
      rawPath = url.pathname;
    }
    let hit: { route: Route; match: RegExpExecArray } | undefined;
    for (const route of routes) {
      if (route.method !== method) continue;
      const match = route.regex.exec(url.pathname);
      if (match) {
        hit = { route, match };
        break;
      }
    }
    if (!hit) {
      req.resume();
      return json(res, 404, { message: 'Not Found' }, base);
    }
    const { route, match } = hit;

    const { body: bodyBuf, tooLarge } = await readBody(req, maxBody);
    if (tooLarge) return json(res, 413, { message: 'Request Entity Too Large' }, { ...base, connection: 'close' });

    // The JWT authorizer: a valid Cognito ID token or 401, before the Lambda runs.
    let claims: Record<string, string> | undefined;
    if (route.access !== 'public') {
      const verified = await verifyIdToken(bearerToken(req.headers.authorization), opts.verifier).catch(() => null);
      if (!verified)
        return json(
          res,
          401,
          {
            error: { code: 'UNAUTHORIZED', message: 'Sign-in required: a valid Bearer ID token is needed', requestId },
          },
          base,
        );
      claims = stringifyClaims(verified as unknown as Record<string, unknown>);
    }

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === 'cookie') continue;
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    }
    const cookies = req.headers.cookie ? req.headers.cookie.split(/;\s*/).filter(Boolean) : undefined;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const pathParameters: Record<string, string> = {};
    route.params.forEach((p, i) => {
      const raw = match[i + 1] ?? '';
      try {
        pathParameters[p] = decodeURIComponent(raw);
      } catch {
        pathParameters[p] = raw;
      }
    });
    const contentType = headers['content-type'] ?? '';
    const isText = !contentType || TEXT_TYPES.test(contentType);
    const hasBody = bodyBuf.length > 0;
    const now = new Date();
    const host = headers.host ?? 'localhost';
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath,
      rawQueryString: url.search.replace(/^\?/, ''),
      ...(cookies ? { cookies } : {}),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(route.params.length ? { pathParameters } : {}),
      requestContext: {
        accountId: LOCAL_ACCOUNT,
        apiId,
        domainName: host,
        domainPrefix: host.split('.')[0] ?? host,
        http: {
          method,
          path: rawPath,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: route.routeKey,
        stage: '$default',
        time: formatApigwTime(now),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      } as APIGatewayProxyEventV2['requestContext'],
      ...(hasBody ? { body: isText ? bodyBuf.toString('utf8') : bodyBuf.toString('base64') } : {}),
      isBase64Encoded: hasBody && !isText,
    };

    const run = () => opts.runtime.invoke(route.feature, event, timeoutMs);
    let calls: number | undefined;
    let outcome;
    if (opts.countCalls) {
      const counted = await opts.countCalls(run);
      outcome = counted.result;
      calls = counted.total;
    } else outcome = await run();
    const extra: Record<string, string> = { ...base, ...(calls !== undefined ? { 'x-ddb-calls': String(calls) } : {}) };
    opts.log?.(
      `${method} ${url.pathname} → ${route.feature} ${outcome.ok ? 'ok' : outcome.error.message} ${outcome.ms} ms`,
    );

    if (!outcome.ok) {
      if (outcome.timedOut) return json(res, 503, { message: 'Service Unavailable' }, extra);
      return json(res, 500, { message: 'Internal Server Error' }, extra);
    }
    writeResult(res, outcome.result, extra);
  }

  function writeResult(res: http.ServerResponse, result: unknown, extra: Record<string, string>) {
    const r = result as {
      statusCode?: unknown;
      headers?: Record<string, unknown>;
      body?: unknown;
      isBase64Encoded?: boolean;
      cookies?: string[];
    } | null;
    // Payload 2.0: a result without statusCode is a JSON body with status 200.
    if (!r || typeof r !== 'object' || typeof r.statusCode !== 'number') {
      return json(res, 200, result === undefined ? null : result, extra);
    }
    const headers: Record<string, string | string[]> = { ...extra };
    for (const [k, v] of Object.entries(r.headers ?? {}))
      if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
    if (r.cookies?.length) headers['set-cookie'] = r.cookies;
    const body =
      typeof r.body === 'string'
        ? r.isBase64Encoded
          ? Buffer.from(r.body, 'base64')
          : Buffer.from(r.body, 'utf8')
        : undefined;
    if (body && !headers['content-type']) headers['content-type'] = 'application/json';
    send(res, r.statusCode, headers, body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      opts.log?.(`gateway error: ${(e as Error).message}`);
      try {
        json(res, 500, { message: 'Internal Server Error' });
      } catch {
        res.destroy();
      }
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
function formatApigwTime(d: Date): string {
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export const newRequestId = () => randomUUID();
