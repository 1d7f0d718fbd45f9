/**
 * The manifest-driven sweep: every HTTP route in functions/manifest.ts gets, through the local gateway,
 *  - the authorization matrix (anonymous, a forged token, a person with no role, extranet, employee, admin, and an
 *    admin signed in without a second factor, refused admin routes with 403 MFA_REQUIRED),
 *  - the bad-input sweep (wrong body type, each field of the wrong type, missing fields, malformed JSON,
 *    wrong content type, a body over the route's limit),
 * and each bad request must get a clear 4xx naming the field (never a 5xx) and write nothing.
 * Nobody lists routes here by hand: a new route is covered the moment it is declared.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { FEATURES } from '../../functions/manifest';
import { accessDecision, MFA_CLAIM, userFromClaims } from '../../shared/auth/claims';
import { DEFAULT_MAX_BODY_BYTES, type HttpRouteSpec } from '../../shared/manifest/types';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

type Persona = 'anonymous' | 'noRole' | 'extranet' | 'employee' | 'admin' | 'adminNoMfa';
const routes = FEATURES.flatMap((f) =>
  Object.entries(f.http).map(([id, r]) => ({
    name: `${f.feature}.${id} ${r.method} ${r.path}`,
    r: r as HttpRouteSpec,
  })),
);
const users: Partial<Record<Exclude<Persona, 'anonymous'>, TestUser>> = {};

/**
 * Valid-looking ids for parameters whose schema is strict (ULIDs, an enum), so the sweep reaches the
 * handler's own "does it exist / may I see it" answer instead of stopping at validation.
 */
const VALID_LOOKING: Record<string, string> = {
  chatId: '01HZZZZZZZZZZZZZZZZZZZZZZ0',
  messageId: '01HZZZZZZZZZZZZZZZZZZZZZZ1',
  fileId: '01HZZZZZZZZZZZZZZZZZZZZZZ2',
  emoji: 'like',
  groupId: '01HZZZZZZZZZZZZZZZZZZZZZZ3',
  stageId: '01HZZZZZZZZZZZZZZZZZZZZZZ4',
  taskId: '01HZZZZZZZZZZZZZZZZZZZZZZ5',
  itemId: '01HZZZZZZZZZZZZZZZZZZZZZZ6',
  entryId: '01HZZZZZZZZZZZZZZZZZZZZZZ7',
  departmentId: '01HZZZZZZZZZZZZZZZZZZZZZZ8',
  nodeId: '01HZZZZZZZZZZZZZZZZZZZZZZ9',
  versionId: '01HZZZZZZZZZZZZZZZZZZZZZZA',
  uploadId: '01HZZZZZZZZZZZZZZZZZZZZZZB',
  linkId: '01HZZZZZZZZZZZZZZZZZZZZZZC',
  partNumber: '1',
  principalType: 'user',
  principalId: 'nobody-at-all',
  token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  action: 'start',
  decision: 'approve',
  docId: '01HZZZZZZZZZZZZZZZZZZZZZZD',
  number: 'INV2026-999999',
  // CRM core + intake (issue 7): the other params of functions/crm, crm-intake (crm-docs': docId, number above).
  leadId: '01HZZZZZZZZZZZZZZZZZZZZZZE',
  contactId: '01HZZZZZZZZZZZZZZZZZZZZZZF',
  companyId: '01HZZZZZZZZZZZZZZZZZZZZZZG',
  dealId: '01HZZZZZZZZZZZZZZZZZZZZZZH',
  recordId: '01HZZZZZZZZZZZZZZZZZZZZZZJ',
  activityId: '01HZZZZZZZZZZZZZZZZZZZZZZK',
  productId: '01HZZZZZZZZZZZZZZZZZZZZZZM',
  pipelineId: '01HZZZZZZZZZZZZZZZZZZZZZZN',
  formId: '01HZZZZZZZZZZZZZZZZZZZZZZP',
  queueId: '01HZZZZZZZZZZZZZZZZZZZZZZQ',
  jobId: '01HZZZZZZZZZZZZZZZZZZZZZZR',
  otherId: '01HZZZZZZZZZZZZZZZZZZZZZZS',
  // Calendar rooms (issue 14).
  roomId: '01HZZZZZZZZZZZZZZZZZZZZZZT',
};

/** A concrete path with placeholder ids that exist nowhere. */
const concretePath = (r: HttpRouteSpec) =>
  r.path.replace(/\{(\w+)\}/g, (_m, name: string) => VALID_LOOKING[name] ?? `01UNKNOWN${name.toUpperCase()}0000000000`);

