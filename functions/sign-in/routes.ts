/**
 * Throttled sign-in and "sign out everywhere" (issue 3, items 3 and 8). The SPA signs in through the
 * API instead of calling Cognito itself, so every attempt is counted per address and per IP; the
 * answer never tells whether an address has an account. Silent renewal still goes to Cognito directly
 * (REFRESH_TOKEN_AUTH needs a refresh token, which only a signed-in browser holds).
 */
import * as z from 'zod';
import { defineFeature } from '../../shared/manifest/types';
import { emailAddress as email } from '../../shared/security/credential-schemas';

/** Cognito accepts up to 256 characters; the password is never logged nor echoed in errors. */
const password = z.string().min(1, { message: 'required' }).max(256);

export const signInInput = z.strictObject({ email, password });

/** The second step of an account with TOTP on: Cognito's challenge session (opaque, ~1 KB) and the 6-digit code. */
export const mfaCodeInput = z.strictObject({
  email,
  session: z.string().min(1, { message: 'required' }).max(4096),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: 'six digits' }),
});

export const signInFeature = defineFeature({
  feature: 'sign-in',
  grants: ['table:read', 'table:write', 'cognito:admin'],
  http: {
    signIn: {
      method: 'POST',
      path: '/auth/sign-in',
      access: 'public',
      summary:
        'E-mail + password sign-in (Cognito USER_PASSWORD_AUTH); one 401 for every failure; rate limited per address and IP (429)',
      body: signInInput,
      maxBodyBytes: 1024,
    },
    signInMfa: {
      method: 'POST',
      path: '/auth/sign-in/mfa',
      access: 'public',
      summary:
        'The authenticator code (TOTP) after a sign-in answered 409 MFA_CODE_REQUIRED (Cognito RespondToAuthChallenge SOFTWARE_TOKEN_MFA); counted like sign-in attempts (429)',
      body: mfaCodeInput,
      maxBodyBytes: 8192,
    },
    signOutEverywhere: {
      method: 'POST',
      path: '/me/sign-out-everywhere',
      access: 'user',
      summary: 'Revoke every refresh token of the signed-in person (Cognito AdminUserGlobalSignOut); 204',
    },
  },
});
