/**
 * A stack's CloudFormation reduced to what decides whether a deploy replaces or changes a resource: per
 * logical ID its Type, a hash of each top-level property, its deletion/replace policies and DependsOn.
 * Hashes of code and file assets (64 hex digits in S3 keys and nested template URLs) change with every
 * code edit, so they are replaced by a placeholder before hashing: the snapshot is about the resources.
 */
import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ResourceEntry {
  Type: string;
  /** Property name → hash of its normalized value. */
  Properties: Record<string, string>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string[];
  /** Any other template attribute (Condition, UpdatePolicy, ...) → hash. Metadata is left out (paths, asset info). */
  Other?: Record<string, string>;
}

export interface ResourceSnapshot {
  resources: Record<string, ResourceEntry>;
  /** Output name → hash of its definition (value, description, export). */
  outputs: Record<string, string>;
}

interface TemplateJson {
  Resources?: Record<
    string,
    { Type: string; Properties?: Record<string, Json>; [attribute: string]: Json | undefined }
  >;
  Outputs?: Record<string, Json>;
}

const ASSET_HASH = /[a-f0-9]{64}/g;

const sortedRecord = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return sortedRecord(Object.entries(value).map(([k, v]): [string, Json] => [k, sortKeys(v)]));
  }
  return value;
}

/** Deterministic JSON of a template value, asset hashes replaced. */
export const normalized = (value: Json): string => JSON.stringify(sortKeys(value)).replace(ASSET_HASH, '<asset>');

const hashOf = (value: Json): string => createHash('sha256').update(normalized(value)).digest('hex').slice(0, 16);

export function snapshotOf(template: TemplateJson): ResourceSnapshot {
  const resources = Object.entries(template.Resources ?? {}).map(([id, r]): [string, ResourceEntry] => {
    const { Type, Properties, Metadata, DeletionPolicy, UpdateReplacePolicy, DependsOn, ...rest } = r;
    void Metadata;
    const entry: ResourceEntry = {
      Type,
      Properties: sortedRecord(Object.entries(Properties ?? {}).map(([k, v]) => [k, hashOf(v)])),
    };
    if (typeof DeletionPolicy === 'string') entry.DeletionPolicy = DeletionPolicy;
    if (typeof UpdateReplacePolicy === 'string') entry.UpdateReplacePolicy = UpdateReplacePolicy;
    if (DependsOn !== undefined) entry.DependsOn = [DependsOn].flat().map(String).sort();
    const other = Object.entries(rest).filter((e): e is [string, Json] => e[1] !== undefined);
    if (other.length) entry.Other = sortedRecord(other.map(([k, v]) => [k, hashOf(v)]));
    return [id, entry];
  });
  const outputs = Object.entries(template.Outputs ?? {}).map(([id, o]): [string, string] => [id, hashOf(o)]);
  return { resources: sortedRecord(resources), outputs: sortedRecord(outputs) };
}

/**
 * What changed from `baseline` to `current`, one line each: `+` added, `-` removed (a rename is both),
 * `~` changed (with the property or attribute and, when `template` is given, its current value).
 */
export function snapshotDiff(baseline: ResourceSnapshot, current: ResourceSnapshot, template?: TemplateJson): string[] {
  const lines: string[] = [];
  const shown = (id: string, property: string): string => {
    const value = template?.Resources?.[id]?.Properties?.[property];
    if (value === undefined) return '';
    const text = normalized(value);
    return ` now ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`;
  };
  for (const [id, before] of Object.entries(baseline.resources)) {
    const after = current.resources[id];
    if (!after) {
      lines.push(`- ${id} (${before.Type}) removed`);
      continue;
    }
    if (after.Type !== before.Type) lines.push(`~ ${id}: Type ${before.Type} -> ${after.Type}`);
    const properties = new Set([...Object.keys(before.Properties), ...Object.keys(after.Properties)]);
    for (const p of [...properties].sort()) {
      if (before.Properties[p] === after.Properties[p]) continue;
      const change = !(p in after.Properties) ? 'removed' : !(p in before.Properties) ? 'added' : 'changed';
      lines.push(`~ ${id} (${after.Type}) Properties.${p} ${change}${shown(id, p)}`);
    }
    for (const attribute of ['DeletionPolicy', 'UpdateReplacePolicy', 'DependsOn', 'Other'] as const) {
      const [b, a] = [JSON.stringify(before[attribute]), JSON.stringify(after[attribute])];
      if (b !== a) lines.push(`~ ${id} (${after.Type}) ${attribute} ${b ?? 'none'} -> ${a ?? 'none'}`);
    }
  }
  for (const [id, after] of Object.entries(current.resources)) {
    if (!baseline.resources[id]) lines.push(`+ ${id} (${after.Type}) added`);
  }
  for (const id of new Set([...Object.keys(baseline.outputs), ...Object.keys(current.outputs)])) {
    if (baseline.outputs[id] === current.outputs[id]) continue;
    const change = !(id in current.outputs) ? 'removed' : !(id in baseline.outputs) ? 'added' : 'changed';
    lines.push(`~ output ${id} ${change}`);
  }
  return lines;
}

export const snapshotCounts = (s: ResourceSnapshot): { resources: number; outputs: number } => ({
  resources: Object.keys(s.resources).length,
  outputs: Object.keys(s.outputs).length,
});