/** Every stored item that mentions one of the sweep's people: must stay empty for refused requests. */
async function itemsMentioning(subs: string[]): Promise<string[]> {
  const stack = itStack();
  const ddb = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.urls.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const found: string[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await ddb.send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const text = JSON.stringify(item);
      if (subs.some((s) => text.includes(s))) found.push(text);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

beforeAll(async () => {
  const [noRole, extranet, employee, admin, adminNoMfa] = await Promise.all([
    signUpUser(null),
    signUpUser('extranet'),
    signUpUser('employee'),
    signUpUser('admin'),
    signUpUser('admin', { totp: false }),
  ]);
  Object.assign(users, { noRole, extranet, employee, admin, adminNoMfa });
}, 60_000);

describe.each(routes)('$name', ({ r }) => {
  const call = (persona: Persona, init: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) =>
    api(concretePath(r), {
      method: r.method,
      ...(persona === 'anonymous' ? {} : { token: users[persona]?.token }),
      ...init,
    });

  it('enforces its access level for every persona', async () => {
    for (const persona of ['anonymous', 'noRole', 'extranet', 'employee', 'admin', 'adminNoMfa'] as const) {
      const groups = persona === 'noRole' ? [] : persona === 'adminNoMfa' ? ['admin'] : [persona];
      // Every persona but adminNoMfa signed in with a second factor where their account has one (admins do).
      const mfa = persona === 'admin' ? 'totp' : 'none';
      const u =
        persona === 'anonymous'
          ? null
          : userFromClaims({ sub: users[persona]!.sub, 'cognito:groups': groups, [MFA_CLAIM]: mfa });
      const expected = accessDecision(r.access, u);
      const res = await call(persona);
      const got =
        res.status === 401
          ? 'unauthenticated'
          : res.status === 403
            ? res.json?.error?.code === 'MFA_REQUIRED'
              ? 'mfa_required'
              : 'forbidden'
            : 'allow';
      expect({ persona, status: res.status, decision: got }).toEqual({
        persona,
        status: res.status,
        decision: expected,
      });
      expect(res.status).toBeLessThan(500);
    }
  });

  it('refuses a forged or expired token with 401', async () => {
    if (r.access === 'public') return;
    const [h, p] = users.employee!.token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: users.admin!.sub, 'cognito:groups': ['admin'], exp: 9999999999 })).toString('base64url')}.${'A'.repeat(86)}`;
    for (const token of [forged, `${h}.${p}.x`, 'not-a-jwt']) {
      const res = await api(concretePath(r), { method: r.method, token });
      expect(res.status).toBe(401);
      expect(res.json?.error?.code).toBe('UNAUTHORIZED');
    }
  });
});

/**
 * Bad input, as a persona each route admits. "Nothing written" is checked once around the whole sweep (the items
 * mentioning the sweep's people, before and after): a table Scan per route grew with everything the other integration
 * suites had written into the shared table and made this file the slowest of the run. A stray write still fails the
 * last test, and the item it shows says which feature wrote it.
 */
describe('bad input (as a persona the route admits)', () => {
  const subs = () => Object.values(users).map((u) => u!.sub);
  let before: string[] = [];
  beforeAll(async () => {
    await itStack().streamsIdle();
    before = await itemsMentioning(subs());
  }, 60_000);

  describe.each(routes)('$name', ({ r }) => {
    const persona: Persona = r.access === 'admin' ? 'admin' : r.access === 'public' ? 'anonymous' : 'employee';
    const call = (init: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) =>
      api(concretePath(r), {
        method: r.method,
        ...(persona === 'anonymous' ? {} : { token: users[persona]?.token }),
        ...init,
      });

    it('answers a clear 4xx naming the field', async () => {
      const cases: { label: string; init: Parameters<typeof call>[0]; status: number; field?: string | RegExp }[] = [];
      const limit = r.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const takesBody = r.method !== 'GET' && r.method !== 'DELETE'; // fetch cannot send a GET body; browsers neither
      if (takesBody) {
        cases.push({
          label: 'malformed JSON',
          init: { rawBody: '{"a":', headers: { 'content-type': 'application/json' } },
          status: 400,
          field: '(body)',
        });
        cases.push({
          label: 'oversized body',
          init: {
            rawBody: JSON.stringify({ x: 'y'.repeat(limit + 10) }),
            headers: { 'content-type': 'application/json' },
          },
          status: 413,
        });
      }
      if (r.body) {
        cases.push({
          label: 'wrong content type',
          init: { rawBody: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          status: 415,
        });
        cases.push({ label: 'array instead of object', init: { body: [] }, status: 400, field: '(body)' });
        if (r.body instanceof z.ZodObject) {
          const shape = r.body.shape as Record<string, z.ZodType>;
          for (const key of Object.keys(shape)) {
            cases.push({
              label: `${key} of the wrong type`,
              init: { body: { [key]: { wrong: [true] } } },
              status: 400,
              field: key,
            });
          }
          const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
          for (const key of required)
            cases.push({ label: `missing ${key}`, init: { body: {} }, status: 400, field: key });
        }
      } else if (takesBody) {
        cases.push({ label: 'unexpected body', init: { body: { a: 1 } }, status: 400 });
      }
      for (const c of cases) {
        const res = await call(c.init);
        expect({ case: c.label, status: res.status }).toEqual({ case: c.label, status: c.status });
        expect(typeof res.json?.error?.message).toBe('string');
        if (c.field) {
          const paths = ((res.json?.error?.fields ?? []) as { path: string; reason: string }[]).map((f) => f.path);
          expect({ case: c.label, paths }).toEqual({ case: c.label, paths: expect.arrayContaining([c.field]) });
        }
      }
    });

    it('answers 404 for ids that do not exist', async () => {
      if (!r.params) return;
      const res = await call(r.body ? { body: {} } : {});
      expect([400, 404]).toContain(res.status);
    });
  });

  it('wrote nothing: no item mentioning the sweep’s people appeared or changed', async () => {
    await itStack().streamsIdle();
    expect(await itemsMentioning(subs())).toEqual(before);
  }, 60_000);
});
