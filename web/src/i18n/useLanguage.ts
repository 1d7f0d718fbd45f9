/**
 * Language choice: the interface switches at once (and i18next's detector stores it in localStorage);
 * when signed in it is also saved to the account, so it follows the person to other devices.
 */
import { createContext, useCallback, useContext, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n/languages';
import { useMe, useSaveLanguage } from '../api/queries';
import i18n, { currentLanguage, isLanguage } from '.';

/** Set when the person picks a language while signed out: the next sign-in saves it to the account. */
const CHOSEN_SIGNED_OUT_KEY = 'portal.languageChosenSignedOut';

/** Set by the signed-in layout: saves a language choice to the account. */
export const LanguageSaverContext = createContext<((lng: Language) => void) | null>(null);

/** The current language and a switch that also persists the choice (account when signed in, else for the next sign-in). */
export function useLanguage() {
  const { i18n: inst } = useTranslation();
  const saveToAccount = useContext(LanguageSaverContext);
  const language = isLanguage(inst.resolvedLanguage) ? inst.resolvedLanguage : currentLanguage();

  const change = useCallback(
    (lng: Language) => {
      if (lng !== currentLanguage()) void i18n.changeLanguage(lng);
      if (saveToAccount) saveToAccount(lng);
      else {
        try {
          sessionStorage.setItem(CHOSEN_SIGNED_OUT_KEY, lng);
        } catch {
          /* ignore */
        }
      }
    },
    [saveToAccount],
  );
  return { language, change };
}

/**
 * After sign-in, reconciles the interface language with the account: a choice made on the sign-in
 * page (or an account that never saved one) is saved; otherwise the account's language wins.
 */
export function useLanguageSync() {
  const me = useMe();
  const save = useSaveLanguage();
  const done = useRef<string | null>(null);
  const prefs = me.data?.preferences;
  const sub = me.data?.sub;

  useEffect(() => {
    if (!prefs || !sub || done.current === sub) return;
    done.current = sub;
    let chosen: string | null = null;
    try {
      chosen = sessionStorage.getItem(CHOSEN_SIGNED_OUT_KEY);
      sessionStorage.removeItem(CHOSEN_SIGNED_OUT_KEY);
    } catch {
      /* ignore */
    }
    const local = currentLanguage();
    if (isLanguage(chosen)) {
      if (chosen !== prefs.language || prefs.updatedAt === null) save.mutate(chosen);
    } else if (prefs.updatedAt === null) {
      if (local !== prefs.language) save.mutate(local);
    } else if (prefs.language !== local) {
      void i18n.changeLanguage(prefs.language);
    }
  }, [prefs, sub, save]);
}
