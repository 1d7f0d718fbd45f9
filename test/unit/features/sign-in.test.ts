import {
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CodeMismatchException,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  InvalidPasswordException,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  UserNotConfirmedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/sign-in/handler';
import { invokeWithHeaders } from '../../support/unit-mocks';

process.env.USER_POOL_ID = 'us-east-1_unit';
process.env.USER_POOL_CLIENT_ID = 'unit-client';

const ddb = mockClient(DynamoDBClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const meta = { $metadata: {} };

const call = (routeKey: string, body?: unknown, claims?: Record<string, string>) =>
  invokeWithHeaders(handler, routeKey, { body, claims });

const signIn = (body: unknown = { email: 'Ana@Example.com', password: 'secret-Pass-1' }) =>
  call('POST /auth/sign-in', body);

function rate(hits: Record<string, number> = {}) {
  ddb.on(UpdateCommand).callsFake((input: { Key: { PK: string } }) => {
    const bucket = Object.keys(hits).find((b) => input.Key.PK.startsWith(`RATE#${b}#`));
    return { Attributes: { hits: bucket ? hits[bucket] : 1 } };
  });
  ddb.on(GetCommand).resolves({}); // nothing in the previous window
}

beforeEach(() => {
  ddb.reset();
  cognito.reset();
  delete process.env.COGNITO_ENDPOINT;
  rate();
  cognito.on(AdminGetUserCommand).resolves({ Username: 'ana@example.com', Enabled: true });
});

const signInMfa = (body: unknown = { email: 'Ana@Example.com', session: 'cognito-session', code: '123456' }) =>
  call('POST /auth/sign-in/mfa', body);

describe('POST /auth/sign-in/mfa', () => {
  it('answers the SOFTWARE_TOKEN_MFA challenge with the code and returns the tokens', async () => {
    cognito.on(RespondToAuthChallengeCommand).resolves({
      AuthenticationResult: { IdToken: 'id', AccessToken: 'access', RefreshToken: 'refresh', ExpiresIn: 3600 },
    });
    const r = await signInMfa();
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ idToken: 'id', accessToken: 'access', refreshToken: 'refresh', expiresIn: 3600 });
    expect(cognito.commandCalls(RespondToAuthChallengeCommand)[0]!.args[0].input).toEqual({
      ClientId: 'unit-client',
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 'cognito-session',
      ChallengeResponses: { USERNAME: 'ana@example.com', SOFTWARE_TOKEN_MFA_CODE: '123456' },
    });
  });

  it('a wrong code → 401 MFA_CODE_FAILED; an expired challenge → 401 MFA_SESSION_EXPIRED; a disabled account → SIGN_IN_FAILED', async () => {
    cognito.on(RespondToAuthChallengeCommand).rejects(new CodeMismatchException({ message: 'x', ...meta }));
    expect((await signInMfa()).json.error.code).toBe('MFA_CODE_FAILED');
    cognito.on(RespondToAuthChallengeCommand).rejects(new NotAuthorizedException({ message: 'x', ...meta }));
    const expired = await signInMfa();
    expect(expired.status).toBe(401);
    expect(expired.json.error.code).toBe('MFA_SESSION_EXPIRED');
    cognito.on(RespondToAuthChallengeCommand).resolves({
      AuthenticationResult: { IdToken: 'id', AccessToken: 'access', RefreshToken: 'refresh', ExpiresIn: 3600 },
    });
    cognito.on(AdminGetUserCommand).resolves({ Username: 'ana@example.com', Enabled: false });
    const disabled = await signInMfa();
    expect(disabled.status).toBe(401);
    expect(disabled.json.error.code).toBe('SIGN_IN_FAILED');
  });

  it('refuses a code that is not six digits (400) and counts codes like passwords (429) without asking Cognito', async () => {
    expect((await signInMfa({ email: 'ana@example.com', session: 's', code: '12345' })).status).toBe(400);
    rate({ 'sign-in:email': 11 });
    const over = await signInMfa();
    expect(over.status).toBe(429);
    expect(cognito.commandCalls(RespondToAuthChallengeCommand)).toHaveLength(0);
  });
});

