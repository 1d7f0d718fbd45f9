/** Small rules the signed-out forms share. */
import { passwordProblems } from '../../../../shared/security/password-policy';
import { ApiError } from '../../api/client';

/** Good enough to catch typos before the request; the API validates for real. */
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type EmailProblem = 'emailRequired' | 'emailInvalid';
export type NewPasswordProblem = 'passwordRequired' | 'passwordWeak';

/** What is wrong with a typed e-mail address (trimmed first), or null. */
export function emailProblem(email: string): EmailProblem | null {
  const em = email.trim();
  return !em ? 'emailRequired' : EMAIL_RE.test(em) ? null : 'emailInvalid';
}

/** What is wrong with a new password against the pool's rules, or null. */
export function newPasswordProblem(password: string): NewPasswordProblem | null {
  return !password ? 'passwordRequired' : passwordProblems(password).length ? 'passwordWeak' : null;
}

/** Whole minutes to wait after a 429 (its retryAfterSeconds, at least one minute). */
export function retryMinutes(err: ApiError): number {
  return Math.max(1, Math.ceil((Number(err.body?.retryAfterSeconds) || 60) / 60));
}

/** A request that failed as a whole (not on a field): too many tries, no server, or anything else. */
export type RequestFailure = { key: 'tooMany'; minutes: number } | { key: 'network' | 'unknown' };

export function requestFailure(err: unknown): RequestFailure {
  if (err instanceof ApiError && err.status === 429) return { key: 'tooMany', minutes: retryMinutes(err) };
  return { key: err instanceof ApiError && err.isNetwork ? 'network' : 'unknown' };
}
