import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { portalSettingsFeature } from './routes';
import { getSettings, updateSettings } from './settings-service';

export const handler = createFeatureHandler(portalSettingsFeature, {
  http: {
    getSettings: () => getSettings(),
    updateSettings: ({ user, body }) => updateSettings(user, body),
  },
});
