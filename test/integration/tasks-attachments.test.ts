/**
 * Task attachments through the local gateway: a file in someone's My Drive is attached to a task by
 * someone who may read it; everyone who may see the task lists and downloads it (presigned GET, the bytes come
 * back); outsiders get 404; observers may not attach; a file I cannot read in the drive → 422; duplicates 409;
 * removal by who attached it / the creator only; history records both; a file trashed in the drive → 404 on
 * download; bad ids → 400; nothing written on refusals.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { nameKeyOf, nodeKey, nodeRow } from '../../shared/drive/drive-entity';
import { objectKey } from '../../shared/drive/storage';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(90_000);

type Who = 'creator' | 'responsible' | 'observer' | 'outsider';
const u = {} as Record<Who, TestUser>;
const as = (who: Who, path: string, init: { method?: string; body?: unknown } = {}) =>
  api(path, { token: u[who].token, ...init });

beforeAll(async () => {
  const [creator, responsible, observer, outsider] = await Promise.all([
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
  ]);
  Object.assign(u, { creator, responsible, observer, outsider });
  for (const [k, p] of Object.entries(u)) {
    expect(
      (
        await api('/people/me/profile', {
          method: 'PATCH',
          token: p.token,
          body: { firstName: k, lastName: 'Attach', version: 0 },
        })
      ).status,
    ).toBe(200);
  }
});

/**
 * A file in the person's My Drive, written the way functions/drive stores one (node row from shared/drive's row
 * builder + the object in the bucket). Seeded directly: this suite tests tasks, not the drive's upload flow.
 */
async function upload(
  who: Who,
  name: string,
  text: string,
): Promise<{ nodeId: string; version: number; name: string }> {
  const stack = itStack();
  const nodeId = ulid();
  const versionId = ulid();
  const driveId = `user:${u[who].sub}`;
  const key = objectKey(driveId, nodeId, versionId);
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: stack.urls.s3,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await s3.send(new PutObjectCommand({ Bucket: stack.info.bucket, Key: key, Body: text, ContentType: 'text/plain' }));
  const now = new Date().toISOString();
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const node = nodeRow({
    nodeId,
    driveId,
    kind: 'file',
    name,
    nameKey: nameKeyOf(name),
    parentId: null,
    ancestors: [],
    size: Buffer.byteLength(text),
    contentType: 'text/plain',
    currentVersionId: versionId,
    currentKey: key,
    versionCount: 1,
    version: 1,
    ownerId: u[who].sub,
    createdAt: now,
    updatedAt: now,
    updatedBy: u[who].sub,
  });
  await ddb.send(new PutCommand({ TableName: stack.tableName, Item: node }));
  return { nodeId, version: 1, name };
}

/** Trash it the way the drive marks a node trashed. */
async function trash(nodeId: string) {
  const stack = itStack();
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  await ddb.send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: nodeKey(nodeId),
      UpdateExpression: 'SET trashedAt = :t, trashRootId = :n',
      ExpressionAttributeValues: { ':t': new Date().toISOString(), ':n': nodeId },
    }),
  );
}

