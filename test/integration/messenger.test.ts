/**
 * Messenger through the local gateways with real `ws` clients: group and direct chats, live delivery and
 * ordering, idempotent resend, receipts, edits, deletes, reactions, pins, reply, forward, attachments,
 * membership enforcement, GoneException cleanup, reconnect catch-up, unread counters, General chat.
 */
import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { ChatDetail, MessageView, MessengerFrame, Page } from '../../shared/messenger/contract';
import { api, itStack, signUpUser, wsConnect, type TestUser, type WsClient } from '../support/local-stack-client';

jest.setTimeout(60_000);

interface Person extends TestUser {
  name: string;
}
let a: Person, b: Person, c: Person, admin: Person;
const sockets: WsClient[] = [];

const ddb = () =>
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint: itStack().urls.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

async function person(role: 'employee' | 'admin', firstName: string): Promise<Person> {
  const u = await signUpUser(role);
  const lastName = `Test${randomUUID().slice(0, 4)}`;
  const r = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName, version: 0 },
  });
  expect(r.status).toBe(200);
  return { ...u, name: `${firstName} ${lastName}` };
}

async function connect(u: TestUser): Promise<WsClient> {
  const s = await wsConnect(u.token);
  sockets.push(s);
  return s;
}

const send = (u: TestUser, chatId: string, body: Record<string, unknown>) =>
  api<MessageView & { error?: any }>(`/chats/${chatId}/messages`, {
    method: 'POST',
    token: u.token,
    body: { clientMessageId: randomUUID(), ...body },
  });

const createGroup = async (u: TestUser, title: string, memberIds: string[]) => {
  const r = await api<ChatDetail>('/chats', { method: 'POST', token: u.token, body: { title, memberIds } });
  expect(r.status).toBe(201);
  return r.json;
};

const isNew =
  (chatId: string, pred: (m: MessageView) => boolean = () => true) =>
  (f: MessengerFrame) =>
    f.type === 'message.new' && f.chatId === chatId && pred(f.message);
const isUpdated = (chatId: string, messageId: string) => (f: MessengerFrame) =>
  f.type === 'message.updated' && f.chatId === chatId && f.message.messageId === messageId;

beforeAll(async () => {
  [a, b, c, admin] = await Promise.all([
    person('employee', 'Ana'),
    person('employee', 'Bogdan'),
    person('employee', 'Cora'),
    person('admin', 'Dana'),
  ]);
  await itStack().streamsIdle();
}, 60_000);

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
});

