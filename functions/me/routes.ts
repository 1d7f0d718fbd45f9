import * as z from 'zod';
import { answer } from '../../shared/api/answer';
import type { Me, Preferences } from '../../shared/api/shell-views';
import { defineFeature } from '../../shared/manifest/types';
import { LANGUAGES } from '../../shared/i18n/languages';

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

export const preferencesInput = z.strictObject({
  language: z.enum(LANGUAGES).optional(),
  timeZone: timeZone.optional(),
  /** The version the client edited; 0 when no preferences were saved yet. */
  version: z.number().int().min(0),
});

export const meFeature = defineFeature({
  feature: 'me',
  // bucket:read: presigns the person's photo thumbnail (GET /me); nothing else is read from the bucket.
  grants: ['table:read', 'table:write', 'bucket:read', 'ws:manage'],
  http: {
    getMe: {
      method: 'GET',
      path: '/me',
      access: 'user',
      summary: 'The signed-in person: identity from the token, name from the profile, stored preferences',
      answer: answer<Me>(),
    },
    updatePreferences: {
      method: 'PATCH',
      path: '/me/preferences',
      access: 'user',
      summary: 'Save language and time zone (versioned: 409 on a stale version)',
      body: preferencesInput,
      maxBodyBytes: 2048,
      answer: answer<Preferences>(),
    },
  },
  streams: {
    preferencesChanged: {
      entities: ['userPreferences'],
      events: ['INSERT', 'MODIFY'],
      summary: "Tells the person's other open tabs that their preferences changed",
    },
  },
});
