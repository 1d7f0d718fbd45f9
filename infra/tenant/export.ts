/**
 * `tenant export <slug>`: the company's whole data into an archive folder (layout in ./archive.ts),
 * streamed (items are written as they are scanned, objects piped from S3 to disk) and resumable: the
 * manifest is saved as parts finish, and a re-run skips every part and object version whose files are
 * still there with the recorded checksum.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AdminListGroupsForUserCommand,
  ListGroupsCommand,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectVersionsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  GROUPS_FILE,
  TABLE_DIR,
  USERS_FILE,
  VERSIONS_FILE,
  VERSIONS_UNSUPPORTED,
  emptyManifest,
  entityFileName,
  fileMatches,
  objectFileName,
  partFiles,
  readManifest,
  writeManifest,
  type ArchiveFile,
  type GroupEntry,
  type Manifest,
  type PartName,
  type UserEntry,
  type VersionEntry,
} from './archive';
import { toJsonItem } from './item-json';
import type { TenantTarget } from './target';

export interface ExportOptions {
  /** Parallel Scan segments (default 4). */
  segments?: number;
  /** Object versions downloaded at once (default 4). */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface ExportSummary {
  dir: string;
  /** Parts done by this run, and parts found complete and verified (skipped). */
  done: PartName[];
  skipped: PartName[];
  objects: { fetched: number; skipped: number; gone: number };
  manifest: Manifest;
}

/** A JSON-lines file written with its checksum and line count computed on the way. */
class LinesFile {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  bytes = 0;
  count = 0;
  constructor(abs: string) {
    mkdirSync(path.dirname(abs), { recursive: true });
    this.stream = createWriteStream(abs);
  }
  async write(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    this.hash.update(line);
    this.bytes += Buffer.byteLength(line);
    this.count++;
    if (!this.stream.write(line)) await once(this.stream, 'drain');
  }
  async close(): Promise<ArchiveFile> {
    this.stream.end();
    await once(this.stream, 'finish');
    return { bytes: this.bytes, sha256: this.hash.digest('hex'), count: this.count };
  }
}

/** Whether a part is recorded as finished and every file under its prefixes still verifies. */
async function partIntact(dir: string, m: Manifest, part: PartName, prefixes: string[]): Promise<boolean> {
  if (!m.parts[part]) return false;
  for (const prefix of prefixes)
    for (const [rel, f] of partFiles(m, prefix)) if (!(await fileMatches(dir, rel, f))) return false;
  return true;
}

const dropFiles = (m: Manifest, prefix: string) => {
  for (const rel of Object.keys(m.files)) if (rel.startsWith(prefix)) delete m.files[rel];
};

