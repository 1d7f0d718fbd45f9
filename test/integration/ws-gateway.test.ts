/** The local WebSocket gateway: authorizer, routing, limits and the @connections management API. */
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { itStack, signUpUser, wsConnect, type TestUser, type WsClient } from '../support/local-stack-client';

jest.setTimeout(30_000);

let user: TestUser;
const open: WsClient[] = [];
const connect = async (token?: string) => {
  const c = await wsConnect(token);
  open.push(c);
  return c;
};

const management = () =>
  new ApiGatewayManagementApiClient({
    endpoint: itStack().urls.wsManagement,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** The connection ids the realtime feature stored for a person ($connect writes them). */
async function connectionIds(sub: string): Promise<string[]> {
  const ddb = new DynamoDBClient({
    endpoint: itStack().urls.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const r = await ddb.send(
    new QueryCommand({
      TableName: itStack().tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :p',
      ExpressionAttributeValues: { ':p': { S: `USER#${sub}#CONNS` } },
    }),
  );
  ddb.destroy();
  return (r.Items ?? []).map((i) => i.connectionId?.S ?? '').filter(Boolean);
}

beforeAll(async () => {
  user = await signUpUser('employee');
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
});

it('refuses the upgrade without a token (401) and with a bad one', async () => {
  await expect(wsConnect()).rejects.toMatchObject({ status: 401 });
  await expect(wsConnect('not-a-token')).rejects.toMatchObject({ status: 401 });
});

it('accepts a signed-in person and answers ping with pong', async () => {
  const c = await connect(user.token);
  c.send({ action: 'ping', id: 'p1' });
  expect(await c.next((f) => f.type === 'pong')).toMatchObject({ type: 'pong', id: 'p1' });
});

it('answers an unknown action with an error frame', async () => {
  const c = await connect(user.token);
  c.send({ action: 'no-such-action' });
  expect(await c.next((f) => f.type === 'error')).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });
  c.send('not json');
  expect(await c.next((f) => f.error?.code === 'BAD_REQUEST')).toMatchObject({ error: { code: 'BAD_REQUEST' } });
});

it('closes with 1009 on a frame over 32 KB', async () => {
  const c = await connect(user.token);
  c.send(JSON.stringify({ action: 'ping', id: 'x'.repeat(40 * 1024) }));
  expect((await c.closed).code).toBe(1009);
});

it('management API: post, get and delete an open connection; 410 GoneException once closed', async () => {
  const fresh = await signUpUser('employee');
  const c = await connect(fresh.token);
  const [id] = await connectionIds(fresh.sub);
  expect(id).toBeTruthy();
  const client = management();

  await client.send(
    new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from(JSON.stringify({ type: 'hello' })) }),
  );
  expect(await c.next((f) => f.type === 'hello')).toEqual({ type: 'hello' });

  const info = await client.send(new GetConnectionCommand({ ConnectionId: id }));
  expect(info.ConnectedAt).toBeInstanceOf(Date);
  expect(info.LastActiveAt).toBeInstanceOf(Date);
  expect(info.Identity?.SourceIp).toBe('127.0.0.1');

  await client.send(new DeleteConnectionCommand({ ConnectionId: id }));
  await c.closed;

  const err = await client
    .send(new PostToConnectionCommand({ ConnectionId: id, Data: Buffer.from('{}') }))
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GoneException);
  expect((err as GoneException).$metadata.httpStatusCode).toBe(410);
  // $disconnect forgot the connection.
  for (let i = 0; i < 50 && (await connectionIds(fresh.sub)).length; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await connectionIds(fresh.sub)).toEqual([]);
  client.destroy();
});

it('a stage in the management endpoint is accepted as a path prefix', async () => {
  const client = new ApiGatewayManagementApiClient({
    endpoint: `${itStack().urls.wsManagement}/local`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  await expect(client.send(new GetConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=' }))).rejects.toBeInstanceOf(
    GoneException,
  );
  client.destroy();
});
