import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  InitiateAuthCommand,
  UsernameExistsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler } from '../../../functions/registration/handler';
import { registrationMail } from '../../../functions/registration/mails';
import { ensurePortal } from '../../../functions/registration/portal-creation';
import {
  mayRegister,
  promoCodes,
  selfRegistrationOf,
  validPromoCode,
} from '../../../functions/registration/registration-rules';
import { companyInput } from '../../../functions/registration/routes';
import { portalNameProblem, suggestPortalName } from '../../../shared/portal/portal-name';
import { hashToken } from '../../../shared/security/one-time-token';
import { oneTimeTokenItem } from '../../support/token-items';
import {
  invoke,
  invokeWithHeaders,
  mailEnv,
  mockMailingFeatureClients,
  stubTable,
  writesBesidesRateCounters,
} from '../../support/unit-mocks';

mailEnv();
process.env.USER_POOL_CLIENT_ID = 'unit-client';
process.env.PROMO_CODES = 'LAUNCH50, friends';
process.env.LICENCE_VERSION = '2026-07';
process.env.LOG_LEVEL = process.env.DBG ? 'DEBUG' : 'SILENT';
process.env.POWERTOOLS_LOG_LEVEL = process.env.LOG_LEVEL;

const { ddb, cognito, ses } = mockMailingFeatureClients();
const STRONG = 'Correct-Horse-9-Battery';
const nowS = () => Math.floor(Date.now() / 1000);
const noGroup = (sub = 'sub-ana') => ({ sub, email: 'ana@example.com', 'cognito:groups': '[]' });
/** Ana's Cognito account: unconfirmed (stage 1: disabled, address not verified) or confirmed. */
const anaAccount = (state: 'unconfirmed' | 'confirmed', sub = 'sub-ana') => ({
  Username: 'ana@example.com',
  Enabled: state === 'confirmed',
  UserStatus: 'CONFIRMED' as const,
  UserAttributes: [
    { Name: 'sub', Value: sub },
    { Name: 'email', Value: 'ana@example.com' },
    { Name: 'email_verified', Value: String(state === 'confirmed') },
  ],
});
const TOKENS = { IdToken: 'id', AccessToken: 'access', RefreshToken: 'refresh', ExpiresIn: 3600 };

const call = (routeKey: string, body?: unknown, claims?: Record<string, string>) =>
  invoke(handler, routeKey, { body, claims });

const portalItem = (allowedDomains: string[] = []) => ({
  PK: 'PORTAL',
  SK: 'META',
  companyName: 'Acme',
  portalName: 'acme',
  ownerId: 'sub-owner',
  ownerEmail: 'o@acme.example',
  allowedDomains,
  licenceVersion: '2026-07',
  licenceAcceptedAt: 'x',
  licenceAcceptedBy: 'sub-owner',
  createdAt: 'x',
  updatedAt: 'x',
  version: 1,
  __edb_e__: 'portal',
  __edb_v__: '1',
});
const registrationItem = (status: string, extra: Record<string, unknown> = {}) => ({
  PK: 'USER#sub-ana',
  SK: 'REGISTRATION',
  userId: 'sub-ana',
  email: 'ana@example.com',
  language: 'ro',
  status,
  createdAt: 'x',
  updatedAt: 'x',
  __edb_e__: 'registration',
  __edb_v__: '1',
  ...extra,
});

/** DynamoDB answers: rate counters, the portal, the registration, a token. */
function table(opts: { hits?: number; portal?: object; registration?: object; token?: object } = {}) {
  stubTable(ddb, {
    hits: opts.hits,
    item: ({ PK, SK }) => {
      if (PK === 'PORTAL') return opts.portal;
      if (SK === 'REGISTRATION') return opts.registration;
      if (PK.startsWith('OTT#')) return opts.token;
      return undefined;
    },
  });
}
const sentMails = () => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
const writes = () => writesBesidesRateCounters(ddb);

beforeEach(() => {
  cognito.on(AdminGetUserCommand).resolves(anaAccount('unconfirmed'));
});

