/** The bell and presence routes through their handlers, with DynamoDB mocked: the calls they make and the answers. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { BatchGetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler as notifications } from '../../../functions/notifications/handler';
import { handler as realtime } from '../../../functions/realtime/handler';
import { employeeClaims, httpEvent, lambdaContext } from '../../support/events';

process.env.WS_MANAGEMENT_ENDPOINT = 'http://ws.local';
const ddb = mockClient(DynamoDBClient);
const ws = mockClient(ApiGatewayManagementApiClient);
beforeEach(() => {
  ddb.reset();
  ws.reset();
});

async function call(
  h: typeof notifications,
  routeKey: string,
  opts: { body?: unknown; query?: Record<string, string> } = {},
) {
  const res = (await h(
    httpEvent({
      routeKey,
      claims: employeeClaims('me'),
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.query ? { query: opts.query } : {}),
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, json: JSON.parse(res.body || 'null') as Record<string, any> };
}

const ID1 = '01J00000000000000000000001';
const ID2 = '01J00000000000000000000002';

it('mark read: one transaction on my own items, then the new count and a frame to my sockets', async () => {
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(QueryCommand).callsFake((input: { Select?: string }) =>
    input.Select === 'COUNT'
      ? { Count: 4, Items: [] }
      : {
          Items: [
            {
              PK: 'CONN#c1',
              SK: 'CONN',
              GSI1PK: 'USER#me#CONNS',
              GSI1SK: 'x#c1',
              connectionId: 'c1',
              userId: 'me',
              connectedAt: 'x',
              expiresAt: 9_999_999_999,
              __edb_e__: 'connection',
              __edb_v__: '1',
            },
          ],
        },
  );
  ws.on(PostToConnectionCommand).resolves({});
  const r = await call(notifications, 'POST /notifications/read', { body: { ids: [ID1, ID2, ID1] } });
  expect(r).toEqual({ status: 200, json: { unread: 4 } });
  const tx = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
  expect(tx.map((t) => t.Update!.Key)).toEqual([
    { PK: 'USER#me', SK: `NOTIF#${ID1}` },
    { PK: 'USER#me', SK: `NOTIF#${ID2}` },
  ]);
  // Built by the notification entity: readAt kept if already set, the sparse unread keys removed, only if it exists.
  const update = tx[0]!.Update!;
  const named = (expr: string) => expr.replace(/#[A-Za-z0-9_]+/g, (n) => update.ExpressionAttributeNames![n] ?? n);
  expect(named(update.UpdateExpression ?? '')).toMatch(
    /^SET readAt = if_not_exists\(readAt, (:[a-zA-Z_0-9]+)\), .* REMOVE GSI1PK, GSI1SK$/,
  );
  const nowPlaceholder = /if_not_exists\(#readAt, (:[a-zA-Z_0-9]+)\)/.exec(update.UpdateExpression ?? '')![1]!;
  expect(Date.parse(String(update.ExpressionAttributeValues![nowPlaceholder]))).toBeGreaterThan(0);
  expect(named(update.ConditionExpression!)).toBe('attribute_exists(PK) AND attribute_exists(SK)');
  // The transaction, the unread count, my connections: nothing per id.
  expect(ddb.calls().map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name)).toEqual([
    'TransactWriteCommand',
    'QueryCommand',
    'QueryCommand',
  ]);
  const frame = JSON.parse(
    Buffer.from(ws.commandCalls(PostToConnectionCommand)[0]!.args[0].input.Data as Uint8Array).toString(),
  );
  expect(frame).toEqual({ type: 'notifications.read', ids: [ID1, ID2], unread: 4 });
});

it('mark read of an id that is not mine → 404 naming it (the transaction wrote nothing)', async () => {
  ddb.on(TransactWriteCommand).rejects(
    Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    }),
  );
  const r = await call(notifications, 'POST /notifications/read', { body: { ids: [ID1, ID2] } });
  expect(r.status).toBe(404);
  expect(r.json.error.message).toBe(`No such notification: ${ID2}`);
  expect(ws.commandCalls(PostToConnectionCommand)).toHaveLength(0);
});

it('GET /presence: my contacts read (my chats, my groups, one Query per group chat), then one BatchGetItem for those of the list who are contacts; the others are left out', async () => {
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const pk = input.ExpressionAttributeValues?.[':pk'];
    if (pk === 'USER#me#CHATS')
      return {
        Items: [
          { chatId: 'dm-1', kind: 'direct', peer: { userId: 'a' } },
          { chatId: 'general', kind: 'general' },
          { chatId: 'G1', kind: 'group' },
        ],
      };
    if (pk === 'CHAT#G1') return { Items: [{ userId: 'me' }, { userId: 'b' }] };
    if (pk === 'CHAT#general') throw new Error('General is never read: it would make everyone a contact');
    return { Items: [] };
  });
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: unknown[] }> }) => {
    const table = Object.keys(input.RequestItems)[0]!;
    return {
      Responses: {
        [table]: [
          {
            PK: 'USER#a',
            SK: 'PRESENCE',
            userId: 'a',
            lastSeenAt: '2026-01-01T00:00:00.000Z',
            'C#x': { s: 'away', x: 9_999_999_999 },
          },
        ],
      },
    };
  });
  const r = await call(realtime as typeof notifications, 'GET /presence', { query: { userIds: 'a,b,stranger,a' } });
  expect(r).toEqual({
    status: 200,
    json: {
      items: [
        { userId: 'a', state: 'away', lastSeenAt: '2026-01-01T00:00:00.000Z' },
        { userId: 'b', state: 'offline', lastSeenAt: null },
      ],
    },
  });
  expect(ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues![':pk'])).toEqual([
    'USER#me#CHATS',
    'USER#me#GROUPS',
    'CHAT#G1',
  ]);
  expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
  expect(Object.values(ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!)[0]!.Keys).toEqual([
    { PK: 'USER#a', SK: 'PRESENCE' },
    { PK: 'USER#b', SK: 'PRESENCE' },
  ]);
});

it("GET /presence of my direct chats' peers only: the two Queries of my chats and groups, no member lists read", async () => {
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) =>
    input.ExpressionAttributeValues?.[':pk'] === 'USER#me#CHATS'
      ? {
          Items: [
            { chatId: 'dm-1', kind: 'direct', peer: { userId: 'a' } },
            { chatId: 'G1', kind: 'group' },
          ],
        }
      : { Items: [] },
  );
  ddb.on(BatchGetCommand).resolves({ Responses: {} });
  const r = await call(realtime as typeof notifications, 'GET /presence', { query: { userIds: 'a' } });
  expect(r.json).toEqual({ items: [{ userId: 'a', state: 'offline', lastSeenAt: null }] });
  expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
});

it('GET /presence of nobody I share anything with: an empty answer, no presence item read', async () => {
  ddb.on(QueryCommand).resolves({ Items: [] });
  const r = await call(realtime as typeof notifications, 'GET /presence', { query: { userIds: 'x,y' } });
  expect(r).toEqual({ status: 200, json: { items: [] } });
  expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
});
