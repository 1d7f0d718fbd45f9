/** Presence through the local WebSocket gateway: $connect / $disconnect / the `presence` action, GET /presence, frames. */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { api, itStack, signUpUser, wsConnect, type TestUser, type WsClient } from '../support/local-stack-client';

jest.setTimeout(30_000);

const presenceOf = async (viewer: TestUser, ...ids: string[]) => {
  const r = await api(`/presence?userIds=${ids.join(',')}`, { token: viewer.token });
  expect(r.status).toBe(200);
  return Object.fromEntries(
    (r.json.items as { userId: string; state: string; lastSeenAt: string | null }[]).map((i) => [i.userId, i]),
  );
};
const isPresence = (userId: string, state: string) => (f: any) =>
  f?.type === 'presence' && f.userId === userId && f.state === state;
const named = async (u: TestUser, firstName: string) =>
  expect(
    (
      await api('/people/me/profile', {
        method: 'PATCH',
        token: u.token,
        body: { firstName, lastName: 'Presence', version: 0 },
      })
    ).status,
  ).toBe(200);
/** Two people who share a direct chat (presence is shown only between people who share a chat or a workgroup). */
async function acquainted(a: TestUser, b: TestUser): Promise<void> {
  await Promise.all([named(a, 'Ada'), named(b, 'Bob')]);
  expect((await api('/chats/direct', { token: a.token, body: { userId: b.sub } })).status).toBe(201);
}

it('online on connect, away when every socket is away, offline with a last-seen time after the last close; contacts connected are told', async () => {
  const [a, b] = await Promise.all([signUpUser('employee'), signUpUser('employee')]);
  await acquainted(a, b);
  expect((await presenceOf(b, a.sub, b.sub))[a.sub]).toEqual({ userId: a.sub, state: 'offline', lastSeenAt: null });

  const watcher = await wsConnect(b.token);
  const tab1 = await wsConnect(a.token);
  try {
    await watcher.next(isPresence(a.sub, 'online'), 10_000);
    expect((await presenceOf(b, a.sub))[a.sub]!.state).toBe('online');

    // A second tab, then both go away: away only when all live sockets are away.
    const tab2 = await wsConnect(a.token);
    await itStack().streamsIdle();
    tab1.send({ action: 'presence', state: 'away' });
    await itStack().streamsIdle();
    expect((await presenceOf(b, a.sub))[a.sub]!.state).toBe('online');
    tab2.send({ action: 'presence', state: 'away' });
    await watcher.next(isPresence(a.sub, 'away'), 10_000);
    expect((await presenceOf(b, a.sub))[a.sub]!.state).toBe('away');

    tab2.send({ action: 'presence', state: 'online' });
    await watcher.next(isPresence(a.sub, 'online'), 10_000);

    const before = Date.now();
    await tab2.close();
    await tab1.close();
    const offline = await watcher.next(isPresence(a.sub, 'offline'), 10_000);
    expect(Date.parse(offline.lastSeenAt)).toBeGreaterThanOrEqual(before - 1000);
    const view = (await presenceOf(b, a.sub))[a.sub]!;
    expect(view.state).toBe('offline');
    expect(Date.parse(view.lastSeenAt!)).toBeGreaterThanOrEqual(before - 1000);
  } finally {
    await tab1.close();
    await watcher.close();
  }
});

