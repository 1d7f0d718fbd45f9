/**
 * The request fields the public auth routes share (sign in, registration, password recovery,
 * invitations): one rule each for an e-mail address, an e-mailed link's token and a new password.
 */
import * as z from 'zod';
import { PASSWORD_MAX_LENGTH, passwordProblems } from './password-policy';

/** An e-mail address, trimmed and lower-cased (the Cognito user name). */
export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'not a valid e-mail address' }));

/** Tokens are 43 base64url characters; anything else is simply an unknown link (answered as such). */
export const linkToken = z.string().min(1, { message: 'required' }).max(128);

/** A password being chosen: every rule of the pool's policy it misses is its own issue (the SPA shows a checklist). */
export const newPassword = z
  .string()
  .max(PASSWORD_MAX_LENGTH + 1)
  .superRefine((pw, ctx) => {
    for (const reason of passwordProblems(pw)) ctx.addIssue({ code: 'custom', message: reason });
  });