describe('group chat, live', () => {
  let chat: ChatDetail;
  let wa: WsClient, wb: WsClient, wc: WsClient;

  beforeAll(async () => {
    [wa, wb, wc] = await Promise.all([connect(a), connect(b), connect(c)]);
    chat = await createGroup(a, 'Project Alpha', [b.sub, c.sub]);
  });

  it('creates the group: every member is told, the detail lists owner and members', async () => {
    expect(chat).toMatchObject({
      kind: 'group',
      title: 'Project Alpha',
      ownerId: a.sub,
      can: { rename: true, manageMembers: true, leave: true },
      version: 1,
    });
    expect(chat.members.map((m) => m.userId).sort()).toEqual([a.sub, b.sub, c.sub].sort());
    const added = await wb.next((f) => f.type === 'chat.added' && f.chatId === chat.chatId);
    expect(added.chat).toMatchObject({ kind: 'group', title: 'Project Alpha', memberCount: 3, unread: 0 });
    await wc.next((f) => f.type === 'chat.added' && f.chatId === chat.chatId);
    const asB = await api<ChatDetail>(`/chats/${chat.chatId}`, { token: b.token });
    expect(asB.json.can).toEqual({ rename: false, manageMembers: false, leave: true });
  });

  it('delivers messages to every member socket in send order (the sender’s too), and history agrees', async () => {
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const sent: MessageView[] = [];
    for (const text of texts) {
      const r = await send(a, chat.chatId, { text });
      expect(r.status).toBe(201);
      sent.push(r.json);
    }
    for (const ws of [wa, wb, wc]) {
      const got: string[] = [];
      for (let i = 0; i < texts.length; i++)
        got.push((await ws.next(isNew(chat.chatId, (m) => !m.system))).message.text);
      expect(got).toEqual(texts);
    }
    const ids = sent.map((m) => m.messageId);
    expect([...ids].sort()).toEqual(ids);
    const newest = await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?limit=3`, { token: c.token });
    expect(newest.json.items.map((m) => m.text)).toEqual(['five', 'four', 'three']);
    expect(newest.json.cursor).toBe(ids[2]);
    const older = await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?limit=3&before=${newest.json.cursor}`, {
      token: c.token,
    });
    expect(older.json.items.filter((m) => !m.system).map((m) => m.text)).toEqual(['two', 'one']);
    const after = await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?after=${ids[1]}`, { token: b.token });
    expect(after.json.items.map((m) => m.text)).toEqual(['three', 'four', 'five']);
    expect(after.json.cursor).toBeNull();
  });

  it('a resend with the same clientMessageId returns the stored message (200) and stores nothing new', async () => {
    const clientMessageId = randomUUID();
    const first = await send(a, chat.chatId, { clientMessageId, text: 'only once' });
    const again = await send(a, chat.chatId, { clientMessageId, text: 'only once' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.messageId).toBe(first.json.messageId);
    const page = await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?limit=100`, { token: a.token });
    expect(page.json.items.filter((m) => m.clientMessageId === clientMessageId)).toHaveLength(1);
  });

  it('receipts: reading pushes chat.read, readers lists who has read a message; unread counters follow', async () => {
    await itStack().streamsIdle();
    const page = await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?limit=100`, { token: b.token });
    const mine = page.json.items.filter((m) => !m.system);
    const newest = mine[0]!;
    const third = mine.find((m) => m.text === 'three')!;
    const unreadB = await api('/chats/unread', { token: b.token });
    expect(unreadB.json.chats).toEqual(expect.arrayContaining([{ chatId: chat.chatId, unread: 6 }]));
    const list = await api('/chats', { token: b.token });
    expect(list.json.items[0]).toMatchObject({
      chatId: chat.chatId,
      unread: 6,
      lastMessage: { messageId: newest.messageId, preview: 'only once' },
    });

    const r = await api(`/chats/${chat.chatId}/read`, {
      method: 'POST',
      token: b.token,
      body: { messageId: third.messageId },
    });
    expect(r.json).toEqual({ unread: 3 });
    expect(await wa.next((f) => f.type === 'chat.read' && f.userId === b.sub)).toMatchObject({
      chatId: chat.chatId,
      messageId: third.messageId,
    });
    const readers = await api(`/chats/${chat.chatId}/messages/${third.messageId}/readers`, { token: a.token });
    expect(readers.json.readers.map((x: { userId: string }) => x.userId)).toEqual([b.sub]);
    const none = await api(`/chats/${chat.chatId}/messages/${newest.messageId}/readers`, { token: a.token });
    expect(none.json.readers).toEqual([]);
    expect((await api('/chats/unread', { token: b.token })).json.chats).toEqual(
      expect.arrayContaining([{ chatId: chat.chatId, unread: 3 }]),
    );

    await api(`/chats/${chat.chatId}/read`, { method: 'POST', token: b.token, body: { messageId: newest.messageId } });
    const after = await api('/chats/unread', { token: b.token });
    expect(after.json.chats.find((x: { chatId: string }) => x.chatId === chat.chatId)).toBeUndefined();
    expect(after.json.total).toBe(after.json.chats.reduce((s: number, x: { unread: number }) => s + x.unread, 0));
    // The author has read their own messages.
    expect(
      (await api('/chats/unread', { token: a.token })).json.chats.find(
        (x: { chatId: string }) => x.chatId === chat.chatId,
      ),
    ).toBeUndefined();
  });

  it('edits (versioned), deletes (own only), reactions, pins — each pushed as an update', async () => {
    const m = (await send(a, chat.chatId, { text: 'draft' })).json;
    // Mentions on an edit are kept for members only (someone outside the chat cannot be notified of it).
    const edited = await api<MessageView>(`/chats/${chat.chatId}/messages/${m.messageId}`, {
      method: 'PATCH',
      token: a.token,
      body: { text: 'final', mentions: [b.sub, randomUUID()], version: 1 },
    });
    expect(edited.json).toMatchObject({ text: 'final', version: 2, mentions: [b.sub] });
    expect(edited.json.editedAt).toBeTruthy();
    expect((await wb.next(isUpdated(chat.chatId, m.messageId))).message.text).toBe('final');
    const stale = await api(`/chats/${chat.chatId}/messages/${m.messageId}`, {
      method: 'PATCH',
      token: a.token,
      body: { text: 'late', version: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current).toMatchObject({ text: 'final', version: 2 });
    expect(
      (
        await api(`/chats/${chat.chatId}/messages/${m.messageId}`, {
          method: 'PATCH',
          token: b.token,
          body: { text: 'mine now', version: 2 },
        })
      ).status,
    ).toBe(403);

    const liked = await api<MessageView>(`/chats/${chat.chatId}/messages/${m.messageId}/reactions/like`, {
      method: 'PUT',
      token: b.token,
    });
    expect(liked.json.reactions).toEqual({ like: [b.sub] });
    expect(
      (await wa.next((f) => isUpdated(chat.chatId, m.messageId)(f) && !!f.message.reactions.like)).message.reactions,
    ).toEqual({ like: [b.sub] });
    await api(`/chats/${chat.chatId}/messages/${m.messageId}/reactions/like`, { method: 'PUT', token: c.token });
    const unliked = await api<MessageView>(`/chats/${chat.chatId}/messages/${m.messageId}/reactions/like`, {
      method: 'DELETE',
      token: b.token,
    });
    expect(unliked.json.reactions).toEqual({ like: [c.sub] });

    const pinned = await api<ChatDetail>(`/chats/${chat.chatId}/pins/${m.messageId}`, {
      method: 'PUT',
      token: b.token,
    });
    expect(pinned.json.pins).toEqual([
      expect.objectContaining({ messageId: m.messageId, preview: 'final', pinnedBy: b.sub }),
    ]);
    await wa.next((f) => f.type === 'chat.updated' && f.chat.pins.length === 1);
    const unpinned = await api<ChatDetail>(`/chats/${chat.chatId}/pins/${m.messageId}`, {
      method: 'DELETE',
      token: a.token,
    });
    expect(unpinned.json.pins).toEqual([]);

    expect(
      (await api(`/chats/${chat.chatId}/messages/${m.messageId}`, { method: 'DELETE', token: b.token })).status,
    ).toBe(403);
    const gone = await api<MessageView>(`/chats/${chat.chatId}/messages/${m.messageId}`, {
      method: 'DELETE',
      token: a.token,
    });
    expect(gone.json).toMatchObject({ text: '', reactions: {}, version: 3 });
    expect(gone.json.deletedAt).toBeTruthy();
    expect((await wc.next((f) => isUpdated(chat.chatId, m.messageId)(f) && !!f.message.deletedAt)).message.text).toBe(
      '',
    );
    expect(
      (await api(`/chats/${chat.chatId}/messages/${m.messageId}/reactions/fire`, { method: 'PUT', token: b.token }))
        .status,
    ).toBe(409);
  });

  it('reply quotes the message; forward copies it into another chat of mine, never from a chat I am not in', async () => {
    const q = (await send(b, chat.chatId, { text: 'question?' })).json;
    const ans = await send(a, chat.chatId, { text: 'answer', replyTo: q.messageId });
    expect(ans.json.replyTo).toEqual({ messageId: q.messageId, authorId: b.sub, preview: 'question?' });
    const dm = (await api<ChatDetail>('/chats/direct', { method: 'POST', token: a.token, body: { userId: c.sub } }))
      .json;
    const fwd = await send(a, dm.chatId, { forward: { chatId: chat.chatId, messageId: q.messageId } });
    expect(fwd.status).toBe(201);
    expect(fwd.json).toMatchObject({
      text: 'question?',
      forwardedFrom: { authorId: b.sub, chatId: chat.chatId, messageId: q.messageId },
    });
    const outsider = await person('employee', 'Eve');
    const dmE = (
      await api<ChatDetail>('/chats/direct', { method: 'POST', token: outsider.token, body: { userId: a.sub } })
    ).json;
    const steal = await send(outsider, dmE.chatId, { forward: { chatId: chat.chatId, messageId: q.messageId } });
    expect(steal.status).toBe(400);
    expect(steal.json.error.fields[0].path).toBe('forward.messageId');
    const badReply = await send(a, chat.chatId, { text: 'x', replyTo: '01HZZZZZZZZZZZZZZZZZZZZZZZ' });
    expect(badReply.status).toBe(400);
    expect(badReply.json.error.fields[0].path).toBe('replyTo');
  });

  it('a message whose frame would pass 32 KB is pushed truncated; the API has it whole', async () => {
    // 30 KB of text (the most 10,000 characters can be) plus four files with 250-character names.
    const text = '€'.repeat(10_000);
    const files: { fileId: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const up = await api(`/chats/${chat.chatId}/attachments`, {
        method: 'POST',
        token: a.token,
        body: { name: `${'€'.repeat(250)}.txt`, size: 1, contentType: 'text/plain' },
      });
      expect((await fetch(up.json.uploadUrl, { method: 'PUT', headers: up.json.headers, body: 'x' })).status).toBe(200);
      files.push({ fileId: up.json.fileId });
    }
    const r = await send(a, chat.chatId, { text, attachments: files });
    expect(r.status).toBe(201);
    const f = await wb.next(isNew(chat.chatId, (m) => m.messageId === r.json.messageId));
    expect(f.truncated).toBe(true);
    expect(f.message.text.length).toBe(4000);
    expect(Buffer.byteLength(JSON.stringify(f))).toBeLessThan(32 * 1024);
    const page = await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?limit=1`, { token: b.token });
    expect(page.json.items[0]!.text).toBe(text);
    expect(page.json.items[0]!.attachments).toHaveLength(4);
  });

  it('typing reaches the other members only; a non-member’s typing is refused like an unknown chat', async () => {
    wa.send({ action: 'typing', chatId: chat.chatId });
    expect(await wb.next((f) => f.type === 'typing')).toEqual({ type: 'typing', chatId: chat.chatId, userId: a.sub });
    await wc.next((f) => f.type === 'typing');
    await new Promise((r) => setTimeout(r, 300));
    expect(wa.frames.filter((f) => (f as MessengerFrame).type === 'typing')).toEqual([]);
    const outsider = await person('employee', 'Mallory');
    const wo = await connect(outsider);
    wo.send({ action: 'typing', chatId: chat.chatId });
    expect(await wo.next((f) => f.type === 'error')).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'Chat not found' },
    });
  });

  it('membership is enforced everywhere: a non-member cannot read, send, react, pin or learn the chat exists', async () => {
    const outsider = await person('employee', 'Oscar');
    const last = (await send(a, chat.chatId, { text: 'secret' })).json;
    const unknown = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
    const probes: [string, string, unknown?][] = [
      ['GET', `/chats/${chat.chatId}`],
      ['GET', `/chats/${chat.chatId}/messages`],
      ['POST', `/chats/${chat.chatId}/messages`, { clientMessageId: randomUUID(), text: 'hi' }],
      ['PUT', `/chats/${chat.chatId}/messages/${last.messageId}/reactions/like`],
      ['PATCH', `/chats/${chat.chatId}/messages/${last.messageId}`, { text: 'x', version: 1 }],
      ['DELETE', `/chats/${chat.chatId}/messages/${last.messageId}`],
      ['PUT', `/chats/${chat.chatId}/pins/${last.messageId}`],
      ['POST', `/chats/${chat.chatId}/read`, { messageId: last.messageId }],
      ['GET', `/chats/${chat.chatId}/messages/${last.messageId}/readers`],
      ['POST', `/chats/${chat.chatId}/attachments`, { name: 'a.txt', size: 3, contentType: 'text/plain' }],
      ['POST', `/chats/${chat.chatId}/members`, { userIds: [outsider.sub] }],
      ['DELETE', `/chats/${chat.chatId}/members/${a.sub}`],
      ['PATCH', `/chats/${chat.chatId}`, { title: 'mine', version: 1 }],
    ];
    for (const [method, path, body] of probes) {
      const real = await api(path, { method, token: outsider.token, ...(body ? { body } : {}) });
      const fake = await api(path.replace(chat.chatId, unknown), {
        method,
        token: outsider.token,
        ...(body ? { body } : {}),
      });
      expect({ path, method, status: real.status, error: real.json?.error?.message }).toEqual({
        path,
        method,
        status: 404,
        error: fake.json?.error?.message,
      });
    }
    expect(
      (await api('/chats', { token: outsider.token })).json.items.map((x: { chatId: string }) => x.chatId),
    ).not.toContain(chat.chatId);
    const after = await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?limit=1`, { token: a.token });
    expect(after.json.items[0]!.messageId).toBe(last.messageId);
  });

  it('bad input: empty text is a 400 naming text and nothing is sent', async () => {
    const before = (await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?limit=1`, { token: a.token })).json
      .items[0]!.messageId;
    for (const body of [{ text: '   ' }, { text: 'x'.repeat(10_001) }, {}]) {
      const r = await send(a, chat.chatId, body);
      expect(r.status).toBe(400);
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain('text');
    }
    expect(
      (await api<Page<MessageView>>(`/chats/${chat.chatId}/messages?limit=1`, { token: a.token })).json.items[0]!
        .messageId,
    ).toBe(before);
  });

  it('rename (owner, versioned) adds a system message; members see chat.updated; add and remove members', async () => {
    const cur = (await api<ChatDetail>(`/chats/${chat.chatId}`, { token: a.token })).json;
    expect(
      (
        await api(`/chats/${chat.chatId}`, {
          method: 'PATCH',
          token: b.token,
          body: { title: 'Mine', version: cur.version },
        })
      ).status,
    ).toBe(403);
    const renamed = await api<ChatDetail>(`/chats/${chat.chatId}`, {
      method: 'PATCH',
      token: a.token,
      body: { title: 'Project Beta', version: cur.version },
    });
    expect(renamed.json).toMatchObject({ title: 'Project Beta', version: cur.version + 1 });
    expect(
      (
        await api(`/chats/${chat.chatId}`, {
          method: 'PATCH',
          token: a.token,
          body: { title: 'Gamma', version: cur.version },
        })
      ).status,
    ).toBe(409);
    expect((await wb.next((f) => f.type === 'chat.updated' && f.chat.title === 'Project Beta')).chat.version).toBe(
      cur.version + 1,
    );
    const sys = await wc.next(isNew(chat.chatId, (m) => m.system?.event === 'renamed'));
    expect(sys.message.system).toMatchObject({ event: 'renamed', actorId: a.sub, title: 'Project Beta' });
    await itStack().streamsIdle();
    expect(
      (await api('/chats', { token: c.token })).json.items.find((x: { chatId: string }) => x.chatId === chat.chatId),
    ).toMatchObject({ title: 'Project Beta' });

    const d = await person('employee', 'Dorin');
    const wd = await connect(d);
    expect(
      (await api(`/chats/${chat.chatId}/members`, { method: 'POST', token: b.token, body: { userIds: [d.sub] } }))
        .status,
    ).toBe(403);
    const added = await api<ChatDetail>(`/chats/${chat.chatId}/members`, {
      method: 'POST',
      token: a.token,
      body: { userIds: [d.sub] },
    });
    expect(added.json.members.map((m) => m.userId)).toContain(d.sub);
    await wd.next((f) => f.type === 'chat.added' && f.chatId === chat.chatId);
    expect((await wb.next(isNew(chat.chatId, (m) => m.system?.event === 'added'))).message.system?.userIds).toEqual([
      d.sub,
    ]);
    const unknownPerson = await api(`/chats/${chat.chatId}/members`, {
      method: 'POST',
      token: a.token,
      body: { userIds: ['nobody-0000'] },
    });
    expect(unknownPerson.status).toBe(400);
    expect(unknownPerson.json.error.fields[0].path).toBe('userIds.0');

    expect((await api(`/chats/${chat.chatId}/members/${d.sub}`, { method: 'DELETE', token: a.token })).status).toBe(
      204,
    );
    await wd.next((f) => f.type === 'chat.removed' && f.chatId === chat.chatId);
    expect((await api(`/chats/${chat.chatId}/messages`, { token: d.token })).status).toBe(404);
    expect((await api(`/chats/${chat.chatId}/members/${c.sub}`, { method: 'DELETE', token: c.token })).status).toBe(
      204,
    );
    const left = (await api<ChatDetail>(`/chats/${chat.chatId}`, { token: a.token })).json;
    expect(left.members.map((m) => m.userId).sort()).toEqual([a.sub, b.sub].sort());
  });
});

