/**
 * Administrators and MFA, the pieces without a stack: the claim check for each role, the HTTP answer
 * (403 MFA_REQUIRED), the pre-token-generation trigger that adds the claim, and the RFC 6238 TOTP.
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyStructuredResultV2, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as mfaClaimTrigger } from '../../functions/mfa-claim/handler';
import { accessDecision, MFA_CLAIM, mfaFromClaims, userFromClaims } from '../../shared/auth/claims';
import { base32Decode, hotp, totp } from '../../shared/auth/totp';
import { defineFeature } from '../../shared/manifest/types';
import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { adminClaims, httpEvent, lambdaContext } from '../support/events';

describe('the MFA claim', () => {
  it.each([
    [{ [MFA_CLAIM]: 'totp' }, true],
    [{ [MFA_CLAIM]: 'none' }, false],
    [{}, false],
    [{ [MFA_CLAIM]: 'TOTP' }, false],
    [{ amr: ['pwd', 'otp', 'mfa'] }, true],
    [{ amr: '[pwd mfa]' }, true],
    [{ amr: ['pwd'] }, false],
    [{ amr: '[pwd]' }, false],
  ])('%j → %s', (claims, expected) => {
    expect(mfaFromClaims(claims)).toBe(expected);
  });
});

describe('access decisions with and without MFA, for each role', () => {
  const person = (groups: string[], mfa: boolean) =>
    userFromClaims({ sub: 's', 'cognito:groups': groups, [MFA_CLAIM]: mfa ? 'totp' : 'none' });
  it.each([
    // role, has MFA, admin route, employee route, user route
    [['admin'], true, 'allow', 'allow', 'allow'],
    [['admin'], false, 'mfa_required', 'allow', 'allow'],
    [['admin', 'employee'], false, 'mfa_required', 'allow', 'allow'],
    [['employee'], true, 'forbidden', 'allow', 'allow'],
    [['employee'], false, 'forbidden', 'allow', 'allow'],
    [['extranet'], true, 'forbidden', 'forbidden', 'allow'],
    [[], false, 'forbidden', 'forbidden', 'allow'],
  ] as const)('%j with MFA %s: admin %s, employee %s, user %s', (groups, mfa, admin, employee, user) => {
    const u = person([...groups], mfa);
    expect(accessDecision('admin', u)).toBe(admin);
    expect(accessDecision('employee', u)).toBe(employee);
    expect(accessDecision('user', u)).toBe(user);
  });

  it('nobody signed in is unauthenticated, not mfa_required', () => {
    expect(accessDecision('admin', null)).toBe('unauthenticated');
  });

  it("an admin's powers inside employee routes (handlers' isAdmin) also need the second factor", () => {
    expect(person(['admin'], true)?.isAdmin).toBe(true);
    expect(person(['admin'], false)?.isAdmin).toBe(false);
    expect(person(['admin', 'employee'], false)).toMatchObject({ isAdmin: false, isExtranet: false, mfa: false });
    expect(person(['employee'], true)?.isAdmin).toBe(false);
  });
});

describe('an admin route through the HTTP pipeline', () => {
  const feature = defineFeature({
    feature: 'unit-mfa',
    grants: [],
    http: { settings: { method: 'GET', path: '/settings', access: 'admin', summary: 'admin only' } },
  });
  const handler = createFeatureHandler(feature, { http: { settings: async () => ({ ok: true }) } });
  const call = async (claims: Record<string, string>) => {
    const res = (await handler(
      httpEvent({ routeKey: 'GET /settings', claims }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, json: JSON.parse(res.body ?? '{}') as { error?: { code: string } } };
  };

  it('answers 403 MFA_REQUIRED to an admin token without the claim', async () => {
    const { [MFA_CLAIM]: _dropped, ...withoutClaim } = adminClaims();
    const r = await call(withoutClaim);
    expect(r.status).toBe(403);
    expect(r.json.error?.code).toBe('MFA_REQUIRED');
    expect((await call({ ...adminClaims(), [MFA_CLAIM]: 'none' })).json.error?.code).toBe('MFA_REQUIRED');
  });

  it('lets an admin token with the claim through', async () => {
    expect(await call(adminClaims())).toEqual({ status: 200, json: { ok: true } });
  });
});

describe('the pre-token-generation trigger', () => {
  const cognito = mockClient(CognitoIdentityProviderClient);
  afterEach(() => cognito.reset());
  const event = (): PreTokenGenerationTriggerEvent =>
    ({
      version: '1',
      triggerSource: 'TokenGeneration_Authentication',
      region: 'eu-central-1',
      userPoolId: 'eu-central-1_Pool',
      userName: 'user-1',
      callerContext: { awsSdkVersion: 'x', clientId: 'c' },
      request: { userAttributes: { sub: 'user-1' }, groupConfiguration: { groupsToOverride: ['admin'] } },
      response: { claimsOverrideDetails: null },
    }) as unknown as PreTokenGenerationTriggerEvent;
  const claimOf = (e: PreTokenGenerationTriggerEvent) => e.response.claimsOverrideDetails?.claimsToAddOrOverride;

  it('adds portal_mfa: totp when the account has TOTP on (asking the pool from the event)', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'user-1', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    expect(claimOf(await mfaClaimTrigger(event()))).toEqual({ [MFA_CLAIM]: 'totp' });
    expect(cognito.commandCalls(AdminGetUserCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'eu-central-1_Pool',
      Username: 'user-1',
    });
  });

  it('adds portal_mfa: none without TOTP (SMS does not count), and when the lookup fails', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'user-1', UserMFASettingList: ['SMS_MFA'] });
    expect(claimOf(await mfaClaimTrigger(event()))).toEqual({ [MFA_CLAIM]: 'none' });
    cognito.on(AdminGetUserCommand).resolves({ Username: 'user-1' });
    expect(claimOf(await mfaClaimTrigger(event()))).toEqual({ [MFA_CLAIM]: 'none' });
    cognito
      .on(AdminGetUserCommand)
      .rejects(Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' }));
    expect(claimOf(await mfaClaimTrigger(event()))).toEqual({ [MFA_CLAIM]: 'none' });
  });
});

describe('RFC 6238 TOTP', () => {
  // RFC 6238 appendix B, SHA-1 key "12345678901234567890" (base32 below); the RFC prints 8 digits, apps use the last 6.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s → %s', (seconds, code) => {
    expect(totp(secret, seconds * 1000)).toBe(code);
  });

  it('decodes base32 as Cognito writes it (any case, padding) and matches RFC 4226 HOTP', () => {
    expect(base32Decode('gezdgnbvgy3tqojq====').toString()).toBe('1234567890');
    expect(hotp(Buffer.from('12345678901234567890'), 0)).toBe('755224');
    expect(() => base32Decode('0189')).toThrow(/base32/);
  });
});