it('attach a drive file; everyone on the task downloads it, outsiders cannot; remove; history', async () => {
  const task = (
    await as('creator', '/tasks', {
      body: { title: `Attach ${Date.now()}`, responsibleId: u.responsible.sub, observerIds: [u.observer.sub] },
    })
  ).json;
  const path = `/tasks/${task.taskId}/attachments`;
  const file = await upload('creator', `spec-${Date.now()}.txt`, 'the spec, version 1');
  const mine = await upload('responsible', `notes-${Date.now()}.txt`, 'responsible notes');

  // Refusals first: nothing gets attached.
  expect((await as('observer', path, { body: { nodeId: file.nodeId } })).status).toBe(403);
  expect((await as('outsider', path, { body: { nodeId: file.nodeId } })).status).toBe(404);
  const unreadable = await as('responsible', path, { body: { nodeId: file.nodeId } });
  expect(unreadable.status).toBe(422);
  expect(unreadable.json.error.fields[0].path).toBe('nodeId');
  expect((await as('creator', path, { body: { nodeId: 'not-a-node' } })).status).toBe(400);
  expect((await as('creator', path, { body: { nodeId: '01HZZZZZZZZZZZZZZZZZZZZZZ9' } })).status).toBe(422);
  expect((await as('creator', path)).json.items).toEqual([]);

  const attached = await as('creator', path, { body: { nodeId: file.nodeId } });
  expect(attached.status).toBe(201);
  expect(attached.json).toMatchObject({
    nodeId: file.nodeId,
    contentType: 'text/plain',
    size: 19,
    attachedBy: u.creator.sub,
    canRemove: true,
  });
  expect((await as('creator', path, { body: { nodeId: file.nodeId } })).status).toBe(409);
  // The responsible person attaches a file of their own.
  expect((await as('responsible', path, { body: { nodeId: mine.nodeId } })).status).toBe(201);

  // Everyone who sees the task lists both and downloads the creator's file (which they cannot read in the drive).
  for (const w of ['creator', 'responsible', 'observer'] as Who[]) {
    const list = await as(w, path);
    expect(list.status).toBe(200);
    expect(list.json.items.map((a: { nodeId: string }) => a.nodeId).sort()).toEqual([file.nodeId, mine.nodeId].sort());
    expect(list.json.people[u.creator.sub].name).toBe('creator Attach');
    const dl = await as(w, `${path}/${file.nodeId}/download`);
    expect(dl.status).toBe(200);
    expect(await (await fetch(dl.json.url)).text()).toBe('the spec, version 1');
  }
  expect((await as('observer', `/drive/nodes/${file.nodeId}`)).status).not.toBe(200);
  expect((await as('outsider', path)).status).toBe(404);
  expect((await as('outsider', `${path}/${file.nodeId}/download`)).status).toBe(404);
  expect((await as('creator', `${path}/01HZZZZZZZZZZZZZZZZZZZZZZ9/download`)).status).toBe(404);

  // canRemove follows who may remove: the responsible person removes their own, not the creator's.
  const seenByResp = (await as('responsible', path)).json.items as { nodeId: string; canRemove: boolean }[];
  expect(Object.fromEntries(seenByResp.map((a) => [a.nodeId, a.canRemove]))).toEqual({
    [file.nodeId]: false,
    [mine.nodeId]: true,
  });
  expect((await as('responsible', `${path}/${file.nodeId}`, { method: 'DELETE' })).status).toBe(403);
  expect((await as('observer', `${path}/${mine.nodeId}`, { method: 'DELETE' })).status).toBe(403);
  expect((await as('responsible', `${path}/${mine.nodeId}`, { method: 'DELETE' })).status).toBe(204);
  expect((await as('responsible', `${path}/${mine.nodeId}`, { method: 'DELETE' })).status).toBe(404);
  const hist = (await as('observer', `/tasks/${task.taskId}/history`)).json.items.filter(
    (h: { field: string }) => h.field === 'attachments',
  );
  const added = hist.filter((h: { from: string | null }) => h.from === null).map((h: { to: string }) => h.to);
  const removed = hist.filter((h: { to: string | null }) => h.to === null).map((h: { from: string }) => h.from);
  expect(added).toHaveLength(2);
  expect(added).toContain(attached.json.name);
  expect(removed).toHaveLength(1);
  expect(removed[0]).toMatch(/^notes-/);

  // A file trashed in the drive stays listed but cannot be downloaded any more.
  await trash(file.nodeId);
  expect((await as('observer', `${path}/${file.nodeId}/download`)).status).toBe(404);
  expect((await as('observer', path)).json.items.map((a: { nodeId: string }) => a.nodeId)).toEqual([file.nodeId]);
});
