/**
 * People: my profile (names, position, phone, photo), the employee directory, one person's card and
 * photo, and (admins) role and account-status management. Profiles live in the shared profile entity
 * (shared/people/profile-entity.ts); photos in the drive bucket under `people/{userId}/photos/`.
 */
import * as z from 'zod';
import { answer } from '../../shared/api/answer';
import type { DirectoryEntry, NewcomerEntry, ProfileView } from '../../shared/people/profile-view';
import type { Role } from '../../shared/auth/roles';
import { defineFeature } from '../../shared/manifest/types';
import { ROLES } from '../../shared/auth/roles';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** Trimmed plain text; control characters refused (names are shown as text, never as HTML). */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `at most ${max} characters` })
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'contains characters that are not allowed' });

const name = text(60).pipe(z.string().min(1, { message: 'required' }));

export const profileInput = z.strictObject({
  firstName: name.optional(),
  lastName: name.optional(),
  position: text(100).optional(),
  /** Empty string clears it; otherwise an international-looking number. */
  phone: z
    .string()
    .trim()
    .max(32, { message: 'at most 32 characters' })
    .refine((s) => s === '' || /^\+?[0-9][0-9 ().-]{3,30}$/.test(s), {
      message: 'not a phone number (digits, spaces, + ( ) . -)',
    })
    .optional(),
  /** The version the client edited; 0 when the profile does not exist yet (then both names are required). */
  version: z.number().int().min(0),
});

/** Cognito subs (UUIDs) and the test ids the route sweep uses: letters, digits and hyphens. */
const userIdParam = z.strictObject({ userId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a user id' }) });
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const directoryQuery = z.strictObject({
  q: z.string().trim().max(60).optional(),
  /** Which name the prefix is matched against: first name (GSI1, default) or last name (GSI2). */
  by: z.enum(['first', 'last']).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

export const newestQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(20).optional(),
});

export const peopleFeature = defineFeature({
  feature: 'people',
  grants: ['table:read', 'table:write', 'bucket:read', 'bucket:write', 'cognito:admin'],
  // thumbnails: sharp's libvips binary must be the Lambda's (linux arm64), installed beside the bundle
  nativeModules: ['sharp'],
  http: {
    getMyProfile: {
      method: 'GET',
      path: '/people/me/profile',
      access: 'user',
      summary: 'My profile (a draft from the token, version 0, when none is stored yet)',
      answer: answer<ProfileView>(),
    },
    updateMyProfile: {
      method: 'PATCH',
      path: '/people/me/profile',
      access: 'user',
      summary: 'Edit my names, position and phone (versioned: version 0 creates; stale → 409 with current)',
      body: profileInput,
      maxBodyBytes: 4096,
      answer: answer<ProfileView>(),
    },
    startPhotoUpload: {
      method: 'POST',
      path: '/people/me/photo/upload',
      access: 'user',
      summary: 'A presigned PUT URL (5 min) for a new profile photo; type and length are bound in the signature',
      body: z.strictObject({ contentType: z.enum(PHOTO_TYPES), size: z.number().int().min(1).max(MAX_PHOTO_BYTES) }),
      maxBodyBytes: 1024,
      answer: answer<{ uploadId: string; url: string }>(),
    },
    completePhotoUpload: {
      method: 'POST',
      path: '/people/me/photo/complete',
      access: 'user',
      summary:
        'Checks the uploaded photo (size, type, magic bytes), makes a 128 px thumbnail and sets it on my profile',
      body: z.strictObject({ uploadId: z.string().regex(ULID, { message: 'not an upload id' }) }),
      maxBodyBytes: 1024,
      answer: answer<{ hasPhoto: boolean; thumbnail: boolean; thumbnailUrl?: string; photoUrl: string }>(),
    },
    getPhoto: {
      method: 'GET',
      path: '/people/{userId}/photo',
      access: 'user',
      summary: "A presigned GET URL (5 min) of a person's photo or thumbnail (extranet: only their own)",
      params: userIdParam,
      query: z.strictObject({ size: z.enum(['thumb', 'full']).optional() }),
      answer: answer<{ url: string }>(),
    },
    listPeople: {
      method: 'GET',
      path: '/people',
      access: 'employee',
      summary: 'The employee directory: one Query by first-name (default) or last-name prefix, cursor-paginated',
      query: directoryQuery,
      answer: answer<{ items: DirectoryEntry[]; cursor: string | null }>(),
    },
    listNewest: {
      method: 'GET',
      path: '/people/newest',
      access: 'employee',
      summary: 'New colleagues: active people who joined in the last 60 days, newest first (one GSI3 Query)',
      query: newestQuery,
      answer: answer<{ items: NewcomerEntry[]; since: string }>(),
    },
    getPerson: {
      method: 'GET',
      path: '/people/{userId}',
      access: 'user',
      summary: "One person's card (extranet: only their own)",
      params: userIdParam,
      answer: answer<ProfileView>(),
    },
    setRole: {
      method: 'PATCH',
      path: '/people/{userId}/role',
      access: 'admin',
      summary: "Change a person's role (Cognito group) and sign them out everywhere; not one's own",
      params: userIdParam,
      body: z.strictObject({ role: z.enum(ROLES) }),
      maxBodyBytes: 1024,
      answer: answer<{ userId: string; role: Role }>(),
    },
    deactivate: {
      method: 'POST',
      path: '/people/{userId}/deactivate',
      access: 'admin',
      summary: 'Disable the account in Cognito, sign it out everywhere, mark the profile deactivated; not one’s own',
      params: userIdParam,
      answer: answer<{ userId: string; status: string }>(),
    },
    activate: {
      method: 'POST',
      path: '/people/{userId}/activate',
      access: 'admin',
      summary: 'Enable the account again and mark the profile active',
      params: userIdParam,
      answer: answer<{ userId: string; status: string }>(),
    },
  },
});
