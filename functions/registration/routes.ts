/**
 * Registration (issue 3, items 1 and 2): stage 1 (e-mail + password → a confirmation link), the link,
 * stage 2 (the company form that creates the portal and makes its first admin), joining through an
 * allowed e-mail domain, where a signed-in person stands, and whether a portal exists.
 */
import * as z from 'zod';
import { answer } from '../../shared/api/answer';
import type { ConfirmAnswer, ConfirmLinkCheck, PortalInfo, RegistrationStatus } from '../../shared/api/account-views';
import { defineFeature } from '../../shared/manifest/types';
import { LANGUAGES } from '../../shared/i18n/languages';
import {
  emailAddress as email,
  linkToken as token,
  newPassword as password,
} from '../../shared/security/credential-schemas';
import { PASSWORD_MAX_LENGTH } from '../../shared/security/password-policy';
import { PORTAL_NAME_REASONS, portalNameProblem } from '../../shared/portal/portal-name';

const personName = z.string().trim().min(1, { message: 'required' }).max(80);
const timeZone = z
  .string()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a known IANA time zone' },
  );
const portalName = z
  .string()
  .trim()
  .max(64)
  .superRefine((n, ctx) => {
    const p = portalNameProblem(n);
    if (p) ctx.addIssue({ code: 'custom', message: PORTAL_NAME_REASONS[p] });
  });

export const registerInput = z.strictObject({ email, password, language: z.enum(LANGUAGES).optional() });
export const checkLinkInput = z.strictObject({ token });
export const confirmInput = z.strictObject({
  token,
  password: z
    .string()
    .min(1, { message: 'required' })
    .max(PASSWORD_MAX_LENGTH + 1),
});
export const companyInput = z.strictObject({
  companyName: z.string().trim().min(2, { message: 'must be at least 2 characters' }).max(120),
  firstName: personName,
  lastName: personName,
  portalName,
  acceptLicence: z.literal(true, { message: 'the licence terms must be accepted' }),
  promoCode: z.string().trim().max(40).optional(),
  timeZone: timeZone.optional(),
});
export const joinInput = z.strictObject({ firstName: personName, lastName: personName, timeZone: timeZone.optional() });

export const registrationFeature = defineFeature({
  feature: 'registration',
  grants: ['table:read', 'table:write', 'ses:send', 'cognito:admin'],
  http: {
    register: {
      method: 'POST',
      path: '/registration',
      access: 'public',
      summary:
        'Stage 1: e-mail + password → a confirmation link by e-mail (24 h). Always 202, never says whether the address is known (rate limited per address and IP)',
      body: registerInput,
      maxBodyBytes: 2048,
    },
    checkLink: {
      method: 'POST',
      path: '/registration/confirm/check',
      access: 'public',
      summary:
        'Whether a confirmation link can still be used (valid | used | expired | revoked | unknown); changes nothing',
      body: checkLinkInput,
      maxBodyBytes: 1024,
      answer: answer<ConfirmLinkCheck>(),
    },
    confirm: {
      method: 'POST',
      path: '/registration/confirm',
      access: 'public',
      summary:
        'Use the confirmation link with the password chosen at stage 1 (400 WRONG_PASSWORD otherwise): the address is confirmed, the password made permanent, the person signed in (tokens) and stage 2 opens (404 unknown, 410 expired, 409 already used)',
      body: confirmInput,
      maxBodyBytes: 2048,
      answer: answer<ConfirmAnswer>(),
    },
    createCompany: {
      method: 'POST',
      path: '/registration/company',
      access: 'user',
      summary:
        'Stage 2: create the portal and become its first admin (one transaction; 409 when a portal already exists)',
      body: companyInput,
      maxBodyBytes: 4096,
    },
    join: {
      method: 'POST',
      path: '/registration/join',
      access: 'user',
      summary:
        "Join the existing portal as an employee when the confirmed address's domain is allowed by the portal's settings",
      body: joinInput,
      maxBodyBytes: 2048,
    },
    status: {
      method: 'GET',
      path: '/registration/status',
      access: 'user',
      summary:
        "Where the signed-in person's registration stands: email | company | join | done | none | invitation (a social sign-in while the portal is invitation-only)",
      answer: answer<RegistrationStatus>(),
    },
    portal: {
      method: 'GET',
      path: '/portal',
      access: 'public',
      summary:
        'Whether the portal exists, its name, and whether self-registration is open, closed or limited to e-mail domains',
      answer: answer<PortalInfo>(),
    },
  },
});
