/** The local HTTP gateway: routing, the JWT authorizer, API Gateway's limits, and handlers end to end. */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { portalConfigSchema } from '../../shared/config/portal-config';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(30_000);

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function signJwt(payload: Record<string, unknown>, pem: string, kid = 'CognitoLocal'): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(payload)}`;
  const sig = createSign('RSA-SHA256').update(head).sign(pem).toString('base64url');
  return `${head}.${sig}`;
}
/** cognito-local signs with a key shipped in the package: good for a correctly signed but expired token. */
const cognitoLocalPem = () =>
  (
    JSON.parse(
      readFileSync(path.join(process.cwd(), 'node_modules/cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8'),
    ) as { pem: string }
  ).pem;

let employee: TestUser;
beforeAll(async () => {
  employee = await signUpUser('employee');
});

describe('routing', () => {
  it('GET /health answers 200 through the gateway', async () => {
    const r = await api('/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', checks: { table: { status: 'ok' } } });
    expect(r.headers.get('apigw-requestid')).toBeTruthy();
  });

  it('unknown routes and unknown methods on known paths are 404, like API Gateway', async () => {
    expect((await api('/nope')).status).toBe(404);
    expect((await api('/me', { method: 'DELETE', token: employee.token })).status).toBe(404);
    expect((await api('/health', { method: 'POST', body: {} })).status).toBe(404);
  });

  it('answers CORS preflight for the portal origin only', async () => {
    const origin = itStack().urls.portal;
    const ok = await api('/me/preferences', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    expect(ok.headers.get('access-control-allow-methods')).toContain('PATCH');
    const other = await api('/me', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const get = await api('/health', { headers: { origin } });
    expect(get.headers.get('access-control-allow-origin')).toBe(origin);
  });
});

describe('JWT authorizer', () => {
  it('401 without a token, without invoking the handler', async () => {
    const r = await api('/me');
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('401 with a forged token (payload changed, or signed by another key)', async () => {
    const [h, p, s] = employee.token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${h}.${b64({ ...payload, 'cognito:groups': ['admin'] })}.${s}`;
    expect((await api('/me', { token: tampered })).status).toBe(401);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = signJwt({ ...payload }, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect((await api('/me', { token: foreign })).status).toBe(401);
    expect((await api('/me', { headers: { authorization: 'Bearer not-a-jwt' } })).status).toBe(401);
  });

  it('401 with an expired (correctly signed) token', async () => {
    const payload = JSON.parse(Buffer.from(employee.token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      number
    >;
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({ ...payload, iat: now - 7200, auth_time: now - 7200, exp: now - 3600 }, cognitoLocalPem());
    expect((await api('/me', { token: expired })).status).toBe(401);
    // The same key with a valid expiry is accepted: the 401 above is about the expiry alone.
    const fresh = signJwt({ ...payload, iat: now, exp: now + 600 }, cognitoLocalPem());
    expect((await api('/me', { token: fresh })).status).toBe(200);
  });

  it('200 with a real Cognito ID token; claims reach the handler (sub, email, groups)', async () => {
    const r = await api('/me', { token: employee.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ sub: employee.sub, email: employee.email, groups: ['employee'] });
  });

  it('an admin gets the admin group', async () => {
    const admin = await signUpUser('admin');
    expect((await api('/me', { token: admin.token })).json).toMatchObject({ groups: ['admin'] });
  });
});

describe('PATCH /me/preferences', () => {
  it('writes, then rejects a stale version with 409 and leaves the item unchanged', async () => {
    const u = await signUpUser('employee');
    const first = await api('/me/preferences', {
      method: 'PATCH',
      token: u.token,
      body: { language: 'ro', timeZone: 'Europe/Bucharest', version: 0 },
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ language: 'ro', timeZone: 'Europe/Bucharest', version: 1 });

    const stale = await api('/me/preferences', {
      method: 'PATCH',
      token: u.token,
      body: { language: 'en', version: 0 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: { code: 'CONFLICT' } });

    const me = await api('/me', { token: u.token });
    expect(me.json).toMatchObject({ preferences: { language: 'ro', timeZone: 'Europe/Bucharest', version: 1 } });

    const next = await api('/me/preferences', {
      method: 'PATCH',
      token: u.token,
      body: { language: 'en', version: 1 },
    });
    expect(next.status).toBe(200);
    expect(next.json).toMatchObject({ language: 'en', version: 2 });
  });

  it('malformed JSON → 400', async () => {
    const r = await api('/me/preferences', {
      method: 'PATCH',
      token: employee.token,
      rawBody: '{"version": 0,',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('invalid input → 400 naming the field', async () => {
    const r = await api('/me/preferences', {
      method: 'PATCH',
      token: employee.token,
      body: { language: 'xx', version: 0 },
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      error: { code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ path: 'language' })] },
    });
  });

  it('wrong content type → 415', async () => {
    const r = await api('/me/preferences', {
      method: 'PATCH',
      token: employee.token,
      rawBody: 'language=ro',
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(415);
  });

  it("a body over the route's limit → 413 (from the handler chain)", async () => {
    const r = await api('/me/preferences', {
      method: 'PATCH',
      token: employee.token,
      body: { version: 0, pad: 'x'.repeat(4000) },
    });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it("a body over API Gateway's 10 MB → 413 from the gateway itself", async () => {
    const r = await api('/me/preferences', {
      method: 'PATCH',
      token: employee.token,
      rawBody: Buffer.alloc(10 * 1024 * 1024 + 10, 'a'),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(413);
    // The gateway is still fine afterwards.
    expect((await api('/health')).status).toBe(200);
  });
});

describe('portal server', () => {
  it('serves /config.json in the shape the SPA parses', async () => {
    const r = await fetch(`${itStack().urls.portal}/config.json`);
    expect(r.status).toBe(200);
    const cfg = portalConfigSchema.parse(await r.json());
    expect(cfg).toMatchObject({
      apiUrl: itStack().urls.api,
      wsUrl: itStack().urls.ws,
      userPoolId: itStack().userPool.id,
      tenant: 'local',
      stage: 'local',
    });
  });

  it('cognito-local answers CORS preflight from the portal origin (the SPA signs in directly)', async () => {
    const r = await fetch(itStack().urls.cognito, {
      method: 'OPTIONS',
      headers: {
        origin: itStack().urls.portal,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    });
    expect(r.status).toBeLessThan(300);
    expect(r.headers.get('access-control-allow-origin')).toBeTruthy();
  });
});
