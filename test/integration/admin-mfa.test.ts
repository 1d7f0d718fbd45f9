/**
 * Administrators and MFA through the local gateway: admin routes need the `portal_mfa: totp` claim that the
 * pre-token-generation trigger (functions/mfa-claim, called by cognito-local as by Cognito) puts in tokens of
 * accounts with TOTP on. Sign-in answers 409 MFA_CODE_REQUIRED and takes the code at /auth/sign-in/mfa.
 */
import { randomUUID } from 'node:crypto';
import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { MFA_CLAIM } from '../../shared/auth/claims';
import { totp } from '../../shared/auth/totp';
import { api, itStack, signUpUser } from '../support/local-stack-client';

jest.setTimeout(60_000);

const ADMIN_ROUTE = '/portal/settings'; // GET, access 'admin'
const EMPLOYEE_ROUTE = '/me';

const claimsOf = (idToken: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** An admin whose account has no TOTP (as the demo admin, or one created before this change). */
async function adminWithoutTotp() {
  const email = `it-admin-nomfa-${randomUUID().slice(0, 8)}@example.com`;
  const password = `It-${randomUUID()}!`;
  await itStack().createUser(email, password, ['admin'], { totp: false });
  return { email, password };
}

describe('admin routes and the MFA claim', () => {
  it('refuses an admin route to an admin token without MFA (403 MFA_REQUIRED); other routes still work', async () => {
    const admin = await adminWithoutTotp();
    const r = await api('/auth/sign-in', { body: admin });
    expect(r.status).toBe(200);
    expect(claimsOf(r.json.idToken)[MFA_CLAIM]).toBe('none');
    const refused = await api(ADMIN_ROUTE, { token: r.json.idToken });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('MFA_REQUIRED');
    expect((await api(EMPLOYEE_ROUTE, { token: r.json.idToken })).status).toBe(200);
  });

  it('allows the admin route to an admin who signed in with the code', async () => {
    const admin = await signUpUser('admin'); // the local stack enrols admins in TOTP
    expect(claimsOf(admin.token)[MFA_CLAIM]).toBe('totp');
    const r = await api(ADMIN_ROUTE, { token: admin.token });
    expect([401, 403]).not.toContain(r.status);
    expect(r.status).toBeLessThan(500);
  });

  it('an employee with MFA is still refused admin routes (403 FORBIDDEN, not MFA_REQUIRED)', async () => {
    const employee = await signUpUser('employee');
    const r = await api(ADMIN_ROUTE, { token: employee.token });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('FORBIDDEN');
  });
});

describe('POST /auth/sign-in with TOTP on', () => {
  it('asks for the code (409 MFA_CODE_REQUIRED), refuses a wrong one, and signs in with the right one', async () => {
    const admin = await signUpUser('admin');
    const first = await api('/auth/sign-in', { body: { email: admin.email, password: admin.password } });
    expect(first.status).toBe(409);
    expect(first.json.error.code).toBe('MFA_CODE_REQUIRED');
    expect(first.json.error).not.toHaveProperty('idToken');
    const session = first.json.error.session as string;
    expect(session.length).toBeGreaterThan(0);

    const code = await itStack().totpCode(admin.email);
    const wrongCode = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    const wrong = await api('/auth/sign-in/mfa', { body: { email: admin.email, session, code: wrongCode } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('MFA_CODE_FAILED');

    const right = await api('/auth/sign-in/mfa', { body: { email: admin.email, session, code } });
    expect(right.status).toBe(200);
    expect(claimsOf(right.json.idToken)[MFA_CLAIM]).toBe('totp');
    expect((await api(ADMIN_ROUTE, { token: right.json.idToken })).status).not.toBe(403);
  });

  it('refuses a code that is not six digits with 400 before asking Cognito', async () => {
    const r = await api('/auth/sign-in/mfa', {
      body: { email: 'someone@example.com', session: 'x', code: '12ab' },
    });
    expect(r.status).toBe(400);
  });
});

describe('enrolment as the SPA does it (Cognito self-service with the access token)', () => {
  it('after Associate/Verify/SetUserMFAPreference the next sign-in asks for the code and the token opens admin routes', async () => {
    const admin = await adminWithoutTotp();
    const signedIn = await api('/auth/sign-in', { body: admin });
    const accessToken = signedIn.json.accessToken as string;
    const cognito = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: itStack().urls.cognito,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
      expect(SecretCode).toMatch(/^[A-Z2-7]+=*$/);
      await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(SecretCode!) }));
      await cognito.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: accessToken,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      );
      const again = await api('/auth/sign-in', { body: admin });
      expect(again.status).toBe(409);
      const done = await api('/auth/sign-in/mfa', {
        body: { email: admin.email, session: again.json.error.session, code: totp(SecretCode!) },
      });
      expect(done.status).toBe(200);
      expect((await api(ADMIN_ROUTE, { token: done.json.idToken })).status).not.toBe(403);
    } finally {
      cognito.destroy();
    }
  });
});