describe('portal names', () => {
  it.each([
    ['acme', null],
    ['a1b', null],
    ['my-company-2026', null],
    ['ab', 'length'],
    ['a'.repeat(33), 'length'],
    ['Acme', 'characters'],
    ['acme_co', 'characters'],
    ['ștefan', 'characters'],
    ['-acme', 'edges'],
    ['acme-', 'edges'],
    ['xn--acme', 'doubleHyphen'],
    ['www', 'reserved'],
    ['admin', 'reserved'],
    ['api', 'reserved'],
  ])('%s → %s', (name, problem) => {
    expect(portalNameProblem(name)).toBe(problem);
  });

  it('suggests a valid name from a company name', () => {
    expect(suggestPortalName('Ștefan & Co. SRL')).toBe('stefan-co-srl');
    expect(portalNameProblem(suggestPortalName('Ștefan & Co. SRL'))).toBeNull();
  });

  it('the stage-2 schema names the field of every problem', () => {
    const ok = { companyName: 'Acme', firstName: 'Ana', lastName: 'Pop', portalName: 'acme', acceptLicence: true };
    expect(companyInput.safeParse(ok).success).toBe(true);
    const paths = (v: object) => (companyInput.safeParse(v).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths({ ...ok, portalName: 'www' })).toEqual(['portalName']);
    expect(paths({ ...ok, acceptLicence: false })).toEqual(['acceptLicence']);
    expect(paths({ ...ok, firstName: '  ' })).toEqual(['firstName']);
    expect(paths({ ...ok, owner: 'x' })).toEqual(['']);
  });
});

describe('tenant configuration', () => {
  it('promo codes come from PROMO_CODES, compared without case', () => {
    expect(promoCodes()).toEqual(['LAUNCH50', 'FRIENDS']);
    expect(validPromoCode(' launch50 ')).toBe('LAUNCH50');
    expect(validPromoCode('NOPE')).toBeNull();
    expect(promoCodes({})).toEqual([]);
  });

  it('self-registration: open without a portal, closed after, domains when the setting lists some', () => {
    expect(selfRegistrationOf(null)).toBe('open');
    expect(selfRegistrationOf({ allowedDomains: [] })).toBe('closed');
    expect(selfRegistrationOf({ allowedDomains: ['acme.example'] })).toBe('domains');
    expect(mayRegister('x@anything.example', null)).toBe(true);
    expect(mayRegister('x@acme.example', { allowedDomains: [] })).toBe(false);
    expect(mayRegister('x@ACME.example', { allowedDomains: ['acme.example'] })).toBe(true);
    expect(mayRegister('x@evil-acme.example', { allowedDomains: ['acme.example'] })).toBe(false);
  });
});

