import { lockoutSeconds, secondsLocked, type LockoutItem, type LockoutRule } from '../../shared/security/lockout';

const rule: LockoutRule = {
  bucket: 'test',
  limit: 10,
  windowSeconds: 900,
  baseSeconds: 60,
  maxSeconds: 3600,
  decaySeconds: 86_400,
};

describe('growing lockout', () => {
  it('lasts 1 min, then doubles at each new lockout, capped at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((level) => lockoutSeconds(rule, level))).toEqual([
      60, 120, 240, 480, 960, 1920, 3600, 3600, 3600,
    ]);
  });
  it('counts the seconds left of a lockout, 0 once it has ended or when there is none', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const until = (s: number): LockoutItem => ({ bucket: 'test', key: 'k', lockedUntil: now / 1000 + s });
    expect(secondsLocked(until(90), now)).toBe(90);
    expect(secondsLocked(until(0), now)).toBe(0);
    expect(secondsLocked(until(-5), now)).toBe(0);
    expect(secondsLocked(undefined, now)).toBe(0);
  });
});
