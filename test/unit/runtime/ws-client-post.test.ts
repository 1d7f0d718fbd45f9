/**
 * The signed fast path of PostToConnection (shared/runtime/ws-client.ts) against a loopback stand-in of
 * the @connections API: the wire request is the SDK's (path, body, SigV4 over host/date/payload hash), a
 * signature recomputed from what arrived matches, 410 → false, 5xx retried, 403 thrown.
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postFrame, postToConnection, prepareFrame } from '../../../shared/runtime/ws-client';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
let server: http.Server;
let endpoint: string;
const seen: Seen[] = [];
let answers: number[] = [];

beforeAll(async () => {
  delete process.env.WS_MANAGEMENT_TRANSPORT; // unit-env routes posts through the mocked SDK; here: the real path
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      const status = answers.shift() ?? 200;
      const type =
        status === 410
          ? 'GoneException'
          : status === 403
            ? 'ForbiddenException'
            : status >= 500
              ? 'InternalServerErrorException'
              : undefined;
      res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) });
      res.end(status === 200 ? '' : JSON.stringify({ message: `status ${status}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod`;
});
afterAll(async () => {
  process.env.WS_MANAGEMENT_TRANSPORT = 'sdk';
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
  answers = [];
});

const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** SigV4 recomputed by hand from the request as it arrived (execute-api, us-east-1, the unit credentials). */
function expectedSignature(r: Seen): string {
  const auth = String(r.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
  const date = String(r.headers['x-amz-date']);
  // Canonical path: each segment encoded once more (the non-S3 rule), '/' kept.
  const canonicalPath = r.url
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
  const canonical = [
    r.method,
    canonicalPath,
    '',
    ...signedHeaders.map((h) => `${h}:${String(r.headers[h]).trim()}`),
    '',
    signedHeaders.join(';'),
    sha(r.body),
  ].join('\n');
  const scope = `${date.slice(0, 8)}/us-east-1/execute-api/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${process.env.AWS_SECRET_ACCESS_KEY}`, date.slice(0, 8));
  for (const part of ['us-east-1', 'execute-api', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(toSign).digest('hex');
}

it('posts the frame to /{stage}/@connections/{id}, signed with SigV4 over the body it sends', async () => {
  const frame = { type: 'message.new', text: 'héllo' };
  await expect(postToConnection('L0SM9c+/OFvHcCIhw=', frame, endpoint)).resolves.toBe(true);
  expect(seen).toHaveLength(1);
  const r = seen[0]!;
  expect(r.method).toBe('POST');
  expect(r.url).toBe('/prod/@connections/L0SM9c%2B%2FOFvHcCIhw%3D');
  expect(JSON.parse(r.body.toString('utf8'))).toEqual(frame);
  expect(r.headers['x-amz-content-sha256']).toBe(sha(r.body));
  const auth = String(r.headers.authorization);
  expect(auth).toMatch(
    /^AWS4-HMAC-SHA256 Credential=unit\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date/,
  );
  expect(/Signature=([0-9a-f]{64})$/.exec(auth)![1]).toBe(expectedSignature(r));
});

it('one prepared frame serves many sockets, each request signed for its own path', async () => {
  const prepared = prepareFrame({ type: 'typing', chatId: 'c1' });
  await Promise.all(['a=', 'b=', 'c='].map((id) => postFrame(id, prepared, endpoint)));
  expect(seen.map((r) => r.url).sort()).toEqual([
    '/prod/@connections/a%3D',
    '/prod/@connections/b%3D',
    '/prod/@connections/c%3D',
  ]);
  for (const r of seen)
    expect(/Signature=([0-9a-f]{64})$/.exec(String(r.headers.authorization))![1]).toBe(expectedSignature(r));
});

it('410 GoneException → false; a 5xx is retried; 403 is thrown, not taken for gone', async () => {
  answers = [410];
  await expect(postToConnection('gone=', { x: 1 }, endpoint)).resolves.toBe(false);
  answers = [500, 200];
  await expect(postToConnection('flaky=', { x: 1 }, endpoint)).resolves.toBe(true);
  expect(seen.filter((r) => r.url.endsWith('flaky%3D'))).toHaveLength(2);
  answers = [403];
  await expect(postToConnection('denied=', { x: 1 }, endpoint)).rejects.toMatchObject({
    name: 'ForbiddenException',
    statusCode: 403,
  });
  answers = [503, 503, 503];
  await expect(postToConnection('down=', { x: 1 }, endpoint)).rejects.toMatchObject({ statusCode: 503 });
  expect(seen.filter((r) => r.url.endsWith('down%3D'))).toHaveLength(3);
});