describe('direct chats', () => {
  it('opening is idempotent from either side; the title is the other person', async () => {
    const ab = await api<ChatDetail>('/chats/direct', { method: 'POST', token: a.token, body: { userId: b.sub } });
    const ba = await api<ChatDetail>('/chats/direct', { method: 'POST', token: b.token, body: { userId: a.sub } });
    expect(ab.json.chatId).toMatch(/^dm-[0-9a-z]{26}$/);
    expect(ba.json.chatId).toBe(ab.json.chatId);
    expect([ab.status, ba.status]).toEqual([201, 200]);
    expect(ab.json.title).toBe(b.name);
    expect(ba.json.title).toBe(a.name);
    expect(ab.json.can).toEqual({ rename: false, manageMembers: false, leave: false });
    expect((await api('/chats/direct', { method: 'POST', token: a.token, body: { userId: a.sub } })).status).toBe(400);
    expect(
      (await api('/chats/direct', { method: 'POST', token: a.token, body: { userId: 'nobody-0000' } })).status,
    ).toBe(404);
    expect((await api(`/chats/${ab.json.chatId}/members/${a.sub}`, { method: 'DELETE', token: a.token })).status).toBe(
      409,
    );
  });

  it('GoneException: a dead connection item is deleted on the fan-out', async () => {
    const dm = (await api<ChatDetail>('/chats/direct', { method: 'POST', token: a.token, body: { userId: b.sub } }))
      .json;
    const connectionId = `dead${randomUUID().replace(/-/g, '').slice(0, 12)}=`;
    const client = ddb();
    const Key = { PK: { S: `CONN#${connectionId}` }, SK: { S: 'CONN' } };
    // Connected minutes ago: a Gone socket younger than CONNECT_GRACE_MS may still be inside its $connect and is kept.
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    await client.send(
      new PutItemCommand({
        TableName: itStack().tableName,
        Item: {
          ...Key,
          GSI1PK: { S: `USER#${b.sub}#CONNS` },
          GSI1SK: { S: `${at}#${connectionId}` },
          GSI2PK: { S: 'CONNS' },
          GSI2SK: { S: `${b.sub}#${connectionId}` },
          connectionId: { S: connectionId },
          userId: { S: b.sub },
          connectedAt: { S: at },
          expiresAt: { N: String(Math.floor(Date.now() / 1000) + 3600) },
          __edb_e__: { S: 'connection' },
          __edb_v__: { S: '1' },
        },
      }),
    );
    const r = await send(a, dm.chatId, { text: 'anyone there?' });
    expect(r.status).toBe(201);
    expect((await client.send(new GetItemCommand({ TableName: itStack().tableName, Key }))).Item).toBeUndefined();
    await client.send(new DeleteItemCommand({ TableName: itStack().tableName, Key }));
    client.destroy();
  });

  it('reconnect catch-up: 0 lost, 0 duplicated', async () => {
    const dm = (await api<ChatDetail>('/chats/direct', { method: 'POST', token: a.token, body: { userId: b.sub } }))
      .json;
    const wb = await connect(b);
    const first = (await send(a, dm.chatId, { text: 'before the drop' })).json;
    const seen = (await wb.next(isNew(dm.chatId, (m) => m.messageId === first.messageId))).message.messageId;
    await wb.close();
    const N = 30;
    const sent: string[] = [];
    // Concurrent sends, and each sent twice (a client retry): still N messages.
    await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const clientMessageId = randomUUID();
        const [x, y] = await Promise.all([
          send(a, dm.chatId, { clientMessageId, text: `m${i}` }),
          send(a, dm.chatId, { clientMessageId, text: `m${i}` }),
        ]);
        expect(x.json.messageId).toBe(y.json.messageId);
        sent.push(x.json.messageId);
      }),
    );
    const wb2 = await connect(b);
    const live = (await send(a, dm.chatId, { text: 'after the reconnect' })).json;
    await wb2.next(isNew(dm.chatId, (m) => m.messageId === live.messageId));
    const fetched: string[] = [];
    let after: string | null = seen;
    while (after) {
      const page: Page<MessageView> = (
        await api<Page<MessageView>>(`/chats/${dm.chatId}/messages?after=${after}&limit=7`, { token: b.token })
      ).json;
      fetched.push(...page.items.map((m) => m.messageId));
      after = page.cursor;
    }
    expect(fetched).toEqual([...sent, live.messageId].sort());
    expect(new Set(fetched).size).toBe(fetched.length);
  });

  it('attachments: presigned upload, checked at send, presigned download of the same bytes', async () => {
    const dm = (await api<ChatDetail>('/chats/direct', { method: 'POST', token: a.token, body: { userId: b.sub } }))
      .json;
    const bytes = Buffer.from('%PDF-1.4 hello messenger');
    const start = await api(`/chats/${dm.chatId}/attachments`, {
      method: 'POST',
      token: a.token,
      body: { name: 'notes.pdf', size: bytes.length, contentType: 'application/pdf' },
    });
    expect(start.status).toBe(201);
    const early = await send(a, dm.chatId, { attachments: [{ fileId: start.json.fileId }] });
    expect(early.status).toBe(400);
    expect(early.json.error.fields[0]).toMatchObject({
      path: 'attachments.0.fileId',
      reason: 'the upload has not finished',
    });
    const put = await fetch(start.json.uploadUrl, { method: 'PUT', headers: start.json.headers, body: bytes });
    expect(put.status).toBe(200);
    const sent = await send(a, dm.chatId, { attachments: [{ fileId: start.json.fileId }] });
    expect(sent.status).toBe(201);
    expect(sent.json.attachments).toEqual([
      { fileId: start.json.fileId, name: 'notes.pdf', size: bytes.length, contentType: 'application/pdf' },
    ]);
    const url = await api(`/chats/${dm.chatId}/attachments/${start.json.fileId}`, { token: b.token });
    expect(url.status).toBe(200);
    const got = await fetch(url.json.url);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);
    const reuse = await send(a, dm.chatId, { attachments: [{ fileId: start.json.fileId }] });
    expect(reuse.status).toBe(400);
    expect((await api(`/chats/${dm.chatId}/attachments/${start.json.fileId}`, { token: c.token })).status).toBe(404);
  });
});