describe('POST /registration (stage 1)', () => {
  const body = { email: 'Ana@Example.com', password: STRONG, language: 'ro' };

  it('no portal yet: creates a disabled user with its password (no tokens before the link), no group, the registration and a 24 h link, and e-mails it in Romanian', async () => {
    table();
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Username: 'ana@example.com', Attributes: [{ Name: 'sub', Value: 'sub-ana' }] } });
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    const r = await call('POST /registration', body);
    expect(r.status).toBe(202);
    const create = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input;
    expect(create).toMatchObject({ Username: 'ana@example.com', MessageAction: 'SUPPRESS' });
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]!.args[0].input).toMatchObject({
      Username: 'ana@example.com',
      Password: STRONG,
      Permanent: true,
    });
    expect(cognito.commandCalls(AdminDisableUserCommand)[0]!.args[0].input).toMatchObject({
      Username: 'ana@example.com',
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!);
    expect(puts.find((i) => i.SK === 'REGISTRATION')).toMatchObject({
      PK: 'USER#sub-ana',
      status: 'pending-email',
      language: 'ro',
      email: 'ana@example.com',
    });
    const token = puts.find((i) => i.SK === 'OTT')!;
    expect(token).toMatchObject({ purpose: 'verify-email', subject: 'sub-ana' });
    expect(token.expiresAt - nowS()).toBeGreaterThan(24 * 3600 - 10);
    const [m] = sentMails();
    expect(m?.Destination?.ToAddresses).toEqual(['ana@example.com']);
    expect(m?.Message?.Subject?.Data).toMatch(/Confirmă adresa/);
    const link = /https:\/\/portal\.example\.com\/register\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(
      m?.Message?.Body?.Text?.Data ?? '',
    );
    expect(link).not.toBeNull();
    expect(hashToken(link![1]!)).toBe(token.hash);
  });

  const sameAnswer = async (setup: () => void) => {
    setup();
    const r = await call('POST /registration', body);
    return { status: r.status, message: r.json.message };
  };

  it('never reveals whether the address is known: the same 202 for new, known and closed-portal addresses', async () => {
    const created = await sameAnswer(() => {
      table();
      cognito
        .on(AdminCreateUserCommand)
        .resolves({ User: { Username: 'x', Attributes: [{ Name: 'sub', Value: 'sub-ana' }] } });
    });
    ddb.reset();
    cognito.reset();
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm2' });
    const known = await sameAnswer(() => {
      table({ registration: registrationItem('complete') });
      cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
      cognito.on(AdminGetUserCommand).resolves(anaAccount('confirmed'));
    });
    expect(known).toEqual(created);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)).toHaveLength(0);
    expect(sentMails()[0]?.Message?.Subject?.Data).toMatch(/Cineva a încercat/);
    expect(sentMails()[0]?.Message?.Body?.Text?.Data).not.toMatch(/register\/confirm/);
    expect(writes()).toHaveLength(0);
  });

  it('pre-hijack: registering an unconfirmed address again replaces the first password and the link (the first registrant may not own the mailbox)', async () => {
    table({ registration: registrationItem('pending-email') });
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    cognito.on(AdminGetUserCommand).resolves(anaAccount('unconfirmed'));
    expect((await call('POST /registration', { ...body, password: 'Owner-Chose-This-1' })).status).toBe(202);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Username: 'ana@example.com', Password: 'Owner-Chose-This-1', Permanent: true }),
    ]);
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(0);
    // Older links are revoked before the new one is issued.
    expect(
      ddb
        .commandCalls(QueryCommand)
        .some(
          (c) =>
            Object.values(c.args[0].input.ExpressionAttributeValues ?? {}).includes('verify-email#sub-ana') ||
            JSON.stringify(c.args[0].input).includes('sub-ana'),
        ),
    ).toBe(true);
    expect(sentMails()[0]?.Message?.Body?.Text?.Data).toMatch(/register\/confirm\?token=/);
  });

  it('a confirmed account keeps its password when someone registers its address again', async () => {
    table({ registration: registrationItem('email-confirmed') });
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    cognito.on(AdminGetUserCommand).resolves(anaAccount('confirmed'));
    expect((await call('POST /registration', body)).status).toBe(202);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)).toHaveLength(0);
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(0);
    expect(sentMails()[0]?.Message?.Body?.Text?.Data).not.toMatch(/token=/);
  });

  it('a portal exists and the domain is not allowed: 202, no account, an "invitation only" e-mail', async () => {
    table({ portal: portalItem() });
    cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'nope', $metadata: {} }));
    const r = await call('POST /registration', { ...body, language: 'en' });
    expect(r.status).toBe(202);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
    expect(sentMails()[0]?.Message?.Subject?.Data).toBe('Joining the portal is by invitation');
    expect(sentMails()[0]?.Message?.Body?.Text?.Data).not.toMatch(/token=/);
    expect(writes()).toHaveLength(0);
  });

  it('a portal that allows the domain lets the address register', async () => {
    table({ portal: portalItem(['example.com']) });
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Username: 'x', Attributes: [{ Name: 'sub', Value: 'sub-ana' }] } });
    expect((await call('POST /registration', body)).status).toBe(202);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(1);
  });

  it('a password Cognito refuses removes the half-made account and names the field', async () => {
    table();
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Username: 'x', Attributes: [{ Name: 'sub', Value: 'sub-ana' }] } });
    cognito
      .on(AdminSetUserPasswordCommand)
      .rejects(Object.assign(new Error('Password does not conform'), { name: 'InvalidPasswordException' }));
    const r = await call('POST /registration', body);
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toEqual([{ path: 'password', reason: 'Password does not conform' }]);
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('weak passwords are refused before anything happens, naming password', async () => {
    for (const password of ['short-1A', 'alllowercase-123', 'ALLUPPER-12345', 'NoDigits-here!', 'NoSymbols12345x']) {
      const r = await call('POST /registration', { email: 'ana@example.com', password });
      expect(r.status).toBe(400);
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['password']));
    }
    expect(ddb.calls()).toHaveLength(0);
    expect(cognito.calls()).toHaveLength(0);
  });

  it('over the limit per address or IP: 429 with Retry-After, nothing created', async () => {
    table({ hits: 6 });
    const res = await invokeWithHeaders(handler, 'POST /registration', { body });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'] ?? res.headers['Retry-After'])).toBeGreaterThan(0);
    expect(cognito.calls()).toHaveLength(0);
    expect(sentMails()).toHaveLength(0);
  });
});

