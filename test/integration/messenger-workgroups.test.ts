/**
 * The chat of a workgroup and the General backfill, through the local gateways with real `ws` clients:
 * the chat exists when the group is created (owner + members), joining / leaving / removal / extranet
 * members of the GROUP move people in and out of the CHAT (driven by the table's stream, not by the
 * workgroups feature), a non-member can neither read nor send, the chat's members cannot be managed from
 * the messenger, renaming the group renames the chat, a group whose chat never existed gets it when a
 * member opens it; a person missing from General joins it when they list their chats.
 */
import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { ChatDetail, ChatSummary, MessageView, MessengerFrame, Page } from '../../shared/messenger/contract';
import { workgroupChatId } from '../../shared/messenger/contract';
import type { GroupDetail } from '../../shared/workgroups/contract';
import { api, itStack, signUpUser, wsConnect, type TestUser, type WsClient } from '../support/local-stack-client';

jest.setTimeout(90_000);

let owner: TestUser, member: TestUser, outsider: TestUser, ext: TestUser, admin: TestUser;
const sockets: WsClient[] = [];
const ddb = () =>
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint: itStack().urls.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
const table = () => itStack().tableName;

const profile = async (u: TestUser, firstName: string) =>
  expect(
    (
      await api('/people/me/profile', {
        method: 'PATCH',
        token: u.token,
        body: { firstName, lastName: 'Wg', version: 0 },
      })
    ).status,
  ).toBe(200);

async function connect(u: TestUser): Promise<WsClient> {
  const s = await wsConnect(u.token);
  sockets.push(s);
  return s;
}

const send = (u: TestUser, chatId: string, text: string) =>
  api<MessageView & { error?: { message: string } }>(`/chats/${chatId}/messages`, {
    method: 'POST',
    token: u.token,
    body: { clientMessageId: randomUUID(), text },
  });
const chatOf = (u: TestUser, chatId: string) => api<ChatDetail>(`/chats/${chatId}`, { token: u.token });
const membersOf = async (chatId: string, as: TestUser) =>
  (await chatOf(as, chatId)).json.members.map((m) => m.userId).sort();
const isNew =
  (chatId: string, pred: (m: MessageView) => boolean = () => true) =>
  (f: MessengerFrame) =>
    f.type === 'message.new' && f.chatId === chatId && pred(f.message);

beforeAll(async () => {
  [owner, member, outsider, ext, admin] = await Promise.all([
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('extranet'),
    signUpUser('admin'),
  ]);
  await Promise.all([
    profile(owner, 'Olga'),
    profile(member, 'Mihai'),
    profile(outsider, 'Ovidiu'),
    profile(ext, 'Ext'),
    profile(admin, 'Ana'),
  ]);
  await itStack().streamsIdle();
}, 60_000);

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
});

