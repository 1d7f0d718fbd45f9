/**
 * The signed-in person (GET /me) and their interface preferences; the `preferencesChanged` stream consumer
 * tells their other tabs and mirrors language and time zone onto the profile.
 *
 * Order and duplicates: the consumer relies on no order between records. Each record carries the
 * preferences' `version`; the profile copy is written in ONE transaction with a condition check that the
 * preferences item still has that version, so only the record of the current state writes — a stale or
 * reordered record fails the check and is skipped, a duplicate of the current one writes the same values
 * again. The WebSocket frame is a refresh signal carrying the version: the SPA ignores a version it
 * already has (web/src/layout/PortalLayout.tsx), so duplicate or stale frames change nothing.
 */
import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { sendToUser } from '../../shared/realtime/notify';
import { Profiles } from '../../shared/people/profile-entity';
import { isConditionFailure, transaction } from '../../shared/data';
import { isLanguage, type Language } from '../../shared/i18n/languages';
import { Preferences } from './preferences-entity';
import { readMe } from './me-service';
import { savePreferences } from './preferences-service';
import { meFeature } from './routes';

export const handler = createFeatureHandler(meFeature, {
  http: {
    async getMe({ user }) {
      // One BatchGet: preferences, profile (name, photo) and the portal (company name).
      return readMe(user);
    },
    async updatePreferences({ user, body }) {
      return savePreferences(user, body);
    },
  },
  streams: {
    async preferencesChanged(changes) {
      // Duplicates and reordering: see the header (version-checked mirror, versioned frames).
      for (const c of changes) {
        const userId = c.newImage?.userId;
        if (typeof userId !== 'string') continue;
        await mirrorToProfile(userId, c.newImage?.language, c.newImage?.timeZone, c.newImage?.version);
        await sendToUser(userId, {
          type: 'preferences.changed',
          language: c.newImage?.language,
          version: c.newImage?.version,
        });
      }
    },
  },
});

/**
 * The profile keeps a copy of language and time zone: every e-mail sender (invitations, password reset,
 * the messenger digest) reads the shared profile, so a person who switches the interface to Romanian
 * gets Romanian mail. The profile's own version is not touched (the copy does not conflict with the
 * person's profile edits); the preferences' version decides whether this record is still the current state.
 */
export async function mirrorToProfile(
  userId: string,
  language: unknown,
  timeZone: unknown,
  version: unknown,
): Promise<void> {
  if (!isLanguage(language) || typeof timeZone !== 'string' || typeof version !== 'number') return;
  const copy: { language: Language; timeZone: string } = { language, timeZone };
  try {
    await transaction()
      .check(
        // Only the key and the condition are sent (a ConditionCheck writes nothing).
        Preferences.patch({ userId })
          .set({ version })
          .where((p, { eq }) => eq(p.version, version)),
      )
      .add(Profiles.patch({ userId }).set(copy))
      .commit();
  } catch (e) {
    // Stale record (newer preferences exist: their own record mirrors them) or no profile yet (a person still
    // in registration: the profile is created with the registration language).
    if (!isConditionFailure(e)) throw e;
  }
}
