/**
 * The local API Gateway WebSocket API, built on `ws`. On upgrade it runs the manifest's REQUEST
 * authorizer, then `$connect`; frames are routed by their JSON `action` (else `$default`); a close
 * runs `$disconnect`. The same port serves the `@connections` management API exactly as
 * @aws-sdk/client-apigatewaymanagementapi calls it (POST/GET/DELETE, 410 GoneException).
 * API Gateway's limits apply: 32 KB frames, 128 KB messages, 10-minute idle, 2-hour maximum.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { FEATURES } from '../../functions/manifest';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './bootstrap';
import type { LambdaRuntime } from './lambda-runtime';
import { readBody } from './util';

export const WS_FRAME_MAX = 32 * 1024;
export const WS_MESSAGE_MAX = 128 * 1024;
export const WS_IDLE_MS = 10 * 60 * 1000;
export const WS_MAX_MS = 2 * 60 * 60 * 1000;

interface Conn {
  id: string;
  socket: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
  stage: string;
  authorizer: Record<string, unknown>;
  idleTimer?: NodeJS.Timeout;
  maxTimer: NodeJS.Timeout;
}

export interface WsGatewayOptions {
  runtime: LambdaRuntime;
  apiId?: string;
  idleMs?: number;
  maxMs?: number;
  log?: (line: string) => void;
}

export interface WsGateway {
  server: http.Server;
  connections(): number;
  /** Closes every connection (running `$disconnect` for each). */
  closeAll(): Promise<void>;
}

/** An id like API Gateway's (`L0SM9cOFvHcCIhw=`). */
const newConnectionId = () => randomBytes(11).toString('base64');

