/**
 * Image attachments get a thumbnail after the send (stream consumer + sharp), announced live with
 * `message.updated`; GET …/attachments/{fileId} answers the thumbnail beside the original. Through the
 * local gateways, S3 (s3rver) and real `ws` clients. Also a group chat's picture (PUT/DELETE/GET …/avatar).
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { AttachmentUrls, ChatDetail, MessageView, MessengerFrame } from '../../shared/messenger/contract';
import { api, itStack, signUpUser, wsConnect, type TestUser, type WsClient } from '../support/local-stack-client';
import { noisyPicture, uploadAttachment } from '../support/messenger-uploads';

jest.setTimeout(90_000);

let a: TestUser, b: TestUser, c: TestUser;
let dm: ChatDetail;
const sockets: WsClient[] = [];

const profile = async (u: TestUser, firstName: string) =>
  expect(
    (
      await api('/people/me/profile', {
        method: 'PATCH',
        token: u.token,
        body: { firstName, lastName: 'Img', version: 0 },
      })
    ).status,
  ).toBe(200);
const send = (u: TestUser, chatId: string, body: Record<string, unknown>) =>
  api<MessageView>(`/chats/${chatId}/messages`, {
    method: 'POST',
    token: u.token,
    body: { clientMessageId: randomUUID(), ...body },
  });

const bytesOf = async (url: string) => {
  const r = await fetch(url);
  expect(r.status).toBe(200);
  return { type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
};

const isUpdated = (chatId: string, messageId: string) => (f: MessengerFrame) =>
  f.type === 'message.updated' && f.chatId === chatId && f.message.messageId === messageId;

beforeAll(async () => {
  [a, b, c] = await Promise.all([signUpUser('employee'), signUpUser('employee'), signUpUser('employee')]);
  await Promise.all([profile(a, 'Ana'), profile(b, 'Bea'), profile(c, 'Cid')]);
  dm = (await api<ChatDetail>('/chats/direct', { method: 'POST', token: a.token, body: { userId: b.sub } })).json;
}, 60_000);

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
});

it('a PNG gets a ≤ 480 px webp thumbnail and its size; B is told live; the original is unchanged', async () => {
  const wb = await wsConnect(b.token);
  sockets.push(wb);
  const png = await noisyPicture(1200, 800).png().toBuffer();
  const fileId = await uploadAttachment(a, dm.chatId, 'site plan.png', png, 'image/png');
  const sent = await send(a, dm.chatId, { text: 'the plan', attachments: [{ fileId }] });
  expect(sent.status).toBe(201);
  expect(sent.json.attachments[0]!.thumb).toBeUndefined();
  await itStack().streamsIdle();

  const updated = await wb.next(isUpdated(dm.chatId, sent.json.messageId));
  expect(updated.message.attachments[0]).toMatchObject({
    fileId,
    thumb: true,
    width: 1200,
    height: 800,
    contentType: 'image/png',
  });
  expect(updated.message.editedAt).toBeNull();
  expect(updated.message.version).toBe(sent.json.version);

  const urls = await api<AttachmentUrls>(`/chats/${dm.chatId}/attachments/${fileId}`, { token: b.token });
  expect(urls.status).toBe(200);
  expect(urls.json.thumbUrl).toBeDefined();
  const thumb = await bytesOf(urls.json.thumbUrl!);
  expect(thumb.type).toBe('image/webp');
  const meta = await sharp(thumb.body).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['webp', 480, 320]);
  expect(thumb.body.length).toBeLessThan(png.length / 4);
  const full = await bytesOf(urls.json.url);
  expect(full.body.equals(png)).toBe(true);

  // history agrees, and a non-member still learns nothing
  const page = await api<{ items: MessageView[] }>(`/chats/${dm.chatId}/messages?limit=1`, { token: a.token });
  expect(page.json.items[0]!.attachments[0]).toMatchObject({ thumb: true, width: 1200, height: 800 });
  expect((await api(`/chats/${dm.chatId}/attachments/${fileId}`, { token: c.token })).status).toBe(404);
});

it('a JPEG taken sideways (EXIF orientation 6) is measured and thumbnailed upright', async () => {
  const jpg = await noisyPicture(600, 400).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const fileId = await uploadAttachment(a, dm.chatId, 'photo.jpg', jpg, 'image/jpeg');
  const sent = await send(a, dm.chatId, { attachments: [{ fileId }] });
  await itStack().streamsIdle();
  const page = await api<{ items: MessageView[] }>(`/chats/${dm.chatId}/messages?limit=1`, { token: b.token });
  expect(page.json.items[0]!.messageId).toBe(sent.json.messageId);
  expect(page.json.items[0]!.attachments[0]).toMatchObject({ thumb: true, width: 400, height: 600 });
  const urls = await api<AttachmentUrls>(`/chats/${dm.chatId}/attachments/${fileId}`, { token: b.token });
  const meta = await sharp((await bytesOf(urls.json.thumbUrl!)).body).metadata();
  expect([meta.width, meta.height]).toEqual([320, 480]);
});

it('files that are not images, or not decodable, keep no thumbnail and still download', async () => {
  const text = Buffer.from('just text');
  const broken = Buffer.from('this is not a png at all');
  const [t, p] = [
    await uploadAttachment(a, dm.chatId, 'notes.txt', text, 'text/plain'),
    await uploadAttachment(a, dm.chatId, 'broken.png', broken, 'image/png'),
  ];
  const sent = await send(a, dm.chatId, { attachments: [{ fileId: t }, { fileId: p }] });
  expect(sent.status).toBe(201);
  await itStack().streamsIdle();
  const page = await api<{ items: MessageView[] }>(`/chats/${dm.chatId}/messages?limit=1`, { token: b.token });
  expect(page.json.items[0]!.attachments.map((x) => x.thumb)).toEqual([undefined, undefined]);
  for (const [fileId, bytes] of [
    [t, text],
    [p, broken],
  ] as const) {
    const urls = await api<AttachmentUrls>(`/chats/${dm.chatId}/attachments/${fileId}`, { token: b.token });
    expect(urls.json.thumbUrl).toBeUndefined();
    expect((await bytesOf(urls.json.url)).body.equals(bytes)).toBe(true);
  }
});

it('a forwarded image shows its thumbnail in the other chat too', async () => {
  const png = await noisyPicture(900, 900).png().toBuffer();
  const fileId = await uploadAttachment(a, dm.chatId, 'square.png', png, 'image/png');
  const sent = await send(a, dm.chatId, { attachments: [{ fileId }] });
  await itStack().streamsIdle();
  const other = (await api<ChatDetail>('/chats/direct', { method: 'POST', token: a.token, body: { userId: c.sub } }))
    .json;
  const fwd = await send(a, other.chatId, { forward: { chatId: dm.chatId, messageId: sent.json.messageId } });
  expect(fwd.status).toBe(201);
  await itStack().streamsIdle();
  const urls = await api<AttachmentUrls>(`/chats/${other.chatId}/attachments/${fileId}`, { token: c.token });
  expect(urls.status).toBe(200);
  const meta = await sharp((await bytesOf(urls.json.thumbUrl!)).body).metadata();
  expect([meta.width, meta.height]).toEqual([480, 480]);
});

describe('group picture', () => {
  it('the owner sets it from an upload (256 px webp square), members are told and list it; refusals write nothing', async () => {
    const wb = await wsConnect(b.token);
    sockets.push(wb);
    const g = (
      await api<ChatDetail>('/chats', {
        method: 'POST',
        token: a.token,
        body: { title: 'Pictured', memberIds: [b.sub] },
      })
    ).json;
    expect(g.avatar).toBeNull();
    const jpg = await noisyPicture(800, 500).jpeg().toBuffer();
    const fileId = await uploadAttachment(a, g.chatId, 'team.jpg', jpg, 'image/jpeg');

    // refused: not the owner, a stale version, a direct chat, a file that is not a picture, someone else's upload
    expect(
      (await api(`/chats/${g.chatId}/avatar`, { method: 'PUT', token: b.token, body: { fileId, version: g.version } }))
        .status,
    ).toBe(403);
    const stale = await api<{ error: { details?: { current?: ChatDetail } } }>(`/chats/${g.chatId}/avatar`, {
      method: 'PUT',
      token: a.token,
      body: { fileId, version: g.version + 5 },
    });
    expect(stale.status).toBe(409);
    expect(
      (await api(`/chats/${dm.chatId}/avatar`, { method: 'PUT', token: a.token, body: { fileId, version: 1 } })).status,
    ).toBe(409);
    const txt = await uploadAttachment(a, g.chatId, 'x.txt', Buffer.from('hello'), 'text/plain');
    const notImage = await api<{ error: { fields: { path: string; reason: string }[] } }>(`/chats/${g.chatId}/avatar`, {
      method: 'PUT',
      token: a.token,
      body: { fileId: txt, version: g.version },
    });
    expect(notImage.status).toBe(400);
    expect(notImage.json.error.fields[0]).toMatchObject({
      path: 'fileId',
      reason: 'a PNG, JPEG or WebP image up to 10 MB',
    });
    const bs = await uploadAttachment(b, g.chatId, 'b.png', await noisyPicture(10, 10).png().toBuffer(), 'image/png');
    const foreign = await api<{ error: { fields: { path: string }[] } }>(`/chats/${g.chatId}/avatar`, {
      method: 'PUT',
      token: a.token,
      body: { fileId: bs, version: g.version },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.fields[0]!.path).toBe('fileId');
    expect((await api<ChatDetail>(`/chats/${g.chatId}`, { token: a.token })).json).toMatchObject({
      avatar: null,
      version: g.version,
    });

    const set = await api<ChatDetail>(`/chats/${g.chatId}/avatar`, {
      method: 'PUT',
      token: a.token,
      body: { fileId, version: g.version },
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ avatar: fileId, version: g.version + 1 });
    const frame = await wb.next(
      (f: MessengerFrame) => f.type === 'chat.updated' && f.chatId === g.chatId && f.chat.avatar === fileId,
    );
    expect(frame.chat.version).toBe(g.version + 1);
    const url = await api<{ url: string }>(`/chats/${g.chatId}/avatar`, { token: b.token });
    expect(url.status).toBe(200);
    const pic = await bytesOf(url.json.url);
    const meta = await sharp(pic.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 256, 256]);
    expect((await api(`/chats/${g.chatId}/avatar`, { token: c.token })).status).toBe(404);
    // the upload was used up: it cannot be attached to a message, nor set again
    expect((await send(a, g.chatId, { attachments: [{ fileId }] })).status).toBe(400);
    await itStack().streamsIdle();
    const list = await api<{ items: { chatId: string; avatar?: string }[] }>('/chats', { token: b.token });
    expect(list.json.items.find((x) => x.chatId === g.chatId)?.avatar).toBe(fileId);

    const removed = await api<ChatDetail>(`/chats/${g.chatId}/avatar?version=${g.version + 1}`, {
      method: 'DELETE',
      token: a.token,
    });
    expect(removed.json).toMatchObject({ avatar: null, version: g.version + 2 });
    expect((await api(`/chats/${g.chatId}/avatar`, { token: b.token })).status).toBe(404);
    await itStack().streamsIdle();
    const after = await api<{ items: { chatId: string; avatar?: string }[] }>('/chats', { token: b.token });
    expect(after.json.items.find((x) => x.chatId === g.chatId)?.avatar).toBeUndefined();
  });
});