describe('workgroup chat follows the group', () => {
  let group: GroupDetail;
  let chatId: string;
  let wo: WsClient, wm: WsClient, wx: WsClient, we: WsClient;

  beforeAll(async () => {
    [wo, wm, wx, we] = await Promise.all([connect(owner), connect(member), connect(outsider), connect(ext)]);
    const r = await api<GroupDetail>('/groups', {
      method: 'POST',
      token: owner.token,
      body: { name: `Rollout ${randomUUID().slice(0, 6)}`, memberIds: [member.sub] },
    });
    expect(r.status).toBe(201);
    group = r.json;
    chatId = workgroupChatId(group.groupId);
    await itStack().streamsIdle();
  });

  it('exists once the group is created: owner and members are in it, both were told live', async () => {
    const added = await wm.next((f) => f.type === 'chat.added' && f.chatId === chatId);
    expect(added.chat).toMatchObject({ kind: 'workgroup', title: group.name, memberCount: 2 });
    await wo.next((f) => f.type === 'chat.added' && f.chatId === chatId);
    const c = await chatOf(owner, chatId);
    expect(c.status).toBe(200);
    expect(c.json).toMatchObject({
      kind: 'workgroup',
      title: group.name,
      ownerId: owner.sub,
      can: { rename: false, manageMembers: false, leave: false },
    });
    expect(c.json.members.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [owner.sub, 'owner'],
        [member.sub, 'member'],
      ].sort(),
    );
    const list = await api<Page<ChatSummary>>('/chats', { token: member.token });
    expect(list.json.items.find((x) => x.chatId === chatId)).toMatchObject({ kind: 'workgroup', title: group.name });
    // one "created" line, not one per member
    const history = await api<Page<MessageView>>(`/chats/${chatId}/messages`, { token: member.token });
    expect(history.json.items.map((m) => m.system?.event)).toEqual(['created']);
  });

  it('members talk live; a non-member cannot read, send, or learn the chat exists (same 404 as no chat)', async () => {
    const sent = await send(member, chatId, 'hello group');
    expect(sent.status).toBe(201);
    expect((await wo.next(isNew(chatId, (m) => m.text === 'hello group'))).message.authorId).toBe(member.sub);
    const unknown = await api<{ error: { message: string } }>(
      `/chats/${workgroupChatId('01HZZZZZZZZZZZZZZZZZZZZZZZ')}`,
      { token: outsider.token },
    );
    for (const r of [
      await chatOf(outsider, chatId),
      await api(`/chats/${chatId}/messages`, { token: outsider.token }),
      await send(outsider, chatId, 'let me in'),
      await api(`/chats/${chatId}/read`, {
        method: 'POST',
        token: outsider.token,
        body: { messageId: sent.json.messageId },
      }),
    ]) {
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ error: { message: unknown.json.error.message } });
    }
    expect(unknown.status).toBe(404);
    await expect(wx.next(isNew(chatId), 500)).rejects.toThrow();
  });

  it('members are managed by the group only: add / remove / leave / rename in the messenger answer 409', async () => {
    const add = await api(`/chats/${chatId}/members`, {
      method: 'POST',
      token: owner.token,
      body: { userIds: [outsider.sub] },
    });
    expect(add.status).toBe(409);
    expect(add.json.error.message).toMatch(/workgroup/);
    expect((await api(`/chats/${chatId}/members/${member.sub}`, { method: 'DELETE', token: owner.token })).status).toBe(
      409,
    );
    expect(
      (await api(`/chats/${chatId}/members/${member.sub}`, { method: 'DELETE', token: member.token })).status,
    ).toBe(409);
    expect(
      (await api(`/chats/${chatId}`, { method: 'PATCH', token: admin.token, body: { title: 'x', version: 1 } })).status,
    ).toBe(404);
    expect(
      (await api(`/chats/${chatId}`, { method: 'PATCH', token: owner.token, body: { title: 'x', version: 1 } })).status,
    ).toBe(409);
    expect(await membersOf(chatId, owner)).toEqual([owner.sub, member.sub].sort());
  });

  it('joining the group (open) puts the person in the chat: they are told, the members see "joined"', async () => {
    expect((await api(`/groups/${group.groupId}/join`, { method: 'POST', token: outsider.token })).json).toEqual({
      status: 'joined',
    });
    await itStack().streamsIdle();
    const added = await wx.next((f) => f.type === 'chat.added' && f.chatId === chatId);
    expect(added.chat.memberCount).toBe(3);
    const joined = await wo.next(isNew(chatId, (m) => m.system?.event === 'joined'));
    expect(joined.message.authorId).toBe(outsider.sub);
    expect(await membersOf(chatId, outsider)).toEqual([owner.sub, member.sub, outsider.sub].sort());
    // history from before they joined is readable (the group's chat is the group's record)
    const history = await api<Page<MessageView>>(`/chats/${chatId}/messages`, { token: outsider.token });
    expect(history.json.items.map((m) => m.text)).toContain('hello group');
  });

  it('an extranet person added to the group is in its chat and can write to it', async () => {
    const r = await api(`/groups/${group.groupId}/members`, {
      method: 'POST',
      token: owner.token,
      body: { userIds: [ext.sub] },
    });
    expect(r.status).toBe(201);
    await itStack().streamsIdle();
    await we.next((f) => f.type === 'chat.added' && f.chatId === chatId);
    const sent = await send(ext, chatId, 'partner here');
    expect(sent.status).toBe(201);
    await wm.next(isNew(chatId, (m) => m.text === 'partner here'));
    // an extranet person sees this chat only, and no General
    const list = await api<Page<ChatSummary>>('/chats', { token: ext.token });
    expect(list.json.items.map((x) => x.chatId)).toEqual([chatId]);
  });

  it('leaving / being removed from the group takes the person out of the chat: told live, then 404', async () => {
    expect(
      (await api(`/groups/${group.groupId}/members/${member.sub}`, { method: 'DELETE', token: member.token })).status,
    ).toBe(204);
    expect(
      (await api(`/groups/${group.groupId}/members/${ext.sub}`, { method: 'DELETE', token: owner.token })).status,
    ).toBe(204);
    await itStack().streamsIdle();
    await wm.next((f) => f.type === 'chat.removed' && f.chatId === chatId);
    await we.next((f) => f.type === 'chat.removed' && f.chatId === chatId);
    expect((await chatOf(member, chatId)).status).toBe(404);
    expect((await send(member, chatId, 'still here?')).status).toBe(404);
    expect((await send(ext, chatId, 'still here?')).status).toBe(404);
    expect(await membersOf(chatId, owner)).toEqual([owner.sub, outsider.sub].sort());
    const c = await chatOf(owner, chatId);
    expect(c.json.members).toHaveLength(2);
    const list = await api<Page<ChatSummary>>('/chats', { token: member.token });
    expect(list.json.items.map((x) => x.chatId)).not.toContain(chatId);
    const left = await api<Page<MessageView>>(`/chats/${chatId}/messages?limit=2`, { token: owner.token });
    expect(left.json.items.map((m) => [m.system?.event, m.authorId]).sort()).toEqual(
      [
        ['left', member.sub],
        ['left', ext.sub],
      ].sort(),
    );
  });

  it('renaming the group renames its chat; a new group owner becomes the chat owner', async () => {
    const g = (await api<GroupDetail>(`/groups/${group.groupId}`, { token: owner.token })).json;
    const name = `Renamed ${randomUUID().slice(0, 6)}`;
    expect(
      (
        await api(`/groups/${group.groupId}`, {
          method: 'PATCH',
          token: owner.token,
          body: { name, version: g.version },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api(`/groups/${group.groupId}/members/${outsider.sub}`, {
          method: 'PATCH',
          token: owner.token,
          body: { role: 'owner' },
        })
      ).status,
    ).toBe(200);
    await itStack().streamsIdle();
    const c = await chatOf(owner, chatId);
    expect(c.json).toMatchObject({ title: name, ownerId: outsider.sub });
    expect(Object.fromEntries(c.json.members.map((m) => [m.userId, m.role]))).toEqual({
      [owner.sub]: 'member',
      [outsider.sub]: 'owner',
    });
    const list = await api<Page<ChatSummary>>('/chats', { token: owner.token });
    expect(list.json.items.find((x) => x.chatId === chatId)?.title).toBe(name);
  });
});

