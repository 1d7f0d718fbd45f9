/**
 * A local Lambda function URL (manifest `functionUrl`): every request, whatever its method (PROPFIND, REPORT…),
 * becomes a payload-2.0 event with routeKey `$default` for the feature's handler, as Lambda's function URLs send
 * them; auth NONE (the function checks its own credentials). One server per feature, on its own port, so the
 * handler's paths start at `/` as they do on `https://<id>.lambda-url.<region>.on.aws/`.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT } from './bootstrap';
import type { LambdaRuntime } from './lambda-runtime';
import { readBody } from './util';

/** Function URLs accept 6 MB request payloads and time out with the function (29 s here, as the portal's functions). */
const MAX_BODY = 6 * 1024 * 1024;
const TIMEOUT_MS = 29_000;
const TEXT_TYPES = /^(text\/|application\/(json|xml|[\w.+-]+\+(json|xml)))/i;

export function createFunctionUrlGateway(opts: {
  runtime: LambdaRuntime;
  feature: string;
  log?: (line: string) => void;
}): http.Server {
  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const requestId = randomBytes(8).toString('hex');
    const url = new URL(req.url ?? '/', 'http://local');
    const method = (req.method ?? 'GET').toUpperCase();
    const { body, tooLarge } = await readBody(req, MAX_BODY);
    if (tooLarge) {
      res.writeHead(413, { 'content-type': 'text/plain' });
      return res.end('Request Entity Too Large');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === 'cookie') continue;
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const contentType = headers['content-type'] ?? '';
    const isText = !contentType || TEXT_TYPES.test(contentType);
    const host = headers.host ?? 'localhost';
    const now = new Date();
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: '$default',
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      requestContext: {
        accountId: LOCAL_ACCOUNT,
        apiId: `local-${opts.feature}`,
        domainName: host,
        domainPrefix: host.split('.')[0] ?? host,
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: '$default',
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
      },
      ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0 && !isText,
    };
    const outcome = await opts.runtime.invoke(opts.feature, event, TIMEOUT_MS);
    opts.log?.(
      `${method} ${url.pathname} → ${opts.feature} (function URL) ${outcome.ok ? 'ok' : outcome.error.message}`,
    );
    if (!outcome.ok) {
      res.writeHead(outcome.timedOut ? 504 : 502, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ Message: outcome.timedOut ? 'Timeout' : 'Internal Server Error' }));
    }
    const r = outcome.result as {
      statusCode?: number;
      headers?: Record<string, unknown>;
      body?: string;
      isBase64Encoded?: boolean;
    } | null;
    const out: Record<string, string> = { 'x-amzn-requestid': requestId };
    for (const [k, v] of Object.entries(r?.headers ?? {}))
      if (v !== undefined && v !== null) out[k.toLowerCase()] = String(v);
    const payload =
      typeof r?.body === 'string' ? Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8') : undefined;
    res.writeHead(typeof r?.statusCode === 'number' ? r.statusCode : 200, out);
    res.end(payload);
  }
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      opts.log?.(`function URL error: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}
