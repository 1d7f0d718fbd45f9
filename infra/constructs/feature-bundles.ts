/**
 * Every feature Lambda bundled by ONE esbuild build (one entry point per `functions/<feature>/handler.ts`), instead of
 * one esbuild process per function. The features share most of their code (shared/, the SDK clients), so one build
 * parses it once: the synth that bundles ~24 functions goes from one esbuild start, parse and minify per function to
 * one for all. Options are FEATURE_BUNDLING's (the same the bundle bench measures); each feature gets its own folder
 * `<feature>/index.mjs` (+ map), self-contained (no chunks shared between functions), which becomes its asset.
 *
 * Packages with native binaries (a manifest's nativeModules) are installed beside the bundle by npm for the
 * function's platform (linux arm64), then pruned to what the function reads (KEEP_ONLY_FILES).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { externalModules, FEATURE_BUNDLING, pruneCommands } from './feature-bundling';

export const BUNDLE_FILE = 'index.mjs';

/** Features with a Lambda entry point: every folder of functions/ holding a handler.ts. */
export function featureEntries(repoRoot: string): Record<string, string> {
  const dir = path.join(repoRoot, 'functions');
  return Object.fromEntries(
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'handler.ts')))
      .map((d) => [d.name, path.join(dir, d.name, 'handler.ts')]),
  );
}

const built = new Map<string, string>();

/**
 * Builds every feature's bundle once per output folder and process (a synth of several stacks, or the fleet's
 * per-tenant processes each build once) and answers the folder holding `<feature>/index.mjs`.
 */
export function buildFeatureBundles(
  repoRoot: string,
  outDir: string,
  nativeModulesByFeature: Readonly<Record<string, readonly string[]>>,
): string {
  const done = built.get(outDir);
  if (done) return done;
  fs.rmSync(outDir, { recursive: true, force: true });
  const entries = featureEntries(repoRoot);
  const allNative = [...new Set(Object.values(nativeModulesByFeature).flat())];
  const b = FEATURE_BUNDLING;
  buildSync({
    absWorkingDir: repoRoot,
    entryPoints: Object.entries(entries).map(([feature, file]) => ({ in: file, out: `${feature}/index` })),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: false,
    platform: 'node',
    format: b.format,
    target: b.target,
    minify: b.minify,
    sourcemap: b.sourceMap,
    sourcesContent: false,
    mainFields: b.mainFields,
    banner: { js: b.banner },
    // native modules are left out of every bundle; only the features that use them get them installed beside
    external: externalModules(b, allNative),
    logLevel: 'warning',
  });
  // npm runs once per distinct set of native modules (sharp is needed by three features); the others get a copy
  const installed = new Map<string, string>();
  for (const [feature, modules] of Object.entries(nativeModulesByFeature)) {
    if (!modules.length || !entries[feature]) continue;
    const key = [...modules].sort().join(' ');
    const bundleDir = path.join(outDir, feature);
    const from = installed.get(key);
    if (from) {
      fs.cpSync(path.join(from, 'node_modules'), path.join(bundleDir, 'node_modules'), { recursive: true });
      fs.copyFileSync(path.join(from, 'package.json'), path.join(bundleDir, 'package.json'));
    } else {
      installNativeModules(repoRoot, bundleDir, modules);
      installed.set(key, bundleDir);
    }
  }
  built.set(outDir, outDir);
  return outDir;
}

/** The version package-lock.json pins for a top-level package. */
function lockedVersion(repoRoot: string, name: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name}: not in package-lock.json (a nativeModules entry must be a dependency)`);
  return version;
}

/** npm installs the native modules at their locked versions for linux arm64 (sharp picks its binary by os/cpu/libc). */
function installNativeModules(repoRoot: string, bundleDir: string, modules: readonly string[]): void {
  const dependencies = Object.fromEntries(modules.map((m) => [m, lockedVersion(repoRoot, m)]));
  fs.writeFileSync(
    path.join(bundleDir, 'package.json'),
    JSON.stringify({ name: 'bundle', private: true, dependencies }, null, 2),
  );
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
    cwd: bundleDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' },
  });
  for (const command of pruneCommands(bundleDir, modules)) execFileSync('bash', ['-c', command]);
}
