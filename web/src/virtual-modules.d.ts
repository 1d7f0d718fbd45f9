/** Modules the Vite build generates (web/vite.config.ts). */
declare module 'virtual:portal-config-schema' {
  import type { JsonSchema } from './config-check';
  /** JSON Schema of /config.json, derived at build time from shared/config/portal-config.ts. */
  const schema: JsonSchema;
  export default schema;
}
