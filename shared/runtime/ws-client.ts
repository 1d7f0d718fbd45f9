/**
 * The `@connections` management API: push a frame to a socket, close a socket.
 *
 * PostToConnection is the hot path of every fan-out (one call per socket), so it does not go through the
 * SDK's middleware stack: the request is signed with SigV4 by @smithy/signature-v4 (the signer the SDK
 * itself uses; the signing key is cached per day) with the SDK client's own credential provider and
 * region, and sent on a keep-alive agent with enough sockets for a fan-out. The wire request is the
 * SDK's: `POST {endpoint}/@connections/{id}`, body = the frame, `x-amz-content-sha256` signed (computed
 * once per frame, not per socket). 410 → Gone (false); throttling, 5xx and connection resets are retried
 * like the SDK's standard retry (3 attempts, jittered backoff). GET/DELETE keep using the SDK client;
 * WS_MANAGEMENT_TRANSPORT=sdk sends PostToConnection through it too (a fallback; the unit tests mock it).
 * The SDK package is loaded on the first frame or close, not at cold start: most invocations send none (issue 11 §5).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import { onClientsReset } from '../aws/registry';

type ManagementSdk = typeof import('@aws-sdk/client-apigatewaymanagementapi');
let sdk: Promise<ManagementSdk> | undefined;
const loadSdk = (): Promise<ManagementSdk> => (sdk ??= import('@aws-sdk/client-apigatewaymanagementapi'));

let client: ApiGatewayManagementApiClient | undefined;
let clientEndpoint: string | undefined;
onClientsReset(() => {
  client = undefined;
  clientEndpoint = undefined;
  poster = undefined;
});

/**
 * The `@connections` management endpoint. In the cloud it is `https://{domain}/{stage}` (set by CDK as
 * WS_MANAGEMENT_ENDPOINT); locally the gateway serves the same API on its own port.
 */
export async function managementClient(
  endpoint = process.env.WS_MANAGEMENT_ENDPOINT,
): Promise<ApiGatewayManagementApiClient> {
  if (!endpoint) throw new Error('WS_MANAGEMENT_ENDPOINT is not set');
  const { ApiGatewayManagementApiClient } = await loadSdk();
  if (!client || clientEndpoint !== endpoint) {
    client = new ApiGatewayManagementApiClient({
      endpoint,
      ...(process.env.AWS_REGION ? {} : { region: 'us-east-1' }),
    });
    clientEndpoint = endpoint;
    poster = undefined;
  }
  return client;
}

/** node:crypto behind the Checksum interface the signer expects (SHA-256, or HMAC-SHA-256 with a key). */
type Source = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Source): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);
class Sha256 {
  private h: Hash | Hmac;
  constructor(private readonly secret?: Source) {
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: Uint8Array) {
    this.h.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.h.digest());
  }
  reset() {
    this.h = this.fresh();
  }
}

/** Sockets to the management endpoint: a whole fan-out in flight at once, kept open between sends. */
const MAX_SOCKETS = Number(process.env.WS_MANAGEMENT_MAX_SOCKETS ?? 256);
const ATTEMPTS = 3;

interface Poster {
  url: URL;
  basePath: string;
  agent: http.Agent;
  request: typeof http.request;
  signer: SignatureV4;
}
let poster: Poster | undefined;

async function getPoster(endpoint?: string): Promise<Poster> {
  const c = await managementClient(endpoint);
  if (poster) return poster;
  const url = new URL(clientEndpoint!);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS })
    : new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS });
  const signer = new SignatureV4({
    service: 'execute-api',
    region: c.config.region,
    credentials: c.config.credentials,
    sha256: Sha256,
  });
  poster = {
    url,
    basePath: url.pathname.replace(/\/+$/, ''),
    agent,
    request: secure ? https.request : http.request,
    signer,
  };
  return poster;
}

/** A frame ready to send to many sockets: serialised and hashed once. */
export interface PreparedFrame {
  body: Buffer;
  sha256: string;
}

