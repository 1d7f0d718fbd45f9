/**
 * `npm run tenant -- export|import|delete` on the local test stack: data seeded through the API (people, a
 * task, a drive file with two versions, a direct chat with a message) is exported, imported into an EMPTY
 * second table, bucket and user pool created in the same emulators, and compared: the same items (every
 * user id mapped to the new pool's subs), the same object bytes under the mapped keys, the same users and
 * groups. The export resumes (a re-run fetches nothing; a damaged file is fetched again) and an import
 * refuses a damaged archive. Deletion refuses without the typed slug and deletes nothing; with it, it
 * deletes exactly the named table, bucket and pool.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/bootstrap';
import {
  VERSIONS_FILE,
  readManifest,
  type Manifest,
  type UserEntry,
  type VersionEntry,
} from '../../infra/tenant/archive';
import { EXIT, runTenantCli } from '../../infra/tenant/cli';
import { toJsonItem, type JsonItem } from '../../infra/tenant/item-json';
import { directChatIdOf, rewriteItem, stringRewriter } from '../../infra/tenant/rewrite';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';
import type { DriveView, NodeView, UploadSession } from '../../shared/drive/contract';

jest.setTimeout(60_000);
/**
 * Export and import carry the whole shared stack (in a full run ~6,000 items and hundreds of users, each user
 * several cognito-local calls), so their time grows with what ran before: a budget of its own (60 s ran out in CI).
 */
const WHOLE_STACK_MS = 300_000;

const SLUG = 'acme';
const base = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
let ddb: DynamoDBClient, s3: S3Client, cognito: CognitoIdentityProviderClient;
let infoFile: string, archive: string;
const copy = {
  table: `portal-copy-${randomUUID().slice(0, 8)}`,
  bucket: `portal-copy-${randomUUID().slice(0, 8)}`,
  pool: '',
};
let owner: TestUser, peer: TestUser;
let taskId: string, nodeId: string, dmChatId: string, messageId: string;
const v1 = Buffer.from('first version of the exported report\n');
const v2 = Buffer.from('second version of the exported report, longer\n');

