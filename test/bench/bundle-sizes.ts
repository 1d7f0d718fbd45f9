/**
 * Prints, for each feature Lambda (and the functions CDK builds outside the manifest's features: the stream router):
 * its minified bundle size (and gzip), its cold init time, and the largest inputs;
 * then the floor (a bundle that only imports the DynamoDB client), and the SPA sign-in page's JavaScript in gzip bytes.
 *
 * Bundles are built the way CDK builds them: esbuild with FEATURE_BUNDLING (infra/constructs/feature-bundling.ts), the
 * object the FeatureFunction construct also reads. Init = the time a fresh `node` process spends in `import()` of the
 * bundle (Node's own start is printed apart), median of 5 processes.
 *
 *   npm run bench:bundles                       the configured bundling
 *   npm run bench:bundles -- --compare-sdk      also the other AWS SDK mode (runtime-provided vs bundled)
 *   npm run bench:bundles -- --sdk=runtime      force a mode
 *   npm run bench:bundles -- --root=/tmp/before measure another checkout (e.g. a git worktree of an older commit)
 *   npm run bench:bundles -- --only=stream-router,tasks   only these bundles (and the floor)
 *
 * The sign-in page figure needs `npm run build:web` first (it reads web/dist/index.html and follows the entry's
 * static imports).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import type { FeatureManifest } from '../../shared/manifest/types';
import { externalModules, FEATURE_BUNDLING, type FeatureBundling } from '../../infra/constructs/feature-bundling';

const RUNS = 5;
/** Goals of issue 11 §5 (this machine). */
const INIT_GOAL_MS = 100;
const SIZE_GOAL_KB = 250;
const SIGN_IN_GOAL_KB = 170;
/** Packages that make a feature a "document" feature (exempt from the size goal). */
const DOCUMENT_LIBRARIES = ['pdf-lib', '@pdf-lib/fontkit'];
/** Grants that call a service other than DynamoDB (a feature without them "uses DynamoDB only"). */
const NON_DYNAMO_GRANTS = ['bucket:read', 'bucket:write', 'ses:send', 'cognito:admin', 'ws:manage'];
/**
 * Lambdas of the platform that are not features of the manifest (infra/constructs/events.ts builds the stream router
 * from functions/stream-router/handler.ts). The router calls Lambda and SQS, not DynamoDB: no init goal.
 */
const PLATFORM_FUNCTIONS = [{ name: 'stream-router', entry: path.join('functions', 'stream-router', 'handler.ts') }];

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const root = path.resolve(arg('root') ?? process.cwd());
const sdkArg = arg('sdk');
const configured: FeatureBundling = {
  ...FEATURE_BUNDLING,
  ...(sdkArg ? { awsSdk: sdkArg === 'runtime' ? ('runtime' as const) : ('bundled' as const) } : {}),
  // --no-source-maps: measure the way the bundles were before source maps were part of the measurement
  ...(process.argv.includes('--no-source-maps') ? { sourceMap: false, nodeOptions: '' } : {}),
};
const modes: FeatureBundling[] = process.argv.includes('--compare-sdk')
  ? [configured, { ...configured, awsSdk: configured.awsSdk === 'runtime' ? 'bundled' : 'runtime' }]
  : [configured];

// Bundles are written under the measured checkout's node_modules, so runtime-provided @aws-sdk/* and native
// modules resolve the way they do beside a Lambda bundle.
const outRoot = path.join(root, 'node_modules', '.cache', 'bundle-bench');

function esbuildOptions(bundling: FeatureBundling, nativeModules: readonly string[] = []): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: false,
    target: bundling.target,
    format: bundling.format,
    mainFields: bundling.mainFields,
    banner: { js: bundling.banner },
    external: externalModules(bundling, nativeModules),
    metafile: true,
    logLevel: 'error',
  };
}

interface Built {
  file: string;
  bytes: number;
  gzip: number;
  byPackage: Map<string, number>;
}