describe('POST /registration/confirm', () => {
  const token = 'A'.repeat(43);
  const tokenItem = (extra: Record<string, unknown> = {}) =>
    oneTimeTokenItem(token, 'verify-email', 'sub-ana', { email: 'ana@example.com' }, extra);

  it('with the password that is set: enables the account, confirms the registration and the address, uses the token and signs the person in', async () => {
    table({ token: tokenItem() });
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: TOKENS });
    const r = await call('POST /registration/confirm', { token, password: STRONG });
    expect(r).toEqual({
      status: 200,
      json: {
        state: 'confirmed',
        email: 'ana@example.com',
        tokens: { idToken: 'id', accessToken: 'access', refreshToken: 'refresh', expiresIn: 3600 },
      },
    });
    expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toMatchObject({
      ClientId: 'unit-client',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ana@example.com', PASSWORD: STRONG },
    });
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(0);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)).toHaveLength(0);
    const updates = ddb
      .commandCalls(UpdateCommand)
      .map((c) => c.args[0].input)
      .filter((u) => !String(u.Key?.PK).startsWith('RATE#'));
    expect(updates[0]).toMatchObject({ Key: { PK: 'USER#sub-ana', SK: 'REGISTRATION' } });
    expect(Object.values(updates[0]!.ExpressionAttributeValues ?? {})).toEqual(
      expect.arrayContaining(['email-confirmed', 'pending-email']),
    );
    expect(updates[1]).toMatchObject({ Key: { PK: `OTT#${hashToken(token)}` } });
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]!.args[0].input.UserAttributes).toEqual([
      { Name: 'email', Value: 'ana@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ]);
  });

  it('pre-hijack: a password other than the one set (e.g. the mailbox owner clicking a link after someone else registered their address) → 400 WRONG_PASSWORD; the account is disabled again, nothing confirmed, the link stays', async () => {
    table({ token: tokenItem() });
    cognito
      .on(InitiateAuthCommand)
      .rejects(Object.assign(new Error('Incorrect username or password.'), { name: 'NotAuthorizedException' }));
    const r = await call('POST /registration/confirm', { token, password: 'Not-The-One-Set-1' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({
      code: 'WRONG_PASSWORD',
      fields: [{ path: 'password', reason: 'is not the password chosen when registering' }],
    });
    expect(cognito.commandCalls(AdminDisableUserCommand)).toHaveLength(1);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)).toHaveLength(0);
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)).toHaveLength(0);
    expect(
      ddb.commandCalls(UpdateCommand).filter((c) => !String(c.args[0].input.Key?.PK).startsWith('RATE#')),
    ).toHaveLength(0);
  });

  it('the address was given to someone else meanwhile (an invitation replaced the unconfirmed account) → 410 LINK_REPLACED', async () => {
    table({ token: tokenItem() });
    cognito.on(AdminGetUserCommand).resolves(anaAccount('confirmed', 'sub-invited'));
    const r = await call('POST /registration/confirm', { token, password: STRONG });
    expect(r.json.error.code).toBe('LINK_REPLACED');
    expect(cognito.commandCalls(InitiateAuthCommand)).toHaveLength(0);
  });

  it('too many password tries on one link → 429', async () => {
    table({ token: tokenItem(), hits: 11 });
    const r = await call('POST /registration/confirm', { token, password: STRONG });
    expect(r.status).toBe(429);
    expect(cognito.commandCalls(InitiateAuthCommand)).toHaveLength(0);
  });

  it('POST /registration/confirm/check says whether the link can be used and changes nothing', async () => {
    table({ token: tokenItem() });
    expect((await call('POST /registration/confirm/check', { token })).json).toEqual({
      state: 'valid',
      email: 'ana@example.com',
    });
    ddb.reset();
    table({ token: tokenItem({ usedAt: 'x' }) });
    expect((await call('POST /registration/confirm/check', { token })).json).toEqual({ state: 'used' });
    expect(cognito.calls()).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });

  it.each([
    ['unknown', undefined, 404, 'LINK_UNKNOWN'],
    ['expired', tokenItem({ expiresAt: nowS() - 1 }), 410, 'LINK_EXPIRED'],
    ['used', tokenItem({ usedAt: 'x' }), 409, 'LINK_USED'],
    ['replaced', tokenItem({ revokedAt: 'x' }), 410, 'LINK_REPLACED'],
  ])('%s link → %s %s, nothing changed', async (_label, item, status, code) => {
    table({ token: item });
    const r = await call('POST /registration/confirm', { token, password: STRONG });
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
    expect(cognito.calls()).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });
});

