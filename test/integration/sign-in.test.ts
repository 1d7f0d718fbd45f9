/**
 * Sign-in through the gateway against cognito-local: the tokens work on the API, every refusal reads
 * the same (no account enumeration), the per-address limit answers 429; sign out everywhere answers 204.
 */
import { randomUUID } from 'node:crypto';
import { api, signUpUser } from '../support/local-stack-client';

jest.setTimeout(60_000);

const withoutRequestId = (json: any) => {
  const { requestId: _r, ...error } = json.error as Record<string, unknown>;
  return { error };
};

describe('POST /auth/sign-in', () => {
  it('signs in with the right password; the tokens work on GET /me', async () => {
    const user = await signUpUser('employee');
    const r = await api('/auth/sign-in', { body: { email: user.email.toUpperCase(), password: user.password } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['accessToken', 'expiresIn', 'idToken', 'refreshToken']);
    expect(r.json.expiresIn).toBeGreaterThan(0);
    const me = await api('/me', { token: r.json.idToken });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ sub: user.sub, email: user.email, groups: ['employee'] });
  });

  it('a wrong password and an unknown address get identical 401 bodies', async () => {
    const user = await signUpUser('employee');
    const wrong = await api('/auth/sign-in', { body: { email: user.email, password: `${user.password}x` } });
    const unknown = await api('/auth/sign-in', {
      body: { email: `nobody-${randomUUID().slice(0, 8)}@example.com`, password: user.password },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(withoutRequestId(wrong.json)).toEqual({
      error: { code: 'SIGN_IN_FAILED', message: 'Wrong e-mail or password' },
    });
    expect(withoutRequestId(unknown.json)).toEqual(withoutRequestId(wrong.json));
  });

  it('more than 10 attempts in 15 minutes for one address → 429 with Retry-After, even with the right password', async () => {
    const user = await signUpUser('employee');
    for (let i = 0; i < 10; i++)
      expect((await api('/auth/sign-in', { body: { email: user.email, password: 'Wrong-password-1' } })).status).toBe(
        401,
      );
    const over = await api('/auth/sign-in', { body: { email: user.email, password: user.password } });
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('POST /me/sign-out-everywhere', () => {
  it('answers 204 for a signed-in person (cognito-local lacks the call: tolerated locally)', async () => {
    const user = await signUpUser('employee');
    expect((await api('/me/sign-out-everywhere', { method: 'POST', token: user.token })).status).toBe(204);
    expect((await api('/me/sign-out-everywhere', { method: 'POST' })).status).toBe(401);
  });
});
