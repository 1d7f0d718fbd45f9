/**
 * What the feature unit tests share around aws-sdk-client-mock: calling a feature's HTTP handler the
 * way API Gateway does, the DynamoDB + Cognito + SES mocks of the features that send e-mailed links
 * (invitations, passwords, registration), a table stub, and "what was written" without the rate counters.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { httpEvent, lambdaContext } from './events';

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

export interface InvokeOptions {
  body?: unknown;
  claims?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}

/** One HTTP request through a feature handler: the status, the JSON body (null when empty) and the headers. */
export async function invokeWithHeaders(handler: HttpHandler, routeKey: string, opts: InvokeOptions = {}) {
  const res = (await handler(
    httpEvent({
      routeKey,
      ...(opts.claims ? { claims: opts.claims } : {}),
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.pathParameters ? { pathParameters: opts.pathParameters } : {}),
      ...(opts.query ? { query: opts.query } : {}),
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: res.statusCode,
    json: JSON.parse(res.body || 'null') as Record<string, any>,
    headers: res.headers ?? {},
  };
}

/** The same answer without the headers, for comparing whole answers. */
export async function invoke(handler: HttpHandler, routeKey: string, opts: InvokeOptions = {}) {
  const { status, json } = await invokeWithHeaders(handler, routeKey, opts);
  return { status, json };
}

/** The settings of the features that e-mail links: where the links point, the sender, the user pool. */
export function mailEnv(): void {
  process.env.PORTAL_URL = 'https://portal.example.com';
  process.env.MAIL_FROM = 'Portal <no-reply@example.com>';
  process.env.USER_POOL_ID = 'us-east-1_unit';
}

/**
 * DynamoDB, Cognito and SES mocked for the whole test file, reset before each test, SES accepting
 * every e-mail. Call it once at the top of the file (it registers a beforeEach that runs first).
 */
export function mockMailingFeatureClients(messageId = 'm-1') {
  const ddb = mockClient(DynamoDBClient);
  const cognito = mockClient(CognitoIdentityProviderClient);
  const ses = mockClient(SESClient);
  beforeEach(() => {
    ddb.reset();
    cognito.reset();
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: messageId });
  });
  return { ddb, cognito, ses };
}

type Stub = AwsStub<any, any, any>;

/**
 * The table as a feature sees it: rate counters (UpdateCommands on RATE# keys) answer `hits`, a
 * GetCommand answers `item(key)`, Queries find nothing, Puts and transactions succeed.
 */
export function stubTable(
  ddb: Stub,
  opts: { hits?: number; item?: (key: { PK: string; SK: string }) => unknown } = {},
): void {
  ddb
    .on(UpdateCommand)
    .callsFake((input: { Key: { PK: string } }) =>
      input.Key.PK.startsWith('RATE#') ? { Attributes: { hits: opts.hits ?? 1 } } : {},
    );
  ddb.on(GetCommand).callsFake((input: { Key: { PK: string; SK: string } }) => ({ Item: opts.item?.(input.Key) }));
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
}

/** The writes a test made the feature do, leaving out the rate counters (which count refused requests too). */
export function writesBesidesRateCounters(ddb: Stub) {
  return [
    ...ddb.commandCalls(PutCommand),
    ...ddb.commandCalls(TransactWriteCommand),
    ...ddb
      .commandCalls(UpdateCommand)
      .filter((c) => !String((c.args[0].input as { Key?: { PK?: unknown } }).Key?.PK).startsWith('RATE#')),
  ];
}
