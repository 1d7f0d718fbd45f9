/** The modules' strings in both languages, as one chunk (see loadModuleStrings in index.ts). */
export { default as moduleEn } from './modules.en';
export { default as moduleRo } from './modules.ro';