async function bundle(name: string, bundling: FeatureBundling, entry: BuildOptions, native?: readonly string[]) {
  const dir = path.join(outRoot, path.basename(root), bundling.awsSdk, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'index.mjs');
  const result = await build({ ...esbuildOptions(bundling, native), ...entry, outfile: file, write: true });
  const bytes = readFileSync(file);
  const output = Object.entries(result.metafile?.outputs ?? {}).find(([name]) => name.endsWith('.mjs'))?.[1];
  const byPackage = new Map<string, number>();
  for (const [input, info] of Object.entries(output?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m?.[1] ?? '(project code)';
    byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
  }
  return { file, bytes: bytes.byteLength, gzip: gzipSync(bytes).byteLength, byPackage } satisfies Built;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Environment a feature sees in its Lambda, enough for module init (nothing is called). */
const childEnv = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'eu-central-1',
  TABLE_NAME: 'bench',
  BUCKET_NAME: 'bench',
  TENANT: 'bench',
  LOG_LEVEL: 'WARN',
};
// CPU time is the figure that holds on a busy machine (and a 512 MB Lambda has about a third of a core, so its wall
// time is roughly three times this); the wall time of the import is printed beside it.
const IMPORT_TIMER = [
  'const t0 = performance.now(); const c0 = process.cpuUsage();',
  'await import(process.argv[1]);',
  'const c = process.cpuUsage(c0);',
  'process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 }));',
].join('\n');

/** Medians over fresh node processes: CPU and wall ms inside `import()` of the module, and the process's wall ms. */
function coldInit(file: string, nodeOptions: string): { init: number; importWall: number; wall: number } {
  const inits: number[] = [];
  const importWalls: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(file).href], {
      env: { ...childEnv, NODE_OPTIONS: nodeOptions },
      encoding: 'utf8',
    });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (r.status !== 0) throw new Error(`importing ${file} failed: ${r.stderr}`);
    const timed = JSON.parse(r.stdout) as { cpu: number; wall: number };
    inits.push(timed.cpu);
    importWalls.push(timed.wall);
  }
  return { init: median(inits), importWall: median(importWalls), wall: median(walls) };
}

