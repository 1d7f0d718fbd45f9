/**
 * Password recovery (issue 3, item 4): "Forgot password?" → an e-mailed one-time link (1 h) → a new
 * password. All three routes are public; none reveals whether an address is registered.
 */
import * as z from 'zod';
import { answer } from '../../shared/api/answer';
import type { ResetLinkState } from '../../shared/api/account-views';
import { defineFeature } from '../../shared/manifest/types';
import { LANGUAGES } from '../../shared/i18n/languages';
import {
  emailAddress as email,
  linkToken as token,
  newPassword as password,
} from '../../shared/security/credential-schemas';

export const forgotInput = z.strictObject({ email, language: z.enum(LANGUAGES).optional() });
export const checkInput = z.strictObject({ token });
export const resetInput = z.strictObject({ token, password });

export const passwordsFeature = defineFeature({
  feature: 'passwords',
  grants: ['table:read', 'table:write', 'ses:send', 'cognito:admin'],
  http: {
    forgotPassword: {
      method: 'POST',
      path: '/auth/password/forgot',
      access: 'public',
      summary:
        'E-mail a password reset link (1 h, single use) if the address has an account; always 202 (rate limited per address and IP)',
      body: forgotInput,
      maxBodyBytes: 1024,
    },
    checkResetToken: {
      method: 'POST',
      path: '/auth/password/reset/check',
      access: 'public',
      summary: 'Whether a reset link is valid, expired, used or unknown (does not use it)',
      body: checkInput,
      maxBodyBytes: 1024,
      answer: answer<{ state: ResetLinkState }>(),
    },
    resetPassword: {
      method: 'POST',
      path: '/auth/password/reset',
      access: 'public',
      summary: 'Use a reset link: set the new password and sign the person out everywhere (rate limited per IP)',
      body: resetInput,
      maxBodyBytes: 2048,
    },
  },
});