/** Runs the CLI in-process; its output lines are returned with the exit code. */
async function tenant(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTenantCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
const local = () => ['--stack-info', infoFile];
const intoCopy = () => ['--table', copy.table, '--bucket', copy.bucket, '--user-pool', copy.pool];

async function upload(u: TestUser, parentId: string, name: string, bytes: Buffer): Promise<NodeView> {
  const start = await api<UploadSession>('/drive/uploads', {
    token: u.token,
    body: { parentId, name, size: bytes.length, contentType: 'text/plain' },
  });
  expect(start.status).toBe(201);
  const put = await fetch(start.json.url!, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain' },
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(200);
  const done = await api<NodeView>(`/drive/uploads/${start.json.uploadId}/complete`, { token: u.token, body: {} });
  expect(done.status).toBe(200);
  return done.json;
}

/** Canonical text of an item: nested keys sorted, so two equal items compare equal. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

async function scanAll(table: string): Promise<JsonItem[]> {
  const items: JsonItem[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await ddb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).map(toJsonItem));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const jsonLines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

const bodyOf = async (bucket: string, key: string) =>
  Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());

beforeAll(async () => {
  infoFile = process.env.PORTAL_IT_INFO!;
  const { urls } = itStack();
  ddb = new DynamoDBClient({ ...base, endpoint: urls.dynamodb });
  s3 = new S3Client({ ...base, endpoint: urls.s3, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  cognito = new CognitoIdentityProviderClient({ ...base, endpoint: urls.cognito });
  archive = mkdtempSync(path.join(os.tmpdir(), 'portal-tenant-export-'));

  [owner, peer] = await Promise.all([signUpUser('employee'), signUpUser('admin')]);
  for (const [u, firstName] of [
    [owner, 'Olivia'],
    [peer, 'Petru'],
  ] as const)
    expect(
      (
        await api('/people/me/profile', {
          method: 'PATCH',
          token: u.token,
          body: { firstName, lastName: 'Export', version: 0 },
        })
      ).status,
    ).toBe(200);
  const task = await api('/tasks', { token: owner.token, body: { title: 'Export me', responsibleId: peer.sub } });
  expect(task.status).toBe(201);
  taskId = task.json.taskId;
  const myDrive = (await api<DriveView[]>('/drive/drives', { token: owner.token })).json.find(
    (d) => d.kind === 'user',
  )!;
  nodeId = (await upload(owner, myDrive.rootId, 'exported.txt', v1)).nodeId;
  expect(await upload(owner, myDrive.rootId, 'exported.txt', v2)).toMatchObject({ nodeId, versionCount: 2 });
  const dm = await api('/chats/direct', { token: owner.token, body: { userId: peer.sub } });
  expect(dm.status).toBeLessThan(300);
  dmChatId = dm.json.chatId;
  const msg = await api(`/chats/${dmChatId}/messages`, {
    token: owner.token,
    body: { clientMessageId: randomUUID(), text: 'hello from the old region' },
  });
  expect(msg.status).toBe(201);
  messageId = msg.json.messageId;
  await itStack().streamsIdle();

  // The "fresh stack": an empty table, bucket and user pool in the same emulators.
  await ensureTable(ddb, copy.table);
  await s3.send(new CreateBucketCommand({ Bucket: copy.bucket }));
  copy.pool = (
    await cognito.send(new CreateUserPoolCommand({ PoolName: `copy-${copy.table}`, UsernameAttributes: ['email'] }))
  ).UserPool!.Id!;
});

afterAll(() => {
  rmSync(archive, { recursive: true, force: true });
  ddb.destroy();
  s3.destroy();
  cognito.destroy();
});

describe('export → import → compare', () => {
  let manifest: Manifest;
  let subs: Record<string, string>;

  it(
    'exports the table by entity, every object version and the users, with a verified manifest; a re-run resumes',
    async () => {
      const first = await tenant('export', SLUG, ...local(), '--out', archive);
      expect(first).toMatchObject({ code: EXIT.ok, err: [] });
      manifest = readManifest(archive)!;
      expect(manifest.completedAt).not.toBeNull();
      expect(Object.keys(manifest.parts).sort()).toEqual(['table', 'users', 'versions']);
      expect(manifest.counts.itemsByEntity).toMatchObject({ task: expect.any(Number), message: expect.any(Number) });
      expect(readdirSync(path.join(archive, 'table'))).toEqual(
        expect.arrayContaining(['task.jsonl', 'message.jsonl', 'chat.jsonl']),
      );
      // Both versions of the file, oldest first, with their bytes.
      const versions = jsonLines<VersionEntry>(path.join(archive, VERSIONS_FILE)).filter((v) =>
        v.key.startsWith(`drive/user-${owner.sub}/${nodeId}/`),
      );
      expect(versions).toHaveLength(2);
      expect(versions.map((v) => readFileSync(path.join(archive, v.file!)).toString())).toEqual([
        v1.toString(),
        v2.toString(),
      ]);
      const users = jsonLines<UserEntry>(path.join(archive, 'users/users.jsonl'));
      expect(users.find((u) => u.sub === owner.sub)).toMatchObject({ groups: ['employee'], enabled: true });
      expect(JSON.stringify(users)).not.toMatch(/password/i);

      // Resumable: everything verified and skipped; a damaged object file is the only one fetched again.
      const again = await tenant('export', SLUG, ...local(), '--out', archive);
      expect(again.code).toBe(EXIT.ok);
      expect(again.out.filter((l) => l.includes('complete and verified, skipped'))).toHaveLength(3);
      expect(again.out.join('\n')).toMatch(/objects: 0 fetched/);
      writeFileSync(path.join(archive, versions[0]!.file!), 'damaged');
      const repaired = await tenant('export', SLUG, ...local(), '--out', archive);
      expect(repaired.out.join('\n')).toMatch(/objects: 1 fetched/);
      expect(readFileSync(path.join(archive, versions[0]!.file!)).toString()).toBe(v1.toString());
      manifest = readManifest(archive)!;
    },
    WHOLE_STACK_MS,
  );

  it(
    'imports into an empty table, bucket and pool: the same items, objects and users, under the new subs',
    async () => {
      const r = await tenant('import', SLUG, ...local(), ...intoCopy(), '--from', archive);
      expect(r).toMatchObject({ code: EXIT.ok, err: [] });
      const map = JSON.parse(readFileSync(path.join(archive, 'sub-map.json'), 'utf8')) as {
        subs: Record<string, string>;
        directChats: Record<string, string>;
      };
      subs = map.subs;
      const newOwner = subs[owner.sub]!;
      const newPeer = subs[peer.sub]!;
      expect(newOwner).toBeDefined();
      expect(newOwner).not.toBe(owner.sub);

      // Items: exactly the archive's, every old id rewritten.
      const rewrite = stringRewriter(new Map([...Object.entries(subs), ...Object.entries(map.directChats)]));
      const expected = Object.keys(manifest.files)
        .filter((f) => f.startsWith('table/'))
        .flatMap((f) => jsonLines<{ Item: JsonItem }>(path.join(archive, f)))
        .map((l) => canonical(rewriteItem(l.Item, rewrite)))
        .sort();
      const copied = (await scanAll(copy.table)).map(canonical).sort();
      expect(copied.length).toBe(manifest.counts.items);
      expect(copied).toEqual(expected);
      const items = await scanAll(copy.table);
      const S = (i: JsonItem, k: string) => (i[k] && 'S' in i[k] ? i[k].S : undefined);
      expect(items.find((i) => S(i, 'taskId') === taskId && S(i, '__edb_e__') === 'task')).toMatchObject({
        responsibleId: { S: newPeer },
      });
      // The direct chat has the id the messenger computes from the new subs, and its message moved with it.
      const newDm = directChatIdOf(newOwner, newPeer);
      expect(map.directChats[dmChatId]).toBe(newDm);
      expect(items.some((i) => S(i, 'PK') === `CHAT#${newDm}` && S(i, 'SK') === `MEMBER#${newPeer}`)).toBe(true);
      expect(items.find((i) => S(i, 'messageId') === messageId)).toMatchObject({ chatId: { S: newDm } });
      expect(JSON.stringify(items)).not.toContain(owner.sub);

      // Objects: every exported version's bytes under the mapped key.
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: copy.bucket }));
      const exported = jsonLines<VersionEntry>(path.join(archive, VERSIONS_FILE)).filter(
        (v) => v.file && !manifest.gone.includes(v.file),
      );
      expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(exported.map((v) => rewrite(v.key)).sort());
      for (const v of exported.filter((x) => x.key.includes(nodeId)))
        expect(await bodyOf(copy.bucket, rewrite(v.key))).toEqual(readFileSync(path.join(archive, v.file!)));
      const mine = exported.filter((x) => x.key.includes(nodeId)).map((v) => rewrite(v.key));
      expect(mine.every((k) => k.startsWith(`drive/user-${newOwner}/${nodeId}/`))).toBe(true);
      expect((await Promise.all(mine.map((k) => bodyOf(copy.bucket, k)))).map(String)).toEqual([
        v1.toString(),
        v2.toString(),
      ]);

      // Users: the same people, attributes, groups and state.
      const copyUsers = (await cognito.send(new ListUsersCommand({ UserPoolId: copy.pool }))).Users ?? [];
      const emails = (list: { Attributes?: { Name?: string; Value?: string }[] }[]) =>
        list.map((u) => u.Attributes?.find((a) => a.Name === 'email')?.Value).sort();
      const exportedUsers = jsonLines<UserEntry>(path.join(archive, 'users/users.jsonl'));
      expect(emails(copyUsers)).toEqual(exportedUsers.map((u) => u.attributes.email).sort());
      // Each person under the new sub, with the exported groups and state (the pool names users by sub).
      const bySub = new Map(copyUsers.map((u) => [u.Attributes?.find((a) => a.Name === 'sub')?.Value, u]));
      for (const u of exportedUsers) {
        const now = bySub.get(subs[u.sub]);
        expect(now).toMatchObject({ Enabled: u.enabled });
        const groups = await cognito.send(
          new AdminListGroupsForUserCommand({ UserPoolId: copy.pool, Username: now!.Username }),
        );
        expect(groups.Groups?.map((g) => g.GroupName).sort()).toEqual(u.groups);
      }
      expect(exportedUsers.find((u) => u.sub === peer.sub)?.groups).toEqual(['admin']);
    },
    WHOLE_STACK_MS,
  );

  it('refuses an archive whose files differ from the manifest, and writes nothing', async () => {
    const before = (await ddb.send(new DescribeTableCommand({ TableName: copy.table }))).Table?.ItemCount;
    const file = path.join(archive, 'table', 'task.jsonl');
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from('{"Item":{}}\n')]));
    try {
      const r = await tenant('import', SLUG, ...local(), ...intoCopy(), '--from', archive);
      expect(r.code).toBe(EXIT.refused);
      expect(r.err.join('\n')).toMatch(/table\/task\.jsonl.*|differ from the manifest/);
    } finally {
      writeFileSync(file, original);
    }
    expect((await ddb.send(new DescribeTableCommand({ TableName: copy.table }))).Table?.ItemCount).toBe(before);
  });
});

describe('delete', () => {
  const exists = async () => ({
    table: await ddb.send(new DescribeTableCommand({ TableName: copy.table })).then(
      () => true,
      () => false,
    ),
    bucket: await s3.send(new HeadBucketCommand({ Bucket: copy.bucket })).then(
      () => true,
      () => false,
    ),
    pool: await cognito.send(new DescribeUserPoolCommand({ UserPoolId: copy.pool })).then(
      () => true,
      () => false,
    ),
  });

  it('refuses without the typed confirmation (exit 2) and deletes nothing', async () => {
    // The real command, as an operator runs it, without a terminal to type into.
    const run = (...extra: string[]) =>
      spawnSync(
        path.join('node_modules', '.bin', 'tsx'),
        ['infra/tenant/main.ts', 'delete', SLUG, ...local(), ...intoCopy(), ...extra],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    const refused = run();
    expect(refused.status).toBe(EXIT.refused);
    expect(refused.stdout).toContain(`DynamoDB table   ${copy.table}`);
    expect(refused.stderr).toContain('nothing deleted');
    const wrong = await tenant('delete', SLUG, ...local(), ...intoCopy(), '--confirm', 'acme-corp');
    expect(wrong.code).toBe(EXIT.refused);
    expect(await exists()).toEqual({ table: true, bucket: true, pool: true });
  });

  it('with the slug typed back, deletes the named table, bucket and pool and says so', async () => {
    const r = await tenant('delete', SLUG, ...local(), ...intoCopy(), '--confirm', SLUG);
    expect(r).toMatchObject({ code: EXIT.ok, err: [] });
    expect(r.out.join('\n')).toContain(`deleted table ${copy.table}`);
    expect(r.out.join('\n')).toContain(`deleted bucket ${copy.bucket}`);
    expect(r.out.join('\n')).toContain(`deleted user pool ${copy.pool}`);
    expect(await exists()).toEqual({ table: false, bucket: false, pool: false });
    // The stack's own resources are untouched.
    expect(await ddb.send(new DescribeTableCommand({ TableName: itStack().tableName }))).toBeDefined();
  });
});
