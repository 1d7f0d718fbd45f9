/**
 * `tenant import <slug> --from <dir>`: an export restored into a fresh stack (another region, account or
 * local stack). Nothing is written until every file of the archive matches its manifest checksum. Then:
 *
 * 1. groups, then users: AdminCreateUser with MessageAction SUPPRESS (nobody is e-mailed), the exported
 *    attributes except `sub` (Cognito assigns a new one), a random permanent password (people set theirs
 *    through "Forgot password"), disabled users disabled again, group memberships restored;
 * 2. items: every string rewritten old sub → new sub (and direct chat ids, see ./rewrite.ts), written with
 *    BatchWriteItem, unprocessed items retried with backoff;
 * 3. drive objects: every version PUT in the archive's order (per key oldest first, delete markers as
 *    deletes), keys rewritten the same way.
 *
 * The map old sub → new sub is written next to the archive (`sub-map.json`). Re-running is safe: existing
 * users are found again (same map), items and objects are overwritten with the same content.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { BatchWriteItemCommand, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  GROUPS_FILE,
  TABLE_DIR,
  USERS_FILE,
  VERSIONS_FILE,
  readManifest,
  verifyArchive,
  type GroupEntry,
  type Manifest,
  type UserEntry,
  type VersionEntry,
} from './archive';
import { fromJsonItem, type JsonItem } from './item-json';
import { DirectChatIds, rewriteItem, stringRewriter } from './rewrite';
import type { TenantTarget } from './target';

export const SUB_MAP_FILE = 'sub-map.json';

export class ArchiveRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveRefused';
  }
}

export interface ImportOptions {
  concurrency?: number;
  log?: (line: string) => void;
  /** Backoff base for unprocessed BatchWrite items (ms). */
  retryBaseMs?: number;
}

export interface ImportSummary {
  users: { created: number; existing: number; skipped: string[] };
  items: number;
  objects: { put: number; deleted: number; gone: number };
  /** Old sub → new sub. */
  subMap: Record<string, string>;
  /** Old direct chat id → new one. */
  chatIdMap: Record<string, string>;
}

async function* lines(file: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield line;
}

/** Runs `fn` over `items`, at most `n` at once. */
async function eachLimit<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

const isName = (e: unknown, ...names: string[]) => names.includes((e as Error).name);

/** A password Cognito's policy accepts (12+ characters, all four classes) that nobody knows. */
const unknownPassword = () => `Aa1!${randomBytes(24).toString('base64url')}`;

/**
 * Attributes AdminCreateUser accepts: not `sub` (Cognito assigns it) nor `identities` (set by federation).
 */
const writableAttributes = (u: UserEntry) =>
  Object.entries(u.attributes)
    .filter(([name]) => name !== 'sub' && name !== 'identities')
    .map(([Name, Value]) => ({ Name, Value }));

/**
 * The username to create: a pool whose usernames are e-mail addresses lists each user under its sub, and
 * takes the address on creation; otherwise the exported username.
 */
const usernameFor = (u: UserEntry) => (u.username === u.sub && u.attributes.email ? u.attributes.email : u.username);

async function importUsers(
  t: TenantTarget,
  dir: string,
  concurrency: number,
  log: (l: string) => void,
): Promise<{ subMap: Map<string, string>; stats: ImportSummary['users'] }> {
  const { cognito } = t.clients;
  const UserPoolId = t.userPoolId;
  const groups = JSON.parse(readFileSync(path.join(dir, GROUPS_FILE), 'utf8')) as GroupEntry[];
  for (const g of groups)
    await cognito
      .send(
        new CreateGroupCommand({
          UserPoolId,
          GroupName: g.name,
          Description: g.description,
          Precedence: g.precedence,
        }),
      )
      .catch((e: unknown) => {
        if (!isName(e, 'GroupExistsException')) throw e;
      });
  const users: UserEntry[] = [];
  for await (const l of lines(path.join(dir, USERS_FILE))) users.push(JSON.parse(l) as UserEntry);
  const subMap = new Map<string, string>();
  const stats: ImportSummary['users'] = { created: 0, existing: 0, skipped: [] };
  await eachLimit(users, concurrency, async (u) => {
    // Federated users (Google, Facebook, Apple) come back by signing in with their provider.
    if (u.status === 'EXTERNAL_PROVIDER') {
      stats.skipped.push(u.username);
      return;
    }
    const Username = usernameFor(u);
    let sub: string | undefined;
    try {
      const created = await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId,
          Username,
          MessageAction: 'SUPPRESS',
          UserAttributes: writableAttributes(u),
        }),
      );
      sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
      await cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: unknownPassword(), Permanent: true }),
      );
      if (!u.enabled) await cognito.send(new AdminDisableUserCommand({ UserPoolId, Username }));
      stats.created++;
    } catch (e) {
      if (!isName(e, 'UsernameExistsException')) throw e;
      stats.existing++;
    }
    if (!sub) {
      const got = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username }));
      sub = got.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? got.Username;
    }
    if (!sub) throw new Error(`no sub for the imported user ${Username}`);
    subMap.set(u.sub, sub);
  });
  // Memberships one at a time: cognito-local stores a group's members as one record (read, add, write), so
  // concurrent additions to the same group would lose some; Cognito itself does not mind.
  for (const u of users)
    if (subMap.has(u.sub))
      for (const GroupName of u.groups)
        await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: usernameFor(u), GroupName }));
  log(`  users: ${stats.created} created, ${stats.existing} already there, ${stats.skipped.length} federated skipped`);
  return { subMap, stats };
}

function tableFiles(m: Manifest): string[] {
  return Object.keys(m.files)
    .filter((rel) => rel.startsWith(`${TABLE_DIR}/`))
    .sort();
}

