/**
 * Messenger policies and the send path with aws-sdk-client-mock: DynamoDB calls per send (1 Query of the
 * chat + members, 1 TransactWrite, 1 Query of connections — however many members), idempotent resend,
 * membership (404 and nothing written), 32 KB frames, stream consumer updates, presigned uploads.
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler } from '../../../functions/messenger/handler';
import { directChatId } from '../../../functions/messenger/chat-entity';
import { FRAME_LIMIT_BYTES, frameBytes, newMessageFrame } from '../../../functions/messenger/fanout';
import { applyNewMessage } from '../../../functions/messenger/message-stream';
import { belongsInGeneral } from '../../../functions/messenger/member-service';
import { presignedPut } from '../../../functions/messenger/attachment-store';
import { canOf } from '../../../functions/messenger/views';
import { CHAT_ID_RE, type MessageView } from '../../../shared/messenger/contract';
import { adminClaims, employeeClaims, httpEvent, lambdaContext } from '../../support/events';

process.env.BUCKET_NAME = 'unit-bucket';

const ddb = mockClient(DynamoDBClient);
const ws = mockClient(ApiGatewayManagementApiClient);
const CHAT = '01JCHAT000000000000000000A';

const chatItem = (over: Record<string, unknown> = {}) => ({
  PK: `CHAT#${CHAT}`,
  SK: 'CHAT',
  chatId: CHAT,
  kind: 'group',
  title: 'Team',
  ownerId: 'u1',
  memberCount: 3,
  pins: {},
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  __edb_e__: 'chat',
  __edb_v__: '1',
  ...over,
});
const memberItem = (userId: string) => ({
  PK: `CHAT#${CHAT}`,
  SK: `MEMBER#${userId}`,
  chatId: CHAT,
  userId,
  role: userId === 'u1' ? 'owner' : 'member',
  joinedAt: '2026-01-01T00:00:00.000Z',
  lastReadMessageId: '',
  unread: 0,
  firstName: userId,
  lastName: 'X',
  hasPhoto: false,
  kind: 'group',
  title: 'Team',
  memberCount: 3,
  lastMessageId: '',
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  __edb_e__: 'chatMember',
  __edb_v__: '1',
});
const conn = (userId: string, id: string) => ({
  PK: `CONN#${id}`,
  SK: 'CONN',
  GSI2PK: 'CONNS',
  GSI2SK: `${userId}#${id}`,
  connectionId: id,
  userId,
  connectedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
  __edb_e__: 'connection',
  __edb_v__: '1',
});

async function call(
  routeKey: string,
  opts: { body?: unknown; params?: Record<string, string>; claims?: Record<string, string> } = {},
) {
  const res = (await handler(
    httpEvent({
      routeKey,
      claims: opts.claims ?? employeeClaims('u1'),
      pathParameters: opts.params,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, json: JSON.parse(res.body || 'null') as Record<string, any> };
}

/** An UpdateItem's expressions with its placeholders filled in (`#x` → name, `:v` → JSON value), to read as DynamoDB will. */
function readable(input: {
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}): { update: string; condition: string } {
  const fill = (expr = '') =>
    expr
      .replace(/#[A-Za-z0-9_]+/g, (n) => input.ExpressionAttributeNames?.[n] ?? n)
      .replace(/:[A-Za-z0-9_]+/g, (v) =>
        v in (input.ExpressionAttributeValues ?? {}) ? JSON.stringify(input.ExpressionAttributeValues![v]) : v,
      );
  return { update: fill(input.UpdateExpression), condition: fill(input.ConditionExpression) };
}

const callNames = () => ddb.calls().map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name);

beforeEach(() => {
  ddb.reset();
  ws.reset();
  ws.on(PostToConnectionCommand).resolves({});
});

