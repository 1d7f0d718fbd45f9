/**
 * i18next set-up: English and Romanian bundled (no flash of untranslated text), language detected from
 * the saved choice (localStorage) then the browser, and kept on <html lang>. The modules' strings (most of
 * the catalogue) are a separate chunk, added by loadModuleStrings() before any page that needs them renders.
 */
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../../shared/i18n/languages';
import en from './en';
import ro from './ro';

export const LANGUAGE_STORAGE_KEY = 'portal.language';

export const isLanguage = (v: unknown): v is Language =>
  typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

/** The active interface language, always one of LANGUAGES. */
export function currentLanguage(): Language {
  const l = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(l) ? l : DEFAULT_LANGUAGE;
}

export function initI18n() {
  if (i18n.isInitialized) return i18n;
  void i18n
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: { en: { translation: en }, ro: { translation: ro } },
      supportedLngs: [...LANGUAGES],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      fallbackLng: DEFAULT_LANGUAGE,
      interpolation: { escapeValue: false },
      detection: {
        order: ['localStorage', 'navigator', 'htmlTag'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        caches: ['localStorage'],
      },
      returnNull: false,
      initAsync: false,
    });
  const setLang = (lng: string) => {
    document.documentElement.lang = isLanguage(lng) ? lng : (i18n.resolvedLanguage ?? DEFAULT_LANGUAGE);
  };
  setLang(i18n.resolvedLanguage ?? i18n.language);
  i18n.on('languageChanged', setLang);
  return i18n;
}

export default i18n;

let moduleStrings: Promise<void> | undefined;

/** Adds the modules' strings in both languages (once; a failed download is tried again on the next call). */
export function loadModuleStrings(): Promise<void> {
  moduleStrings ??= import('./module-strings')
    .then(({ moduleEn, moduleRo }) => {
      i18n.addResourceBundle('en', 'translation', moduleEn, true, false);
      i18n.addResourceBundle('ro', 'translation', moduleRo, true, false);
    })
    .catch((e: unknown) => {
      moduleStrings = undefined;
      throw e;
    });
  return moduleStrings;
}
