/** Small rules the signed-out forms share. */
import { ApiError } from '../../api/client';

/** Good enough to catch typos before the request; the API validates for real. */
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whole minutes to wait after a 429 (its retryAfterSeconds, at least one minute). */
export function retryMinutes(err: ApiError): number {
  return Math.max(1, Math.ceil((Number(err.body?.retryAfterSeconds) || 60) / 60));
}
