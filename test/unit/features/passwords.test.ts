import {
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  UserNotFoundException,
  type UserStatusType,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { FORGOT_ANSWER, handler } from '../../../functions/passwords/handler';
import { resetMail } from '../../../functions/passwords/reset-mail';
import { hashToken } from '../../../shared/security/one-time-token';
import { passwordChecks, passwordProblems } from '../../../shared/security/password-policy';
import { oneTimeTokenItem } from '../../support/token-items';
import {
  invokeWithHeaders,
  mailEnv,
  mockMailingFeatureClients,
  stubTable,
  writesBesidesRateCounters,
} from '../../support/unit-mocks';

mailEnv();
process.env.PASSWORD_FORGOT_MIN_MS = '0';

const { ddb, cognito, ses } = mockMailingFeatureClients();
const now = () => Math.floor(Date.now() / 1000);
const STRONG = 'Correct-Horse-9-Battery';

const call = (routeKey: string, body: unknown) => invokeWithHeaders(handler, routeKey, { body });

const knownUser = (extra: Partial<{ Enabled: boolean; UserStatus: UserStatusType }> = {}) => ({
  Username: 'ana@example.com',
  Enabled: true,
  UserStatus: 'CONFIRMED' as UserStatusType,
  UserAttributes: [
    { Name: 'sub', Value: 'sub-ana' },
    { Name: 'email', Value: 'ana@example.com' },
    { Name: 'email_verified', Value: 'true' },
  ],
  ...extra,
});

const profile = (language: 'en' | 'ro') => ({
  PK: 'USER#sub-ana',
  SK: 'PROFILE',
  userId: 'sub-ana',
  email: 'ana@example.com',
  firstName: 'Ana',
  lastName: 'Pop',
  language,
  timeZone: 'Europe/Bucharest',
  role: 'employee',
  status: 'active',
  createdAt: 'x',
  updatedAt: 'x',
  version: 1,
  __edb_e__: 'profile',
  __edb_v__: '1',
});

const tokenItem = (token: string, extra: Record<string, unknown> = {}) =>
  oneTimeTokenItem(token, 'reset-password', 'ana@example.com', {}, extra);

/** DynamoDB: rate counters answer `hits`, profile and token reads answer what the test stored. */
function table(opts: { hits?: number; profile?: Record<string, unknown>; token?: Record<string, unknown> } = {}) {
  stubTable(ddb, {
    hits: opts.hits,
    item: ({ PK }) => {
      if (PK.startsWith('USER#')) return opts.profile;
      if (PK.startsWith('OTT#')) return opts.token?.PK === PK ? opts.token : undefined;
      return undefined;
    },
  });
}

const nonRateWrites = () => writesBesidesRateCounters(ddb);

describe('POST /auth/password/forgot', () => {
  it('an unknown address gets the same 202, and no token and no e-mail', async () => {
    table();
    cognito
      .on(AdminGetUserCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    const r = await call('POST /auth/password/forgot', { email: 'nobody@example.com' });
    expect(r).toMatchObject({ status: 202, json: FORGOT_ANSWER });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('a known address gets a 1-hour token (only its hash stored) and an e-mail with the link, in English by default', async () => {
    table();
    cognito.on(AdminGetUserCommand).resolves(knownUser());
    const r = await call('POST /auth/password/forgot', { email: ' Ana@Example.com ' });
    expect(r).toMatchObject({ status: 202, json: FORGOT_ANSWER });
    expect(cognito.commandCalls(AdminGetUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'us-east-1_unit',
      Username: 'ana@example.com',
    });
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item as Record<string, any>;
    expect(put).toMatchObject({ purpose: 'reset-password', subject: 'ana@example.com' });
    expect(put.expiresAt).toBeGreaterThan(now() + 3500);
    expect(put.expiresAt).toBeLessThanOrEqual(now() + 3600);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1); // older links looked up to be revoked
    const mail = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(mail?.Destination?.ToAddresses).toEqual(['ana@example.com']);
    expect(mail?.Message?.Subject?.Data).toBe('Reset your Portal password');
    const text = mail?.Message?.Body?.Text?.Data ?? '';
    const token = /reset-password\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(token).toBeDefined();
    expect(text).toContain(`https://portal.example.com/reset-password?token=${token}`);
    expect(put.hash).toBe(hashToken(token!));
    expect(JSON.stringify(put)).not.toContain(token!);
  });

  it("writes in the profile's language over the request's, and in the request's language without a profile", async () => {
    table({ profile: profile('ro') });
    cognito.on(AdminGetUserCommand).resolves(knownUser());
    await call('POST /auth/password/forgot', { email: 'ana@example.com', language: 'en' });
    const ro = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Message;
    expect(ro?.Subject?.Data).toBe('Resetează parola contului tău Portal');
    expect(ro?.Body?.Html?.Data).toContain('<html lang="ro">');
    expect(ro?.Body?.Text?.Data).toContain('Bună ziua, Ana,');

    ddb.reset();
    ses.resetHistory();
    table();
    await call('POST /auth/password/forgot', { email: 'ana@example.com', language: 'ro' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Message?.Subject?.Data).toBe(
      'Resetează parola contului tău Portal',
    );
  });

  it('disabled and unconfirmed accounts get the same 202 and no e-mail', async () => {
    for (const u of [knownUser({ Enabled: false }), knownUser({ UserStatus: 'UNCONFIRMED' })]) {
      ddb.reset();
      table();
      cognito.on(AdminGetUserCommand).resolves(u);
      const r = await call('POST /auth/password/forgot', { email: 'ana@example.com' });
      expect(r).toMatchObject({ status: 202, json: FORGOT_ANSWER });
      expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    }
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('a failure while mailing is logged, not answered differently', async () => {
    table();
    cognito.on(AdminGetUserCommand).resolves(knownUser());
    ses.on(SendEmailCommand).rejects(new Error('SES down'));
    expect((await call('POST /auth/password/forgot', { email: 'ana@example.com' })).status).toBe(202);
  });

  it('over the limit (per address or per IP) → 429 with Retry-After, before looking the address up', async () => {
    table({ hits: 6 });
    const r = await call('POST /auth/password/forgot', { email: 'ana@example.com' });
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(r.headers['retry-after'] ?? r.headers['Retry-After'])).toBeGreaterThan(0);
    expect(cognito.calls()).toHaveLength(0);
    const buckets = ddb.commandCalls(UpdateCommand).map((c) => String(c.args[0].input.Key?.PK).split('#')[1]);
    expect(buckets.sort()).toEqual(['password-forgot:email', 'password-forgot:ip']);
  });

  it('bad input → 400 naming the field, nothing counted or sent', async () => {
    for (const [body, field] of [
      [{ email: 'not-an-address' }, 'email'],
      [{ email: 'a@b.co', language: 'de' }, 'language'],
      [{ email: 'a@b.co', extra: 1 }, '(body)'],
    ] as const) {
      const r = await call('POST /auth/password/forgot', body);
      expect(r.status).toBe(400);
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect(ddb.calls()).toHaveLength(0);
    expect(cognito.calls()).toHaveLength(0);
  });
});

describe('POST /auth/password/reset/check', () => {
  it('tells valid, expired, used, replaced and unknown links apart without using them', async () => {
    const token = 'c'.repeat(43);
    for (const [item, state] of [
      [tokenItem(token), 'valid'],
      [tokenItem(token, { expiresAt: now() - 1 }), 'expired'],
      [tokenItem(token, { usedAt: 'y' }), 'used'],
      [tokenItem(token, { revokedAt: 'y' }), 'expired'],
      [undefined, 'unknown'],
    ] as const) {
      ddb.reset();
      table({ token: item });
      const r = await call('POST /auth/password/reset/check', { token });
      expect(r).toMatchObject({ status: 200, json: { state } });
      expect(nonRateWrites()).toHaveLength(0);
    }
    table();
    expect((await call('POST /auth/password/reset/check', { token: 'garbage' })).json).toEqual({ state: 'unknown' });
  });
});

describe('POST /auth/password/reset', () => {
  const token = 'd'.repeat(43);

  it('uses the link once, sets the permanent password and signs the person out everywhere', async () => {
    table({ token: tokenItem(token) });
    cognito.on(AdminGetUserCommand).resolves(knownUser());
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    const r = await call('POST /auth/password/reset', { token, password: STRONG });
    expect(r).toMatchObject({ status: 200, json: { status: 'reset' } });
    const consume = ddb.commandCalls(UpdateCommand).find((c) => String(c.args[0].input.Key?.PK).startsWith('OTT#'));
    expect(consume?.args[0].input.ConditionExpression).toMatch(/attribute_not_exists/);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'us-east-1_unit',
      Username: 'ana@example.com',
      Password: STRONG,
      Permanent: true,
    });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'us-east-1_unit',
      Username: 'ana@example.com',
    });
  });

  it('still succeeds when the global sign-out is not available (cognito-local)', async () => {
    table({ token: tokenItem(token) });
    cognito.on(AdminGetUserCommand).resolves(knownUser());
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).rejects(new Error('not implemented'));
    expect((await call('POST /auth/password/reset', { token, password: STRONG })).status).toBe(200);
  });

  it('refuses used, expired and unknown links with a clear code, writing nothing', async () => {
    for (const [item, status, code] of [
      [tokenItem(token, { usedAt: 'y' }), 410, 'RESET_LINK_USED'],
      [tokenItem(token, { expiresAt: now() - 1 }), 410, 'RESET_LINK_EXPIRED'],
      [tokenItem(token, { revokedAt: 'y' }), 410, 'RESET_LINK_EXPIRED'],
      [undefined, 400, 'RESET_LINK_INVALID'],
    ] as const) {
      ddb.reset();
      cognito.reset();
      table({ token: item });
      const r = await call('POST /auth/password/reset', { token, password: STRONG });
      expect({ status: r.status, code: r.json.error.code }).toEqual({ status, code });
      expect(nonRateWrites()).toHaveLength(0);
      expect(cognito.commandCalls(AdminSetUserPasswordCommand)).toHaveLength(0);
    }
  });

  it('pre-hijack: an unconfirmed stage-1 account (disabled, address unverified) gets a link; the reset replaces the password, verifies the address and enables it', async () => {
    const unconfirmed = {
      ...knownUser({ Enabled: false }),
      UserAttributes: [
        { Name: 'sub', Value: 'sub-ana' },
        { Name: 'email', Value: 'ana@example.com' },
        { Name: 'email_verified', Value: 'false' },
      ],
    };
    table();
    cognito.on(AdminGetUserCommand).resolves(unconfirmed);
    await call('POST /auth/password/forgot', { email: 'ana@example.com' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    ddb.reset();
    table({ token: tokenItem(token) });
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    const r = await call('POST /auth/password/reset', { token, password: STRONG });
    expect(r.status).toBeLessThan(300);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]!.args[0].input).toMatchObject({
      Password: STRONG,
      Permanent: true,
    });
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]!.args[0].input.UserAttributes).toContainEqual({
      Name: 'email_verified',
      Value: 'true',
    });
    expect(cognito.commandCalls(AdminEnableUserCommand)).toHaveLength(1);
  });

  it('a link whose account was disabled since is refused', async () => {
    table({ token: tokenItem(token) });
    cognito.on(AdminGetUserCommand).resolves(knownUser({ Enabled: false }));
    const r = await call('POST /auth/password/reset', { token, password: STRONG });
    expect(r.json.error.code).toBe('RESET_LINK_INVALID');
    expect(nonRateWrites()).toHaveLength(0);
  });

  it('a weak password → 400 naming `password` with the reason, before anything is read or written', async () => {
    for (const [pw, reason] of [
      ['Short-1a', /at least 12/],
      ['alllowercase-123', /upper-case/],
      ['ALLUPPERCASE-123', /lower-case/],
      ['NoDigitsHere-abc', /digit/],
      ['NoSymbols123abc', /symbol/],
    ] as const) {
      const r = await call('POST /auth/password/reset', { token, password: pw });
      expect(r.status).toBe(400);
      const f = (r.json.error.fields as { path: string; reason: string }[]).find((x) => x.path === 'password');
      expect(f?.reason).toMatch(reason);
    }
    expect(ddb.calls()).toHaveLength(0);
    expect(cognito.calls()).toHaveLength(0);
  });

  it('is rate limited per IP', async () => {
    table({ hits: 21, token: tokenItem(token) });
    const r = await call('POST /auth/password/reset', { token, password: STRONG });
    expect(r.status).toBe(429);
    expect(cognito.calls()).toHaveLength(0);
  });
});

describe('password policy and the e-mail', () => {
  it('matches the pool policy', () => {
    expect(passwordProblems(STRONG)).toEqual([]);
    expect(passwordProblems(' Correct-Horse-9')).toEqual(['must not start or end with a space']);
    expect(passwordChecks('Ăăăăăăăăăăă1!')).toMatchObject({
      upper: true,
      lower: true,
      digit: true,
      symbol: true,
      length: true,
    });
  });

  it('escapes what it prints', () => {
    const m = resetMail({
      lang: 'en',
      email: 'a<b>@example.com',
      url: 'https://p.example.com/reset-password?token=x',
      firstName: '<script>',
    });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;');
  });
});