describe('POST /auth/sign-in', () => {
  it('a disabled account (an unconfirmed registration, a deactivated person) gets the one 401 even with the right password (cognito-local does not check)', async () => {
    cognito.on(InitiateAuthCommand).resolves({
      AuthenticationResult: { IdToken: 'id', AccessToken: 'access', RefreshToken: 'refresh', ExpiresIn: 3600 },
    });
    cognito.on(AdminGetUserCommand).resolves({ Username: 'ana@example.com', Enabled: false });
    const r = await signIn();
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('SIGN_IN_FAILED');
    expect(r.json.idToken).toBeUndefined();
  });

  it('returns the tokens of USER_PASSWORD_AUTH with the app client, the address lower-cased', async () => {
    cognito.on(InitiateAuthCommand).resolves({
      AuthenticationResult: { IdToken: 'id', AccessToken: 'access', RefreshToken: 'refresh', ExpiresIn: 3600 },
    });
    const r = await signIn();
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ idToken: 'id', accessToken: 'access', refreshToken: 'refresh', expiresIn: 3600 });
    const input = cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input;
    expect(input).toEqual({
      ClientId: 'unit-client',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ana@example.com', PASSWORD: 'secret-Pass-1' },
    });
    // Counted per address and per IP, before Cognito is asked.
    const pks = ddb.commandCalls(UpdateCommand).map((c) => String(c.args[0].input.Key?.PK));
    expect(pks.some((pk) => pk.startsWith('RATE#sign-in:email#'))).toBe(true);
    expect(pks.some((pk) => pk.startsWith('RATE#sign-in:ip#'))).toBe(true);
    expect(pks.join()).not.toContain('ana@example.com');
  });

  const failures = [
    new NotAuthorizedException({ message: 'Incorrect username or password.', ...meta }),
    new NotAuthorizedException({ message: 'User is disabled.', ...meta }),
    new UserNotFoundException({ message: 'User does not exist.', ...meta }),
    new InvalidPasswordException({ message: 'Invalid password', ...meta }),
    new UserNotConfirmedException({ message: 'User is not confirmed.', ...meta }),
  ];

  it('answers every Cognito refusal with the same 401 body', async () => {
    const bodies = [];
    for (const err of failures) {
      cognito.reset();
      cognito.on(InitiateAuthCommand).rejects(err);
      const r = await signIn();
      expect(r.status).toBe(401);
      const { requestId: _requestId, ...rest } = r.json.error as Record<string, unknown>;
      bodies.push(rest);
    }
    expect(bodies[0]).toEqual({ code: 'SIGN_IN_FAILED', message: 'Wrong e-mail or password' });
    for (const b of bodies) expect(b).toEqual(bodies[0]);
  });

  it('answers NEW_PASSWORD_REQUIRED and other challenges with 409 codes (no tokens)', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's' });
    const r = await signIn();
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('NEW_PASSWORD_REQUIRED');
    cognito.reset();
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'SELECT_MFA_TYPE', Session: 's' });
    const m = await signIn();
    expect(m.status).toBe(409);
    expect(m.json.error.code).toBe('SIGN_IN_CHALLENGE');
  });

  it('an account with TOTP on gets 409 MFA_CODE_REQUIRED with the challenge session, no tokens', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'cognito-session' });
    const r = await signIn();
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({
      code: 'MFA_CODE_REQUIRED',
      challenge: 'SOFTWARE_TOKEN_MFA',
      session: 'cognito-session',
    });
    expect(r.json.idToken).toBeUndefined();
  });

  it('over the per-address limit → 429 with Retry-After, without asking Cognito', async () => {
    rate({ 'sign-in:email': 11 });
    const r = await signIn();
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(r.headers['retry-after'] ?? r.headers['Retry-After'])).toBeGreaterThan(0);
    expect(cognito.commandCalls(InitiateAuthCommand)).toHaveLength(0);
  });

  it('over the per-IP limit → 429', async () => {
    rate({ 'sign-in:ip': 51 });
    expect((await signIn()).status).toBe(429);
    expect(cognito.commandCalls(InitiateAuthCommand)).toHaveLength(0);
  });

  it('the per-IP limit is a setting (an office behind one address), 50 by default', async () => {
    const saved = process.env.SIGN_IN_LIMIT_PER_IP;
    try {
      process.env.SIGN_IN_LIMIT_PER_IP = '200';
      rate({ 'sign-in:ip': 51 });
      cognito.on(InitiateAuthCommand).rejects(Object.assign(new Error('wrong'), { name: 'NotAuthorizedException' }));
      expect((await signIn()).status).toBe(401); // past the limiter: Cognito was asked
      expect(cognito.commandCalls(InitiateAuthCommand)).toHaveLength(1);
      process.env.SIGN_IN_LIMIT_PER_IP = 'many';
      expect((await signIn()).status).toBe(429);
    } finally {
      if (saved === undefined) delete process.env.SIGN_IN_LIMIT_PER_IP;
      else process.env.SIGN_IN_LIMIT_PER_IP = saved;
    }
  });

  it('validates the body and never echoes the password', async () => {
    const r = await signIn({ email: 'not-an-address', password: 'Hunter-2-secret' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).not.toContain('Hunter-2-secret');
    expect((await signIn({ email: 'a@example.com' })).status).toBe(400);
    expect((await signIn({ email: 'a@example.com', password: 'x', extra: 1 })).status).toBe(400);
  });
});

describe('POST /me/sign-out-everywhere', () => {
  const claims = {
    sub: 'sub-ana',
    email: 'ana@example.com',
    'cognito:username': 'user-ana',
    'cognito:groups': '[employee]',
    token_use: 'id',
  };

  it('signs the token’s user out of every device → 204', async () => {
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    const r = await call('POST /me/sign-out-everywhere', undefined, claims);
    expect(r.status).toBe(204);
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'us-east-1_unit',
      Username: 'user-ana',
    });
  });

  it('a failure is an error in the cloud, but tolerated against cognito-local', async () => {
    cognito.on(AdminUserGlobalSignOutCommand).rejects(new Error('not implemented'));
    expect((await call('POST /me/sign-out-everywhere', undefined, claims)).status).toBe(500);
    process.env.COGNITO_ENDPOINT = 'http://localhost:9229';
    expect((await call('POST /me/sign-out-everywhere', undefined, claims)).status).toBe(204);
  });

  it('needs a signed-in user', async () => {
    expect((await call('POST /me/sign-out-everywhere')).status).toBe(401);
  });
});
