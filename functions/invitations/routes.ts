/**
 * Invitations (issue 3, item 5): admins (and employees, when the portal allows it) invite people by
 * e-mail; the invitee opens a 7-day single-use link, chooses a name and a password and enters the
 * portal in the role they were invited with. Admins list, resend and revoke invitations.
 */
import * as z from 'zod';
import { answer } from '../../shared/api/answer';
import type { InvitationCheck, InvitationPage, InviteResult } from '../../shared/api/account-views';
import { defineFeature } from '../../shared/manifest/types';
import { LANGUAGES } from '../../shared/i18n/languages';
import {
  emailAddress as email,
  linkToken as token,
  newPassword as password,
} from '../../shared/security/credential-schemas';
import { departmentIdList } from '../../shared/departments/contract';

/** Kept here, not in the entity file: the manifest is imported where no table is configured. */
export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const INVITABLE_ROLES = ['employee', 'extranet'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

const personName = z
  .string()
  .trim()
  .min(1, { message: 'required' })
  .max(60, { message: 'at most 60 characters' })
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'contains characters that are not allowed' });

export const inviteInput = z.strictObject({
  emails: z.array(email).min(1, { message: 'at least one address' }).max(50, { message: 'at most 50 addresses' }),
  role: z.enum(INVITABLE_ROLES),
  language: z.enum(LANGUAGES).optional(),
  /** Departments the invitees join on accepting (≤ 10, each must exist; employees only, not extranet). */
  departmentIds: departmentIdList.optional(),
});
export const listQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
/** The address in the path (the SPA encodes it; decoded here if the gateway did not). */
export const emailParam = z.strictObject({
  email: z
    .string()
    .max(800)
    .transform((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .pipe(email),
});
export const checkInput = z.strictObject({ token });
export const acceptInput = z.strictObject({ token, firstName: personName, lastName: personName, password });

export const invitationsFeature = defineFeature({
  feature: 'invitations',
  grants: ['table:read', 'table:write', 'ses:send', 'cognito:admin', 'ws:manage'],
  http: {
    invite: {
      method: 'POST',
      path: '/invitations',
      access: 'employee',
      summary:
        'Invite 1..50 addresses as employees or (admins only) extranet partners; employees only when the portal allows it. Existing accounts are reported as alreadyMember (rate limited per inviter)',
      body: inviteInput,
      maxBodyBytes: 16 * 1024,
      answer: answer<InviteResult>(),
    },
    listInvitations: {
      method: 'GET',
      path: '/invitations',
      access: 'admin',
      summary: 'Invitations (pending, accepted, revoked), newest first: one GSI Query, signed cursor',
      query: listQuery,
      answer: answer<InvitationPage>(),
    },
    resendInvitation: {
      method: 'POST',
      path: '/invitations/{email}/resend',
      access: 'admin',
      summary: 'A new 7-day link by e-mail; older links stop working (404 unknown, 409 accepted or revoked)',
      params: emailParam,
    },
    revokeInvitation: {
      method: 'POST',
      path: '/invitations/{email}/revoke',
      access: 'admin',
      summary: 'Cancel a pending invitation: its links stop working (404 unknown, 409 already accepted)',
      params: emailParam,
    },
    checkInvitation: {
      method: 'POST',
      path: '/invitations/check',
      access: 'public',
      summary:
        'What an invitation link is: valid | expired | used | revoked | unknown, with the address and role (does not use it; rate limited per IP)',
      body: checkInput,
      maxBodyBytes: 1024,
      answer: answer<InvitationCheck>(),
    },
    acceptInvitation: {
      method: 'POST',
      path: '/invitations/accept',
      access: 'public',
      summary:
        'Use an invitation link: creates the account (verified address, chosen password) in the invited role and its profile; 404 unknown, 410 expired/revoked, 409 used (rate limited per IP)',
      body: acceptInput,
      maxBodyBytes: 2048,
    },
  },
  streams: {
    acceptEvents: {
      summary: 'An invitation turned accepted → an invitation.accepted notification for the person who invited',
      entities: ['invitation'],
      events: ['MODIFY'],
    },
  },
});
