import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayRequestAuthorizerEvent, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { defineFeature } from '../../../shared/manifest/types';
import { createFeatureHandler, type StreamChange } from '../../../shared/runtime/feature-handler';
import { lambdaContext, wsEvent } from '../../support/events';

jest.mock('../../../shared/auth/jwt', () => ({
  verifyIdToken: jest.fn(async (token?: string) =>
    token === 'good' ? { sub: 'u1', email: 'u1@example.com', 'cognito:groups': ['employee'] } : null,
  ),
}));

const wsMock = mockClient(ApiGatewayManagementApiClient);
const seen: { route: string; body?: unknown; user?: string }[] = [];
const streamed: Record<string, StreamChange[]> = { a: [], b: [] };
let failB = false;
let failA = false;
let ran = '';

const feature = defineFeature({
  feature: 'unit-events',
  grants: [],
  wsAuthorizer: true,
  ws: {
    connect: { route: '$connect', access: 'user', summary: 'c' },
    say: {
      route: 'say',
      access: 'user',
      summary: 's',
      body: z.object({ action: z.literal('say'), text: z.string().min(1).max(10) }),
    },
    staffOnly: { route: 'staff', access: 'employee', summary: 'e' },
    fallback: { route: '$default', access: 'user', summary: 'd' },
  },
  streams: {
    a: { entities: ['task'], events: ['INSERT'], summary: 'a' },
    b: { entities: ['task', 'comment'], summary: 'b' },
  },
  schedules: { nightly: { everyMinutes: 1440, summary: 'n' } },
});

const handler = createFeatureHandler(feature, {
  ws: {
    connect: async ({ user }) => void seen.push({ route: '$connect', user: user.sub }),
    say: async ({ body, send }) => {
      seen.push({ route: 'say', body });
      await send({ echo: body.text });
    },
    staffOnly: async () => void seen.push({ route: 'staff' }),
    fallback: async ({ body }) => void seen.push({ route: '$default', body }),
  },
  streams: {
    a: async (changes) => {
      if (failA) throw new Error('downstream down');
      streamed.a!.push(...changes);
    },
    b: async (changes) => {
      if (failB) throw new Error('downstream down');
      streamed.b!.push(...changes);
    },
  },
  schedules: { nightly: async () => void (ran = 'nightly') },
});

const authorized = { principalId: 'u1', sub: 'u1', email: 'u1@example.com', 'cognito:groups': '["employee"]' };
const sentFrames = () =>
  wsMock
    .commandCalls(PostToConnectionCommand)
    .map((c) => JSON.parse(Buffer.from(c.args[0].input.Data as Uint8Array).toString()));

beforeEach(() => {
  wsMock.reset();
  wsMock.on(PostToConnectionCommand).resolves({});
  seen.length = 0;
  streamed.a = [];
  streamed.b = [];
  failB = false;
  failA = false;
});

describe('WebSocket routes', () => {
  it('routes by action, validates the frame and answers through the management API', async () => {
    const r = await handler(
      wsEvent({ routeKey: 'say', eventType: 'MESSAGE', body: '{"action":"say","text":"hi"}', authorizer: authorized }),
      lambdaContext(),
    );
    expect(r).toEqual({ statusCode: 200 });
    expect(seen).toEqual([{ route: 'say', body: { action: 'say', text: 'hi' } }]);
    expect(sentFrames()).toEqual([{ echo: 'hi' }]);
  });

  it('sends an error frame naming the field for an invalid frame, without running the route', async () => {
    const r = await handler(
      wsEvent({ routeKey: 'say', eventType: 'MESSAGE', body: '{"action":"say","text":""}', authorizer: authorized }),
      lambdaContext(),
    );
    expect(r).toEqual({ statusCode: 400 });
    expect(seen).toHaveLength(0);
    expect(sentFrames()[0]).toMatchObject({
      type: 'error',
      error: { code: 'VALIDATION_FAILED', fields: [{ path: 'text' }] },
    });
  });

  it('answers malformed JSON with an error frame', async () => {
    const r = await handler(
      wsEvent({ routeKey: '$default', eventType: 'MESSAGE', body: '{nope', authorizer: authorized }),
      lambdaContext(),
    );
    expect(r).toEqual({ statusCode: 400 });
    expect(sentFrames()[0]).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('falls back to $default for an unknown action and refuses roles that do not fit', async () => {
    await handler(
      wsEvent({ routeKey: '$default', eventType: 'MESSAGE', body: '{"action":"dance"}', authorizer: authorized }),
      lambdaContext(),
    );
    expect(seen).toEqual([{ route: '$default', body: { action: 'dance' } }]);
    const ext = { ...authorized, 'cognito:groups': '["extranet"]' };
    const r = await handler(
      wsEvent({ routeKey: 'staff', eventType: 'MESSAGE', body: '{"action":"staff"}', authorizer: ext }),
      lambdaContext(),
    );
    expect(r).toEqual({ statusCode: 403 });
    expect(seen).toHaveLength(1);
  });

  it('refuses $connect without an authorizer context', async () => {
    expect(await handler(wsEvent({ routeKey: '$connect', eventType: 'CONNECT' }), lambdaContext())).toEqual({
      statusCode: 401,
    });
    expect(
      await handler(wsEvent({ routeKey: '$connect', eventType: 'CONNECT', authorizer: authorized }), lambdaContext()),
    ).toEqual({ statusCode: 200 });
    expect(seen).toEqual([{ route: '$connect', user: 'u1' }]);
  });

  it('a gone connection does not fail the route', async () => {
    wsMock.on(PostToConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: {} }));
    const r = await handler(
      wsEvent({ routeKey: 'say', eventType: 'MESSAGE', body: '{"action":"say","text":"x"}', authorizer: authorized }),
      lambdaContext(),
    );
    expect(r).toEqual({ statusCode: 200 });
  });
});

