/**
 * `npm start` serves the production build of the SPA (web/dist). This decides whether that build is
 * missing or older than its inputs, and rebuilds it with Vite when it is.
 *
 * Inputs: everything under web/src and web/public, the two HTML entries, web/vite.config.ts (with the shared
 * /config.json schema it reads), package-lock.json, and the shared/ files the build actually used — read
 * from its source maps, so a change to backend-only code in shared/ does not trigger a rebuild.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface WebBuildState {
  /** Why a build is needed, or null when web/dist is up to date. */
  reason: string | null;
}

function newestUnder(dir: string): { file: string; mtimeMs: number } | null {
  if (!existsSync(dir)) return null;
  let newest: { file: string; mtimeMs: number } | null = null;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const { mtimeMs } = statSync(file);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

function mtimeOf(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** The shared/ files that went into the build, from the source maps next to its chunks. */
function sharedSourcesOfBuild(root: string, dist: string): string[] {
  const assets = path.join(dist, 'assets');
  if (!existsSync(assets)) return [];
  const files = new Set<string>();
  for (const name of readdirSync(assets)) {
    if (!name.endsWith('.js.map')) continue;
    try {
      const map = JSON.parse(readFileSync(path.join(assets, name), 'utf8')) as { sources?: string[] };
      for (const source of map.sources ?? []) {
        const file = path.resolve(assets, source);
        if (file.startsWith(path.join(root, 'shared') + path.sep)) files.add(file);
      }
    } catch {
      // an unreadable map: the directory scan below still sees web/src
    }
  }
  return [...files];
}

export function webBuildState(root: string): WebBuildState {
  const web = path.join(root, 'web');
  const dist = path.join(web, 'dist');
  const outputs = ['index.html', 'crm-form.html'].map((f) => mtimeOf(path.join(dist, f)));
  if (outputs.some((t) => t === null)) return { reason: 'web/dist is missing' };
  const builtAt = Math.min(...(outputs as number[]));

  const candidates: { file: string; mtimeMs: number }[] = [];
  for (const dir of ['src', 'public']) {
    const newest = newestUnder(path.join(web, dir));
    if (newest) candidates.push(newest);
  }
  const single = [
    path.join(web, 'index.html'),
    path.join(web, 'crm-form.html'),
    path.join(web, 'vite.config.ts'),
    path.join(root, 'shared', 'config', 'portal-config.ts'),
    path.join(root, 'package-lock.json'),
    ...sharedSourcesOfBuild(root, dist),
  ];
  for (const file of single) {
    const mtimeMs = mtimeOf(file);
    // A shared file the last build used that is gone now: the SPA's imports changed.
    if (mtimeMs === null) {
      if (file.includes(`${path.sep}shared${path.sep}`)) return { reason: `${path.relative(root, file)} is gone` };
      continue;
    }
    candidates.push({ file, mtimeMs });
  }
  const newer = candidates.filter((c) => c.mtimeMs > builtAt).sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  return { reason: newer ? `${path.relative(root, newer.file)} is newer than web/dist` : null };
}

/** `vite build` of web/vite.config.ts, warnings only; resolves with the time it took in ms. */
export async function buildWeb(root: string): Promise<number> {
  const started = performance.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
  return performance.now() - started;
}
