/**
 * The bell: messenger events from the table's stream become notifications (a mention, being added to a
 * chat), pushed as `notification` frames; list / unread count / mark read through the gateway.
 * Messenger items are written here as messenger stores them, so this tests the consumer on its own.
 * Settings per person: the round trip, 'off' suppressing, 'email' sending one e-mail in the person's language.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { api, itStack, signUpUser, wsConnect, type TestUser } from '../support/local-stack-client';
import { mailsTo, waitForMail } from '../support/mail-store';

jest.setTimeout(40_000);

let doc: DynamoDBDocumentClient;
beforeAll(() => {
  const s = itStack();
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: s.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});
afterAll(() => doc.destroy());

const put = (Item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: itStack().tableName, Item }));
const named = async (u: TestUser, firstName: string, lastName: string) =>
  expect(
    (await api('/people/me/profile', { method: 'PATCH', token: u.token, body: { firstName, lastName, version: 0 } }))
      .status,
  ).toBe(200);

async function groupChat(title: string, members: string[]) {
  const chatId = ulid();
  const now = new Date().toISOString();
  await put({
    PK: `CHAT#${chatId}`,
    SK: 'CHAT',
    chatId,
    kind: 'group',
    title,
    ownerId: members[0],
    memberCount: members.length,
    pins: {},
    version: 1,
    createdAt: now,
    updatedAt: now,
    __edb_e__: 'chat',
    __edb_v__: '1',
  });
  for (const userId of members) {
    await put({
      PK: `CHAT#${chatId}`,
      SK: `MEMBER#${userId}`,
      chatId,
      userId,
      role: 'member',
      joinedAt: now,
      lastReadMessageId: '',
      unread: 0,
      kind: 'group',
      title,
      __edb_e__: 'chatMember',
      __edb_v__: '1',
    });
  }
  return chatId;
}
async function message(chatId: string, authorId: string, extra: Record<string, unknown>) {
  const messageId = ulid();
  await put({
    PK: `CHAT#${chatId}`,
    SK: `MSG#${messageId}`,
    chatId,
    messageId,
    authorId,
    clientMessageId: `c-${messageId}`,
    text: '',
    mentions: [],
    attachments: [],
    reactions: {},
    createdAt: new Date().toISOString(),
    version: 1,
    __edb_e__: 'message',
    __edb_v__: '1',
    ...extra,
  });
  return messageId;
}
const list = async (u: TestUser, query = '') => api(`/notifications${query}`, { token: u.token });
const unread = async (u: TestUser) =>
  ((await api('/notifications/unread-count', { token: u.token })).json as { unread: number }).unread;

it('a mention notifies the mentioned member (not the author, not a non-member) live, with names for the i18n text and a link', async () => {
  const [a, b, c] = await Promise.all([signUpUser('employee'), signUpUser('employee'), signUpUser('employee')]);
  await named(a, 'Ștefan', 'Pop');
  const chatId = await groupChat('Proiect X', [a.sub, b.sub]);
  const ws = await wsConnect(b.token);
  try {
    const text = `Hi @b, see this ${'long '.repeat(40)}`;
    const messageId = await message(chatId, a.sub, { text, mentions: [b.sub, c.sub, a.sub] });
    const frame = await ws.next((f) => f?.type === 'notification', 10_000);
    expect(frame.unread).toBe(1);
    expect(frame.notification).toMatchObject({
      kind: 'chat.mention',
      actorId: a.sub,
      link: `/messenger/${chatId}?message=${messageId}`,
      readAt: null,
      params: { actorName: 'Ștefan Pop', chatTitle: 'Proiect X', chatKind: 'group' },
    });
    expect(frame.notification.params.preview.length).toBeLessThanOrEqual(140);
    expect(frame.notification.params.preview.startsWith('Hi @b, see this long')).toBe(true);
    await itStack().streamsIdle();
    const page = await list(b);
    expect(page.status).toBe(200);
    expect(page.json.items).toEqual([frame.notification]);
    expect((await list(c)).json.items).toEqual([]);
    expect((await list(a)).json.items).toEqual([]);
  } finally {
    await ws.close();
  }
});

it('being added to a chat notifies the people added, not the one who added them', async () => {
  const [a, b] = await Promise.all([signUpUser('employee'), signUpUser('employee')]);
  await named(a, 'Ana', 'Ionescu');
  const chatId = await groupChat('Design', [a.sub, b.sub]);
  await message(chatId, a.sub, { system: { event: 'added', actorId: a.sub, userIds: [b.sub, a.sub] } });
  await itStack().streamsIdle();
  expect((await list(b)).json.items).toMatchObject([
    {
      kind: 'chat.added',
      actorId: a.sub,
      link: `/messenger/${chatId}`,
      params: { actorName: 'Ana Ionescu', chatTitle: 'Design' },
    },
  ]);
  expect((await list(a)).json.items).toEqual([]);
});

it('unread count, pages with a cursor, mark some read, mark all read; other people cannot touch mine', async () => {
  const [a, b, c] = await Promise.all([signUpUser('employee'), signUpUser('employee'), signUpUser('employee')]);
  const chatId = await groupChat('Bell', [a.sub, b.sub]);
  for (let i = 0; i < 3; i++) await message(chatId, a.sub, { text: `ping ${i} @b`, mentions: [b.sub] });
  await itStack().streamsIdle();
  expect(await unread(b)).toBe(3);

  const p1 = await list(b, '?limit=2');
  expect(p1.json.items.map((n: any) => n.params.preview)).toEqual(['ping 2 @b', 'ping 1 @b']);
  expect(p1.json.cursor).toEqual(expect.any(String));
  const p2 = await list(b, `?limit=2&cursor=${encodeURIComponent(p1.json.cursor)}`);
  expect(p2.json.items.map((n: any) => n.params.preview)).toEqual(['ping 0 @b']);
  // Someone else's cursor is refused.
  const foreign = await list(c, `?cursor=${encodeURIComponent(p1.json.cursor)}`);
  expect(foreign.status).toBe(400);
  expect(foreign.json.error.fields[0].path).toBe('query.cursor');

  const [newest, middle] = p1.json.items as { notificationId: string }[];
  // Not mine → 404, nothing written.
  const notMine = await api('/notifications/read', { token: c.token, body: { ids: [newest!.notificationId] } });
  expect(notMine.status).toBe(404);
  expect(await unread(b)).toBe(3);
  // One unknown among known ones → 404 naming it, and the known ones stay unread (one transaction).
  const unknown = ulid();
  const mixed = await api('/notifications/read', { token: b.token, body: { ids: [newest!.notificationId, unknown] } });
  expect(mixed.status).toBe(404);
  expect(mixed.json.error.message).toContain(unknown);
  expect(await unread(b)).toBe(3);

  const ws = await wsConnect(b.token);
  try {
    const some = await api('/notifications/read', {
      token: b.token,
      body: { ids: [newest!.notificationId, middle!.notificationId, newest!.notificationId] },
    });
    expect(some).toMatchObject({ status: 200, json: { unread: 1 } });
    expect(await ws.next((f) => f?.type === 'notifications.read')).toEqual({
      type: 'notifications.read',
      ids: [newest!.notificationId, middle!.notificationId],
      unread: 1,
    });
    const after = (await list(b)).json.items as { notificationId: string; readAt: string | null }[];
    expect(after.map((n) => n.readAt !== null)).toEqual([true, true, false]);
    // Marking again keeps the first read time.
    const again = await api('/notifications/read', { token: b.token, body: { ids: [newest!.notificationId] } });
    expect(again.json.unread).toBe(1);
    expect((await list(b)).json.items[0].readAt).toBe(after[0]!.readAt);

    expect(await api('/notifications/read', { token: b.token, body: { all: true } })).toMatchObject({
      status: 200,
      json: { unread: 0 },
    });
    expect(await ws.next((f) => f?.type === 'notifications.read' && f.ids === 'all')).toMatchObject({ unread: 0 });
    expect(((await list(b)).json.items as { readAt: string | null }[]).every((n) => n.readAt)).toBe(true);
  } finally {
    await ws.close();
  }
});

it('refuses bad bodies naming the field', async () => {
  const u = await signUpUser('extranet');
  const cases: [unknown, string][] = [
    [{}, 'ids'],
    [{ ids: [], all: true }, 'ids'],
    [{ ids: ['nope'] }, 'ids.0'],
    [{ all: false }, 'all'],
    [{ ids: Array.from({ length: 51 }, () => ulid()) }, 'ids'],
  ];
  for (const [body, field] of cases) {
    const r = await api('/notifications/read', { token: u.token, body });
    expect({ body, status: r.status }).toEqual({ body, status: 400 });
    expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(field);
  }
  expect((await list(u, '?limit=0')).status).toBe(400);
  expect((await api('/notifications')).status).toBe(401);
});

describe('settings per person: bell, e-mail or off per group', () => {
  const settings = (u: TestUser, body?: unknown) =>
    api('/notifications/settings', { token: u.token, ...(body ? { method: 'PUT', body } : {}) });

  it('round trip: defaults at version 0, a save keeps the other groups, a stale version → 409 with the current, bad input → 400 naming the field', async () => {
    const u = await signUpUser('employee');
    const fresh = await settings(u);
    expect(fresh.json).toEqual({
      groups: { chats: 'bell', tasks: 'bell', drive: 'bell', crm: 'email', people: 'bell', calendar: 'email' },
      version: 0,
      updatedAt: null,
    });
    const first = await settings(u, { groups: { tasks: 'email' }, version: 0 });
    expect(first).toMatchObject({ status: 200, json: { version: 1, groups: { tasks: 'email', chats: 'bell' } } });
    const second = await settings(u, { groups: { drive: 'off' }, version: 1 });
    expect(second.json).toMatchObject({ version: 2, groups: { tasks: 'email', drive: 'off', crm: 'email' } });
    expect((await settings(u)).json).toEqual(second.json);

    const stale = await settings(u, { groups: { tasks: 'off' }, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current).toEqual(second.json);

    for (const [body, field] of [
      [{ groups: { games: 'off' }, version: 2 }, 'groups'],
      [{ groups: { tasks: 'sms' }, version: 2 }, 'groups.tasks'],
      [{ groups: {}, version: -1 }, 'version'],
    ] as const) {
      const r = await settings(u, body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect(JSON.stringify((await settings(u, { groups: { games: 'off' }, version: 2 })).json)).toContain('games');
    expect((await settings(u)).json.version).toBe(2);
  });

  it("'off' stores and pushes nothing for that group's kinds", async () => {
    const [a, b] = await Promise.all([signUpUser('employee'), signUpUser('employee')]);
    expect((await settings(b, { groups: { chats: 'off' }, version: 0 })).status).toBe(200);
    const chatId = await groupChat('Quiet', [a.sub, b.sub]);
    await message(chatId, a.sub, { text: 'hello @b', mentions: [b.sub] });
    await itStack().streamsIdle();
    expect((await list(b)).json.items).toEqual([]);
    expect(await unread(b)).toBe(0);
  });

  it("'email': the bell AND one e-mail in the person's language (Romanian here), none more when the stream record repeats", async () => {
    const [a, b] = await Promise.all([signUpUser('employee'), signUpUser('employee')]);
    await named(a, 'Ștefan', 'Pop');
    await named(b, 'Ioana', 'Dinu');
    expect(
      (await api('/me/preferences', { method: 'PATCH', token: b.token, body: { language: 'ro', version: 0 } })).status,
    ).toBe(200);
    expect((await settings(b, { groups: { chats: 'email' }, version: 0 })).status).toBe(200);
    await itStack().streamsIdle(); // the language is mirrored onto the profile by the preferences consumer
    const since = Math.floor(Date.now() / 1000) - 1;
    const chatId = await groupChat('Proiect Y', [a.sub, b.sub]);
    const text = 'Poți verifica raportul, @Ioana?';
    const messageId = await message(chatId, a.sub, { text, mentions: [b.sub] });
    const mail = await waitForMail(b.email, since);
    expect(mail.subject).toBe('Ștefan Pop v-a menționat în Proiect Y');
    expect(mail.body.text).toContain('Bună, Ioana,');
    expect(mail.body.text).toContain(`/messenger/${chatId}?message=${messageId}`);
    expect((await list(b)).json.items).toHaveLength(1);

    // The same message INSERTed again (the stream hands the record over twice): no second bell, no second e-mail.
    const key = { PK: `CHAT#${chatId}`, SK: `MSG#${messageId}` };
    const { Item } = await doc.send(new GetCommand({ TableName: itStack().tableName, Key: key }));
    await doc.send(new DeleteCommand({ TableName: itStack().tableName, Key: key }));
    await put(Item!);
    await itStack().streamsIdle();
    expect(await mailsTo(b.email, since)).toHaveLength(1);
    expect((await list(b)).json.items).toHaveLength(1);
  });
});