const kb = (n: number) => (n / 1024).toFixed(1);
const top = (m: Map<string, number>, n = 4) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}K`)
    .join(', ');
const sdkBytes = (m: Map<string, number>) =>
  [...m.entries()]
    .filter(([k]) => k.startsWith('@aws-sdk/') || k.startsWith('@smithy/'))
    .reduce((s, [, v]) => s + v, 0);

/** The sign-in page's JS: the entry chunk of web/dist/index.html and every chunk it imports statically. */
function signInPageGzip(): { bytes: number; files: number } | string {
  const dist = path.join(root, 'web', 'dist');
  const html = path.join(dist, 'index.html');
  if (!existsSync(html)) return 'web/dist/index.html missing: run `npm run build:web` first';
  const entry = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(readFileSync(html, 'utf8'))?.[1];
  if (!entry) return 'no module script in web/dist/index.html';
  const seen = new Set<string>();
  const queue = [path.join(dist, entry)];
  let bytes = 0;
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file);
    bytes += gzipSync(code).byteLength;
    // static imports only: `import ... from "./x.js"`, `import "./x.js"`, `export ... from "./x.js"` (not `import(`)
    for (const m of code
      .toString('utf8')
      .matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+\.js)["']/g)) {
      const spec = m[1] as string;
      queue.push(spec.startsWith('/') ? path.join(dist, spec) : path.resolve(path.dirname(file), spec));
    }
  }
  return { bytes, files: seen.size };
}

const { FEATURES } = (await import(pathToFileURL(path.join(root, 'functions', 'manifest.ts')).href)) as {
  FEATURES: readonly FeatureManifest[];
};

console.log(
  `root: ${root}   node ${process.version}   ${RUNS} fresh processes per figure (median)   source maps: ${configured.sourceMap ? `on (NODE_OPTIONS=${configured.nodeOptions})` : 'off'}`,
);
for (const bundling of modes) {
  console.log(
    `\nAWS SDK ${bundling.awsSdk === 'runtime' ? 'left to the Lambda runtime (external)' : 'bundled (pinned)'}`,
  );
  const floor = await bundle(
    '_floor',
    bundling,
    {
      stdin: {
        contents:
          "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nexport const c = [DynamoDBClient, DynamoDBDocumentClient];",
        resolveDir: root,
        loader: 'js',
      },
    },
    [],
  );
  const empty = await bundle('_empty', bundling, {
    stdin: { contents: 'export const x = 1;', resolveDir: root, loader: 'js' },
  });
  const floorTime = coldInit(floor.file, bundling.nodeOptions);
  const emptyTime = coldInit(empty.file, bundling.nodeOptions);

  const row = (name: string, b: Built, t: ReturnType<typeof coldInit>, note: string) =>
    console.log(
      [
        name.padEnd(16),
        `${kb(b.bytes).padStart(7)} KB`,
        `${kb(b.gzip).padStart(6)} KB`,
        t.init.toFixed(0).padStart(8),
        t.importWall.toFixed(0).padStart(9),
        t.wall.toFixed(0).padStart(10),
        ` ${note}`,
      ].join(' '),
    );
  console.log('feature          minified      gzip  init cpu  init wall  process   largest parts');
  const why: string[] = [];
  const measured = [
    ...FEATURES.map((f) => ({
      name: f.feature,
      entry: path.join('functions', f.feature, 'handler.ts'),
      nativeModules: f.nativeModules,
      dynamoOnly: !f.grants.some((g) => NON_DYNAMO_GRANTS.includes(g)),
    })),
    // absent from an older checkout measured with --root
    ...PLATFORM_FUNCTIONS.filter((p) => existsSync(path.join(root, p.entry))).map((p) => ({
      ...p,
      nativeModules: undefined,
      dynamoOnly: false,
    })),
  ];
  const only = arg('only')?.split(',');
  for (const f of measured.filter((m) => !only || only.includes(m.name))) {
    const entry = { entryPoints: [path.join(root, f.entry)] };
    const b = await bundle(f.name, bundling, entry, f.nativeModules);
    const t = coldInit(b.file, bundling.nodeOptions);
    const sdk = sdkBytes(b.byPackage);
    const own = new Map([...b.byPackage].filter(([k]) => !k.startsWith('@aws-sdk/') && !k.startsWith('@smithy/')));
    row(
      f.name,
      b,
      t,
      `${top(bundling.awsSdk === 'bundled' ? own : b.byPackage)}${bundling.awsSdk === 'bundled' ? `; SDK ${kb(sdk)} KB` : ''}`,
    );
    const isDocument = DOCUMENT_LIBRARIES.some((p) => b.byPackage.has(p));
    // The size goal is about our code and libraries: a bundled SDK is counted apart (it replaces the runtime's copy).
    const ownKb = (b.bytes - (bundling.awsSdk === 'bundled' ? sdk : 0)) / 1024;
    if (!isDocument && ownKb > SIZE_GOAL_KB)
      why.push(`${f.name}: ${ownKb.toFixed(0)} KB without the SDK > ${SIZE_GOAL_KB} KB: ${top(own, 6)}`);
    if (f.dynamoOnly && t.init > INIT_GOAL_MS)
      why.push(
        `${f.name}: init ${t.init.toFixed(0)} ms CPU > ${INIT_GOAL_MS} ms (DynamoDB-only); the DynamoDB client import alone takes ${floorTime.init.toFixed(0)} ms`,
      );
  }
  row('(floor)', floor, floorTime, 'DynamoDBClient + DynamoDBDocumentClient import only');
  row('(empty module)', empty, emptyTime, "process = Node's own start, for reference");
  for (const w of why) console.log(`why: ${w}`);
}

const page = signInPageGzip();
console.log(
  typeof page === 'string'
    ? `\nsign-in page JS: ${page}`
    : `\nsign-in page JS (entry + static imports, ${page.files} files): ${kb(page.bytes)} KB gzip (goal ≤ ${SIGN_IN_GOAL_KB} KB)${
        page.bytes / 1024 > SIGN_IN_GOAL_KB
          ? " — over; the SPA's entry chunk is being cut by the web work of issue 11"
          : ''
      }`,
);
