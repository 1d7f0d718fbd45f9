/**
 * The WebSocket API (stage `live`): created first, because its id goes into the CSP and its management
 * endpoint into the functions' environment; the manifest's routes are added once the functions exist.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FeatureManifest } from '../../shared/manifest/types';
import { accessLogFormat } from './access-log-format';
import type { PortalFunctions } from './functions';
import { StackScoped } from './stack-scoped';

export const WS_STAGE = 'live';

export interface RealtimeProps {
  tenant: string;
  /** Stage access logs; they need the account-wide API Gateway CloudWatch role (context wsAccessLogs). */
  accessLogs: boolean;
}

export class Realtime extends StackScoped {
  readonly api: apigwv2.WebSocketApi;
  readonly stage: apigwv2.WebSocketStage;
  /** `arn:...:execute-api:region:account:apiId/live/*\/@connections/*`: what `ws:manage` may post to. */
  readonly connectionsArn: string;

  constructor(scope: Construct, id: string, props: RealtimeProps) {
    super(scope, id);
    const { tenant } = props;
    this.api = new apigwv2.WebSocketApi(this.stack, 'WsApi', {
      apiName: `portal-${tenant}-ws`,
      routeSelectionExpression: '$request.body.action',
      description: `Portal ${tenant} real-time API`,
    });
    const wsLogs = props.accessLogs
      ? new logs.LogGroup(this.stack, 'WsAccessLogs', {
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        })
      : undefined;
    this.stage = new apigwv2.WebSocketStage(this.stack, 'WsStage', {
      webSocketApi: this.api,
      stageName: WS_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: 500, burstLimit: 1000 },
      ...(wsLogs
        ? {
            accessLogSettings: {
              destination: new apigwv2.LogGroupLogDestination(wsLogs),
              format: accessLogFormat(true),
            },
          }
        : {}),
    });
    if (!wsLogs) {
      Validations.of(this.stage).acknowledge({
        id: 'AwsSolutions-APIG1',
        reason:
          'WebSocket access logs need the account-wide API Gateway CloudWatch role, which a per-tenant stack must not own; deploy with -c wsAccessLogs=true once the account has it. Function logs record every route.',
      });
    }
    this.connectionsArn = this.stack.formatArn({
      service: 'execute-api',
      resource: this.api.apiId,
      resourceName: `${WS_STAGE}/*/@connections/*`,
    });
  }

  /** The manifest's WebSocket routes; `$connect` behind the Lambda authorizer of the `wsAuthorizer` feature. */
  addFeatureRoutes(features: readonly FeatureManifest[], functions: PortalFunctions): void {
    const authorizerFeature = features.find((f) => f.wsAuthorizer);
    const wsAuthorizer = authorizerFeature
      ? new WebSocketLambdaAuthorizer('WsAuthorizer', functions.of(authorizerFeature.feature), {
          identitySource: ['route.request.querystring.token'],
        })
      : undefined;
    for (const f of features) {
      for (const r of Object.values(f.ws)) {
        const integration = new WebSocketLambdaIntegration(
          `Ws-${f.feature}-${r.route.replace(/\W/g, '')}`,
          functions.of(f.feature),
        );
        const isConnect = r.route === '$connect';
        if (isConnect && r.access !== 'public' && !wsAuthorizer)
          throw new Error('$connect needs a feature with wsAuthorizer: true');
        const route = this.api.addRoute(r.route, {
          integration,
          ...(isConnect && r.access !== 'public' && wsAuthorizer ? { authorizer: wsAuthorizer } : {}),
        });
        if (!isConnect || r.access === 'public') {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: isConnect
              ? `The manifest declares ${f.feature} $connect public: ${r.summary}.`
              : `WebSocket APIs authorize once at $connect (Lambda authorizer on the Cognito token); ${r.route} runs on that authorized connection and the handler re-checks access '${r.access}'.`,
          });
        }
      }
    }
  }
}
