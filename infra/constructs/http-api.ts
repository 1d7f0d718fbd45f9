/**
 * The HTTP API: CORS for the portal origin, the Cognito JWT authorizer on every non-public route of the
 * manifest, the `$default` stage with throttling and access logs. The routes live in the nested stack
 * `HttpRoutes` (see below).
 */
import { Duration, NestedStack, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { routeKey, type FeatureManifest } from '../../shared/manifest/types';
import { accessLogFormat } from './access-log-format';
import type { PortalFunctions } from './functions';
import type { Identity } from './identity';
import { StackScoped } from './stack-scoped';

export interface HttpApiProps {
  tenant: string;
  /** The only origin CORS allows. */
  portalOrigin: string;
  features: readonly FeatureManifest[];
  functions: PortalFunctions;
  /** Issuer and audience of the JWTs the authorizer accepts. */
  identity: Identity;
}

export class HttpApi extends StackScoped {
  readonly api: apigwv2.HttpApi;
  /** The nested stack of the routes, their integrations and invoke permissions (the JWT authorizer stays with the API). */
  readonly routes: NestedStack;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { tenant, identity } = props;
    const accessLogs = new logs.LogGroup(this.stack, 'HttpAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new apigwv2.HttpApi(this.stack, 'HttpApi', {
      apiName: `portal-${tenant}-http`,
      description: `Portal ${tenant} HTTP API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.portalOrigin],
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.PATCH,
          apigwv2.CorsHttpMethod.DELETE,
          apigwv2.CorsHttpMethod.OPTIONS,
        ],
        allowHeaders: ['authorization', 'content-type', 'x-request-id'],
        exposeHeaders: ['x-request-id', 'etag'],
        maxAge: Duration.hours(1),
      },
    });

    const jwt = new HttpJwtAuthorizer('CognitoJwt', identity.userPool.userPoolProviderUrl, {
      jwtAudience: [identity.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    const none = new apigwv2.HttpNoneAuthorizer();
    // The routes (and with them the integrations and the invoke permissions) live in a nested
    // stack: a route is a resource, and with ~200 of them the portal stack passed CloudFormation's 500-resource
    // limit. The nested stack holds up to 500 more; the API, its stage and alarms stay here.
    this.routes = new NestedStack(this.stack, 'HttpRoutes', {
      description: `HTTP routes of the ${tenant} portal's API (from the feature manifest)`,
    });
    for (const f of props.features) {
      const entries = Object.entries(f.http);
      if (!entries.length) continue;
      // One invoke permission per function for this API (not one per route, which is another resource per route).
      const integration = new HttpLambdaIntegration(`Http-${f.feature}`, props.functions.of(f.feature), {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        scopePermissionToRoute: false,
      });
      for (const [id, r] of entries) {
        const route = new apigwv2.HttpRoute(this.routes, `Route-${f.feature}-${id}`, {
          httpApi: this.api,
          routeKey: apigwv2.HttpRouteKey.with(r.path, apigwv2.HttpMethod[r.method]),
          integration,
          authorizer: r.access === 'public' ? none : jwt,
        });
        if (routeKey(r) !== `${r.method} ${r.path}`) throw new Error(`route key drift for ${f.feature}.${id}`);
        if (r.access === 'public') {
          Validations.of(route).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `The manifest declares ${f.feature}.${id} (${routeKey(r)}) public: ${r.summary}.`,
          });
        }
      }
    }
    this.stage = new apigwv2.HttpStage(this.stack, 'HttpStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: accessLogFormat(false),
      },
    });
  }
}