async function batchWrite(t: TenantTarget, requests: WriteRequest[], retryBaseMs: number): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 0) {
      if (attempt > 12) throw new Error(`${pending.length} items stayed unprocessed after ${attempt} attempts`);
      await new Promise((r) => setTimeout(r, Math.min(retryBaseMs * 2 ** attempt, 5000)));
    }
    const r = await t.clients.ddb.send(new BatchWriteItemCommand({ RequestItems: { [t.table]: pending } }));
    pending = r.UnprocessedItems?.[t.table] ?? [];
  }
}

async function importItems(
  t: TenantTarget,
  dir: string,
  m: Manifest,
  rewrite: (s: string) => string,
  concurrency: number,
  retryBaseMs: number,
): Promise<number> {
  let count = 0;
  for (const rel of tableFiles(m)) {
    let batch: WriteRequest[] = [];
    const inFlight = new Set<Promise<void>>();
    const flush = async () => {
      if (!batch.length) return;
      const p = batchWrite(t, batch, retryBaseMs).finally(() => inFlight.delete(p));
      batch = [];
      inFlight.add(p);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    };
    for await (const l of lines(path.join(dir, rel))) {
      const { Item } = JSON.parse(l) as { Item: JsonItem };
      batch.push({ PutRequest: { Item: fromJsonItem(rewriteItem(Item, rewrite)) } });
      count++;
      if (batch.length === 25) await flush();
    }
    await flush();
    await Promise.all(inFlight);
  }
  return count;
}

async function importObjects(
  t: TenantTarget,
  dir: string,
  m: Manifest,
  rewrite: (s: string) => string,
  concurrency: number,
): Promise<ImportSummary['objects']> {
  const gone = new Set(m.gone);
  const byKey = new Map<string, VersionEntry[]>();
  for await (const l of lines(path.join(dir, VERSIONS_FILE))) {
    const v = JSON.parse(l) as VersionEntry;
    const list = byKey.get(v.key) ?? [];
    list.push(v);
    byKey.set(v.key, list);
  }
  const stats = { put: 0, deleted: 0, gone: 0 };
  // Keys in parallel; the versions of one key one after the other, in the archive's (oldest first) order.
  await eachLimit([...byKey.values()], concurrency, async (versions) => {
    for (const v of versions.sort((a, b) => a.seq - b.seq)) {
      const Key = rewrite(v.key);
      if (v.deleteMarker) {
        await t.clients.s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key }));
        stats.deleted++;
        continue;
      }
      if (gone.has(v.file!)) {
        stats.gone++;
        continue;
      }
      const abs = path.join(dir, v.file!);
      const f = m.files[v.file!]!;
      await t.clients.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key,
          Body: createReadStream(abs),
          ContentLength: statSync(abs).size,
          ...(f.contentType ? { ContentType: f.contentType } : {}),
          ...(f.metadata ? { Metadata: f.metadata } : {}),
        }),
      );
      stats.put++;
    }
  });
  return stats;
}

export async function importTenant(
  slug: string,
  t: TenantTarget,
  dir: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const log = opts.log ?? (() => undefined);
  const concurrency = opts.concurrency ?? 4;
  const m = readManifest(dir);
  if (!m) throw new ArchiveRefused(`${dir} has no manifest.json: not an export`);
  if (!m.completedAt)
    throw new ArchiveRefused(`the export in ${dir} is not complete: run the export again to finish it`);
  log(`Verifying ${Object.keys(m.files).length} files of the export of ${m.tenant} (${m.startedAt}) ...`);
  const bad = await verifyArchive(dir, m);
  if (bad.length)
    throw new ArchiveRefused(
      `${bad.length} file(s) of ${dir} are missing or differ from the manifest, nothing imported: ${bad.slice(0, 10).join(', ')}`,
    );
  log(
    `Importing into ${slug} (${t.where}: table ${t.table}, bucket ${t.bucket}, pool ${t.userPoolId}) from the export of ${m.tenant}`,
  );
  const occupied = await t.clients.ddb.send(new ScanCommand({ TableName: t.table, Limit: 1, Select: 'COUNT' }));
  if (occupied.Count)
    log(`  note: the table ${t.table} is not empty; imported items overwrite items with the same keys, others stay`);
  const { subMap, stats: users } = await importUsers(t, dir, concurrency, log);

  const chats = new DirectChatIds();
  for (const rel of tableFiles(m))
    for await (const l of lines(path.join(dir, rel))) chats.see((JSON.parse(l) as { Item: JsonItem }).Item);
  const chatIdMap = chats.rewrites(subMap);
  const rewrite = stringRewriter(new Map([...subMap, ...chatIdMap]));
  writeFileSync(
    path.join(dir, SUB_MAP_FILE),
    `${JSON.stringify({ importedAt: new Date().toISOString(), into: { table: t.table, bucket: t.bucket, userPoolId: t.userPoolId }, subs: Object.fromEntries(subMap), directChats: Object.fromEntries(chatIdMap) }, null, 2)}\n`,
  );

  const items = await importItems(t, dir, m, rewrite, concurrency, opts.retryBaseMs ?? 50);
  log(`  items: ${items} written (${chatIdMap.size} direct chats renamed for the new subs)`);
  const objects = await importObjects(t, dir, m, rewrite, concurrency);
  log(`  objects: ${objects.put} versions uploaded, ${objects.deleted} delete markers replayed`);
  log(`Imported. The map of old to new user ids is in ${path.join(dir, SUB_MAP_FILE)}.`);
  return {
    users,
    items,
    objects,
    subMap: Object.fromEntries(subMap),
    chatIdMap: Object.fromEntries(chatIdMap),
  };
}
