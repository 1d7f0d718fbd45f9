/**
 * Pure text helpers of the document editor (no DOM, no React: unit-tested in node).
 *
 * - `diff3` / `mergeUnits`: a three-way merge of "units" (lines of Markdown, top-level blocks of rich text)
 *   between the version both people started from (base), mine and theirs. A place only one side changed
 *   takes that side's change; a place both changed the same way takes it once; a place both changed
 *   differently is a conflict, and the merged result keeps BOTH texts (mine, then theirs) so nobody's
 *   words are lost — the person tidies them up in the editable result.
 * - `compare`: a word or line diff between two texts (jsdiff) with added/removed counts for the legend.
 */
import { diffArrays, diffLines, diffWordsWithSpace, type Change } from 'diff';

export type MergeChunk =
  | { kind: 'same'; units: string[] }
  /** only one side changed this place (or both the same way): `units` is the result */
  | { kind: 'mine' | 'theirs' | 'both'; base: string[]; units: string[] }
  | { kind: 'conflict'; base: string[]; mine: string[]; theirs: string[] };

/** For each base index, the index of the same unit in `side`, or -1 when the side removed/changed it. */
function matches(base: string[], side: string[]): number[] {
  const m = new Array<number>(base.length).fill(-1);
  let i = 0;
  let j = 0;
  for (const c of diffArrays(base, side)) {
    const n = c.count ?? c.value.length;
    if (c.added) j += n;
    else if (c.removed) i += n;
    else {
      for (let k = 0; k < n; k++) m[i + k] = j + k;
      i += n;
      j += n;
    }
  }
  return m;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The classic diff3 walk: stable units (kept by both sides) are sync points; what lies between is resolved. */
export function diff3(base: string[], mine: string[], theirs: string[]): MergeChunk[] {
  const mA = matches(base, mine);
  const mB = matches(base, theirs);
  const out: MergeChunk[] = [];
  const pushSame = (u: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'same') last.units.push(u);
    else out.push({ kind: 'same', units: [u] });
  };
  let i = 0;
  let a = 0;
  let b = 0;
  while (i < base.length || a < mine.length || b < theirs.length) {
    if (i < base.length && mA[i] === a && mB[i] === b) {
      pushSame(base[i]!);
      i++;
      a++;
      b++;
      continue;
    }
    let k = i;
    while (k < base.length && (mA[k] === -1 || mB[k] === -1)) k++;
    const endA = k < base.length ? mA[k]! : mine.length;
    const endB = k < base.length ? mB[k]! : theirs.length;
    const baseC = base.slice(i, k);
    const mineC = mine.slice(a, endA);
    const theirsC = theirs.slice(b, endB);
    if (same(mineC, baseC)) out.push({ kind: 'theirs', base: baseC, units: theirsC });
    else if (same(theirsC, baseC)) out.push({ kind: 'mine', base: baseC, units: mineC });
    else if (same(mineC, theirsC)) out.push({ kind: 'both', base: baseC, units: mineC });
    else {
      // both changed this place: what they changed the same way at its start and end is agreed (not conflict)
      let pre = 0;
      while (pre < mineC.length && pre < theirsC.length && mineC[pre] === theirsC[pre]) pre++;
      let suf = 0;
      while (
        suf < mineC.length - pre &&
        suf < theirsC.length - pre &&
        mineC[mineC.length - 1 - suf] === theirsC[theirsC.length - 1 - suf]
      )
        suf++;
      if (pre > 0) out.push({ kind: 'both', base: [], units: mineC.slice(0, pre) });
      out.push({
        kind: 'conflict',
        base: baseC,
        mine: mineC.slice(pre, mineC.length - suf),
        theirs: theirsC.slice(pre, theirsC.length - suf),
      });
      if (suf > 0) out.push({ kind: 'both', base: [], units: mineC.slice(mineC.length - suf) });
    }
    i = k;
    a = endA;
    b = endB;
  }
  return out;
}

export interface MergeResult {
  units: string[];
  /** places both people changed differently (both texts are kept in `units`, mine first) */
  conflicts: number;
  /** places taken from one side only */
  autoMerged: number;
}

export function mergeUnits(base: string[], mine: string[], theirs: string[]): MergeResult {
  const units: string[] = [];
  let conflicts = 0;
  let autoMerged = 0;
  for (const c of diff3(base, mine, theirs)) {
    if (c.kind === 'conflict') {
      conflicts++;
      units.push(...c.mine, ...c.theirs);
    } else {
      if (c.kind !== 'same') autoMerged++;
      units.push(...c.units);
    }
  }
  return { units, conflicts, autoMerged };
}

/** Markdown (and any plain text) merges line by line. */
export function mergeLines(base: string, mine: string, theirs: string): MergeResult & { text: string } {
  const split = (s: string) => s.replace(/\r\n?/g, '\n').split('\n');
  const r = mergeUnits(split(base), split(mine), split(theirs));
  return { ...r, text: r.units.join('\n') };
}

export type DiffMode = 'words' | 'lines';

export interface Comparison {
  changes: Change[];
  added: number;
  removed: number;
}

/** Counts words (word mode) or lines (line mode) added and removed, for the legend. */
export function compare(from: string, to: string, mode: DiffMode): Comparison {
  const changes = mode === 'lines' ? diffLines(from, to) : diffWordsWithSpace(from, to);
  let added = 0;
  let removed = 0;
  for (const c of changes) {
    if (!c.added && !c.removed) continue;
    const n = mode === 'lines' ? (c.count ?? 1) : c.value.split(/\s+/).filter(Boolean).length;
    if (c.added) added += n;
    else removed += n;
  }
  return { changes, added, removed };
}

/** UTF-8 size of a text, as stored. */
export function byteSize(s: string): number {
  return new TextEncoder().encode(s).length;
}

export function formatBytes(n: number, lng: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(lng, { maximumFractionDigits: u === 0 ? 0 : 1 }).format(v)} ${units[u]}`;
}
