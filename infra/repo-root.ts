import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest folder at or above `from` holding functions/manifest.ts. */
export function repoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'functions', 'manifest.ts')) && fs.existsSync(path.join(dir, 'package.json')))
      return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no repository root (functions/manifest.ts) at or above ${from}`);
    dir = up;
  }
}