describe('backfill', () => {
  it('a group whose chat was never made gets it when a member opens it; a non-member still gets 404', async () => {
    const r = await api<GroupDetail>('/groups', {
      method: 'POST',
      token: owner.token,
      body: { name: `Old group ${randomUUID().slice(0, 6)}`, memberIds: [member.sub], visibility: 'closed' },
    });
    const groupId = r.json.groupId;
    const chatId = workgroupChatId(groupId);
    await itStack().streamsIdle();
    // as if the group predated the messenger: its chat and memberships are not there
    const rows = await ddb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: `CHAT#${chatId}` } },
      }),
    );
    for (const row of rows.Items ?? [])
      await ddb().send(new DeleteItemCommand({ TableName: table(), Key: { PK: row.PK!, SK: row.SK! } }));
    expect((await api(`/chats/${chatId}/messages`, { token: member.token })).status).toBe(404);

    expect((await chatOf(outsider, chatId)).status).toBe(404);
    const opened = await chatOf(member, chatId);
    expect(opened.status).toBe(200);
    expect(opened.json.members.map((m) => m.userId).sort()).toEqual([owner.sub, member.sub].sort());
    expect((await send(owner, chatId, 'we have a chat now')).status).toBe(201);
    const outsiderRead = await chatOf(outsider, chatId);
    expect(outsiderRead.status).toBe(404);
  });

  it('an active employee missing from General (profile older than the messenger) joins it when listing chats; idempotent', async () => {
    const late = await signUpUser('employee');
    await profile(late, 'Late');
    await itStack().streamsIdle();
    expect((await chatOf(late, 'general')).status).toBe(200);
    const key = { PK: { S: 'CHAT#general' }, SK: { S: `MEMBER#${late.sub}` } };
    await ddb().send(new DeleteItemCommand({ TableName: table(), Key: key }));
    expect((await chatOf(late, 'general')).status).toBe(404);

    const [first, second] = await Promise.all([
      api<Page<ChatSummary>>('/chats', { token: late.token }),
      api<Page<ChatSummary>>('/chats', { token: late.token }),
    ]);
    for (const page of [first, second]) {
      expect(page.status).toBe(200);
      expect(page.json.items.map((c) => c.chatId)).toContain('general');
    }
    const row = await ddb().send(new GetItemCommand({ TableName: table(), Key: key }));
    expect(row.Item?.role?.S).toBe('member');
    const general = await chatOf(late, 'general');
    expect(general.json.members.filter((m) => m.userId === late.sub)).toHaveLength(1);
    // one "joined" line at sign-up and exactly one more from the backfill, whichever of the two lists added them
    const history = await api<Page<MessageView>>('/chats/general/messages?limit=100', { token: late.token });
    expect(history.json.items.filter((m) => m.system?.event === 'joined' && m.authorId === late.sub)).toHaveLength(2);
    // and listing again adds nothing
    await api('/chats', { token: late.token });
    const again = await api<Page<MessageView>>('/chats/general/messages?limit=100', { token: late.token });
    expect(again.json.items.filter((m) => m.system?.event === 'joined' && m.authorId === late.sub)).toHaveLength(2);
  });

  it('extranet people are never put into General by the backfill', async () => {
    const list = await api<Page<ChatSummary>>('/chats', { token: ext.token });
    expect(list.status).toBe(200);
    expect(list.json.items.map((c) => c.chatId)).not.toContain('general');
    expect((await chatOf(ext, 'general')).status).toBe(404);
  });
});
