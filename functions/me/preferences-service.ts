import type { z } from 'zod';
import type { UserContext } from '../../shared/auth/claims';
import { versionedWrite } from '../../shared/data/versioning';
import { DEFAULT_LANGUAGE } from '../../shared/i18n/languages';
import { Preferences } from './preferences-entity';
import type { preferencesInput } from './routes';

export const DEFAULT_TIME_ZONE = 'UTC';

export interface PreferencesView {
  language: 'en' | 'ro';
  timeZone: string;
  version: number;
  updatedAt: string | null;
}

type Stored = { language: 'en' | 'ro'; timeZone: string; version: number; updatedAt: string };

/**
 * The preferences as the SPA sees them. Never saved (version 0): the profile's language and zone when there is a
 * profile (registration stores the browser's zone there), else the defaults.
 */
export const preferencesView = (
  p: Stored | null,
  fallback?: { language: 'en' | 'ro'; timeZone: string },
): PreferencesView =>
  p
    ? { language: p.language, timeZone: p.timeZone, version: p.version, updatedAt: p.updatedAt }
    : {
        language: fallback?.language ?? DEFAULT_LANGUAGE,
        timeZone: fallback?.timeZone ?? DEFAULT_TIME_ZONE,
        version: 0,
        updatedAt: null,
      };
const view = (p: Stored | null) => preferencesView(p);

export async function readPreferences(userId: string): Promise<PreferencesView> {
  const { data } = await Preferences.get({ userId }).go();
  return view(data);
}

/** Saves the fields given; `version` is the one the client saw (0 = never saved). One conditional write. */
export async function savePreferences(
  user: UserContext,
  input: z.output<typeof preferencesInput>,
): Promise<PreferencesView> {
  const updatedAt = new Date().toISOString();
  const current = () => readPreferences(user.sub);
  if (input.version === 0) {
    const created = await versionedWrite(
      () =>
        Preferences.create({
          userId: user.sub,
          language: input.language ?? DEFAULT_LANGUAGE,
          timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
          version: 1,
          updatedAt,
        }).go(),
      current,
    );
    return view(created.data);
  }
  const changes = {
    ...(input.language ? { language: input.language } : {}),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    version: input.version + 1,
    updatedAt,
  };
  const updated = await versionedWrite(
    () =>
      Preferences.patch({ userId: user.sub })
        .set(changes)
        .where(({ version }, { eq }) => eq(version, input.version))
        .go({ response: 'all_new' }),
    current,
  );
  return view(updated.data as Parameters<typeof view>[0]);
}
