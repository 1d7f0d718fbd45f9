/**
 * Vite build of the SPA: `npm run build:web` → web/dist (served by CloudFront in the cloud and by the
 * local stack's portal server, which also mounts this config in middleware mode for `web: 'dev'`).
 * `/config.json` is not part of the build: it is written at deploy time / served by the local stack.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import { defineConfig, runnerImport, type Plugin } from 'vite';
import * as z from 'zod';
import type * as PortalConfigModule from '../shared/config/portal-config';

const webDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * `import schema from 'virtual:portal-config-schema'` (typed in web/src/virtual-modules.d.ts): the JSON Schema
 * of /config.json, derived from the shared Zod schema, so the SPA checks the file without shipping Zod.
 * The schema module is loaded through Vite's module runner (TypeScript), not imported by this config.
 */
function portalConfigSchemaModule(): Plugin {
  const id = 'virtual:portal-config-schema';
  return {
    name: 'portal-config-schema',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    async load(module) {
      if (module !== `\0${id}`) return undefined;
      const { module: shared } = await runnerImport<typeof PortalConfigModule>(
        path.resolve(webDir, '../shared/config/portal-config.ts'),
      );
      return `export default ${JSON.stringify(z.toJSONSchema(shared.portalConfigSchema, { io: 'output' }))};`;
    },
  };
}

export default defineConfig({
  root: webDir,
  base: '/',
  publicDir: path.join(webDir, 'public'),
  plugins: [react(), portalConfigSchemaModule()],
  css: {
    postcss: {
      plugins: [postcssPresetMantine()],
    },
  },
  build: {
    outDir: path.join(webDir, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 900,
    // Two pages: the SPA and the embeddable CRM web form (its own small bundle, framed by customers' sites).
    rollupOptions: { input: { main: path.join(webDir, 'index.html'), crmForm: path.join(webDir, 'crm-form.html') } },
  },
  server: {
    // The local stack serves the SPA through its portal server (middleware mode); this is only for `vite` run by hand.
    fs: { allow: [path.resolve(webDir, '..')] },
  },
});
