import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../../shared/http/errors';
import { defineFeature } from '../../../shared/manifest/types';
import { createFeatureHandler, reply } from '../../../shared/runtime/feature-handler';
import { adminClaims, employeeClaims, extranetClaims, httpEvent, lambdaContext } from '../../support/events';

const feature = defineFeature({
  feature: 'unit-http',
  grants: [],
  http: {
    open: { method: 'GET', path: '/open', access: 'public', summary: 'public' },
    mine: { method: 'GET', path: '/mine', access: 'user', summary: 'user' },
    staff: { method: 'GET', path: '/staff', access: 'employee', summary: 'employee' },
    admin: {
      method: 'DELETE',
      path: '/admin/{id}',
      access: 'admin',
      summary: 'admin',
      params: z.object({ id: z.string().regex(/^[A-Z0-9]{4}$/) }),
    },
    create: {
      method: 'POST',
      path: '/things',
      access: 'user',
      summary: 'create',
      maxBodyBytes: 200,
      body: z.strictObject({ title: z.string().min(1).max(50), tags: z.array(z.string().max(5)).max(3).optional() }),
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
    },
    fail: {
      method: 'POST',
      path: '/fail/{kind}',
      access: 'public',
      summary: 'throws',
      params: z.object({ kind: z.string() }),
    },
  },
});

const written: unknown[] = [];
const handler = createFeatureHandler(feature, {
  http: {
    open: async ({ user }) => ({ hello: 'world', signedIn: user !== null }),
    mine: async ({ user }) => ({ sub: user.sub, groups: user.groups }),
    staff: async () => ({ ok: true }),
    admin: async ({ params }) => reply(204, undefined, { 'x-deleted': params.id }),
    create: async ({ body, query }) => {
      written.push(body);
      return reply(201, { title: body.title, dryRun: query.dryRun ?? 'false' });
    },
    fail: async ({ params }) => {
      switch (params.kind) {
        case 'forbidden':
          throw new ForbiddenError('Not yours');
        case 'missing':
          throw new NotFoundError('No such thing');
        case 'conflict':
          throw new ConflictError('Stale', { current: { version: 3 } });
        case 'unprocessable':
          throw new UnprocessableError('Cannot move a folder into itself', [
            { path: 'parentId', reason: 'is a descendant' },
          ]);
        default:
          throw new Error('database password is hunter2 at /srv/app.ts:12');
      }
    },
  },
});

async function call(ev: ReturnType<typeof httpEvent>) {
  const res = (await handler(ev, lambdaContext())) as APIGatewayProxyStructuredResultV2;
  return {
    status: res.statusCode,
    json: res.body ? (JSON.parse(res.body) as Record<string, any>) : undefined,
    headers: res.headers ?? {},
  };
}

beforeEach(() => (written.length = 0));