it('only people who share a chat (General does not count) or a workgroup with a person see their presence: frames and GET alike', async () => {
  const [emp, partner, stranger, friend] = await Promise.all([
    signUpUser('employee'),
    signUpUser('extranet'),
    signUpUser('employee'),
    signUpUser('employee'),
  ]);
  await Promise.all([named(emp, 'Eva'), named(partner, 'Paul'), named(stranger, 'Sam'), named(friend, 'Fay')]);
  expect((await api('/chats/direct', { token: friend.token, body: { userId: emp.sub } })).status).toBe(201);
  // Both employees are in General with emp (joined from their profiles by the stream).
  await itStack().streamsIdle();
  const watchers = await Promise.all([wsConnect(partner.token), wsConnect(stranger.token), wsConnect(friend.token)]);
  const [wPartner, wStranger, wFriend] = watchers;
  const aboutEmp = (f: any) => f?.type === 'presence' && f.userId === emp.sub;
  let tab: WsClient | undefined;
  try {
    tab = await wsConnect(emp.token);
    await wFriend!.next(isPresence(emp.sub, 'online'), 10_000);
    await itStack().streamsIdle();
    // Nothing shared (the stranger only General): no frame, and GET leaves emp out (not "offline": absent).
    expect(wPartner!.frames.filter(aboutEmp)).toEqual([]);
    expect(wStranger!.frames.filter(aboutEmp)).toEqual([]);
    expect(await presenceOf(partner, emp.sub)).toEqual({});
    expect(await presenceOf(stranger, emp.sub, stranger.sub)).toEqual({
      [stranger.sub]: expect.objectContaining({ state: 'online' }),
    });
    expect((await presenceOf(friend, emp.sub))[emp.sub]!.state).toBe('online');

    // A workgroup with the partner, a direct chat with the stranger: from now on both see emp, and emp them.
    const group = await api('/groups', {
      token: emp.token,
      body: { name: `Presence ${randomUUID().slice(0, 6)}`, memberIds: [] },
    });
    expect(group.status).toBe(201);
    const added = await api(`/groups/${group.json.groupId}/members`, {
      token: emp.token,
      body: { userIds: [partner.sub] },
    });
    expect(added.status).toBe(201);
    expect((await api('/chats/direct', { token: stranger.token, body: { userId: emp.sub } })).status).toBe(201);
    expect((await presenceOf(partner, emp.sub))[emp.sub]!.state).toBe('online');
    expect((await presenceOf(stranger, emp.sub))[emp.sub]!.state).toBe('online');
    expect((await presenceOf(emp, partner.sub))[partner.sub]!.state).toBe('online');
    tab.send({ action: 'presence', state: 'away' });
    await wPartner!.next(isPresence(emp.sub, 'away'), 10_000);
    await wStranger!.next(isPresence(emp.sub, 'away'), 10_000);
  } finally {
    await tab?.close();
    await Promise.all(watchers.map((w) => w.close()));
  }
});

it('a socket whose expiry passed without a $disconnect does not count as online', async () => {
  const [a, b] = await Promise.all([signUpUser('employee'), signUpUser('employee')]);
  await acquainted(a, b);
  const stack = itStack();
  const ddb = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.urls.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ddb.send(
    new PutItemCommand({
      TableName: stack.tableName,
      Item: {
        PK: { S: `USER#${a.sub}` },
        SK: { S: 'PRESENCE' },
        userId: { S: a.sub },
        lastSeenAt: { S: '2026-01-01T00:00:00.000Z' },
        'C#stale=': { M: { s: { S: 'online' }, x: { N: String(Math.floor(Date.now() / 1000) - 60) } } },
        __edb_e__: { S: 'presence' },
        __edb_v__: { S: '1' },
      },
    }),
  );
  ddb.destroy();
  expect((await presenceOf(b, a.sub))[a.sub]).toEqual({
    userId: a.sub,
    state: 'offline',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
  });
  // The next connect records the new socket and prunes the stale one.
  const c = await wsConnect(a.token);
  try {
    expect((await presenceOf(b, a.sub))[a.sub]!.state).toBe('online');
  } finally {
    await c.close();
  }
  await stack.streamsIdle();
  expect((await presenceOf(b, a.sub))[a.sub]!.state).toBe('offline');
});

it('refuses bad lists and bad actions with a clear error', async () => {
  const u = await signUpUser('employee');
  const bad = await api('/presence?userIds=ok-id,bad%20id', { token: u.token });
  expect(bad.status).toBe(400);
  expect(bad.json.error.fields[0].path).toMatch(/^query\.userIds/);
  const many = await api(`/presence?userIds=${Array.from({ length: 101 }, (_, i) => `u${i}`).join(',')}`, {
    token: u.token,
  });
  expect(many.status).toBe(400);
  expect(many.json.error.fields[0]).toEqual({ path: 'query.userIds', reason: 'at most 100 user ids' });
  expect((await api('/presence', { token: u.token })).status).toBe(400);
  expect((await api('/presence?userIds=x')).status).toBe(401);

  const c = await wsConnect(u.token);
  try {
    c.send({ action: 'presence', state: 'busy' });
    const err = await c.next((f) => f?.type === 'error');
    expect(err.error.code).toBe('VALIDATION_FAILED');
    expect(err.error.fields[0].path).toBe('state');
  } finally {
    await c.close();
  }
});
