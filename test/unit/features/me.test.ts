import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler } from '../../../functions/me/handler';
import { employeeClaims, httpEvent, lambdaContext } from '../../support/events';

const ddb = mockClient(DynamoDBClient);
const stored = {
  PK: 'USER#u1',
  SK: 'PREFERENCES',
  userId: 'u1',
  language: 'ro',
  timeZone: 'Europe/Bucharest',
  version: 3,
  updatedAt: '2026-11-01T00:00:00.000Z',
  __edb_e__: 'userPreferences',
  __edb_v__: '1',
};

async function call(routeKey: string, body?: unknown) {
  const res = (await handler(
    httpEvent({
      routeKey,
      claims: employeeClaims('u1'),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, json: JSON.parse(res.body ?? 'null') as Record<string, any> };
}

beforeEach(() => ddb.reset());

describe('me feature', () => {
  it('GET /me gives identity from the token and default preferences when none are stored, in one read', async () => {
    ddb.on(GetCommand).resolves({});
    const r = await call('GET /me');
    expect(r).toEqual({
      status: 200,
      json: {
        sub: 'u1',
        email: 'u1@example.com',
        groups: ['employee'],
        preferences: { language: 'en', timeZone: 'UTC', version: 0, updatedAt: null },
      },
    });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'portal-unit',
      Key: { PK: 'USER#u1', SK: 'PREFERENCES' },
    });
    expect(ddb.calls()).toHaveLength(1);
  });

  it('first save creates version 1 only if nothing exists yet', async () => {
    ddb.on(PutCommand).resolves({});
    const r = await call('PATCH /me/preferences', { language: 'ro', version: 0 });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ language: 'ro', timeZone: 'UTC', version: 1 });
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.ConditionExpression).toMatch(/attribute_not_exists/);
    expect(put?.Item).toMatchObject({ PK: 'USER#u1', SK: 'PREFERENCES', version: 1, language: 'ro' });
  });

  it('an update is conditional on the version the client saw and bumps it', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, language: 'en', version: 4 } });
    const r = await call('PATCH /me/preferences', { language: 'en', version: 3 });
    expect(r.json).toMatchObject({ language: 'en', version: 4 });
    const upd = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(upd?.ConditionExpression).toMatch(/version/);
    expect(Object.values(upd?.ExpressionAttributeValues ?? {})).toEqual(expect.arrayContaining([3, 4, 'en']));
  });

  it('a stale version gets 409 with the current preferences', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: stored });
    const r = await call('PATCH /me/preferences', { language: 'en', version: 2 });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({
      code: 'CONFLICT',
      current: { language: 'ro', timeZone: 'Europe/Bucharest', version: 3 },
    });
  });

  it('bad input is refused before any write', async () => {
    for (const body of [
      { language: 'de', version: 1 },
      { timeZone: 'Mars/Olympus', version: 1 },
      { language: 'en' },
      { language: 'en', version: -1 },
      { language: 'en', version: 1, admin: true },
    ]) {
      const r = await call('PATCH /me/preferences', body);
      expect(r.status).toBe(400);
      expect(r.json.error.fields.length).toBeGreaterThan(0);
    }
    expect(ddb.calls()).toHaveLength(0);
  });
});