describe('send path', () => {
  const members = (n: number) =>
    ['u1', 'u2', 'u3', ...Array.from({ length: n - 3 }, (_, i) => `m${i}`)].map(memberItem);

  it.each([3, 50])(
    'costs 1 Query + 1 TransactWrite + 1 Query of connections with %i members, and reaches every member socket',
    async (n) => {
      ddb
        .on(QueryCommand, { IndexName: 'GSI2' })
        .resolves({ Items: [conn('u1', 'c-a'), conn('u2', 'c-b'), conn('u2', 'c-b2'), conn('outsider', 'c-x')] });
      ddb
        .on(QueryCommand, { KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b' })
        .resolves({ Items: [chatItem({ memberCount: n }), ...members(n)] });
      ddb.on(TransactWriteCommand).resolves({});
      const r = await call('POST /chats/{chatId}/messages', {
        params: { chatId: CHAT },
        body: { clientMessageId: 'client-0001', text: 'hello @u2', mentions: ['u2', 'outsider'] },
      });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({
        chatId: CHAT,
        authorId: 'u1',
        text: 'hello @u2',
        mentions: ['u2'],
        version: 1,
        reactions: {},
      });
      expect(callNames().sort()).toEqual(['QueryCommand', 'QueryCommand', 'TransactWriteCommand']);
      const tx = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
      expect(tx).toHaveLength(2);
      expect(tx[0]!.Put).toMatchObject({
        ConditionExpression: 'attribute_not_exists(#PK) AND attribute_not_exists(#SK)',
        Item: { PK: `CHAT#${CHAT}`, SK: `MSG#${r.json.messageId}`, reactions: {} },
      });
      expect(tx[1]!.Put).toMatchObject({
        ConditionExpression: 'attribute_not_exists(#PK) AND attribute_not_exists(#SK)',
        Item: { SK: 'SEND#u1#client-0001', messageId: r.json.messageId },
      });
      // The sender's own socket and both of u2's; never the outsider's.
      const posted = ws
        .commandCalls(PostToConnectionCommand)
        .map((c) => c.args[0].input.ConnectionId)
        .sort();
      expect(posted).toEqual(['c-a', 'c-b', 'c-b2']);
      const frame = JSON.parse(
        Buffer.from(ws.commandCalls(PostToConnectionCommand)[0]!.args[0].input.Data as Uint8Array).toString(),
      );
      expect(frame).toMatchObject({ type: 'message.new', chatId: CHAT, message: { messageId: r.json.messageId } });
    },
  );

  it('a repeated clientMessageId answers 200 with the stored message (from the send record’s old image)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [chatItem(), memberItem('u1'), memberItem('u2')] });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'ConditionalCheckFailed' },
          { Code: 'ConditionalCheckFailed', Item: { messageId: { S: '01JMSG00000000000000000000' } } },
        ],
      }),
    );
    const stored = {
      ...chatItem(),
      SK: 'MSG#01JMSG00000000000000000000',
      messageId: '01JMSG00000000000000000000',
      authorId: 'u1',
      clientMessageId: 'client-0001',
      text: 'hello',
      mentions: [],
      attachments: [],
      reactions: {},
      version: 1,
      __edb_e__: 'message',
    };
    ddb.on(GetCommand).resolves({ Item: stored });
    const r = await call('POST /chats/{chatId}/messages', {
      params: { chatId: CHAT },
      body: { clientMessageId: 'client-0001', text: 'hello' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ messageId: '01JMSG00000000000000000000', text: 'hello' });
    expect(ws.commandCalls(PostToConnectionCommand)).toHaveLength(0);
  });

  it('a non-member gets the same 404 as for a chat that does not exist, and nothing is written', async () => {
    ddb.on(QueryCommand).resolves({ Items: [chatItem(), memberItem('u2'), memberItem('u3')] });
    const r = await call('POST /chats/{chatId}/messages', {
      params: { chatId: CHAT },
      body: { clientMessageId: 'client-0001', text: 'hi' },
    });
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
    const none = await call('POST /chats/{chatId}/messages', {
      params: { chatId: CHAT },
      body: { clientMessageId: 'client-0001', text: 'hi' },
    });
    expect(r).toEqual({ status: 404, json: { error: { ...none.json.error, requestId: r.json.error.requestId } } });
    expect(r.json.error.message).toBe('Chat not found');
  });

  it('bad input is refused before any DynamoDB call, naming the field', async () => {
    for (const [body, field] of [
      [{ clientMessageId: 'client-0001', text: '  ' }, 'text'],
      [{ clientMessageId: 'client-0001' }, 'text'],
      [{ clientMessageId: 'x', text: 'a' }, 'clientMessageId'],
      [{ clientMessageId: 'client-0001', text: 'a', replyTo: 'nope' }, 'replyTo'],
      [{ clientMessageId: 'client-0001', text: 'a\u0007' }, 'text'],
    ] as const) {
      const r = await call('POST /chats/{chatId}/messages', { params: { chatId: CHAT }, body });
      expect(r.status).toBe(400);
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a gone socket is deleted during the fan-out; the others still get the frame', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI2' }).resolves({ Items: [conn('u2', 'alive'), conn('u2', 'dead')] });
    ddb
      .on(QueryCommand, { KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b' })
      .resolves({ Items: [chatItem(), memberItem('u1'), memberItem('u2')] });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    ws.on(PostToConnectionCommand, { ConnectionId: 'dead' }).rejects(
      new GoneException({ message: 'gone', $metadata: {} }),
    );
    const r = await call('POST /chats/{chatId}/messages', {
      params: { chatId: CHAT },
      body: { clientMessageId: 'client-0002', text: 'x' },
    });
    expect(r.status).toBe(201);
    expect(ddb.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)).toEqual([{ PK: 'CONN#dead', SK: 'CONN' }]);
  });
});

