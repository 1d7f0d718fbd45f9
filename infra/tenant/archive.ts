/**
 * The export archive of one company: its layout on disk, the manifest, and the checksums that make an
 * export resumable and an import safe. Layout (paths relative to the archive folder):
 *
 *   manifest.json                 format, source, counts, and every file's bytes + SHA-256
 *   table/<entity>.jsonl          one item per line as {"Item": <DynamoDB JSON>} (the format of DynamoDB's
 *                                 own export to S3); <entity> is the item's `__edb_e__`, or `other`
 *   drive/versions.jsonl          every object version of the drive bucket in replay order (per key oldest
 *                                 first): {seq, key, versionId, lastModified, size, etag, deleteMarker?, file?}
 *   drive/objects/<seq>           the bytes of one object version (seq zero-padded, from versions.jsonl)
 *   users/users.jsonl             one Cognito user per line: username, attributes (sub included), enabled,
 *                                 status, groups; Cognito never hands out password hashes or MFA secrets
 *   users/groups.json             the pool's groups (name, description, precedence)
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MANIFEST = 'manifest.json';
export const FORMAT = 'portal-tenant-export/1';
export const TABLE_DIR = 'table';
export const VERSIONS_FILE = 'drive/versions.jsonl';
export const OBJECTS_DIR = 'drive/objects';
export const USERS_FILE = 'users/users.jsonl';
export const GROUPS_FILE = 'users/groups.json';

/** A file of the archive as the manifest records it. */
export interface ArchiveFile {
  bytes: number;
  sha256: string;
  /** Lines (items, versions, users) for JSON-lines files. */
  count?: number;
  /** Object versions: what GetObject answered, replayed by PutObject. */
  contentType?: string;
  metadata?: Record<string, string>;
}

/** One line of drive/versions.jsonl. */
export interface VersionEntry {
  seq: number;
  key: string;
  /** `null` when the bucket is not versioned. */
  versionId: string;
  lastModified: string;
  size: number;
  etag?: string;
  deleteMarker?: true;
  /** Path of the bytes in the archive (absent for delete markers). */
  file?: string;
}

/** One line of users/users.jsonl. */
export interface UserEntry {
  username: string;
  sub: string;
  attributes: Record<string, string>;
  enabled: boolean;
  status: string;
  groups: string[];
  createdAt?: string;
}

export interface GroupEntry {
  name: string;
  description?: string;
  precedence?: number;
}

export type PartName = 'table' | 'versions' | 'users';

export interface Manifest {
  format: typeof FORMAT;
  tenant: string;
  source: { where: 'local' | 'cloud'; region: string; table: string; bucket: string; userPoolId: string };
  startedAt: string;
  /** Set once every part is done; an export without it is partial (re-run to resume). */
  completedAt: string | null;
  /** Parts finished (their files are in `files`); object versions are tracked one by one in `files`. */
  parts: Partial<Record<PartName, { finishedAt: string }>>;
  /** Whether the drive listing came from ListObjectVersions or (unversioned bucket / emulator) ListObjectsV2. */
  driveListing?: 'versions' | 'objects';
  /** Object versions listed but deleted before they could be read (an online export); not imported. */
  gone: string[];
  counts: {
    items: number;
    itemsByEntity: Record<string, number>;
    objectVersions: number;
    objectBytes: number;
    users: number;
    groups: number;
  };
  files: Record<string, ArchiveFile>;
}

export function emptyManifest(tenant: string, source: Manifest['source']): Manifest {
  return {
    format: FORMAT,
    tenant,
    source,
    startedAt: new Date().toISOString(),
    completedAt: null,
    parts: {},
    gone: [],
    counts: { items: 0, itemsByEntity: {}, objectVersions: 0, objectBytes: 0, users: 0, groups: 0 },
    files: {},
  };
}

export function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) return undefined;
  const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (m.format !== FORMAT) throw new Error(`${file} is not a ${FORMAT} manifest (format ${String(m.format)})`);
  return m;
}

/** Written to a temporary name then renamed: a crash never leaves half a manifest. */
export function writeManifest(dir: string, m: Manifest): void {
  const file = path.join(dir, MANIFEST);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(m, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Whether `rel` exists in `dir` with the size and checksum the manifest recorded. */
export async function fileMatches(dir: string, rel: string, expected: ArchiveFile): Promise<boolean> {
  const abs = path.join(dir, rel);
  if (!existsSync(abs) || statSync(abs).size !== expected.bytes) return false;
  return (await sha256File(abs)) === expected.sha256;
}

/** Every file of the manifest that is missing or differs (empty = the archive is intact). */
export async function verifyArchive(dir: string, m: Manifest): Promise<string[]> {
  const bad: string[] = [];
  for (const [rel, f] of Object.entries(m.files)) if (!(await fileMatches(dir, rel, f))) bad.push(rel);
  return bad;
}

/** The files of a part (by path prefix). */
export const partFiles = (m: Manifest, prefix: string): [string, ArchiveFile][] =>
  Object.entries(m.files).filter(([rel]) => rel.startsWith(prefix));

/** A file name for an entity name: letters, digits, `-` and `_` kept. */
export const entityFileName = (entity: string | undefined): string =>
  `${TABLE_DIR}/${(entity ?? 'other').replace(/[^A-Za-z0-9_-]/g, '_') || 'other'}.jsonl`;

export const objectFileName = (seq: number): string => `${OBJECTS_DIR}/${String(seq).padStart(6, '0')}`;

/** How an S3 without versions support (s3rver) answers ListObjectVersions: then objects are listed instead. */
export const VERSIONS_UNSUPPORTED = ['NotImplemented', 'MethodNotAllowed'];
