/**
 * The person's time zone: times are displayed in it (web/src/components/time.ts), a new person takes the
 * browser's, and they may change it (My profile). Saved with the preferences (PATCH /me/preferences, versioned).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Me, Preferences } from '../../../shared/api/shell-views';
import { ApiError } from '../api/client';
import { queryKeys, useMe } from '../api/queries';
import { browserTimeZone, setDisplayTimeZone, zoneToAdopt } from '../components/time';
import { useApi, useSession } from '../services';

function conflictCurrent(e: unknown): Preferences | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const b = e.body as { current?: Preferences; details?: { current?: Preferences } } | undefined;
  const cur = b?.current ?? b?.details?.current;
  return cur && typeof cur.version === 'number' ? cur : undefined;
}

/**
 * Saves a time zone. `chosen`: the person picked it, so on a 409 (another tab saved meanwhile) it is written over
 * the newer version, as a language choice is. Not chosen (adopting the browser's zone): a 409 means preferences
 * now exist — saved by another tab or the language's first save, which carries the browser's zone too — so
 * nothing is overwritten.
 */
export function useSaveTimeZone() {
  const api = useApi();
  const qc = useQueryClient();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  return useMutation({
    mutationFn: async ({ timeZone, chosen }: { timeZone: string; chosen: boolean }) => {
      const prefs = qc.getQueryData<Me>(queryKeys.me(sub))?.preferences;
      // The first save creates the preferences: it carries the language shown, or the server would use its default.
      const patch = (version: number) =>
        api.me.updatePreferences({
          body: { timeZone, version, ...(version === 0 && prefs ? { language: prefs.language } : {}) },
        });
      try {
        return await patch(prefs?.version ?? 0);
      } catch (e) {
        const current = conflictCurrent(e);
        if (!current) throw e;
        if (!chosen || current.timeZone === timeZone) return current;
        return patch(current.version);
      }
    },
    onSuccess: (prefs) => {
      qc.setQueryData<Me>(queryKeys.me(sub), (old) => (old ? { ...old, preferences: prefs } : old));
    },
    meta: { errorKey: 'errors.savePreferences' },
  });
}

/**
 * In the signed-in layout: displays times in the person's zone, and gives a person who never saved preferences
 * the browser's zone (once per sign-in; a zone they chose is never replaced).
 */
export function useTimeZoneSync() {
  const me = useMe();
  const { mutate } = useSaveTimeZone();
  const adopted = useRef<string | null>(null);
  const prefs = me.data?.preferences;
  const sub = me.data?.sub;
  // Set while rendering (idempotent), so the pages below, rendered next, already format in the person's zone.
  setDisplayTimeZone(prefs?.timeZone);
  useEffect(() => {
    if (!prefs || !sub || adopted.current === sub) return;
    adopted.current = sub;
    const zone = zoneToAdopt(prefs, browserTimeZone());
    if (zone) mutate({ timeZone: zone, chosen: false });
  }, [prefs, sub, mutate]);
  useEffect(() => () => setDisplayTimeZone(undefined), []);
}