describe('edits', () => {
  it('a stale version gets 409 with the current message; a foreign message 403', async () => {
    ddb.on(QueryCommand).resolves({ Items: [chatItem(), memberItem('u1'), memberItem('u2')] });
    // a new error per call, as the SDK throws (ElectroDB annotates the error it is given)
    ddb
      .on(UpdateCommand)
      .callsFake(() =>
        Promise.reject(
          Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }),
        ),
      );
    const msg = {
      PK: `CHAT#${CHAT}`,
      SK: 'MSG#01JMSG00000000000000000000',
      chatId: CHAT,
      messageId: '01JMSG00000000000000000000',
      authorId: 'u1',
      clientMessageId: 'c-00000001',
      text: 'now',
      mentions: [],
      attachments: [],
      reactions: {},
      version: 3,
      createdAt: 'x',
    };
    ddb.on(GetCommand).resolves({ Item: msg });
    const params = { chatId: CHAT, messageId: '01JMSG00000000000000000000' };
    const stale = await call('PATCH /chats/{chatId}/messages/{messageId}', {
      params,
      body: { text: 'late', version: 2 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current).toMatchObject({ text: 'now', version: 3 });
    const upd = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(readable(upd).condition).toMatch(/authorId = "[^"]+" AND version = 2 AND attribute_not_exists\(deletedAt\)/);
    ddb.on(GetCommand).resolves({ Item: { ...msg, authorId: 'u2' } });
    expect(
      (await call('PATCH /chats/{chatId}/messages/{messageId}', { params, body: { text: 'x', version: 3 } })).status,
    ).toBe(403);
  });
});

