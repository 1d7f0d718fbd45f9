/**
 * Prints each feature Lambda's minified bundle size, from esbuild's metafile, with the largest inputs.
 * Same settings as the CDK NodejsFunction bundling (minified ESM for Node 22; the AWS SDK v3 is
 * provided by the Lambda runtime and left out).  Run: npm run bench:bundles
 */
import { build } from 'esbuild';
import { FEATURES, handlerPath } from '../../functions/manifest';

const rows: { feature: string; bytes: number; gzip: number; top: string }[] = [];
for (const f of FEATURES) {
  const result = await build({
    entryPoints: [handlerPath(f.feature)],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`no output for ${f.feature}`);
  const { gzipSync } = await import('node:zlib');
  const output = Object.values(result.metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [path, info] of Object.entries(output?.inputs ?? {})) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m?.[1] ?? '(project code)';
    byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
  }
  const top = [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}K`)
    .join(', ');
  rows.push({ feature: f.feature, bytes: out.contents.byteLength, gzip: gzipSync(out.contents).byteLength, top });
}

console.log('feature      minified   gzip     largest parts');
for (const r of rows) {
  console.log(
    `${r.feature.padEnd(12)} ${(r.bytes / 1024).toFixed(1).padStart(7)} KB ${(r.gzip / 1024).toFixed(1).padStart(6)} KB  ${r.top}`,
  );
}