async function exportTable(t: TenantTarget, dir: string, m: Manifest, segments: number): Promise<void> {
  rmSync(path.join(dir, TABLE_DIR), { recursive: true, force: true });
  dropFiles(m, `${TABLE_DIR}/`);
  const files = new Map<string, LinesFile>();
  const fileFor = (rel: string) => {
    let f = files.get(rel);
    if (!f) files.set(rel, (f = new LinesFile(path.join(dir, rel))));
    return f;
  };
  const byEntity: Record<string, number> = {};
  const scanSegment = async (segment: number) => {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await t.clients.ddb.send(
        new ScanCommand({
          TableName: t.table,
          Segment: segment,
          TotalSegments: segments,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const entity = item.__edb_e__?.S ?? 'other';
        byEntity[entity] = (byEntity[entity] ?? 0) + 1;
        await fileFor(entityFileName(item.__edb_e__?.S)).write({ Item: toJsonItem(item) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
  };
  await Promise.all(Array.from({ length: segments }, (_, i) => scanSegment(i)));
  for (const [rel, f] of files) m.files[rel] = await f.close();
  m.counts.itemsByEntity = byEntity;
  m.counts.items = Object.values(byEntity).reduce((a, b) => a + b, 0);
}

interface Listed {
  key: string;
  versionId: string;
  lastModified: Date;
  size: number;
  etag?: string;
  deleteMarker: boolean;
}

/** Every version (and delete marker) of the bucket; an emulator or API without versions gives the objects. */
async function listDrive(t: TenantTarget): Promise<{ how: 'versions' | 'objects'; listed: Listed[] }> {
  const listed: Listed[] = [];
  try {
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const page = await t.clients.s3.send(
        new ListObjectVersionsCommand({ Bucket: t.bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
      );
      for (const v of page.Versions ?? [])
        listed.push({
          key: v.Key!,
          versionId: v.VersionId ?? 'null',
          lastModified: v.LastModified ?? new Date(0),
          size: v.Size ?? 0,
          etag: v.ETag,
          deleteMarker: false,
        });
      for (const d of page.DeleteMarkers ?? [])
        listed.push({
          key: d.Key!,
          versionId: d.VersionId ?? 'null',
          lastModified: d.LastModified ?? new Date(0),
          size: 0,
          deleteMarker: true,
        });
      const more = page.IsTruncated;
      keyMarker = more ? page.NextKeyMarker : undefined;
      versionMarker = more ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return { how: 'versions', listed };
  } catch (e) {
    if (!VERSIONS_UNSUPPORTED.includes((e as Error).name)) throw e;
  }
  let token: string | undefined;
  do {
    const page = await t.clients.s3.send(new ListObjectsV2Command({ Bucket: t.bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? [])
      listed.push({
        key: o.Key!,
        versionId: 'null',
        lastModified: o.LastModified ?? new Date(0),
        size: o.Size ?? 0,
        etag: o.ETag,
        deleteMarker: false,
      });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { how: 'objects', listed };
}

/**
 * Replay order: key by key, oldest version first. S3 lists a key's versions newest first, so among equal
 * timestamps the later-listed one is the older.
 */
export function replayOrder<T extends { key: string; lastModified: Date }>(listed: T[]): T[] {
  return listed
    .map((v, i) => ({ v, i }))
    .sort(
      (a, b) =>
        (a.v.key < b.v.key ? -1 : a.v.key > b.v.key ? 1 : 0) ||
        a.v.lastModified.getTime() - b.v.lastModified.getTime() ||
        b.i - a.i,
    )
    .map((x) => x.v);
}

async function exportVersionsListing(t: TenantTarget, dir: string, m: Manifest): Promise<void> {
  dropFiles(m, VERSIONS_FILE);
  const { how, listed } = await listDrive(t);
  const out = new LinesFile(path.join(dir, VERSIONS_FILE));
  let seq = 0;
  for (const v of replayOrder(listed)) {
    seq++;
    const entry: VersionEntry = {
      seq,
      key: v.key,
      versionId: v.versionId,
      lastModified: v.lastModified.toISOString(),
      size: v.size,
      ...(v.etag ? { etag: v.etag } : {}),
      ...(v.deleteMarker ? { deleteMarker: true as const } : { file: objectFileName(seq) }),
    };
    await out.write(entry);
  }
  m.files[VERSIONS_FILE] = await out.close();
  m.driveListing = how;
}

async function readVersions(dir: string): Promise<VersionEntry[]> {
  const text = await readFile(path.join(dir, VERSIONS_FILE), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as VersionEntry);
}

async function downloadVersion(t: TenantTarget, dir: string, v: VersionEntry): Promise<ArchiveFile | 'gone'> {
  let r;
  try {
    r = await t.clients.s3.send(
      new GetObjectCommand({
        Bucket: t.bucket,
        Key: v.key,
        ...(v.versionId !== 'null' ? { VersionId: v.versionId } : {}),
      }),
    );
  } catch (e) {
    if (['NoSuchKey', 'NoSuchVersion', 'NotFound'].includes((e as Error).name)) return 'gone';
    throw e;
  }
  const abs = path.join(dir, v.file!);
  mkdirSync(path.dirname(abs), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(r.Body as NodeJS.ReadableStream, measure, createWriteStream(abs));
  return {
    bytes,
    sha256: hash.digest('hex'),
    ...(r.ContentType ? { contentType: r.ContentType } : {}),
    ...(r.Metadata && Object.keys(r.Metadata).length ? { metadata: r.Metadata } : {}),
  };
}

async function exportObjects(
  t: TenantTarget,
  dir: string,
  m: Manifest,
  concurrency: number,
  save: () => void,
): Promise<ExportSummary['objects']> {
  const versions = (await readVersions(dir)).filter((v) => v.file);
  const stats = { fetched: 0, skipped: 0, gone: 0 };
  const gone = new Set(m.gone);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const v = versions[next++];
      if (!v) return;
      const rel = v.file!;
      const known = m.files[rel];
      if (gone.has(rel) || (known && (await fileMatches(dir, rel, known)))) {
        stats.skipped++;
        continue;
      }
      const got = await downloadVersion(t, dir, v);
      if (got === 'gone') {
        gone.add(rel);
        m.gone = [...gone];
        stats.gone++;
      } else {
        m.files[rel] = got;
        stats.fetched++;
      }
      save();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const kept = versions.filter((v) => !gone.has(v.file!));
  m.counts.objectVersions = kept.length;
  m.counts.objectBytes = kept.reduce((a, v) => a + (m.files[v.file!]?.bytes ?? 0), 0);
  return stats;
}

const attributesOf = (u: UserType) => Object.fromEntries((u.Attributes ?? []).map((a) => [a.Name!, a.Value ?? '']));

async function exportUsers(t: TenantTarget, dir: string, m: Manifest): Promise<void> {
  dropFiles(m, 'users/');
  const { cognito } = t.clients;
  const groups: GroupEntry[] = [];
  let groupToken: string | undefined;
  do {
    const page = await cognito.send(new ListGroupsCommand({ UserPoolId: t.userPoolId, NextToken: groupToken }));
    for (const g of page.Groups ?? [])
      groups.push({
        name: g.GroupName!,
        ...(g.Description ? { description: g.Description } : {}),
        ...(g.Precedence !== undefined ? { precedence: g.Precedence } : {}),
      });
    groupToken = page.NextToken;
  } while (groupToken);
  mkdirSync(path.join(dir, path.dirname(GROUPS_FILE)), { recursive: true });
  const groupsText = `${JSON.stringify(groups, null, 2)}\n`;
  writeFileSync(path.join(dir, GROUPS_FILE), groupsText);
  m.files[GROUPS_FILE] = {
    bytes: Buffer.byteLength(groupsText),
    sha256: createHash('sha256').update(groupsText).digest('hex'),
    count: groups.length,
  };

  const out = new LinesFile(path.join(dir, USERS_FILE));
  let token: string | undefined;
  do {
    const page = await cognito.send(new ListUsersCommand({ UserPoolId: t.userPoolId, PaginationToken: token }));
    for (const u of page.Users ?? []) {
      const userGroups: string[] = [];
      let gt: string | undefined;
      do {
        const g = await cognito.send(
          new AdminListGroupsForUserCommand({ UserPoolId: t.userPoolId, Username: u.Username!, NextToken: gt }),
        );
        userGroups.push(...(g.Groups ?? []).map((x) => x.GroupName!));
        gt = g.NextToken;
      } while (gt);
      const attributes = attributesOf(u);
      const entry: UserEntry = {
        username: u.Username!,
        sub: attributes.sub ?? u.Username!,
        attributes,
        enabled: u.Enabled ?? true,
        status: u.UserStatus ?? 'UNKNOWN',
        groups: userGroups.sort(),
        ...(u.UserCreateDate ? { createdAt: new Date(u.UserCreateDate).toISOString() } : {}),
      };
      await out.write(entry);
    }
    token = page.PaginationToken;
  } while (token);
  m.files[USERS_FILE] = await out.close();
  m.counts.users = m.files[USERS_FILE].count ?? 0;
  m.counts.groups = groups.length;
}

export async function exportTenant(
  slug: string,
  t: TenantTarget,
  dir: string,
  opts: ExportOptions = {},
): Promise<ExportSummary> {
  const log = opts.log ?? (() => undefined);
  mkdirSync(dir, { recursive: true });
  const source: Manifest['source'] = {
    where: t.where,
    region: t.region,
    table: t.table,
    bucket: t.bucket,
    userPoolId: t.userPoolId,
  };
  const previous = readManifest(dir);
  if (previous && previous.tenant !== slug)
    throw new Error(`${dir} holds an export of ${previous.tenant}, not ${slug}: choose another --out`);
  const m = previous ?? emptyManifest(slug, source);
  m.completedAt = null;
  let lastSave = 0;
  const save = (force = false) => {
    if (!force && Date.now() - lastSave < 500) return;
    writeManifest(dir, m);
    lastSave = Date.now();
  };
  save(true);
  const done: PartName[] = [];
  const skipped: PartName[] = [];
  const part = async (name: PartName, prefixes: string[], run: () => Promise<void>) => {
    if (await partIntact(dir, m, name, prefixes)) {
      skipped.push(name);
      log(`  ${name}: complete and verified, skipped`);
      return;
    }
    delete m.parts[name];
    const started = Date.now();
    await run();
    m.parts[name] = { finishedAt: new Date().toISOString() };
    done.push(name);
    save(true);
    log(`  ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };

  log(`Exporting ${slug} (${t.where}: table ${t.table}, bucket ${t.bucket}, pool ${t.userPoolId}) to ${dir}`);
  await part('table', [`${TABLE_DIR}/`], () => exportTable(t, dir, m, opts.segments ?? 4));
  await part('users', ['users/'], () => exportUsers(t, dir, m));
  // A new listing replaces the object files it numbered: they are fetched again.
  const listingIntact = await partIntact(dir, m, 'versions', [VERSIONS_FILE]);
  await part('versions', [VERSIONS_FILE], async () => {
    if (!listingIntact) {
      dropFiles(m, 'drive/objects/');
      m.gone = [];
    }
    await exportVersionsListing(t, dir, m);
  });
  const objects = await exportObjects(t, dir, m, opts.concurrency ?? 4, () => save());
  log(`  objects: ${objects.fetched} fetched, ${objects.skipped} already there, ${objects.gone} deleted meanwhile`);
  m.completedAt = new Date().toISOString();
  save(true);
  const c = m.counts;
  log(
    `Exported ${c.items} items (${Object.keys(c.itemsByEntity).length} entities), ${c.objectVersions} object versions (${c.objectBytes} bytes), ${c.users} users, ${c.groups} groups.`,
  );
  return { dir, done, skipped, objects, manifest: m };
}
