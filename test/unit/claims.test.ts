import { accessDecision, parseGroups, userFromClaims } from '../../shared/auth/claims';

describe('claims', () => {
  it('reads groups in API Gateway string form, JSON form and array form', () => {
    expect(parseGroups('[admin employee]')).toEqual(['admin', 'employee']);
    expect(parseGroups('["extranet"]')).toEqual(['extranet']);
    expect(parseGroups(['employee', 'unknown'])).toEqual(['employee']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('builds no user without a subject', () => {
    expect(userFromClaims({ email: 'a@b.c' })).toBeNull();
    expect(userFromClaims(null)).toBeNull();
  });

  it('decides access for every level and role', () => {
    const emp = userFromClaims({ sub: 'e', 'cognito:groups': '[employee]' });
    const ext = userFromClaims({ sub: 'x', 'cognito:groups': '[extranet]' });
    const adm = userFromClaims({ sub: 'a', 'cognito:groups': '[admin]', portal_mfa: 'totp' });
    expect(ext?.isExtranet).toBe(true);
    expect(accessDecision('public', null)).toBe('allow');
    expect(accessDecision('user', null)).toBe('unauthenticated');
    expect(accessDecision('user', ext)).toBe('allow');
    expect(accessDecision('employee', ext)).toBe('forbidden');
    expect(accessDecision('employee', emp)).toBe('allow');
    expect(accessDecision('admin', emp)).toBe('forbidden');
    expect(accessDecision('admin', adm)).toBe('allow');
  });
});
