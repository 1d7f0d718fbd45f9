/**
 * Portal settings (admins): the company name shown across the portal and in its e-mails, who may
 * self-register (allowed e-mail domains) and whether employees may invite people. The portal name
 * (its address), owner, licence acceptance and promo code are shown but fixed at registration.
 */
import * as z from 'zod';
import { answer } from '../../shared/api/answer';
import type { PortalSettingsView } from '../../shared/portal/settings-view';
import { defineFeature } from '../../shared/manifest/types';
import { LIMITS as DRIVE_LIMITS } from '../../shared/drive/contract';
import {
  DOMAIN_REASONS,
  MAX_ALLOWED_DOMAINS,
  domainProblem,
  normalizeDomain,
} from '../../shared/portal/allowed-domains';

const companyName = z
  .string()
  .trim()
  .min(2, { message: 'must be at least 2 characters' })
  .max(120, { message: 'at most 120 characters' })
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'contains characters that are not allowed' });

/** Lower-cased, each a domain name, at most 50, none twice (the first repeat is named). */
export const allowedDomains = z
  .array(z.string().max(300, { message: 'at most 300 characters' }).transform(normalizeDomain), {
    message: 'must be a list of domain names',
  })
  .max(MAX_ALLOWED_DOMAINS, { message: `at most ${MAX_ALLOWED_DOMAINS} domains` })
  .superRefine((domains, ctx) => {
    const seen = new Set<string>();
    domains.forEach((d, i) => {
      const problem = domainProblem(d);
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: DOMAIN_REASONS[problem] });
      else if (seen.has(d)) ctx.addIssue({ code: 'custom', path: [i], message: DOMAIN_REASONS.duplicate });
      seen.add(d);
    });
  });

export const settingsInput = z
  .strictObject({
    /** The version the admin edited (GET answers it); a stale one → 409 with the current settings. */
    version: z.number().int().min(0),
    companyName: companyName.optional(),
    allowedDomains: allowedDomains.optional(),
    employeesMayInvite: z.boolean().optional(),
    /** Drive: the largest file anyone may upload (bytes, 1 KiB … ~78 GiB). */
    driveMaxFileBytes: z
      .number()
      .int()
      .min(1024, { message: 'at least 1024 bytes' })
      .max(DRIVE_LIMITS.maxFileBytesCeiling, { message: `at most ${DRIVE_LIMITS.maxFileBytesCeiling} bytes` })
      .optional(),
    /** Drive: each person's storage quota (bytes). */
    driveQuotaBytes: z
      .number()
      .int()
      .min(1024 * 1024, { message: 'at least 1 MiB' })
      .max(2 ** 50, { message: 'at most 1 PiB' })
      .optional(),
  })
  .refine(
    (b) =>
      b.companyName !== undefined ||
      b.allowedDomains !== undefined ||
      b.employeesMayInvite !== undefined ||
      b.driveMaxFileBytes !== undefined ||
      b.driveQuotaBytes !== undefined,
    {
      message:
        'nothing to change: send companyName, allowedDomains, employeesMayInvite, driveMaxFileBytes or driveQuotaBytes',
    },
  );

export const portalSettingsFeature = defineFeature({
  feature: 'portal-settings',
  grants: ['table:read', 'table:write'],
  http: {
    getSettings: {
      method: 'GET',
      path: '/portal/settings',
      access: 'admin',
      summary: "The portal's settings and registration facts (404 while no portal exists)",
      answer: answer<PortalSettingsView>(),
    },
    updateSettings: {
      method: 'PATCH',
      path: '/portal/settings',
      access: 'admin',
      summary:
        'Edit the company name, allowed self-registration domains and whether employees may invite (versioned: stale → 409 with current)',
      body: settingsInput,
      maxBodyBytes: 16 * 1024,
      answer: answer<PortalSettingsView>(),
    },
  },
});