/** `frame` as JSON (a Buffer is sent as is). */
export function prepareFrame(frame: unknown): PreparedFrame {
  const body = Buffer.isBuffer(frame) ? frame : Buffer.from(JSON.stringify(frame));
  return { body, sha256: createHash('sha256').update(body).digest('hex') };
}

/** The SDK's path encoding of a connection id (encodeURIComponent plus !'()*). */
const encodeId = (id: string) =>
  encodeURIComponent(id).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

class ManagementApiError extends Error {
  constructor(
    name: string,
    message: string,
    readonly statusCode: number,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = name;
  }
}

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'ECONNABORTED']);

async function postOnce(p: Poster, connectionId: string, frame: PreparedFrame): Promise<number> {
  const path = `${p.basePath}/@connections/${encodeId(connectionId)}`;
  const signed = await p.signer.sign({
    method: 'POST',
    protocol: p.url.protocol,
    hostname: p.url.hostname,
    ...(p.url.port ? { port: Number(p.url.port) } : {}),
    path,
    query: {},
    headers: {
      host: p.url.host,
      'content-type': 'application/octet-stream',
      'content-length': String(frame.body.length),
      'x-amz-content-sha256': frame.sha256,
    },
    body: frame.body,
  });
  return new Promise<number>((resolve, reject) => {
    const req = p.request(
      {
        agent: p.agent,
        method: 'POST',
        hostname: p.url.hostname,
        port: p.url.port || undefined,
        path,
        headers: signed.headers,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          res.resume();
          res.on('end', () => resolve(status));
          res.on('error', reject);
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const type =
            String(res.headers['x-amzn-errortype'] ?? '').split(':')[0] ||
            (status === 410 ? 'GoneException' : `Http${status}`);
          let message = `PostToConnection: ${status}`;
          try {
            message = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: string }).message ?? message;
          } catch {
            /* not JSON */
          }
          reject(
            new ManagementApiError(
              type,
              message,
              status,
              status === 429 || status >= 500 || type === 'LimitExceededException',
            ),
          );
        });
      },
    );
    req.on('error', reject);
    req.end(frame.body);
  });
}

/**
 * Sends one prepared frame to one socket; false when the connection is gone (the caller forgets it).
 * Throws on any other refusal once the retries are spent.
 */
export async function postFrame(connectionId: string, frame: PreparedFrame, endpoint?: string): Promise<boolean> {
  if (process.env.WS_MANAGEMENT_TRANSPORT === 'sdk') return postWithSdk(connectionId, frame.body, endpoint);
  const p = await getPoster(endpoint);
  for (let attempt = 1; ; attempt++) {
    try {
      await postOnce(p, connectionId, frame);
      return true;
    } catch (e) {
      if (e instanceof ManagementApiError && e.name === 'GoneException') return false;
      const retryable =
        e instanceof ManagementApiError ? e.retryable : RETRYABLE_CODES.has((e as NodeJS.ErrnoException).code ?? '');
      if (!retryable || attempt >= ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 100 * 2 ** (attempt - 1)));
    }
  }
}

/** Sends one JSON frame; returns false when the connection is gone (the caller forgets it). */
export function postToConnection(connectionId: string, data: unknown, endpoint?: string): Promise<boolean> {
  return postFrame(connectionId, prepareFrame(data), endpoint);
}

/**
 * The same call through the SDK client (WS_MANAGEMENT_TRANSPORT=sdk): a fallback switch, and what the
 * unit tests use (they mock the SDK client).
 */
async function postWithSdk(connectionId: string, body: Buffer, endpoint?: string): Promise<boolean> {
  const { GoneException, PostToConnectionCommand } = await loadSdk();
  try {
    await (
      await managementClient(endpoint)
    ).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: body }));
    return true;
  } catch (e) {
    if (e instanceof GoneException || (e as { name?: string }).name === 'GoneException') return false;
    throw e;
  }
}

export async function closeConnection(connectionId: string, endpoint?: string): Promise<void> {
  const { DeleteConnectionCommand } = await loadSdk();
  try {
    await (await managementClient(endpoint)).send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
  } catch (e) {
    if ((e as { name?: string }).name !== 'GoneException') throw e;
  }
}
