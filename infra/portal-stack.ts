/**
 * One company's portal: `Portal-<tenant>`. Everything the manifest (functions/manifest.ts) declares —
 * HTTP routes, WebSocket routes, stream consumers, schedules — is wired here from that one list, over
 * the single table of shared/data/table.ts. See infra/context.ts for the deploy-time settings.
 *
 * The stack composes the constructs of infra/constructs/ (one concern each, with its cdk-nag
 * acknowledgements beside it); their resources keep the logical IDs they had when this was one
 * constructor (infra/constructs/stack-scoped.ts says how, test/infra/resources-baseline.test.ts checks it).
 */
import * as path from 'node:path';
import { CfnOutput, Lazy, type NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { FEATURES } from '../functions/manifest';
import type { FeatureManifest } from '../shared/manifest/types';
import type { PortalSettings } from './context';
import { Data, driveBucketHost } from './constructs/data';
import { Events } from './constructs/events';
import { PortalFunctions } from './constructs/functions';
import { HttpApi } from './constructs/http-api';
import { FunctionUrls } from './constructs/function-urls';
import { Identity, hostedUiHost } from './constructs/identity';
import { MfaClaim } from './constructs/mfa-claim';
import { Mail } from './constructs/mail';
import { Monitoring } from './constructs/monitoring';
import { Realtime } from './constructs/realtime';
import { Schedules } from './constructs/schedules';
import { type PortalConfigShape, Web } from './constructs/web';
import { repoRoot as findRepoRoot } from './repo-root';

export { WS_STAGE } from './constructs/realtime';
export { routerFilters } from './constructs/events';

export interface PortalStackProps extends StackProps, PortalSettings {
  /** Defaults to the repository root found from the working directory. */
  repoRoot?: string;
  /** The manifest to build from; defaults to FEATURES (tests may pass a variant). */
  features?: readonly FeatureManifest[];
  /** The built SPA; defaults to <repoRoot>/web/dist (infra/app.ts builds it when stale). */
  webDist?: string;
}

export class PortalStack extends Stack {
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly table: dynamodb.Table;
  readonly userPool: cognito.UserPool;
  readonly httpApi: apigwv2.HttpApi;
  /** The nested stack of the HTTP routes, their integrations and invoke permissions (the JWT authorizer stays with the API). */
  readonly httpRoutes: NestedStack;
  readonly wsApi: apigwv2.WebSocketApi;
  readonly distribution: cloudfront.Distribution;
  /** What `/config.json` holds (tokens resolve at deploy): the same keys the local stack serves. */
  readonly portalConfig: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, { description: `Corporate portal of tenant ${props.tenant}`, ...props });
    const { tenant } = props;
    const repoRoot = props.repoRoot ?? findRepoRoot();
    const features = props.features ?? FEATURES;
    const customDomain = props.domainName && props.certificateArn ? props.domainName : undefined;

    // The order follows what each part needs: the WebSocket API id and (lazily) the HTTP API endpoint go into
    // the CSP; without a custom domain the portal origin is the distribution's domain, which the drive bucket's
    // CORS, the Cognito callback URLs and the HTTP API's CORS name.
    const realtime = new Realtime(this, 'Realtime', { tenant, accessLogs: props.wsAccessLogs });
    const web = new Web(this, 'Web', {
      tenant,
      customDomain,
      certificateArn: props.certificateArn,
      wsApiId: realtime.api.apiId,
      httpApiEndpoint: Lazy.string({ produce: () => this.httpApi.apiEndpoint }),
      driveHost: driveBucketHost(this, tenant),
      hostedUiHost: hostedUiHost(this, tenant, props.authDomainPrefix),
    });
    const portalOrigin = web.origin;
    const data = new Data(this, 'Data', { tenant, portalOrigin, accessLogs: web.accessLogs });
    const mail = new Mail(this, 'Mail', { domainName: props.domainName, mailFrom: props.mailFrom });
    const identity = new Identity(this, 'Identity', {
      tenant,
      portalOrigin,
      authDomainPrefix: props.authDomainPrefix,
      googleSecretName: props.googleSecretName,
      facebookSecretName: props.facebookSecretName,
      appleSecretName: props.appleSecretName,
    });
    new MfaClaim(this, 'MfaClaim', {
      tenant,
      repoRoot,
      userPool: identity.userPool,
      reservedConcurrency: props.maxConcurrency,
    });
    const functions = new PortalFunctions(this, 'Functions', {
      tenant,
      repoRoot,
      features,
      data,
      identity,
      mail,
      realtime,
      mailFrom: props.mailFrom,
      portalOrigin,
      reservedConcurrency: props.maxConcurrency,
    });
    const http = new HttpApi(this, 'Http', { tenant, portalOrigin, features, functions, identity });
    realtime.addFeatureRoutes(features, functions);
    new FunctionUrls(this, 'FunctionUrls', { features, functions });
    const events = new Events(this, 'Events', {
      tenant,
      repoRoot,
      table: data.table,
      features,
      functions,
      reservedConcurrency: props.maxConcurrency,
    });
    new Schedules(this, 'Schedules', { features, functions });

    const config: PortalConfigShape = {
      apiUrl: http.api.apiEndpoint,
      wsUrl: realtime.stage.url,
      region: this.region,
      userPoolId: identity.userPool.userPoolId,
      userPoolClientId: identity.client.userPoolClientId,
      cognitoEndpoint: null,
      hostedUiDomain: identity.hostedUiHost,
      mailViewerUrl: null,
      tenant,
      stage: 'cloud',
    };
    web.deploySite(props.webDist ?? path.join(repoRoot, 'web', 'dist'), config);

    const monitoring = new Monitoring(this, 'Monitoring', {
      tenant,
      adminEmail: props.adminEmail,
      httpApi: http.api,
      wsApi: realtime.api,
      deadLetterQueues: events.deadLetterQueues,
    });

    this.functions = functions.byFeature;
    this.table = data.table;
    this.userPool = identity.userPool;
    this.httpApi = http.api;
    this.httpRoutes = http.routes;
    this.wsApi = realtime.api;
    this.distribution = web.distribution;
    this.portalConfig = config;

    new CfnOutput(this, 'PortalUrl', { value: portalOrigin, description: 'The portal (SPA on CloudFront)' });
    new CfnOutput(this, 'ApiUrl', { value: http.api.apiEndpoint, description: 'HTTP API' });
    new CfnOutput(this, 'WsUrl', { value: realtime.stage.url, description: 'WebSocket API' });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: identity.client.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', {
      value: identity.hostedUi.baseUrl(),
      description: 'Cognito hosted pages for admins',
    });
    new CfnOutput(this, 'HostedUiPrefix', {
      value: identity.hostedUi.domainName,
      description: 'The Cognito domain prefix (context authDomainPrefix overrides it)',
    });
    new CfnOutput(this, 'MailSender', {
      value: mail.identity.emailIdentityName,
      description: 'The SES identity the portal sends as (npm run doctor checks it)',
    });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'DriveBucket', { value: data.driveBucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.alarmTopic.topicArn });
  }
}
