import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { sendToUser } from '../../shared/realtime/notify';
import { Profiles } from '../../shared/people/profile-entity';
import { isConditionFailure } from '../../shared/data/versioning';
import { readPreferences, savePreferences } from './preferences-service';
import { meFeature } from './routes';

export const handler = createFeatureHandler(meFeature, {
  http: {
    async getMe({ user }) {
      return {
        sub: user.sub,
        email: user.email,
        groups: user.groups,
        preferences: await readPreferences(user.sub),
      };
    },
    async updatePreferences({ user, body }) {
      return savePreferences(user, body);
    },
  },
  streams: {
    async preferencesChanged(changes) {
      // Consumers may see a record twice (a retried batch): the frame is a harmless refresh signal and the
      // profile copy is idempotent.
      for (const c of changes) {
        const userId = c.newImage?.userId;
        if (typeof userId !== 'string') continue;
        await mirrorToProfile(userId, c.newImage?.language, c.newImage?.timeZone);
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
 * gets Romanian mail. No version check: it does not conflict with the person's own profile edits.
 */
async function mirrorToProfile(userId: string, language: unknown, timeZone: unknown): Promise<void> {
  if ((language !== 'en' && language !== 'ro') || typeof timeZone !== 'string') return;
  try {
    await Profiles.patch({ userId }).set({ language, timeZone }).go();
  } catch (e) {
    // No profile yet (a person still in registration): the profile is created with the registration language.
    if (!isConditionFailure(e)) throw e;
  }
}
