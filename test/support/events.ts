/** Builders for the event shapes API Gateway, DynamoDB Streams and EventBridge hand a Lambda. */
import type { APIGatewayProxyEventV2, APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';

let seq = 0;

export function httpEvent(opts: {
  routeKey: string;
  body?: string;
  headers?: Record<string, string>;
  claims?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  const [method = 'GET', path = '/'] = opts.routeKey.split(' ');
  const ev = {
    version: '2.0',
    routeKey: opts.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) },
    queryStringParameters: opts.query,
    pathParameters: opts.pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'unit',
      domainName: 'unit.local',
      domainPrefix: 'unit',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: `req-${++seq}`,
      routeKey: opts.routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      ...(opts.claims ? { authorizer: { jwt: { claims: opts.claims, scopes: [] } } } : {}),
    },
    body: opts.body,
    isBase64Encoded: false,
  };
  return ev as unknown as APIGatewayProxyEventV2;
}

export function wsEvent(opts: {
  routeKey: string;
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  body?: string;
  connectionId?: string;
  authorizer?: Record<string, string>;
}): APIGatewayProxyWebsocketEventV2 {
  return {
    requestContext: {
      routeKey: opts.routeKey,
      eventType: opts.eventType,
      connectionId: opts.connectionId ?? 'conn-1=',
      requestId: `ws-${++seq}`,
      domainName: 'unit.local',
      stage: 'live',
      apiId: 'unit',
      connectedAt: Date.now(),
      requestTimeEpoch: Date.now(),
      extendedRequestId: 'x',
      messageDirection: 'IN',
      messageId: 'm',
      ...(opts.authorizer ? { authorizer: opts.authorizer } : {}),
    },
    body: opts.body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyWebsocketEventV2;
}

export const lambdaContext = (): Context =>
  ({
    awsRequestId: `aws-${++seq}`,
    functionName: 'unit',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:unit',
    memoryLimitInMB: '256',
    logGroupName: 'unit',
    logStreamName: 'unit',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

export const employeeClaims = (sub = 'user-1'): Record<string, string> => ({
  sub,
  email: `${sub}@example.com`,
  'cognito:groups': '[employee]',
});
/** An administrator signed in with their authenticator code (the MFA claim admin routes require). */
export const adminClaims = (sub = 'admin-1'): Record<string, string> => ({
  sub,
  email: `${sub}@example.com`,
  'cognito:groups': '[admin]',
  portal_mfa: 'totp',
});
export const extranetClaims = (sub = 'ext-1'): Record<string, string> => ({
  sub,
  email: `${sub}@example.com`,
  'cognito:groups': '[extranet]',
});
