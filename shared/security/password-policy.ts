/**
 * The user pool's password policy (infra/portal-stack.ts: at least 12 characters, upper and lower case,
 * a digit and a symbol), checked before Cognito sees a password so the person gets a clear reason.
 * Shared by the API (zod) and the SPA (strength hint).
 */
export const PASSWORD_MIN_LENGTH = 12;
/** Cognito's own limit. */
export const PASSWORD_MAX_LENGTH = 256;

/** The characters Cognito counts as symbols. */
const SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

export type PasswordRule = 'length' | 'lower' | 'upper' | 'digit' | 'symbol';

export const PASSWORD_RULES: readonly PasswordRule[] = ['length', 'lower', 'upper', 'digit', 'symbol'];

const REASONS: Record<PasswordRule | 'tooLong' | 'spaces', string> = {
  length: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  lower: 'must contain a lower-case letter',
  upper: 'must contain an upper-case letter',
  digit: 'must contain a digit',
  symbol: 'must contain a symbol such as ! ? # or -',
  tooLong: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
  spaces: 'must not start or end with a space',
};

/** Which rules a password meets (for the SPA's checklist). */
export function passwordChecks(pw: string): Record<PasswordRule, boolean> {
  return {
    length: [...pw].length >= PASSWORD_MIN_LENGTH,
    lower: /\p{Ll}/u.test(pw),
    upper: /\p{Lu}/u.test(pw),
    digit: /[0-9]/.test(pw),
    symbol: [...pw].some((c) => SYMBOLS.includes(c) && c !== ' ') || /\S \S/.test(pw),
  };
}

/** The reasons a password is refused, in English (API messages); empty when it is acceptable. */
export function passwordProblems(pw: string): string[] {
  const checks = passwordChecks(pw);
  const out = PASSWORD_RULES.filter((r) => !checks[r]).map((r) => REASONS[r]);
  if (pw.length > PASSWORD_MAX_LENGTH) out.push(REASONS.tooLong);
  if (pw !== pw.trim()) out.push(REASONS.spaces);
  return out;
}
