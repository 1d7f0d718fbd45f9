import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { sendToUser } from '../../shared/realtime/notify';
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
      // Consumers may see a record twice (a retried batch): the frame is a harmless refresh signal.
      for (const c of changes) {
        const userId = c.newImage?.userId;
        if (typeof userId === 'string') {
          await sendToUser(userId, { type: 'preferences.changed', language: c.newImage?.language, version: c.newImage?.version });
        }
      }
    },
  },
});