describe('HTTP middleware chain', () => {
  it('serves a public route without claims and a user route with them', async () => {
    expect(await call(httpEvent({ routeKey: 'GET /open' }))).toMatchObject({
      status: 200,
      json: { hello: 'world', signedIn: false },
    });
    const mine = await call(
      httpEvent({ routeKey: 'GET /mine', claims: { ...employeeClaims('u1'), 'cognito:groups': '[admin employee]' } }),
    );
    expect(mine).toMatchObject({ status: 200, json: { sub: 'u1', groups: ['admin', 'employee'] } });
    expect(mine.headers['content-type']).toMatch(/application\/json/);
  });

  it('401 without claims, 403 for the wrong role, for each access level', async () => {
    const r401 = await call(httpEvent({ routeKey: 'GET /mine' }));
    expect(r401).toMatchObject({ status: 401, json: { error: { code: 'UNAUTHORIZED' } } });
    expect(r401.json?.error.requestId).toMatch(/^req-/);
    expect((await call(httpEvent({ routeKey: 'GET /staff', claims: extranetClaims() }))).status).toBe(403);
    expect((await call(httpEvent({ routeKey: 'GET /staff', claims: employeeClaims() }))).status).toBe(200);
    expect((await call(httpEvent({ routeKey: 'GET /staff', claims: adminClaims() }))).status).toBe(200);
    const del = httpEvent({ routeKey: 'DELETE /admin/{id}', claims: employeeClaims(), pathParameters: { id: 'AB12' } });
    expect(await call(del)).toMatchObject({ status: 403, json: { error: { code: 'FORBIDDEN' } } });
    const ok = await call(
      httpEvent({ routeKey: 'DELETE /admin/{id}', claims: adminClaims(), pathParameters: { id: 'AB12' } }),
    );
    expect(ok.status).toBe(204);
    expect(ok.headers['x-deleted']).toBe('AB12');
  });

  it('404 for a route key the feature does not declare', async () => {
    expect(await call(httpEvent({ routeKey: 'GET /nowhere' }))).toMatchObject({
      status: 404,
      json: { error: { code: 'NOT_FOUND' } },
    });
  });

  it('validates the body and names every bad field with its reason; nothing is written', async () => {
    const r = await call(
      httpEvent({
        routeKey: 'POST /things',
        claims: employeeClaims(),
        body: JSON.stringify({ title: 7, tags: ['toolong'], extra: 1 }),
      }),
    );
    expect(r.status).toBe(400);
    expect(r.json?.error.code).toBe('VALIDATION_FAILED');
    const paths = (r.json?.error.fields as { path: string; reason: string }[]).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'tags.0', '(body)']));
    for (const f of r.json?.error.fields as { reason: string }[]) expect(f.reason.length).toBeGreaterThan(3);
    expect(written).toHaveLength(0);
  });

  it('400 when a required body is missing, and for a bad query or path parameter', async () => {
    const missing = await call(httpEvent({ routeKey: 'POST /things', claims: employeeClaims() }));
    expect(missing).toMatchObject({ status: 400, json: { error: { fields: [{ path: '(body)' }] } } });
    const q = await call(
      httpEvent({
        routeKey: 'POST /things',
        claims: employeeClaims(),
        body: '{"title":"a"}',
        query: { dryRun: 'maybe' },
      }),
    );
    expect(q.json?.error.fields).toEqual([expect.objectContaining({ path: 'query.dryRun' })]);
    const p = await call(
      httpEvent({ routeKey: 'DELETE /admin/{id}', claims: adminClaims(), pathParameters: { id: '../x' } }),
    );
    expect(p.json?.error.fields).toEqual([expect.objectContaining({ path: 'params.id' })]);
    expect(written).toHaveLength(0);
  });

  it('400 for malformed JSON, 415 for another content type, 413 over the size limit', async () => {
    const bad = await call(httpEvent({ routeKey: 'POST /things', claims: employeeClaims(), body: '{"title": "a",' }));
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'BAD_REQUEST' } } });
    expect(bad.json?.error.message).toMatch(/Malformed JSON/);
    const form = await call(
      httpEvent({
        routeKey: 'POST /things',
        claims: employeeClaims(),
        body: 'title=a',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(form).toMatchObject({ status: 415, json: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    const big = await call(
      httpEvent({
        routeKey: 'POST /things',
        claims: employeeClaims(),
        body: JSON.stringify({ title: 'x'.repeat(300) }),
      }),
    );
    expect(big).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(written).toHaveLength(0);
  });

  it('413 is decided on bytes, not characters, and base64 bodies are decoded', async () => {
    const multiByte = JSON.stringify({ title: 'ă'.repeat(95) }); // 107 characters, 202 bytes
    expect(
      (await call(httpEvent({ routeKey: 'POST /things', claims: employeeClaims(), body: multiByte }))).status,
    ).toBe(413);
    const ev = httpEvent({
      routeKey: 'POST /things',
      claims: employeeClaims(),
      body: Buffer.from('{"title":"b64"}').toString('base64'),
    });
    (ev as { isBase64Encoded: boolean }).isBase64Encoded = true;
    expect(await call(ev)).toMatchObject({ status: 201, json: { title: 'b64' } });
  });

  it('rejects a body on a route that takes none', async () => {
    expect((await call(httpEvent({ routeKey: 'GET /open', body: '{"a":1}' }))).status).toBe(400);
  });

  it('maps domain errors to 403/404/409/422 with their details', async () => {
    expect(
      await call(httpEvent({ routeKey: 'POST /fail/{kind}', pathParameters: { kind: 'forbidden' } })),
    ).toMatchObject({ status: 403, json: { error: { message: 'Not yours' } } });
    expect((await call(httpEvent({ routeKey: 'POST /fail/{kind}', pathParameters: { kind: 'missing' } }))).status).toBe(
      404,
    );
    expect(
      await call(httpEvent({ routeKey: 'POST /fail/{kind}', pathParameters: { kind: 'conflict' } })),
    ).toMatchObject({
      status: 409,
      json: { error: { code: 'CONFLICT', current: { version: 3 } } },
    });
    expect(
      await call(httpEvent({ routeKey: 'POST /fail/{kind}', pathParameters: { kind: 'unprocessable' } })),
    ).toMatchObject({
      status: 422,
      json: { error: { fields: [{ path: 'parentId', reason: 'is a descendant' }] } },
    });
  });

  it('turns anything else into a 500 with the request id and without internals', async () => {
    const r = await call(httpEvent({ routeKey: 'POST /fail/{kind}', pathParameters: { kind: 'boom' } }));
    expect(r.status).toBe(500);
    expect(r.json?.error.code).toBe('INTERNAL');
    expect(r.json?.error.requestId).toMatch(/^req-/);
    const text = JSON.stringify(r.json);
    expect(text).not.toMatch(/hunter2|app\.ts|stack/i);
  });

  it('passes parsed input through and honours reply() status codes', async () => {
    const r = await call(
      httpEvent({
        routeKey: 'POST /things',
        claims: employeeClaims(),
        body: '{"title":"Plan","tags":["a"]}',
        query: { dryRun: 'true' },
      }),
    );
    expect(r).toMatchObject({ status: 201, json: { title: 'Plan', dryRun: 'true' } });
    expect(written).toEqual([{ title: 'Plan', tags: ['a'] }]);
  });
});

describe('structured logs', () => {
  it('writes JSON lines carrying the request id and route', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const prev = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'INFO';
    try {
      const { createFeatureHandler: create } = await import('../../../shared/runtime/feature-handler');
      const logged = create(
        defineFeature({
          feature: 'unit-logs',
          grants: [],
          http: { a: { method: 'GET', path: '/a', access: 'public', summary: 'a' } },
        }),
        { http: { a: async () => ({}) } },
      );
      await logged(httpEvent({ routeKey: 'GET /a' }), lambdaContext());
    } finally {
      process.env.LOG_LEVEL = prev;
      spy.mockRestore();
    }
    const records = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const req = records.find((r) => r.message === 'request');
    expect(req).toMatchObject({ level: 'INFO', service: 'portal-unit-logs', routeKey: 'GET /a', status: 200 });
    expect(String(req?.requestId)).toMatch(/^req-/);
  });
});