describe('policies', () => {
  it('direct chat ids are symmetric, distinct per pair and valid chat ids', () => {
    const ab = directChatId('alice-1', 'bob-2');
    expect(ab).toBe(directChatId('bob-2', 'alice-1'));
    expect(ab).not.toBe(directChatId('alice-1', 'carol-3'));
    expect(ab).toMatch(CHAT_ID_RE);
  });

  it('rights: owner/admin manage groups; General only renamable by admins; nobody leaves a direct chat', () => {
    const viewer = (sub: string, isAdmin = false) => ({ sub, email: '', groups: [], isAdmin, isExtranet: false });
    const group = {
      chatId: CHAT,
      kind: 'group',
      title: 't',
      ownerId: 'u1',
      memberCount: 2,
      pins: {},
      version: 1,
      createdAt: '',
      updatedAt: '',
    } as const;
    expect(canOf(group, viewer('u1'))).toEqual({ rename: true, manageMembers: true, leave: true });
    expect(canOf(group, viewer('u2'))).toEqual({ rename: false, manageMembers: false, leave: true });
    expect(canOf(group, viewer('u2', true))).toEqual({ rename: true, manageMembers: true, leave: true });
    expect(canOf({ ...group, kind: 'general', ownerId: undefined }, viewer('u2'))).toEqual({
      rename: false,
      manageMembers: false,
      leave: false,
    });
    expect(canOf({ ...group, kind: 'general' }, viewer('u2', true)).rename).toBe(true);
    expect(canOf({ ...group, kind: 'direct' }, viewer('u1'))).toEqual({
      rename: false,
      manageMembers: false,
      leave: false,
    });
  });

  it('General chat: active employees and admins, not extranet partners or deactivated people', () => {
    expect(belongsInGeneral({ status: 'active', role: 'employee' })).toBe(true);
    expect(belongsInGeneral({ status: 'active', role: 'admin' })).toBe(true);
    expect(belongsInGeneral({ status: 'active', role: 'extranet' })).toBe(false);
    expect(belongsInGeneral({ status: 'deactivated', role: 'employee' })).toBe(false);
  });

  it('General cannot be left (409) and only admins/owners remove people', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [chatItem({ chatId: 'general', kind: 'general', ownerId: undefined }), memberItem('u1'), memberItem('u2')],
    });
    const r = await call('DELETE /chats/{chatId}/members/{userId}', { params: { chatId: 'general', userId: 'u1' } });
    expect(r.status).toBe(409);
    expect(r.json.error.message).toMatch(/cannot be left/);
    const adminTry = await call('DELETE /chats/{chatId}/members/{userId}', {
      params: { chatId: 'general', userId: 'u2' },
      claims: { ...adminClaims('u1') },
    });
    expect(adminTry.status).toBe(409);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('frames', () => {
  const view = (text: string): MessageView => ({
    messageId: '01JMSG00000000000000000000',
    chatId: CHAT,
    authorId: 'u1',
    clientMessageId: 'c-00000001',
    text,
    mentions: [],
    replyTo: null,
    forwardedFrom: null,
    attachments: Array.from({ length: 10 }, (_, i) => ({
      fileId: `01JFILE000000000000000000${i}`,
      name: '€'.repeat(255),
      size: 1,
      contentType: 'text/plain',
    })),
    reactions: {},
    createdAt: '',
    editedAt: null,
    deletedAt: null,
    version: 1,
  });

  it('stay under 32 KB: a big message is pushed with truncated text and truncated: true', () => {
    const small = newMessageFrame(view('hello'));
    expect(small).not.toHaveProperty('truncated');
    const big = newMessageFrame(view('€'.repeat(10_000)));
    expect(big).toMatchObject({ type: 'message.new', truncated: true });
    expect((big as { message: MessageView }).message.text).toHaveLength(4000);
    expect(frameBytes(big)).toBeLessThan(FRAME_LIMIT_BYTES);
  });
});

describe('message stream consumer', () => {
  it('others: ADD unread only while unread after their read position, unread + digest keys; author: read; system: no count', async () => {
    ddb.on(UpdateCommand).resolves({});
    const m = {
      chatId: CHAT,
      messageId: '01JMSG00000000000000000005',
      authorId: 'u1',
      clientMessageId: 'c',
      text: 'hi',
      mentions: [],
      attachments: [],
      reactions: {},
      createdAt: '2026-02-01T10:00:00.000Z',
      version: 1,
    };
    const members = ['u1', 'u2'].map((u) => memberItem(u) as never);
    await applyNewMessage(m as never, members, Date.parse('2026-02-01T10:00:00.000Z'));
    const byUser = new Map(
      ddb.commandCalls(UpdateCommand).map((c) => [String(c.args[0].input.Key!.SK), c.args[0].input]),
    );
    const other = readable(byUser.get('MEMBER#u2')!);
    expect(other.update).toMatch(/ADD unread 1$/);
    expect(other.condition).toMatch(/lastReadMessageId < "01JMSG00000000000000000005"/);
    expect(other.update).toContain('GSI2PK = "USER#u2#UNREAD"');
    expect(other.update).toContain('GSI3PK = if_not_exists(GSI3PK, "DIGEST")');
    expect(other.update).toContain(`GSI3SK = if_not_exists(GSI3SK, "2026-02-01T10:10:00.000Z#u2#${CHAT}")`);
    expect(other.update).toContain(`GSI1SK = "2026-02-01T10:00:00.000Z#${CHAT}"`);
    const author = readable(byUser.get('MEMBER#u1')!);
    expect(author.update).toContain('lastReadMessageId = "01JMSG00000000000000000005"');
    expect(author.update).toMatch(/REMOVE GSI2PK, GSI2SK, GSI3PK, GSI3SK$/);
    expect(author.update).not.toMatch(/ADD unread/);

    ddb.reset();
    ddb.on(UpdateCommand).resolves({});
    await applyNewMessage({ ...m, system: { event: 'joined', actorId: 'u1' } } as never, members);
    expect(ddb.commandCalls(UpdateCommand).every((c) => !/unread/.test(readable(c.args[0].input).update))).toBe(true);
  });
});

describe('attachments', () => {
  it('the presigned PUT binds content type and length in its signature', async () => {
    const url = new URL(await presignedPut('chats/x/01JFILE', 'application/pdf', 1234));
    expect(url.pathname).toContain('chats/x/01JFILE');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBe(300);
  });
});