describe('WebSocket $connect authorizer', () => {
  const authEvent = (token?: string) =>
    ({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:us-east-1:000000000000:api/live/$connect',
      queryStringParameters: token ? { token } : {},
      // As API Gateway sends it: the authorizer event looks like a $connect event too.
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        connectionId: 'conn-9=',
        requestId: 'r',
        domainName: 'unit.local',
        stage: 'live',
      },
    }) as unknown as APIGatewayRequestAuthorizerEvent;

  it('allows a valid token and passes the claims as context', async () => {
    const r = (await handler(authEvent('good'), lambdaContext())) as {
      principalId: string;
      policyDocument: { Statement: { Effect: string }[] };
      context: Record<string, string>;
    };
    expect(r.principalId).toBe('u1');
    expect(r.policyDocument.Statement[0]?.Effect).toBe('Allow');
    expect(r.context).toEqual({ sub: 'u1', email: 'u1@example.com', 'cognito:groups': '["employee"]' });
  });

  it('denies a missing or bad token', async () => {
    for (const t of [undefined, 'forged']) {
      const r = (await handler(authEvent(t), lambdaContext())) as {
        policyDocument: { Statement: { Effect: string }[] };
      };
      expect(r.policyDocument.Statement[0]?.Effect).toBe('Deny');
    }
  });
});

describe('stream consumers and schedules', () => {
  const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', entity: string, seq: string) => ({
    eventSource: 'aws:dynamodb',
    eventName,
    dynamodb: {
      SequenceNumber: seq,
      NewImage: eventName === 'REMOVE' ? undefined : marshall({ __edb_e__: entity, id: seq }),
      OldImage: eventName === 'INSERT' ? undefined : marshall({ __edb_e__: entity, id: seq }),
    },
  });

  it('hands each consumer only its entities and event names, unmarshalled', async () => {
    const ev = {
      Records: [
        record('INSERT', 'task', '1'),
        record('MODIFY', 'task', '2'),
        record('INSERT', 'comment', '3'),
        record('INSERT', 'other', '4'),
      ],
    } as unknown as DynamoDBStreamEvent;
    const r = await handler(ev, lambdaContext());
    expect(r).toEqual({ batchItemFailures: [] });
    expect(streamed.a?.map((c) => c.newImage?.id)).toEqual(['1']);
    expect(streamed.b?.map((c) => `${c.eventName}:${c.entity}:${c.newImage?.id}`)).toEqual([
      'INSERT:task:1',
      'MODIFY:task:2',
      'INSERT:comment:3',
    ]);
  });

  it('runs every consumer, then throws naming the failed one so the async invocation is retried', async () => {
    failA = true;
    const ev = {
      Records: [record('MODIFY', 'comment', '7'), record('INSERT', 'task', '8')],
    } as unknown as DynamoDBStreamEvent;
    await expect(handler(ev, lambdaContext())).rejects.toThrow(/stream consumer\(s\) failed: a$/);
    // Consumer b, declared after the failing a, still received its records.
    expect(streamed.b?.map((c) => c.newImage?.id)).toEqual(['7', '8']);
  });

  it('runs a declared schedule and rejects an unknown one', async () => {
    await handler({ source: 'portal.schedule', schedule: 'nightly' }, lambdaContext());
    expect(ran).toBe('nightly');
    await expect(handler({ source: 'portal.schedule', schedule: 'hourly' }, lambdaContext())).rejects.toThrow(
      /unknown schedule/,
    );
  });

  it('refuses an event it does not recognise', async () => {
    await expect(handler({ foo: 1 } as never, lambdaContext())).rejects.toThrow(/Unrecognised/);
  });
});
