/** The JSON access-log line of the HTTP and WebSocket API stages. */
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';

export function accessLogFormat(ws: boolean): AccessLogFormat {
  const common = {
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
  };
  return AccessLogFormat.custom(
    JSON.stringify(
      ws
        ? { ...common, connectionId: '$context.connectionId', eventType: '$context.eventType' }
        : {
            ...common,
            method: '$context.httpMethod',
            path: '$context.path',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            sub: '$context.authorizer.claims.sub',
          },
    ),
  );
}
