/**
 * Drive and documents through the local gateway against s3rver + DynamoDB Local: real uploads with `fetch` to
 * presigned URLs (single and multipart, resumed from the parts listing), finalize checks, versions and restore,
 * folders (rename/move/trash/restore), the purge schedule (items and S3 objects), documents with optimistic saves,
 * the permission matrix (owner / shared-read / shared-edit / outsider / extranet / admin / anonymous), public
 * links with password and expiry, and bad input answered 4xx naming the field with nothing written.
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';
import type { DocumentView, DriveView, NodeView, UploadSession } from '../../shared/drive/contract';

jest.setTimeout(120_000);

const ddb = () =>
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint: itStack().urls.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
const s3 = () =>
  new S3Client({
    region: 'us-east-1',
    endpoint: itStack().urls.s3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
const sha = (b: Buffer | ArrayBuffer) =>
  createHash('sha256')
    .update(Buffer.from(b as ArrayBuffer))
    .digest('hex');

let owner: TestUser, reader: TestUser, editor: TestUser, outsider: TestUser, ext: TestUser, admin: TestUser;
let myDrive: DriveView;

const drives = async (u: TestUser) => (await api<DriveView[]>('/drive/drives', { token: u.token })).json;

async function uploadFile(
  u: TestUser,
  parentId: string | undefined,
  name: string,
  bytes: Buffer,
  contentType = 'application/octet-stream',
): Promise<NodeView> {
  const start = await api<UploadSession>('/drive/uploads', {
    token: u.token,
    body: { ...(parentId ? { parentId } : {}), name, size: bytes.length, contentType },
  });
  expect(start.status).toBe(201);
  expect(start.json.mode).toBe('single');
  const put = await fetch(start.json.url!, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(200);
  const done = await api<NodeView>(`/drive/uploads/${start.json.uploadId}/complete`, { token: u.token, body: {} });
  expect(done.status).toBe(200);
  return done.json;
}

async function downloadBytes(u: TestUser, nodeId: string, versionId?: string): Promise<Buffer> {
  const d = await api(`/drive/nodes/${nodeId}/download${versionId ? `?versionId=${versionId}` : ''}`, {
    token: u.token,
  });
  expect(d.status).toBe(200);
  const r = await fetch(d.json.url);
  expect(r.status).toBe(200);
  return Buffer.from(await r.arrayBuffer());
}

const folder = async (u: TestUser, parentId: string, name: string) => {
  const r = await api<NodeView>('/drive/folders', { token: u.token, body: { parentId, name } });
  expect(r.status).toBe(201);
  return r.json;
};

const childrenNames = async (u: TestUser, id: string, q = '') =>
  ((await api(`/drive/nodes/${id}/children${q}`, { token: u.token })).json.items as NodeView[]).map((n) => n.name);

beforeAll(async () => {
  [owner, reader, editor, outsider, ext, admin] = await Promise.all([
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('extranet'),
    signUpUser('admin'),
  ]);
  // Shares go to people with a profile (made at registration / invitation; here by the profile route).
  for (const [u, name] of [
    [owner, 'Olga'],
    [reader, 'Radu'],
    [editor, 'Elena'],
    [outsider, 'Otto'],
  ] as const) {
    expect(
      (
        await api('/people/me/profile', {
          method: 'PATCH',
          token: u.token,
          body: { firstName: name, lastName: 'Drive', version: 0 },
        })
      ).status,
    ).toBe(200);
  }
  myDrive = (await drives(owner)).find((d) => d.kind === 'user')!;
});

it('drives: My Drive with Uploaded / Created / Saved made on first use, the company drive for employees only', async () => {
  expect(myDrive).toMatchObject({ driveId: `user:${owner.sub}`, myRight: 'full' });
  expect(Object.keys(myDrive.systemFolders ?? {}).sort()).toEqual(['created', 'saved', 'uploaded']);
  expect(await childrenNames(owner, myDrive.rootId)).toEqual(['Created', 'Saved', 'Uploaded']);
  // Opening it again reuses the same root.
  expect((await drives(owner)).find((d) => d.kind === 'user')!.rootId).toBe(myDrive.rootId);
  expect((await drives(owner)).map((d) => d.kind)).toContain('company');
  expect((await drives(ext)).map((d) => d.kind)).toEqual(['user']);
  const q = await api('/drive/quota', { token: owner.token });
  expect(q.json).toMatchObject({ usedBytes: 0 });
  expect(q.json.quotaBytes).toBeGreaterThan(0);
});

it('single upload through a presigned PUT; same name = a new version; history, download any version, restore = a new version', async () => {
  const v1 = Buffer.from('first version of the report\n');
  const v2 = Buffer.from('second version, longer than the first one\n');
  const a = await uploadFile(owner, myDrive.rootId, 'report.txt', v1, 'text/plain');
  expect(a).toMatchObject({
    kind: 'file',
    name: 'report.txt',
    size: v1.length,
    contentType: 'text/plain',
    versionCount: 1,
    parentId: myDrive.rootId,
  });
  const b = await uploadFile(owner, myDrive.rootId, 'report.txt', v2, 'text/plain');
  expect(b.nodeId).toBe(a.nodeId);
  expect(b).toMatchObject({ versionCount: 2, size: v2.length });
  expect(sha(await downloadBytes(owner, a.nodeId))).toBe(sha(v2));
  const hist = await api(`/drive/nodes/${a.nodeId}/versions`, { token: owner.token });
  expect(
    hist.json.items.map((v: { number: number; current: boolean; authorId: string }) => [
      v.number,
      v.current,
      v.authorId,
    ]),
  ).toEqual([
    [2, true, owner.sub],
    [1, false, owner.sub],
  ]);
  const first = hist.json.items[1];
  expect(sha(await downloadBytes(owner, a.nodeId, first.versionId))).toBe(sha(v1));
  const restored = await api<NodeView>(`/drive/nodes/${a.nodeId}/versions/${first.versionId}/restore`, {
    token: owner.token,
    method: 'POST',
  });
  expect(restored.status).toBe(200);
  expect(restored.json).toMatchObject({ versionCount: 3, size: v1.length });
  expect(sha(await downloadBytes(owner, a.nodeId))).toBe(sha(v1));
  const hist2 = await api(`/drive/nodes/${a.nodeId}/versions`, { token: owner.token });
  expect(hist2.json.items[0]).toMatchObject({ number: 3, restoredFrom: first.versionId, current: true });
  // Keys come from server ids: the object is under drive/user-{sub}/{nodeId}/{versionId}.
  const head = await s3().send(
    new HeadObjectCommand({
      Bucket: itStack().bucket,
      Key: `drive/user-${owner.sub}/${a.nodeId}/${hist2.json.items[0].versionId}`,
    }),
  );
  expect(head.ContentLength).toBe(v1.length);
  const q = await api('/drive/quota', { token: owner.token });
  expect(q.json.usedBytes).toBe(v1.length * 2 + v2.length);
  // The default target of an upload without a folder is Uploaded.
  const u = await uploadFile(owner, undefined, 'loose.bin', Buffer.from([1, 2, 3]));
  expect(u.parentId).toBe(myDrive.systemFolders!.uploaded);
});

it('multipart: parts PUT with fetch, the upload resumed from the parts S3 already has, then finalized; abort', async () => {
  const size = 8 * 1024 * 1024 + 12345;
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) bytes[i] = (i / 4096) % 251;
  const start = await api<UploadSession>('/drive/uploads', {
    token: owner.token,
    body: { parentId: myDrive.rootId, name: 'big.bin', size, contentType: 'application/octet-stream', multipart: true },
  });
  expect(start.status).toBe(201);
  expect(start.json).toMatchObject({ mode: 'multipart', partCount: 2, partSize: 8 * 1024 * 1024 });
  const ps = start.json.partSize!;
  const putPart = async (url: string, n: number) => {
    const r = await fetch(url, {
      method: 'PUT',
      body: new Uint8Array(bytes.subarray((n - 1) * ps, Math.min(size, n * ps))),
    });
    expect(r.status).toBe(200);
    // The client tells the API each stored part (real S3 could also list them; s3rver cannot).
    const rep = await api(`/drive/uploads/${start.json.uploadId}/parts/${n}`, {
      token: owner.token,
      method: 'PUT',
      body: { etag: r.headers.get('etag') },
    });
    expect(rep.status).toBe(204);
  };
  await putPart(start.json.parts![0]!.url, 1);
  // "The connection dropped": ask what S3 has, get URLs for the rest.
  const resume = await api<UploadSession>(`/drive/uploads/${start.json.uploadId}`, { token: owner.token });
  expect(resume.json.uploadedParts!.map((p) => p.partNumber)).toEqual([1]);
  expect(resume.json.parts!.map((p) => p.partNumber)).toEqual([2]);
  // Completing early names the missing part.
  const early = await api(`/drive/uploads/${start.json.uploadId}/complete`, { token: owner.token, body: {} });
  expect(early.status).toBe(422);
  expect(early.json.error.fields[0].path).toBe('parts');
  await putPart(resume.json.parts![0]!.url, 2);
  const done = await api<NodeView>(`/drive/uploads/${start.json.uploadId}/complete`, { token: owner.token, body: {} });
  expect(done.status).toBe(200);
  expect(done.json).toMatchObject({ name: 'big.bin', size });
  expect(sha(await downloadBytes(owner, done.json.nodeId))).toBe(sha(bytes));
  // Someone else cannot see or complete my session.
  expect((await api(`/drive/uploads/${start.json.uploadId}`, { token: editor.token })).status).toBe(404);

  const other = await api<UploadSession>('/drive/uploads', {
    token: owner.token,
    body: {
      parentId: myDrive.rootId,
      name: 'aborted.bin',
      size,
      contentType: 'application/octet-stream',
      multipart: true,
    },
  });
  expect((await api(`/drive/uploads/${other.json.uploadId}`, { token: owner.token, method: 'DELETE' })).status).toBe(
    204,
  );
  expect((await api(`/drive/uploads/${other.json.uploadId}/complete`, { token: owner.token, body: {} })).status).toBe(
    404,
  );
  expect(await childrenNames(owner, myDrive.rootId)).not.toContain('aborted.bin');
});

it('finalize checks the stored size and type against the declaration: 422 naming the field, nothing kept', async () => {
  const quotaBefore = (await api('/drive/quota', { token: owner.token })).json.usedBytes;
  const s1 = await api<UploadSession>('/drive/uploads', {
    token: owner.token,
    body: { parentId: myDrive.rootId, name: 'liar.txt', size: 10, contentType: 'text/plain' },
  });
  // s3rver does not check signatures: a client that ignores the signed length can store other bytes. Finalize catches it.
  await fetch(s1.json.url!, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain' },
    body: 'many more than ten bytes',
  });
  const r1 = await api(`/drive/uploads/${s1.json.uploadId}/complete`, { token: owner.token, body: {} });
  expect(r1.status).toBe(422);
  expect(r1.json.error.fields[0].path).toBe('size');
  const s2 = await api<UploadSession>('/drive/uploads', {
    token: owner.token,
    body: { parentId: myDrive.rootId, name: 'liar2.txt', size: 4, contentType: 'text/plain' },
  });
  await fetch(s2.json.url!, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: 'abcd' });
  const r2 = await api(`/drive/uploads/${s2.json.uploadId}/complete`, { token: owner.token, body: {} });
  expect(r2.status).toBe(422);
  expect(r2.json.error.fields[0].path).toBe('contentType');
  const names = await childrenNames(owner, myDrive.rootId);
  expect(names).not.toContain('liar.txt');
  expect(names).not.toContain('liar2.txt');
  await expect(
    s3().send(
      new HeadObjectCommand({
        Bucket: itStack().bucket,
        Key: `drive/user-${owner.sub}/${s1.json.nodeId}/${s1.json.versionId}`,
      }),
    ),
  ).rejects.toThrow();
  expect((await api('/drive/quota', { token: owner.token })).json.usedBytes).toBe(quotaBefore);
  // Completing before any bytes were PUT.
  const s3s = await api<UploadSession>('/drive/uploads', {
    token: owner.token,
    body: { parentId: myDrive.rootId, name: 'empty-yet.txt', size: 3, contentType: 'text/plain' },
  });
  const r3 = await api(`/drive/uploads/${s3s.json.uploadId}/complete`, { token: owner.token, body: {} });
  expect(r3.status).toBe(422);
});

it('bad input: negative size, / or control characters in a name, too large, over quota, unknown ids → 4xx naming the field', async () => {
  const cases: [unknown, number, string][] = [
    [{ parentId: myDrive.rootId, name: 'a.txt', size: -1, contentType: 'text/plain' }, 400, 'size'],
    [{ parentId: myDrive.rootId, name: '../etc/passwd', size: 1, contentType: 'text/plain' }, 400, 'name'],
    [{ parentId: myDrive.rootId, name: 'bad\u0007name', size: 1, contentType: 'text/plain' }, 400, 'name'],
    [{ parentId: myDrive.rootId, name: '   ', size: 1, contentType: 'text/plain' }, 400, 'name'],
    [{ parentId: myDrive.rootId, name: 'x'.repeat(256), size: 1, contentType: 'text/plain' }, 400, 'name'],
    [{ parentId: myDrive.rootId, name: 'a.txt', size: 1, contentType: 'not a type' }, 400, 'contentType'],
    [
      { parentId: myDrive.rootId, name: 'huge.iso', size: 5 * 1024 ** 3, contentType: 'application/octet-stream' },
      413,
      'size',
    ],
    [{ parentId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', name: 'a.txt', size: 1, contentType: 'text/plain' }, 422, 'parentId'],
  ];
  for (const [body, status, field] of cases) {
    const r = await api('/drive/uploads', { token: owner.token, body });
    expect({ body, status: r.status }).toEqual({ body, status });
    expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(field);
  }
  // Quota: pretend the person has almost filled it.
  const quota = (await api('/drive/quota', { token: editor.token })).json.quotaBytes as number;
  await ddb().send(
    new UpdateItemCommand({
      TableName: itStack().tableName,
      Key: { PK: { S: `DUSAGE#${editor.sub}` }, SK: { S: 'USAGE' } },
      UpdateExpression: 'SET usedBytes = :u',
      ExpressionAttributeValues: { ':u': { N: String(quota - 5) } },
    }),
  );
  const over = await api('/drive/uploads', {
    token: editor.token,
    body: { name: 'ten.bin', size: 10, contentType: 'application/octet-stream' },
  });
  expect(over.status).toBe(409);
  expect(over.json.error).toMatchObject({ code: 'QUOTA_EXCEEDED', quotaBytes: quota, usedBytes: quota - 5 });
  // The quota is also enforced in the finalize transaction (the space was taken between start and finish).
  await ddb().send(
    new UpdateItemCommand({
      TableName: itStack().tableName,
      Key: { PK: { S: `DUSAGE#${editor.sub}` }, SK: { S: 'USAGE' } },
      UpdateExpression: 'SET usedBytes = :u',
      ExpressionAttributeValues: { ':u': { N: '0' } },
    }),
  );
  const s = await api<UploadSession>('/drive/uploads', {
    token: editor.token,
    body: { name: 'ten.bin', size: 10, contentType: 'application/octet-stream' },
  });
  await fetch(s.json.url!, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(10),
  });
  await ddb().send(
    new UpdateItemCommand({
      TableName: itStack().tableName,
      Key: { PK: { S: `DUSAGE#${editor.sub}` }, SK: { S: 'USAGE' } },
      UpdateExpression: 'SET usedBytes = :u',
      ExpressionAttributeValues: { ':u': { N: String(quota - 5) } },
    }),
  );
  const fin = await api(`/drive/uploads/${s.json.uploadId}/complete`, { token: editor.token, body: {} });
  expect(fin.status).toBe(409);
  // The bytes in use come from the usage item the refused charge carried back.
  expect(fin.json.error).toMatchObject({ code: 'QUOTA_EXCEEDED', quotaBytes: quota, usedBytes: quota - 5 });
  const ed = (await drives(editor)).find((d) => d.kind === 'user')!;
  expect(await childrenNames(editor, ed.systemFolders!.uploaded!)).toEqual([]);
  await ddb().send(
    new UpdateItemCommand({
      TableName: itStack().tableName,
      Key: { PK: { S: `DUSAGE#${editor.sub}` }, SK: { S: 'USAGE' } },
      UpdateExpression: 'SET usedBytes = :u',
      ExpressionAttributeValues: { ':u': { N: '0' } },
    }),
  );
});

it('folders: create, unique names, sort, rename (versioned), move (never into itself), search', async () => {
  const top = await folder(owner, myDrive.rootId, `Projects ${Date.now()}`);
  const a = await folder(owner, top.nodeId, 'Alpha');
  const b = await folder(owner, a.nodeId, 'Beta');
  const dup = await api('/drive/folders', { token: owner.token, body: { parentId: top.nodeId, name: 'alpha' } });
  expect(dup.status).toBe(409);
  await uploadFile(owner, top.nodeId, 'zeta notes.txt', Buffer.from('z'), 'text/plain');
  await uploadFile(owner, top.nodeId, 'big data.bin', Buffer.alloc(5000));
  expect(await childrenNames(owner, top.nodeId)).toEqual(['Alpha', 'big data.bin', 'zeta notes.txt']);
  expect(await childrenNames(owner, top.nodeId, '?sort=size&order=desc')).toEqual([
    'big data.bin',
    'zeta notes.txt',
    'Alpha',
  ]);
  const detail = await api(`/drive/nodes/${b.nodeId}`, { token: owner.token });
  expect(detail.json.breadcrumbs.map((c: { name: string }) => c.name)).toEqual(['My Drive', top.name, 'Alpha']);

  const stale = await api(`/drive/nodes/${a.nodeId}`, {
    token: owner.token,
    method: 'PATCH',
    body: { version: 99, name: 'Alpha 2' },
  });
  expect(stale.status).toBe(409);
  expect(stale.json.error.current).toMatchObject({ name: 'Alpha', version: 1 });
  const ren = await api<NodeView>(`/drive/nodes/${a.nodeId}`, {
    token: owner.token,
    method: 'PATCH',
    body: { version: 1, name: 'Alpha 2' },
  });
  expect(ren.json).toMatchObject({ name: 'Alpha 2', version: 2 });
  const bad = await api(`/drive/nodes/${a.nodeId}`, {
    token: owner.token,
    method: 'PATCH',
    body: { version: 2, name: 'a/b' },
  });
  expect(bad.status).toBe(400);
  expect(bad.json.error.fields[0].path).toBe('name');

  const intoSelf = await api(`/drive/nodes/${a.nodeId}/move`, {
    token: owner.token,
    body: { version: 2, parentId: a.nodeId },
  });
  expect(intoSelf.status).toBe(422);
  expect(intoSelf.json.error.fields[0].path).toBe('parentId');
  const intoChild = await api(`/drive/nodes/${a.nodeId}/move`, {
    token: owner.token,
    body: { version: 2, parentId: b.nodeId },
  });
  expect(intoChild.status).toBe(422);
  const unknown = await api(`/drive/nodes/01HZZZZZZZZZZZZZZZZZZZZZZZ/move`, {
    token: owner.token,
    body: { version: 1, parentId: top.nodeId },
  });
  expect(unknown.status).toBe(404);
  // Move Alpha 2 (with Beta inside) to the root: Beta's path follows.
  const mv = await api<NodeView>(`/drive/nodes/${a.nodeId}/move`, {
    token: owner.token,
    body: { version: 2, parentId: myDrive.rootId },
  });
  expect(mv.status).toBe(200);
  expect(mv.json.ancestors).toEqual([myDrive.rootId]);
  const beta = await api(`/drive/nodes/${b.nodeId}`, { token: owner.token });
  expect(beta.json.node.ancestors).toEqual([myDrive.rootId, a.nodeId]);
  expect(await childrenNames(owner, top.nodeId)).toEqual(['big data.bin', 'zeta notes.txt']);

  // Copy a file: same folder → "(copy)", its own S3 object with the same bytes, charged to the quota.
  const zeta = (
    (await api(`/drive/nodes/${top.nodeId}/children`, { token: owner.token })).json.items as NodeView[]
  ).find((n) => n.name === 'zeta notes.txt')!;
  const cp = await api<NodeView>(`/drive/nodes/${zeta.nodeId}/copy`, {
    token: owner.token,
    body: { parentId: top.nodeId },
  });
  expect(cp.status).toBe(201);
  expect(cp.json).toMatchObject({ name: 'zeta notes (copy).txt', size: 1, versionCount: 1 });
  expect(cp.json.currentVersionId).not.toBe(zeta.currentVersionId);
  expect((await downloadBytes(owner, cp.json.nodeId)).toString()).toBe('z');
  const cpFolder = await api(`/drive/nodes/${top.nodeId}/copy`, {
    token: owner.token,
    body: { parentId: myDrive.rootId },
  });
  expect(cpFolder.status).toBe(422);
  await api(`/drive/nodes/${cp.json.nodeId}?version=1`, { token: owner.token, method: 'DELETE' });

  const found = await api(`/drive/search?driveId=${encodeURIComponent(myDrive.driveId)}&q=zeta`, {
    token: owner.token,
  });
  expect(found.json.items.map((n: NodeView) => n.name)).toEqual(['zeta notes.txt']);
  const found2 = await api(`/drive/search?driveId=${encodeURIComponent(myDrive.driveId)}&q=notes%20zet`, {
    token: owner.token,
  });
  expect(found2.json.items.map((n: NodeView) => n.name)).toEqual(['zeta notes.txt']);
  expect(
    (await api(`/drive/search?driveId=${encodeURIComponent(myDrive.driveId)}&q=zeta`, { token: outsider.token }))
      .status,
  ).toBe(404);
});

it('trash: delete, restore, empty; the daily schedule purges what was trashed 30+ days ago with its S3 objects', async () => {
  const f = await folder(owner, myDrive.rootId, `Old ${Date.now()}`);
  const file = await uploadFile(owner, f.nodeId, 'inside.txt', Buffer.from('gone soon'), 'text/plain');
  const used = (await api('/drive/quota', { token: owner.token })).json.usedBytes as number;
  const t = await api<NodeView>(`/drive/nodes/${f.nodeId}?version=${f.version}`, {
    token: owner.token,
    method: 'DELETE',
  });
  expect(t.status).toBe(200);
  expect(t.json.trashedAt).toBeTruthy();
  expect(await childrenNames(owner, myDrive.rootId)).not.toContain(f.name);
  expect((await api(`/drive/nodes/${file.nodeId}/download`, { token: owner.token })).status).toBe(404);
  const trash = await api(`/drive/trash?driveId=${encodeURIComponent(myDrive.driveId)}`, { token: owner.token });
  expect(trash.json.items.map((n: NodeView) => n.nodeId)).toContain(f.nodeId);
  const back = await api<NodeView>(`/drive/nodes/${f.nodeId}/restore`, { token: owner.token, method: 'POST' });
  expect(back.status).toBe(200);
  expect(await childrenNames(owner, myDrive.rootId)).toContain(f.name);
  expect(sha(await downloadBytes(owner, file.nodeId))).toBe(sha(Buffer.from('gone soon')));

  // Trash again, then age the item by 31 days and run the schedule.
  await api(`/drive/nodes/${f.nodeId}?version=${back.json.version}`, { token: owner.token, method: 'DELETE' });
  const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
  await ddb().send(
    new UpdateItemCommand({
      TableName: itStack().tableName,
      Key: { PK: { S: `DNODE#${f.nodeId}` }, SK: { S: 'NODE' } },
      UpdateExpression: 'SET trashedAt = :t, GSI1SK = :k, GSI2SK = :k',
      ExpressionAttributeValues: { ':t': { S: old }, ':k': { S: `${old}#${f.nodeId}` } },
    }),
  );
  const key = `drive/user-${owner.sub}/${file.nodeId}/${file.currentVersionId}`;
  expect((await s3().send(new HeadObjectCommand({ Bucket: itStack().bucket, Key: key }))).ContentLength).toBe(9);
  await itStack().runSchedule('drive', 'purgeTrash');
  for (const id of [f.nodeId, file.nodeId]) {
    const got = await ddb().send(
      new GetItemCommand({ TableName: itStack().tableName, Key: { PK: { S: `DNODE#${id}` }, SK: { S: 'NODE' } } }),
    );
    expect(got.Item).toBeUndefined();
  }
  await expect(s3().send(new HeadObjectCommand({ Bucket: itStack().bucket, Key: key }))).rejects.toThrow();
  expect((await api('/drive/quota', { token: owner.token })).json.usedBytes).toBe(used - 9);

  // Empty trash right away (full right on the drive).
  const g = await uploadFile(owner, myDrive.rootId, `throwaway ${Date.now()}.txt`, Buffer.from('x'), 'text/plain');
  await api(`/drive/nodes/${g.nodeId}?version=${g.version}`, { token: owner.token, method: 'DELETE' });
  const emptied = await api(`/drive/trash?driveId=${encodeURIComponent(myDrive.driveId)}`, {
    token: owner.token,
    method: 'DELETE',
  });
  expect(emptied.json.deleted).toBeGreaterThanOrEqual(1);
  expect(
    (await api(`/drive/trash?driveId=${encodeURIComponent(myDrive.driveId)}`, { token: owner.token })).json.items,
  ).toEqual([]);
});

it('documents: create, save twice (versions), a stale save → 409 with the current content, any version readable', async () => {
  const c = await api<DocumentView>('/drive/documents', {
    token: owner.token,
    body: { name: `Plan ${Date.now()}`, format: 'markdown', content: '# Plan\n' },
  });
  expect(c.status).toBe(201);
  expect(c.json.node.parentId).toBe(myDrive.systemFolders!.created);
  // its crumbs say which system folder it is in, so the SPA names it in the reader's language
  const crumbs = await api<{ breadcrumbs: { nodeId: string; systemFolder?: string }[] }>(
    `/drive/nodes/${c.json.node.nodeId}`,
    { token: owner.token },
  );
  expect(crumbs.json.breadcrumbs.map((b) => b.systemFolder ?? null)).toEqual([null, 'created']);
  const s1 = await api<DocumentView>(`/drive/documents/${c.json.node.nodeId}/content`, {
    token: owner.token,
    method: 'PUT',
    body: { baseVersionId: c.json.versionId, content: '# Plan\n\n- one\n' },
  });
  expect(s1.status).toBe(200);
  const s2 = await api<DocumentView>(`/drive/documents/${c.json.node.nodeId}/content`, {
    token: owner.token,
    method: 'PUT',
    body: { baseVersionId: s1.json.versionId, content: '# Plan\n\n- one\n- two\n' },
  });
  expect(s2.json.node.versionCount).toBe(3);
  // A second editor still on version 2.
  const late = await api(`/drive/documents/${c.json.node.nodeId}/content`, {
    token: owner.token,
    method: 'PUT',
    body: { baseVersionId: s1.json.versionId, content: 'my other text' },
  });
  expect(late.status).toBe(409);
  expect(late.json.error.current).toMatchObject({ versionId: s2.json.versionId, content: '# Plan\n\n- one\n- two\n' });
  const v1 = await api<DocumentView>(`/drive/documents/${c.json.node.nodeId}?versionId=${c.json.versionId}`, {
    token: owner.token,
  });
  expect(v1.json.content).toBe('# Plan\n');
  const cur = await api<DocumentView>(`/drive/documents/${c.json.node.nodeId}`, { token: owner.token });
  expect(cur.json.content).toBe('# Plan\n\n- one\n- two\n');
  // Restore the first version = a fourth version with its text.
  const r = await api(`/drive/nodes/${c.json.node.nodeId}/versions/${c.json.versionId}/restore`, {
    token: owner.token,
    method: 'POST',
  });
  expect(r.json.versionCount).toBe(4);
  expect((await api<DocumentView>(`/drive/documents/${c.json.node.nodeId}`, { token: owner.token })).json.content).toBe(
    '# Plan\n',
  );
});

it('images get a WebP thumbnail served with a presigned GET', async () => {
  const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();
  const n = await uploadFile(owner, myDrive.rootId, `photo ${Date.now()}.png`, png, 'image/png');
  expect(n.hasThumbnail).toBe(true);
  const t = await api(`/drive/nodes/${n.nodeId}/thumbnail`, { token: owner.token });
  const img = Buffer.from(await (await fetch(t.json.url)).arrayBuffer());
  const meta = await sharp(img).metadata();
  expect(meta).toMatchObject({ format: 'webp', width: 256 });
});

describe('permission matrix', () => {
  let shared: NodeView, file: NodeView, doc: DocumentView;
  beforeAll(async () => {
    shared = await folder(owner, myDrive.rootId, `Shared ${Date.now()}`);
    file = await uploadFile(owner, shared.nodeId, 'budget.txt', Buffer.from('budget'), 'text/plain');
    doc = (
      await api<DocumentView>('/drive/documents', {
        token: owner.token,
        body: { parentId: shared.nodeId, name: 'Minutes', format: 'html', content: '<p>a</p>' },
      })
    ).json;
    expect(
      (
        await api(`/drive/nodes/${shared.nodeId}/shares`, {
          token: owner.token,
          method: 'PUT',
          body: { principalType: 'user', principalId: reader.sub, right: 'read' },
        })
      ).status,
    ).toBe(200);
    const e = await api(`/drive/nodes/${shared.nodeId}/shares`, {
      token: owner.token,
      method: 'PUT',
      body: { principalType: 'user', principalId: editor.sub, right: 'edit' },
    });
    expect(e.json.map((s: { principalId: string; right: string }) => [s.principalId, s.right])).toEqual([
      [reader.sub, 'read'],
      [editor.sub, 'edit'],
    ]);
  });

  const status = async (u: TestUser | null, path: string, init: { method?: string; body?: unknown } = {}) =>
    (await api(path, { ...init, ...(u ? { token: u.token } : {}) })).status;

  it('reads: owner, shared-read, shared-edit, admin yes; outsider and extranet 404; anonymous 401', async () => {
    const reads = [
      `/drive/nodes/${shared.nodeId}`,
      `/drive/nodes/${shared.nodeId}/children`,
      `/drive/nodes/${file.nodeId}/download`,
      `/drive/nodes/${file.nodeId}/versions`,
      `/drive/documents/${doc.node.nodeId}`,
    ];
    for (const p of reads) {
      expect([p, await status(owner, p)]).toEqual([p, 200]);
      expect([p, await status(reader, p)]).toEqual([p, 200]);
      expect([p, await status(editor, p)]).toEqual([p, 200]);
      expect([p, await status(admin, p)]).toEqual([p, 200]);
      expect([p, await status(outsider, p)]).toEqual([p, 404]);
      expect([p, await status(ext, p)]).toEqual([p, 404]);
      expect([p, await status(null, p)]).toEqual([p, 401]);
    }
    expect(sha(await downloadBytes(reader, file.nodeId))).toBe(sha(Buffer.from('budget')));
    const mine = await api('/drive/shared-with-me', { token: reader.token });
    expect(mine.json.items.map((s: { node: NodeView; right: string }) => [s.node.nodeId, s.right])).toEqual([
      [shared.nodeId, 'read'],
    ]);
    expect((await api('/drive/shared-with-me', { token: outsider.token })).json.items).toEqual([]);
    // A share reveals the shared folder, not the drive above it.
    const crumbs = await api(`/drive/nodes/${file.nodeId}`, { token: reader.token });
    expect(crumbs.json.breadcrumbs.map((c: { nodeId: string }) => c.nodeId)).toEqual([shared.nodeId]);
    expect(await status(reader, `/drive/nodes/${myDrive.rootId}/children`)).toBe(404);
  });

  it('writes: shared-read 403, shared-edit may upload/rename/save but not share; outsider 404; admin full', async () => {
    expect(
      await status(reader, `/drive/nodes/${file.nodeId}`, {
        method: 'PATCH',
        body: { version: file.version, name: 'x.txt' },
      }),
    ).toBe(403);
    expect(await status(reader, '/drive/folders', { body: { parentId: shared.nodeId, name: 'by reader' } })).toBe(422);
    expect(
      await status(reader, `/drive/documents/${doc.node.nodeId}/content`, {
        method: 'PUT',
        body: { baseVersionId: doc.versionId, content: 'x' },
      }),
    ).toBe(403);
    expect(
      await status(outsider, `/drive/nodes/${file.nodeId}`, {
        method: 'PATCH',
        body: { version: file.version, name: 'x.txt' },
      }),
    ).toBe(404);
    expect(
      await status(ext, `/drive/documents/${doc.node.nodeId}/content`, {
        method: 'PUT',
        body: { baseVersionId: doc.versionId, content: 'x' },
      }),
    ).toBe(404);

    const up = await uploadFile(editor, shared.nodeId, 'from editor.txt', Buffer.from('e'), 'text/plain');
    expect(up.ownerId).toBe(editor.sub);
    const saved = await api(`/drive/documents/${doc.node.nodeId}/content`, {
      token: editor.token,
      method: 'PUT',
      body: { baseVersionId: doc.versionId, content: '<p>b</p>' },
    });
    expect(saved.status).toBe(200);
    expect(
      await status(editor, `/drive/nodes/${shared.nodeId}/shares`, {
        method: 'PUT',
        body: { principalType: 'user', principalId: outsider.sub, right: 'read' },
      }),
    ).toBe(403);
    expect(await status(editor, `/drive/nodes/${shared.nodeId}/links`, { body: {} })).toBe(403);
    expect(await status(reader, `/drive/nodes/${shared.nodeId}/shares`)).toBe(403);
    expect(await status(admin, `/drive/nodes/${shared.nodeId}/shares`)).toBe(200);
    const ren = await api(`/drive/nodes/${up.nodeId}`, {
      token: admin.token,
      method: 'PATCH',
      body: { version: up.version, name: 'renamed by admin.txt' },
    });
    expect(ren.status).toBe(200);
    // Sharing with someone who does not exist names the field and writes nothing.
    const ghost = await api(`/drive/nodes/${shared.nodeId}/shares`, {
      token: owner.token,
      method: 'PUT',
      body: { principalType: 'user', principalId: 'no-such-person', right: 'read' },
    });
    expect(ghost.status).toBe(422);
    expect(ghost.json.error.fields[0].path).toBe('principalId');
    // Removing the share takes the access away.
    expect(
      (await api(`/drive/nodes/${shared.nodeId}/shares/user/${reader.sub}`, { token: owner.token, method: 'DELETE' }))
        .status,
    ).toBe(200);
    expect(await status(reader, `/drive/nodes/${file.nodeId}/download`)).toBe(404);
    expect((await api('/drive/shared-with-me', { token: reader.token })).json.items).toEqual([]);
  });

  it('public links: password, access count, folder contents only, expiry, revoke', async () => {
    const made = await api(`/drive/nodes/${shared.nodeId}/links`, {
      token: owner.token,
      body: { password: 'open sesame' },
    });
    expect(made.status).toBe(201);
    const token = made.json.token as string;
    expect(made.json.path).toBe(`/p/drive/${token}`);
    const noPw = await api(`/public/drive/links/${token}`, { body: {} });
    expect(noPw.status).toBe(401);
    expect(noPw.json.error.passwordRequired).toBe(true);
    expect((await api(`/public/drive/links/${token}`, { body: { password: 'wrong' } })).status).toBe(401);
    const ok = await api(`/public/drive/links/${token}`, { body: { password: 'open sesame' } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ nodeId: shared.nodeId, kind: 'folder', isRoot: true });
    const kids = await api(`/public/drive/links/${token}/children`, { body: { password: 'open sesame' } });
    expect(kids.json.items.map((n: { name: string }) => n.name)).toEqual(
      expect.arrayContaining(['budget.txt', 'Minutes']),
    );
    expect(JSON.stringify(kids.json)).not.toContain(owner.sub);
    const dl = await api(`/public/drive/links/${token}/download`, {
      body: { password: 'open sesame', nodeId: file.nodeId },
    });
    expect(Buffer.from(await (await fetch(dl.json.url)).arrayBuffer()).toString()).toBe('budget');
    // Nothing outside the linked folder.
    const outside = await uploadFile(
      owner,
      myDrive.rootId,
      `private ${Date.now()}.txt`,
      Buffer.from('secret'),
      'text/plain',
    );
    expect(
      (
        await api(`/public/drive/links/${token}/download`, {
          body: { password: 'open sesame', nodeId: outside.nodeId },
        })
      ).status,
    ).toBe(404);
    const links = await api(`/drive/nodes/${shared.nodeId}/links`, { token: owner.token });
    expect(links.json[0]).toMatchObject({ hasPassword: true, accessCount: 1 });
    expect(JSON.stringify(links.json)).not.toContain(token);
    // Revoked → gone.
    expect(
      (await api(`/drive/nodes/${shared.nodeId}/links/${made.json.linkId}`, { token: owner.token, method: 'DELETE' }))
        .status,
    ).toBe(204);
    expect((await api(`/public/drive/links/${token}`, { body: { password: 'open sesame' } })).status).toBe(404);
    // Expiry: in the past is refused; a link that expires answers 404 afterwards.
    const past = await api(`/drive/nodes/${file.nodeId}/links`, {
      token: owner.token,
      body: { expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
    expect(past.json.error.fields[0].path).toBe('expiresAt');
    const soon = await api(`/drive/nodes/${file.nodeId}/links`, {
      token: owner.token,
      body: { expiresAt: new Date(Date.now() + 1500).toISOString() },
    });
    expect((await api(`/public/drive/links/${soon.json.token}`, { body: {} })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await api(`/public/drive/links/${soon.json.token}`, { body: {} })).status).toBe(404);
    expect((await api('/public/drive/links/' + 'A'.repeat(43), { body: {} })).status).toBe(404);
  });
});
