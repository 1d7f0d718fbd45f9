import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2, DynamoDBStreamEvent } from 'aws-lambda';
import { handler } from '../../../functions/me/handler';
import { employeeClaims, httpEvent, lambdaContext } from '../../support/events';

const ddb = mockClient(DynamoDBClient);
process.env.BUCKET_NAME = 'portal-unit-drive'; // GET /me presigns the photo thumbnail
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
  it('GET /me gives identity from the token and default preferences when nothing is stored, in one read', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'portal-unit': [] } });
    const r = await call('GET /me');
    expect(r).toEqual({
      status: 200,
      json: {
        sub: 'u1',
        email: 'u1@example.com',
        groups: ['employee'],
        name: '',
        firstName: '',
        lastName: '',
        hasPhoto: false,
        photoUrl: null,
        companyName: null,
        preferences: { language: 'en', timeZone: 'UTC', version: 0, updatedAt: null },
      },
    });
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.['portal-unit']?.Keys).toEqual([
      { PK: 'USER#u1', SK: 'PREFERENCES' },
      { PK: 'USER#u1', SK: 'PROFILE' },
      { PK: 'PORTAL', SK: 'META' },
    ]);
    expect(ddb.calls()).toHaveLength(1);
  });

  it("GET /me: the person's name and photo, the company's name; unsaved preferences are the profile's", async () => {
    const profile = {
      PK: 'USER#u1',
      SK: 'PROFILE',
      userId: 'u1',
      email: 'u1@example.com',
      firstName: 'Ana',
      lastName: 'Popescu',
      photoKey: 'people/u1/photos/p1-full.webp',
      thumbnailKey: 'people/u1/photos/p1-thumb.webp',
      language: 'ro',
      timeZone: 'Europe/Bucharest',
      role: 'employee',
      status: 'active',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      version: 1,
      __edb_e__: 'profile',
      __edb_v__: '1',
    };
    const portal = {
      PK: 'PORTAL',
      SK: 'META',
      companyName: 'Acme Consulting SRL',
      portalName: 'acme',
      ownerId: 'u0',
      ownerEmail: 'owner@example.com',
      licenceVersion: '1',
      licenceAcceptedAt: '2026-11-01T00:00:00.000Z',
      licenceAcceptedBy: 'u0',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      version: 1,
      __edb_e__: 'portal',
      __edb_v__: '1',
    };
    ddb.on(BatchGetCommand).resolves({ Responses: { 'portal-unit': [portal, profile] } });
    const r = await call('GET /me');
    expect(r.json).toMatchObject({
      name: 'Ana Popescu',
      firstName: 'Ana',
      lastName: 'Popescu',
      hasPhoto: true,
      companyName: 'Acme Consulting SRL',
      preferences: { language: 'ro', timeZone: 'Europe/Bucharest', version: 0, updatedAt: null },
    });
    expect(r.json.photoUrl).toContain('people/u1/photos/p1-thumb.webp');
    // Saved preferences win over the profile's copy.
    const saved = { ...stored, language: 'en', timeZone: 'Europe/London' };
    ddb.on(BatchGetCommand).resolves({ Responses: { 'portal-unit': [portal, profile, saved] } });
    expect((await call('GET /me')).json.preferences).toMatchObject({
      language: 'en',
      timeZone: 'Europe/London',
      version: 3,
    });
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

describe('preferencesChanged (stream consumer)', () => {
  const record = (seq: number, version: number, language: 'en' | 'ro', timeZone: string) => ({
    eventSource: 'aws:dynamodb',
    eventName: version === 1 ? 'INSERT' : 'MODIFY',
    dynamodb: {
      SequenceNumber: String(seq),
      NewImage: marshall({ ...stored, language, timeZone, version }),
    },
  });

  /**
   * A table holding the preferences (at `current`) and the profile copy: a TransactWrite applies the
   * profile update only when the ConditionCheck's version is the stored one, as DynamoDB would.
   */
  function table(current: number) {
    const profile: Record<string, unknown> = { language: 'en', timeZone: 'UTC' };
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: Record<string, any>[] }) => {
      const check = input.TransactItems.find((i) => i.ConditionCheck)!.ConditionCheck;
      const update = input.TransactItems.find((i) => i.Update)!.Update;
      expect(check.Key).toEqual({ PK: 'USER#u1', SK: 'PREFERENCES' });
      expect(update.Key).toEqual({ PK: 'USER#u1', SK: 'PROFILE' });
      if (!Object.values(check.ExpressionAttributeValues as object).includes(current))
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        });
      for (const [, name, value] of (update.UpdateExpression as string).matchAll(/(#\w+) = (:\w+)/g))
        profile[update.ExpressionAttributeNames[name!]] = update.ExpressionAttributeValues[value!];
    });
    return profile;
  }

  it('mirrors only the current version onto the profile, whatever the order and however often records arrive', async () => {
    const profile = table(3);
    const records = [
      record(1, 1, 'ro', 'Europe/Bucharest'),
      record(2, 2, 'en', 'Europe/London'),
      record(3, 3, 'ro', 'Europe/Paris'),
    ];
    // Twice, newest first the second time: stale records come after the current one.
    for (const batch of [records, [...records].reverse()])
      await handler({ Records: batch } as unknown as DynamoDBStreamEvent, lambdaContext());
    expect(profile).toMatchObject({ language: 'ro', timeZone: 'Europe/Paris' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(6);
  });

  it('a person without a profile yet (still registering) is skipped, not retried', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    const r = await handler(
      { Records: [record(1, 1, 'ro', 'Europe/Bucharest')] } as unknown as DynamoDBStreamEvent,
      lambdaContext(),
    );
    expect(r).toEqual({ batchItemFailures: [] });
  });
});
