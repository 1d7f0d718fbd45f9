/**
 * Portal settings (functions/portal-settings) and the admin rules of functions/people that keep a
 * portal administrable (never oneself, never the last enabled admin), with aws-sdk-client-mock.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as settingsHandler } from '../../../functions/portal-settings/handler';
import { handler as peopleHandler } from '../../../functions/people/handler';
import { domainProblem, normalizeDomain } from '../../../shared/portal/allowed-domains';
import { adminClaims, employeeClaims } from '../../support/events';
import { invoke, type InvokeOptions } from '../../support/unit-mocks';

process.env.USER_POOL_ID = 'us-east-1_unit';

const ddb = mockClient(DynamoDBClient);
const cognito = mockClient(CognitoIdentityProviderClient);

const portal = {
  PK: 'PORTAL',
  SK: 'META',
  companyName: 'Acme SRL',
  portalName: 'acme',
  ownerId: 'a1',
  ownerEmail: 'a1@acme.ro',
  allowedDomains: [],
  licenceVersion: '2026-01',
  licenceAcceptedAt: '2026-11-01T00:00:00.000Z',
  licenceAcceptedBy: 'a1',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  version: 1,
  __edb_e__: 'portal',
  __edb_v__: '1',
};

type Handler = typeof settingsHandler;
const call = (h: Handler, routeKey: string, opts: InvokeOptions = {}) =>
  invoke(h, routeKey, { ...opts, claims: opts.claims ?? adminClaims('a1') });
const settings = (opts: Parameters<typeof call>[2] = {}) =>
  call(settingsHandler, opts.body === undefined ? 'GET /portal/settings' : 'PATCH /portal/settings', opts);
const fields = (r: { json: Record<string, any> }) =>
  (r.json.error?.fields ?? []).map((f: { path: string; reason: string }) => `${f.path}: ${f.reason}`);

beforeEach(() => {
  ddb.reset();
  cognito.reset();
});

describe('allowed domains (shared with the SPA)', () => {
  it.each(['acme.ro', 'mail.acme.co.uk', 'xn--bcher-kva.example', 'a-b.io'])('%s is a domain', (d) =>
    expect(domainProblem(d)).toBeNull(),
  );
  it.each([
    ['', 'empty'],
    ['acme', 'syntax'],
    ['-acme.ro', 'syntax'],
    ['acme..ro', 'syntax'],
    ['ac me.ro', 'syntax'],
    ['user@acme.ro', 'syntax'],
    ['acme.r0', 'tld'],
    [`${'a'.repeat(64)}.ro`, 'syntax'],
  ])('%j is refused (%s)', (d, why) => expect(domainProblem(d)).toBe(why));
  it('normalizes case, spaces, a leading @ and a trailing dot', () =>
    expect(normalizeDomain('  @Acme.RO. ')).toBe('acme.ro'));
});

describe('GET /portal/settings', () => {
  it('answers the settings in one read; a record without version or settings counts as version 0 with the defaults', async () => {
    const { version: _v, allowedDomains: _d, ...old } = portal;
    ddb.on(GetCommand).resolves({ Item: old });
    const r = await settings();
    expect(r).toEqual({
      status: 200,
      json: expect.objectContaining({
        companyName: 'Acme SRL',
        portalName: 'acme',
        allowedDomains: [],
        employeesMayInvite: false,
        selfRegistration: 'closed',
        promoCode: null,
        version: 0,
      }),
    });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ PK: 'PORTAL', SK: 'META' });
  });

  it('is 404 while no portal exists, and 403 for employees (nothing read)', async () => {
    ddb.on(GetCommand).resolves({});
    expect((await settings()).status).toBe(404);
    ddb.reset();
    expect((await settings({ claims: employeeClaims('e1') })).status).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('PATCH /portal/settings', () => {
  it('writes the normalized domains and the invite switch with ONE conditional update on the version', async () => {
    ddb.on(UpdateCommand).resolves({
      Attributes: {
        ...portal,
        allowedDomains: ['acme.ro', 'acme.com'],
        employeesMayInvite: true,
        version: 2,
        updatedBy: 'a1@example.com',
      },
    });
    const r = await settings({
      body: { version: 1, allowedDomains: [' Acme.RO ', '@acme.com'], employeesMayInvite: true },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      allowedDomains: ['acme.ro', 'acme.com'],
      employeesMayInvite: true,
      selfRegistration: 'domains',
      version: 2,
      updatedBy: 'a1@example.com',
    });
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.Key).toEqual({ PK: 'PORTAL', SK: 'META' });
    expect(Object.values(input.ExpressionAttributeValues ?? {})).toEqual(
      expect.arrayContaining([['acme.ro', 'acme.com'], true, 2, 1]),
    );
    expect(input.ConditionExpression).toMatch(/attribute_exists/);
    expect(input.ConditionExpression).toMatch(/#version = :version/);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('version 0 also matches a record written without a version', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...portal, employeesMayInvite: true, version: 1 } });
    expect((await settings({ body: { version: 0, employeesMayInvite: true } })).status).toBe(200);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ConditionExpression).toMatch(
      /attribute_not_exists\(#version\)/,
    );
  });

  it('a stale version → 409 carrying the current settings; no portal → 404', async () => {
    ddb.on(UpdateCommand).callsFake(() => {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    });
    ddb.on(GetCommand).resolves({ Item: { ...portal, version: 5, allowedDomains: ['other.ro'] } });
    const stale = await settings({ body: { version: 1, employeesMayInvite: true } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current).toMatchObject({ version: 5, allowedDomains: ['other.ro'] });
    ddb.on(GetCommand).resolves({});
    expect((await settings({ body: { version: 1, employeesMayInvite: true } })).status).toBe(404);
  });

  it.each([
    [{ version: 1, allowedDomains: ['acme.ro', 'not a domain'] }, 'allowedDomains.1: is not a domain name'],
    [{ version: 1, allowedDomains: ['acme.ro', 'ACME.ro'] }, 'allowedDomains.1: is listed twice'],
    [{ version: 1, allowedDomains: ['acme.x1'] }, 'allowedDomains.0: does not end with a top-level domain'],
    [
      { version: 1, allowedDomains: Array.from({ length: 51 }, (_, i) => `d${i}.ro`) },
      'allowedDomains: at most 50 domains',
    ],
    [{ version: 1, allowedDomains: 'acme.ro' }, 'allowedDomains: '],
    [{ version: 1, companyName: ' A ' }, 'companyName: must be at least 2 characters'],
    [{ version: 1 }, '(body): nothing to change'],
    [{ version: -1, employeesMayInvite: true }, 'version: '],
    [{ version: 1, portalName: 'other' }, '(body): '],
  ])('%j → 400 naming the field, nothing written', async (body, field) => {
    const r = await settings({ body });
    expect(r.status).toBe(400);
    expect(fields(r).some((f: string) => f.startsWith(field))).toBe(true);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('employees may not change the settings', async () => {
    expect(
      (await settings({ claims: employeeClaims('e1'), body: { version: 1, employeesMayInvite: true } })).status,
    ).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('people admin: never oneself, never the last enabled admin', () => {
  const people = (routeKey: string, userId: string, body?: unknown) =>
    call(peopleHandler, routeKey, { pathParameters: { userId }, ...(body ? { body } : {}) });
  const admins = (...users: { sub: string; enabled?: boolean }[]) =>
    cognito.on(ListUsersInGroupCommand).resolves({
      Users: users.map((u) => ({
        Username: u.sub,
        Enabled: u.enabled ?? true,
        Attributes: [{ Name: 'sub', Value: u.sub }],
      })),
    });

  beforeEach(() => {
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminRemoveUserFromGroupCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    cognito.on(AdminDisableUserCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
  });

  it('demoting or deactivating the only enabled admin → 409 LAST_ADMIN and nothing changes (a stale admin token cannot lock the portal out)', async () => {
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'admin' }] });
    admins({ sub: 'u2' }, { sub: 'u3', enabled: false });
    const demote = await people('PATCH /people/{userId}/role', 'u2', { role: 'employee' });
    expect(demote).toMatchObject({ status: 409, json: { error: { code: 'LAST_ADMIN' } } });
    const off = await people('POST /people/{userId}/deactivate', 'u2');
    expect(off).toMatchObject({ status: 409, json: { error: { code: 'LAST_ADMIN' } } });
    expect(cognito.commandCalls(AdminRemoveUserFromGroupCommand)).toHaveLength(0);
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(0);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('with another enabled admin, demoting an admin works', async () => {
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'admin' }] });
    admins({ sub: 'u2' }, { sub: 'a1' });
    expect(await people('PATCH /people/{userId}/role', 'u2', { role: 'employee' })).toEqual({
      status: 200,
      json: { userId: 'u2', role: 'employee' },
    });
    expect(cognito.commandCalls(AdminRemoveUserFromGroupCommand)[0]!.args[0].input.GroupName).toBe('admin');
  });

  it('changes that keep or do not touch an admin never list the admins; oneself is refused before anything', async () => {
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'employee' }] });
    expect((await people('POST /people/{userId}/deactivate', 'u4')).status).toBe(200);
    expect((await people('PATCH /people/{userId}/role', 'u4', { role: 'admin' })).status).toBe(200);
    expect(cognito.commandCalls(ListUsersInGroupCommand)).toHaveLength(0);
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'admin' }] });
    const self = await people('PATCH /people/{userId}/role', 'a1', { role: 'employee' });
    expect(self.status).toBe(403);
    expect(self.json.error.message).toMatch(/yourself/);
    expect(cognito.commandCalls(ListUsersInGroupCommand)).toHaveLength(0);
  });
});
