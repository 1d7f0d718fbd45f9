/** TanStack Query hooks for the shell's server state. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Language } from '../../../shared/i18n/languages';
import { useApi, useSession } from '../services';
import { ApiError } from './client';
import { browserTimeZone } from '../components/time';
import type { Me, Preferences } from './types';

export const HEALTH_REFRESH_MS = 15_000;

export const queryKeys = {
  health: ['health'] as const,
  me: (sub: string) => ['me', sub] as const,
};

export function useHealth() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => api.health.getHealth({ signal }),
    refetchInterval: HEALTH_REFRESH_MS,
    meta: { errorKey: 'health.error' },
  });
}

export function useMe() {
  const api = useApi();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  return useQuery({
    queryKey: queryKeys.me(sub),
    queryFn: ({ signal }) => api.me.getMe({ signal }),
    enabled: sub !== '',
    staleTime: 60_000,
    meta: { errorKey: 'me.error' },
  });
}

function currentFromConflict(e: unknown): Preferences | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const b = e.body as { current?: Preferences; details?: { current?: Preferences } } | undefined;
  const cur = b?.current ?? b?.details?.current;
  return cur && typeof cur.version === 'number' ? cur : undefined;
}

/**
 * Saves the language to the account. Sends the version last read (GET /me); on a 409 takes the
 * server's `current` version and tries once more (a language choice is a plain overwrite of one field).
 */
export function useSaveLanguage() {
  const api = useApi();
  const qc = useQueryClient();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  return useMutation({
    mutationFn: async (language: Language) => {
      const me = qc.getQueryData<Me>(queryKeys.me(sub));
      const version = me?.preferences.version ?? 0;
      // The first save creates the preferences: with the browser's time zone (web/src/people/time-zone.ts).
      const patch = (v: number) =>
        api.me.updatePreferences({
          body: { language, version: v, ...(v === 0 ? { timeZone: browserTimeZone() } : {}) },
        });
      try {
        return await patch(version);
      } catch (e) {
        const current = currentFromConflict(e);
        if (!current) throw e;
        if (current.language === language) return current;
        return patch(current.version);
      }
    },
    onSuccess: (prefs) => {
      qc.setQueryData<Me>(queryKeys.me(sub), (old) => (old ? { ...old, preferences: prefs } : old));
    },
    meta: { errorKey: 'errors.savePreferences' },
  });
}