describe('General chat', () => {
  it('every active employee is in it; it cannot be left; deactivation removes and activation restores', async () => {
    const general = await api<ChatDetail>('/chats/general', { token: a.token });
    expect(general.status).toBe(200);
    expect(general.json.kind).toBe('general');
    expect(general.json.members.map((m) => m.userId)).toEqual(expect.arrayContaining([a.sub, b.sub, c.sub, admin.sub]));
    const left = await api('/chats/general/members/' + a.sub, { method: 'DELETE', token: a.token });
    expect(left.status).toBe(409);
    expect(left.json.error.message).toMatch(/cannot be left/);

    expect((await api(`/people/${c.sub}/deactivate`, { method: 'POST', token: admin.token })).status).toBe(200);
    await itStack().streamsIdle();
    let members = (await api<ChatDetail>('/chats/general', { token: a.token })).json.members.map((m) => m.userId);
    expect(members).not.toContain(c.sub);
    expect((await api(`/people/${c.sub}/activate`, { method: 'POST', token: admin.token })).status).toBe(200);
    await itStack().streamsIdle();
    members = (await api<ChatDetail>('/chats/general', { token: a.token })).json.members.map((m) => m.userId);
    expect(members).toContain(c.sub);
    const history = await api<Page<MessageView>>('/chats/general/messages?limit=5', { token: a.token });
    expect(history.json.items.map((m) => m.system?.event).slice(0, 2)).toEqual(['joined', 'left']);
  });
});