describe('POST /registration/company (stage 2)', () => {
  const form = {
    companyName: 'Acme SRL',
    firstName: 'Ana',
    lastName: 'Pop',
    portalName: 'acme',
    acceptLicence: true,
    promoCode: 'launch50',
    timeZone: 'Europe/Bucharest',
  };

  it('one transaction: portal (only if none), name (only if free), admin profile, registration completed with the licence; then the groups', async () => {
    table({ registration: registrationItem('email-confirmed') });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const r = await call('POST /registration/company', form, noGroup());
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ groups: ['admin', 'employee'], refreshTokens: true, licenceVersion: '2026-07' });
    const tx = ddb.commandCalls(TransactWriteCommand);
    expect(tx).toHaveLength(1);
    const items = tx[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(4);
    expect(items[0]!.Put).toMatchObject({
      Item: {
        PK: 'PORTAL',
        SK: 'META',
        companyName: 'Acme SRL',
        portalName: 'acme',
        ownerId: 'sub-ana',
        licenceVersion: '2026-07',
        promoCode: 'LAUNCH50',
        allowedDomains: [],
      },
    });
    expect(items[0]!.Put!.ConditionExpression).toMatch(/attribute_not_exists/);
    expect(items[1]!.Put).toMatchObject({ Item: { PK: 'PORTALNAME#acme', SK: 'PORTALNAME' } });
    expect(items[1]!.Put!.ConditionExpression).toMatch(/attribute_not_exists/);
    expect(items[2]!.Put).toMatchObject({
      Item: {
        PK: 'USER#sub-ana',
        SK: 'PROFILE',
        role: 'admin',
        status: 'active',
        firstName: 'Ana',
        lastName: 'Pop',
        language: 'ro',
        timeZone: 'Europe/Bucharest',
        GSI1PK: 'DIRECTORY',
      },
    });
    expect(items[3]!.Update).toMatchObject({ Key: { PK: 'USER#sub-ana', SK: 'REGISTRATION' } });
    expect(items[3]!.Update!.ConditionExpression).toMatch(/#status = :status0/);
    expect(Object.values(items[3]!.Update!.ExpressionAttributeValues ?? {})).toEqual(
      expect.arrayContaining(['complete', '2026-07', 'LAUNCH50', 'email-confirmed']),
    );
    expect(items.every((i) => !('ReturnValues' in (i.Update ?? {})))).toBe(true);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input.GroupName)).toEqual([
      'admin',
      'employee',
    ]);
  });

  it('409 "a portal already exists" when another creator won the race (the portal condition failed)', async () => {
    table({ registration: registrationItem('email-confirmed') });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    const r = await call('POST /registration/company', form, noGroup());
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('PORTAL_EXISTS');
    expect(cognito.calls()).toHaveLength(0);
  });

  it('409 at once when the portal is already there', async () => {
    table({ registration: registrationItem('email-confirmed'), portal: portalItem() });
    const r = await call('POST /registration/company', form, noGroup());
    expect(r.json.error.code).toBe('PORTAL_EXISTS');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('an unknown promo code → 400 naming promoCode, nothing written', async () => {
    table({ registration: registrationItem('email-confirmed') });
    const r = await call('POST /registration/company', { ...form, promoCode: 'FREE4EVER' }, noGroup());
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toEqual([{ path: 'promoCode', reason: 'is not a valid promo code' }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each([
    [undefined, 403, 'FORBIDDEN'],
    [registrationItem('pending-email'), 409, 'EMAIL_NOT_CONFIRMED'],
    [registrationItem('complete'), 409, 'ALREADY_REGISTERED'],
  ])('registration %# → %s %s', async (registration, status, code) => {
    table({ registration });
    const r = await call('POST /registration/company', form, noGroup());
    expect({ status: r.status, code: r.json.error.code }).toEqual({ status, code });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('without acceptLicence: true → 400 naming acceptLicence', async () => {
    const r = await call('POST /registration/company', { ...form, acceptLicence: false }, noGroup());
    expect(r.status).toBe(400);
    expect(r.json.error.fields[0].path).toBe('acceptLicence');
  });
});

describe('GET /registration/status and GET /portal', () => {
  it.each([
    [{}, undefined, 'none'],
    [{ registration: registrationItem('pending-email') }, undefined, 'email'],
    [{ registration: registrationItem('pending-email') }, 'verified', 'company'],
    [{ registration: registrationItem('email-confirmed') }, undefined, 'company'],
    [{ registration: registrationItem('email-confirmed'), portal: portalItem(['example.com']) }, undefined, 'join'],
    [{ registration: registrationItem('email-confirmed'), portal: portalItem() }, undefined, 'none'],
    [{ registration: registrationItem('complete', { outcome: 'owner' }) }, undefined, 'done'],
    [{}, '[employee]', 'done'],
  ])('%# → stage %s', async (t, groups, stage) => {
    table(t);
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    // 'verified': a password reset from the e-mailed link proved the address meanwhile.
    if (groups === 'verified') cognito.on(AdminGetUserCommand).resolves(anaAccount('confirmed'));
    const r = await call('GET /registration/status', undefined, {
      ...noGroup(),
      ...(groups && groups !== 'verified' ? { 'cognito:groups': groups } : {}),
    });
    expect(r.json).toEqual({ stage, email: 'ana@example.com' });
  });

  describe('social sign-in (cloud federation) skips the e-mail step', () => {
    const social = (extra: Record<string, string> = {}) => ({
      sub: 'sub-gina',
      email: 'gina@gmail.example',
      email_verified: 'true',
      'cognito:username': 'Google_1098765',
      identities: '[{"providerName":"Google","providerType":"Google","userId":"1098765"}]',
      'cognito:groups': '[]',
      ...extra,
    });
    const madeRegistration = () =>
      ddb
        .commandCalls(PutCommand)
        .map((c) => c.args[0].input.Item!)
        .find((i) => i.SK === 'REGISTRATION');

    it('no portal yet → a confirmed registration is made on the spot and the company form opens', async () => {
      table();
      const r = await call('GET /registration/status', undefined, social());
      expect(r.json).toEqual({ stage: 'company', email: 'gina@gmail.example' });
      expect(madeRegistration()).toMatchObject({
        PK: 'USER#sub-gina',
        status: 'email-confirmed',
        email: 'gina@gmail.example',
      });
      expect(sentMails()).toHaveLength(0);
    });

    it('a portal exists → "you need an invitation", nothing written', async () => {
      table({ portal: portalItem() });
      const r = await call('GET /registration/status', undefined, social());
      expect(r.json).toEqual({ stage: 'invitation', email: 'gina@gmail.example' });
      expect(writes()).toHaveLength(0);
    });

    it('a portal that allows the domain → join', async () => {
      table({ portal: portalItem(['gmail.example']) });
      expect((await call('GET /registration/status', undefined, social())).json.stage).toBe('join');
      expect(madeRegistration()).toMatchObject({ status: 'email-confirmed' });
    });

    it('recognised by the provider-prefixed username alone; an unverified address gets no shortcut', async () => {
      table();
      const { identities: _dropped, ...noIdentities } = social();
      expect((await call('GET /registration/status', undefined, noIdentities)).json.stage).toBe('company');
      ddb.reset();
      table();
      expect((await call('GET /registration/status', undefined, social({ email_verified: 'false' }))).json.stage).toBe(
        'none',
      );
      expect(writes()).toHaveLength(0);
    });

    it('a password account (no identities, plain username) never skips the e-mail step', async () => {
      table();
      expect(
        (
          await call('GET /registration/status', undefined, {
            ...noGroup(),
            email_verified: 'true',
            'cognito:username': 'ana@example.com',
          })
        ).json.stage,
      ).toBe('none');
      expect(writes()).toHaveLength(0);
    });

    it('then stage 2 adds the groups to the federated username', async () => {
      table({
        registration: registrationItem('email-confirmed', {
          PK: 'USER#sub-gina',
          userId: 'sub-gina',
          email: 'gina@gmail.example',
        }),
      });
      cognito.on(AdminAddUserToGroupCommand).resolves({});
      const r = await call(
        'POST /registration/company',
        { companyName: 'Gina SRL', firstName: 'Gina', lastName: 'Pop', portalName: 'gina', acceptLicence: true },
        social(),
      );
      expect(r.status).toBe(201);
      expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input.Username)).toEqual([
        'Google_1098765',
        'Google_1098765',
      ]);
    });
  });

  it('a completed registration whose groups are missing gets them again', async () => {
    table({ registration: registrationItem('complete', { outcome: 'owner' }) });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    await call('GET /registration/status', undefined, noGroup());
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input.GroupName)).toEqual([
      'admin',
      'employee',
    ]);
  });

  it('GET /portal tells the sign-in page whether it can offer "Create your portal"', async () => {
    table();
    expect((await call('GET /portal')).json).toEqual({ exists: false, selfRegistration: 'open' });
    ddb.reset();
    table({ portal: portalItem() });
    expect((await call('GET /portal')).json).toEqual({
      exists: true,
      name: 'Acme',
      portalName: 'acme',
      selfRegistration: 'closed',
    });
  });
});

describe('e-mails', () => {
  it('escape what the person typed and render in both languages', () => {
    const en = registrationMail('confirm', {
      lang: 'en',
      email: '<b>x</b>@example.com',
      url: 'https://portal.example.com/register/confirm?token=t',
    });
    expect(en.html).not.toContain('<b>x</b>');
    expect(en.text).toContain('Confirm my e-mail address: https://portal.example.com/register/confirm?token=t');
    expect(registrationMail('invitationOnly', { lang: 'ro', email: 'a@b.co' }).subject).toMatch(/invitație/);
  });
});

describe('the local demo portal (npm start)', () => {
  const demo = {
    email: 'admin@example.com',
    companyName: 'Demo Company',
    portalName: 'demo',
    firstName: 'Demo',
    lastName: 'Admin',
  };

  it('creates the portal, its name and the admin profile once, without a registration', async () => {
    table();
    cognito
      .on(AdminGetUserCommand)
      .resolves({ Username: 'admin@example.com', UserAttributes: [{ Name: 'sub', Value: 'sub-admin' }] });
    expect(await ensurePortal(demo)).toBe('created');
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Put?.Item?.PK)).toEqual(['PORTAL', 'PORTALNAME#demo', 'USER#sub-admin']);
    expect(items[2]!.Put!.Item).toMatchObject({ role: 'admin', firstName: 'Demo' });
  });

  it('leaves an existing portal alone', async () => {
    table({ portal: portalItem() });
    expect(await ensurePortal(demo)).toBe('exists');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
