/**
 * How every feature Lambda is bundled, in one place: the CDK construct (feature-function.ts) and the bundle bench
 * (test/bench/bundle-sizes.ts) both read this object, so the bench measures exactly what gets deployed.
 * Plain data only (no aws-cdk-lib, no esbuild import): each side maps it onto its own option names.
 */
import { FONT_FILES, FONT_PACKAGE } from '../../shared/crm/pdf/fonts';
export interface FeatureBundling {
  minify: boolean;
  /** A source map beside the bundle (no sources inside), so stack traces in the logs point at the TypeScript. */
  sourceMap: boolean;
  /** NODE_OPTIONS of the function: source-mapped stack traces. */
  nodeOptions: string;
  /** esbuild target; matches the Lambda runtime (Node 22). */
  target: string;
  format: 'esm';
  mainFields: string[];
  /** ESM bundles of CommonJS dependencies still call require(): give them one. */
  banner: string;
  /**
   * 'runtime': leave `@aws-sdk/*` out and use the SDK the Lambda runtime provides.
   * 'bundled': bundle the SDK version pinned in package.json (tree-shaken and minified with the rest).
   */
  awsSdk: 'runtime' | 'bundled';
}

export const FEATURE_BUNDLING: FeatureBundling = {
  minify: true,
  sourceMap: true,
  nodeOptions: '--enable-source-maps',
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  awsSdk: 'bundled',
};

/** Module names esbuild must leave out of a feature's bundle: native modules (installed beside it) and maybe the SDK. */
export const externalModules = (bundling: FeatureBundling, nativeModules: readonly string[] = []): string[] => [
  ...(bundling.awsSdk === 'runtime' ? ['@aws-sdk/*'] : []),
  ...nativeModules,
];

/**
 * Packages installed beside the bundle (a manifest's nativeModules) of which the function reads only a few files:
 * everything else is deleted after the install. crm-docs embeds two of the 22 DejaVu fonts (12 MB) in its PDFs.
 */
export const KEEP_ONLY_FILES: Record<string, readonly string[]> = {
  [FONT_PACKAGE]: ['package.json', 'LICENSE', FONT_FILES.regular, FONT_FILES.bold],
};

/** Shell commands that prune those packages inside a bundle's output folder (run after npm installed them). */
export function pruneCommands(outputDir: string, nativeModules: readonly string[] = []): string[] {
  return nativeModules.flatMap((m) => {
    const keep = KEEP_ONLY_FILES[m];
    if (!keep) return [];
    const dir = `${outputDir}/node_modules/${m}`;
    const kept = keep.map((f) => `! -path "${dir}/${f}"`).join(' ');
    return [`find "${dir}" -type f ${kept} -delete`, `find "${dir}" -type d -empty -delete`];
  });
}
