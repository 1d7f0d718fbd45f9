/**
 * Input the API refuses, found when it was probed from outside (issue 13), through the local gateway:
 * control characters in rich text (task descriptions, comments), bidi controls and path-like names in file,
 * folder and chat attachment names — each a 400 naming the field, nothing stored — and multipart completions
 * naming a part the store does not hold (missing, fake ETag, reported but never uploaded): 422 naming the
 * part, never a 500, no file written.
 */
import type { ChatDetail } from '../../shared/messenger/contract';
import type { DriveView, NodeView, UploadSession } from '../../shared/drive/contract';
import { api, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(120_000);

let me: TestUser, peer: TestUser;
const named = async (u: TestUser, firstName: string) =>
  expect(
    (
      await api('/people/me/profile', {
        method: 'PATCH',
        token: u.token,
        body: { firstName, lastName: 'Probe', version: 0 },
      })
    ).status,
  ).toBe(200);

beforeAll(async () => {
  [me, peer] = await Promise.all([signUpUser('employee'), signUpUser('employee')]);
  await Promise.all([named(me, 'Mara'), named(peer, 'Petru')]);
}, 60_000);

/** 400 whose first field problem names `path`. */
const refused = (r: { status: number; json: any }, path: string) => {
  expect({ status: r.status, path: r.json?.error?.fields?.[0]?.path }).toEqual({ status: 400, path });
};

it('rich text with NUL, BEL or ESC (raw or as &#…; references) is refused naming the field; tab, newline, CR pass', async () => {
  for (const bad of ['<p>a\u0000b</p>', '<p>ring\u0007</p>', '<p>\u001b[31mred</p>', '<p>&#7;</p>', '<p>&#x1B;[0m</p>'])
    refused(
      await api('/tasks', { token: me.token, body: { title: 'Probe', responsibleId: me.sub, description: bad } }),
      'description',
    );
  const task = await api('/tasks', {
    token: me.token,
    body: { title: 'Probe', responsibleId: me.sub, description: '<p>line one\tcol\r\nline two</p>' },
  });
  expect(task.status).toBe(201);
  const taskId = task.json.taskId as string;
  refused(
    await api(`/tasks/${taskId}`, {
      method: 'PATCH',
      token: me.token,
      body: { version: 1, description: '<p>\u0000</p>' },
    }),
    'description',
  );
  for (const bad of ['<p>x\u0000</p>', '<p>\u0007</p>', '<p>\u001b</p>'])
    refused(await api(`/tasks/${taskId}/comments`, { token: me.token, body: { text: bad } }), 'text');
  expect(
    (await api(`/tasks/${taskId}/comments`, { token: me.token, body: { text: '<p>fine\nthanks</p>' } })).status,
  ).toBe(201);
  const comments = await api(`/tasks/${taskId}/comments`, { token: me.token });
  expect(JSON.stringify(comments.json)).not.toMatch(/\\u000[07]|\\u001b/);
  expect(JSON.stringify((await api(`/tasks/${taskId}`, { token: me.token })).json.description)).not.toMatch(
    /\\u000[07]|\\u001b/,
  );
});

it('file, folder and chat attachment names with bidi controls, or that are paths, are refused naming the field', async () => {
  const drive = (await api<DriveView[]>('/drive/drives', { token: me.token })).json.find((d) => d.kind === 'user')!;
  for (const name of ['invoice\u202Efdp.exe', 'a\u2066b', 'x\u202Ay', '..', 'a/b'])
    refused(
      await api('/drive/uploads', {
        token: me.token,
        body: { parentId: drive.rootId, name, size: 3, contentType: 'text/plain' },
      }),
      'name',
    );
  refused(
    await api('/drive/folders', { token: me.token, body: { parentId: drive.rootId, name: 'R\u202Eoot' } }),
    'name',
  );

  const chat = await api<ChatDetail>('/chats', { token: me.token, body: { title: 'Names', memberIds: [peer.sub] } });
  expect(chat.status).toBe(201);
  for (const name of ['..', '.', 'a/b', 'a\\b', 'photo\u202Egnp.exe', 'x\u2069'])
    refused(
      await api(`/chats/${chat.json.chatId}/attachments`, {
        token: me.token,
        body: { name, size: 3, contentType: 'text/plain' },
      }),
      'name',
    );
  expect(
    (
      await api(`/chats/${chat.json.chatId}/attachments`, {
        token: me.token,
        body: { name: 'notes v2.txt', size: 3, contentType: 'text/plain' },
      })
    ).status,
  ).toBe(201);
});

it('multipart completion naming a missing part, a fake ETag or a part reported but never uploaded: 422 naming the part, nothing written', async () => {
  const drive = (await api<DriveView[]>('/drive/drives', { token: me.token })).json.find((d) => d.kind === 'user')!;
  const size = 8 * 1024 * 1024 + 100;
  const start = await api<UploadSession>('/drive/uploads', {
    token: me.token,
    body: { parentId: drive.rootId, name: 'parts.bin', size, contentType: 'application/octet-stream', multipart: true },
  });
  expect(start.status).toBe(201);
  const uploadId = start.json.uploadId;
  const put = await fetch(start.json.parts![0]!.url, { method: 'PUT', body: new Uint8Array(start.json.partSize!) });
  expect(put.status).toBe(200);
  const etag1 = put.headers.get('etag')!;
  expect(
    (await api(`/drive/uploads/${uploadId}/parts/1`, { method: 'PUT', token: me.token, body: { etag: etag1 } })).status,
  ).toBe(204);
  const complete = (body: unknown) => api(`/drive/uploads/${uploadId}/complete`, { token: me.token, body });
  const problem = (r: { status: number; json: any }) => ({ status: r.status, field: r.json?.error?.fields?.[0]?.path });

  // Part 2 was never uploaded.
  expect(
    problem(
      await complete({
        parts: [
          { partNumber: 1, etag: etag1 },
          { partNumber: 2, etag: '"0123abcd"' },
        ],
      }),
    ),
  ).toEqual({ status: 422, field: 'parts.1' });
  // Part 1 is held, but with another ETag.
  expect(
    problem(
      await complete({
        parts: [
          { partNumber: 1, etag: '"0000fake"' },
          { partNumber: 2, etag: '"beef"' },
        ],
      }),
    ),
  ).toEqual({ status: 422, field: 'parts.0.etag' });
  // Listed twice.
  expect(
    problem(
      await complete({
        parts: [
          { partNumber: 1, etag: etag1 },
          { partNumber: 1, etag: etag1 },
        ],
      }),
    ),
  ).toEqual({
    status: 422,
    field: 'parts.1.partNumber',
  });
  // Part 2 reported with a made-up ETag but never stored: S3 (here s3rver) cannot assemble it.
  expect(
    (await api(`/drive/uploads/${uploadId}/parts/2`, { method: 'PUT', token: me.token, body: { etag: '"fake"' } }))
      .status,
  ).toBe(204);
  expect(problem(await complete({}))).toEqual({ status: 422, field: 'parts' });

  // Nothing was written, and the session is still there to finish.
  const children = await api<{ items: NodeView[] }>(`/drive/nodes/${drive.rootId}/children`, { token: me.token });
  expect(children.json.items.map((n) => n.name)).not.toContain('parts.bin');
  expect((await api(`/drive/uploads/${uploadId}`, { token: me.token })).status).toBe(200);
  await api(`/drive/uploads/${uploadId}`, { method: 'DELETE', token: me.token });
});