export function createWsGateway(opts: WsGatewayOptions): WsGateway {
  const apiId = opts.apiId ?? 'localws';
  const idleMs = opts.idleMs ?? WS_IDLE_MS;
  const maxMs = opts.maxMs ?? WS_MAX_MS;
  const log = opts.log ?? (() => undefined);

  const authorizerFeature = FEATURES.find((f) => f.wsAuthorizer)?.feature;
  const routeOwner = new Map<string, string>();
  for (const f of FEATURES) for (const r of Object.values(f.ws)) routeOwner.set(r.route, f.feature);

  const conns = new Map<string, Conn>();
  const pendingDisconnects = new Set<Promise<unknown>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MESSAGE_MAX, perMessageDeflate: false });

  const baseContext = (
    c: { id: string; stage: string; connectedAt: number; sourceIp: string; userAgent: string },
    domainName: string,
  ) => ({
    connectionId: c.id,
    requestId: randomBytes(8).toString('base64url'),
    extendedRequestId: randomBytes(8).toString('base64url'),
    domainName,
    stage: c.stage,
    apiId,
    connectedAt: c.connectedAt,
    requestTimeEpoch: Date.now(),
    requestTime: new Date().toUTCString(),
    identity: { sourceIp: c.sourceIp, userAgent: c.userAgent },
  });

  const rejectUpgrade = (socket: Duplex, status: number, message: string) => {
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };

  async function onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer) {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://local');
    const stage = url.pathname.split('/').filter(Boolean)[0] ?? '$default';
    const host = req.headers.host ?? 'localhost';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) {
      query[k] = v;
      (multiQuery[k] ??= []).push(v);
    }
    const c = {
      id: newConnectionId(),
      stage,
      connectedAt: Date.now(),
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      userAgent: headers['user-agent'] ?? '',
    };

    // 1. The REQUEST authorizer.
    let authorizer: Record<string, unknown> = {};
    if (authorizerFeature) {
      const methodArn = `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${apiId}/${stage}/$connect`;
      const out = await opts.runtime.invoke(authorizerFeature, {
        type: 'REQUEST',
        methodArn,
        resource: '$connect',
        path: url.pathname,
        httpMethod: 'GET',
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        queryStringParameters: query,
        multiValueQueryStringParameters: multiQuery,
        stageVariables: {},
        requestContext: { ...baseContext(c, host), routeKey: '$connect', eventType: 'CONNECT', messageDirection: 'IN' },
      });
      if (!out.ok) {
        log(`ws authorizer failed: ${out.error.message}`);
        return rejectUpgrade(
          socket,
          out.error.message === 'Unauthorized' ? 401 : 500,
          out.error.message === 'Unauthorized' ? 'Unauthorized' : 'Internal server error',
        );
      }
      const policy = out.result as {
        principalId?: string;
        policyDocument?: { Statement?: { Effect?: string }[] };
        context?: Record<string, unknown>;
      } | null;
      const statements = policy?.policyDocument?.Statement ?? [];
      const allowed = statements.length > 0 && statements.every((s) => s.Effect === 'Allow');
      if (!allowed) return rejectUpgrade(socket, 401, 'Unauthorized');
      authorizer = { ...(policy?.context ?? {}), principalId: policy?.principalId ?? '', integrationLatency: out.ms };
    }

    // 2. $connect.
    const connectFeature = routeOwner.get('$connect');
    if (connectFeature) {
      const out = await opts.runtime.invoke(connectFeature, {
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        ...(Object.keys(query).length
          ? { queryStringParameters: query, multiValueQueryStringParameters: multiQuery }
          : {}),
        requestContext: {
          ...baseContext(c, host),
          routeKey: '$connect',
          eventType: 'CONNECT',
          messageDirection: 'IN',
          authorizer,
        },
        isBase64Encoded: false,
      });
      const status = out.ok ? Number((out.result as { statusCode?: number } | null)?.statusCode ?? 200) : 500;
      if (status < 200 || status > 299) {
        if (!out.ok) log(`ws $connect failed: ${out.error.message}`);
        return rejectUpgrade(
          socket,
          status,
          status === 500 ? 'Internal server error' : (http.STATUS_CODES[status] ?? 'Rejected'),
        );
      }
    }
    if (socket.destroyed) {
      void disconnect({ ...c, authorizer } as Conn, 1006, 'Connection closed during connect');
      return;
    }

    wss.handleUpgrade(req, socket, head, (ws) => {
      limitFrames(ws);
      const conn: Conn = {
        ...c,
        socket: ws,
        lastActiveAt: Date.now(),
        authorizer,
        maxTimer: setTimeout(() => ws.close(1001, 'Going away'), maxMs),
      };
      conn.maxTimer.unref();
      conns.set(conn.id, conn);
      touch(conn);
      ws.on('message', (data, isBinary) => {
        touch(conn);
        const buf = Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.isBuffer(data)
            ? data
            : Buffer.from(data as ArrayBuffer);
        void onMessage(conn, buf, isBinary, host);
      });
      ws.on('ping', () => touch(conn));
      ws.on('error', () => undefined);
      ws.on('close', (code, reason) => {
        clearTimeout(conn.maxTimer);
        if (conn.idleTimer) clearTimeout(conn.idleTimer);
        if (conns.get(conn.id) === conn) conns.delete(conn.id);
        const p = disconnect(conn, code, reason.toString('utf8'), host);
        pendingDisconnects.add(p);
        void p.finally(() => pendingDisconnects.delete(p));
      });
    });
  }

  /** API Gateway refuses frames over 32 KB (close 1009) even when the whole message is under 128 KB. */
  function limitFrames(ws: WebSocket) {
    const receiver = (ws as unknown as { _receiver?: { haveLength?: (cb: (e?: Error) => void) => void } })._receiver;
    const original = receiver?.haveLength;
    if (!receiver || !original) return;
    receiver.haveLength = function (
      this: { _payloadLength: number; _opcode: number; createError: (...a: unknown[]) => Error },
      cb,
    ) {
      if (this._opcode < 0x08 && this._payloadLength > WS_FRAME_MAX) {
        cb(this.createError(RangeError, 'Frame size exceeded', false, 1009, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'));
        return;
      }
      return original.call(this, cb);
    };
  }

  function touch(conn: Conn) {
    conn.lastActiveAt = Date.now();
    if (conn.idleTimer) clearTimeout(conn.idleTimer);
    conn.idleTimer = setTimeout(() => conn.socket.close(1001, 'Going away'), idleMs);
    conn.idleTimer.unref();
  }

  async function onMessage(conn: Conn, data: Buffer, isBinary: boolean, host: string) {
    const body = isBinary ? data.toString('base64') : data.toString('utf8');
    let routeKey = '$default';
    if (!isBinary) {
      try {
        const action = (JSON.parse(body) as { action?: unknown })?.action;
        if (typeof action === 'string' && routeOwner.has(action) && !action.startsWith('$')) routeKey = action;
      } catch {
        /* not JSON: $default */
      }
    }
    const ctx = {
      ...baseContext(conn, host),
      routeKey,
      eventType: 'MESSAGE',
      messageDirection: 'IN',
      messageId: randomBytes(8).toString('base64url'),
      authorizer: conn.authorizer,
    };
    const feature = routeOwner.get(routeKey);
    if (!feature) {
      safeSend(conn, JSON.stringify({ message: 'Forbidden', connectionId: conn.id, requestId: ctx.requestId }));
      return;
    }
    const out = await opts.runtime.invoke(feature, { requestContext: ctx, body, isBase64Encoded: isBinary });
    if (!out.ok) {
      log(`ws ${routeKey} failed: ${out.error.message}`);
      safeSend(
        conn,
        JSON.stringify({ message: 'Internal server error', connectionId: conn.id, requestId: ctx.requestId }),
      );
    }
  }

  function safeSend(conn: Conn, data: string | Buffer) {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(data);
  }

  async function disconnect(conn: Conn, code: number, reason: string, host = 'localhost') {
    const feature = routeOwner.get('$disconnect');
    if (!feature) return;
    const out = await opts.runtime.invoke(feature, {
      headers: { Host: host },
      requestContext: {
        ...baseContext(conn, host),
        routeKey: '$disconnect',
        eventType: 'DISCONNECT',
        messageDirection: 'IN',
        disconnectStatusCode: code,
        disconnectReason: reason,
        authorizer: conn.authorizer,
      },
      isBase64Encoded: false,
    });
    if (!out.ok) log(`ws $disconnect failed: ${out.error.message}`);
  }

  // ---- @connections management API ----------------------------------------------------------------
  const gone = (res: http.ServerResponse, id: string) => {
    res.writeHead(410, {
      'content-type': 'application/json',
      'x-amzn-errortype': 'GoneException',
      'x-amzn-requestid': randomUUID(),
    });
    res.end(JSON.stringify({ message: `Connection ${id} is gone` }));
  };

  async function onManagement(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local');
    // An optional stage prefix: /{stage}/@connections/{id}.
    const m = /^(?:\/[^/]+)?\/@connections\/([^/]+)$/.exec(url.pathname);
    const reqId = randomUUID();
    if (!m) {
      req.resume();
      res.writeHead(url.pathname === '/' || url.pathname === '/health' ? 426 : 403, {
        'content-type': 'application/json',
        'x-amzn-requestid': reqId,
        'x-amzn-errortype': 'ForbiddenException',
      });
      res.end(
        JSON.stringify({
          message: url.pathname === '/' ? 'Upgrade Required: this is the WebSocket endpoint' : 'Forbidden',
        }),
      );
      return;
    }
    let id: string;
    try {
      id = decodeURIComponent(m[1]!);
    } catch {
      id = m[1]!;
    }
    const conn = conns.get(id);
    const method = req.method ?? 'GET';
    if (method === 'POST') {
      const { body, tooLarge } = await readBody(req, WS_MESSAGE_MAX);
      if (tooLarge) {
        res.writeHead(413, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'PayloadTooLargeException',
          'x-amzn-requestid': reqId,
        });
        res.end(JSON.stringify({ message: 'Payload too large' }));
        return;
      }
      if (!conn || conn.socket.readyState !== conn.socket.OPEN) return gone(res, id);
      // A text frame straight from the request bytes (no string round trip).
      conn.socket.send(body, { binary: false });
      res.writeHead(200, { 'x-amzn-requestid': reqId, 'content-length': '0' });
      res.end();
      return;
    }
    req.resume();
    if (!conn || conn.socket.readyState !== conn.socket.OPEN) return gone(res, id);
    if (method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': reqId });
      res.end(
        JSON.stringify({
          // The wire names (the SDK maps them to ConnectedAt, LastActiveAt, Identity.SourceIp/UserAgent).
          connectedAt: new Date(conn.connectedAt).toISOString(),
          lastActiveAt: new Date(conn.lastActiveAt).toISOString(),
          identity: { sourceIp: conn.sourceIp, userAgent: conn.userAgent },
        }),
      );
      return;
    }
    if (method === 'DELETE') {
      conn.socket.close(1000, 'Closed by the server');
      res.writeHead(204, { 'x-amzn-requestid': reqId });
      res.end();
      return;
    }
    res.writeHead(405, { 'content-type': 'application/json', 'x-amzn-requestid': reqId });
    res.end(JSON.stringify({ message: 'Method not allowed' }));
  }

  const server = http.createServer((req, res) => {
    onManagement(req, res).catch((e: unknown) => {
      log(`management API error: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal server error' }));
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((e: unknown) => {
      log(`ws upgrade error: ${(e as Error).message}`);
      rejectUpgrade(socket, 500, 'Internal server error');
    });
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  // Management callers keep their connections open between fan-outs (API Gateway's idle timeout is minutes).
  server.keepAliveTimeout = 65_000;

  return {
    server,
    connections: () => conns.size,
    async closeAll() {
      for (const c of conns.values()) c.socket.terminate();
      await new Promise((r) => setImmediate(r));
      await Promise.allSettled([...pendingDisconnects]);
      wss.close();
    },
  };
}
