/**
 * One company's portal: `Portal-<tenant>`. Everything the manifest (functions/manifest.ts) declares —
 * HTTP routes, WebSocket routes, stream consumers, schedules — is wired here from that one list, over
 * the single table of shared/data/table.ts. See infra/context.ts for the deploy-time settings.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CfnOutput,
  Duration,
  Lazy,
  NestedStack,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpJwtAuthorizer, WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FEATURES } from '../functions/manifest';
import { ROLES } from '../shared/auth/roles';
import { TABLE } from '../shared/data/table';
import { routeKey, type FeatureManifest, type StreamEventName } from '../shared/manifest/types';
import type { PortalConfig } from '../shared/config/portal-config';
import type { PortalSettings } from './context';
import { FeatureFunction } from './constructs/feature-function';
import { repoRoot as findRepoRoot } from './repo-root';

export interface PortalStackProps extends StackProps, PortalSettings {
  /** Defaults to the repository root found from the working directory. */
  repoRoot?: string;
  /** The manifest to build from; defaults to FEATURES (tests may pass a variant). */
  features?: readonly FeatureManifest[];
}

export const WS_STAGE = 'live';

/** config.json in the cloud: PortalConfig's keys, every value known at deploy time. */
type PortalConfigShape = { [K in keyof PortalConfig]-?: PortalConfig[K] | string | null };

/** Stream filter patterns for one feature: new images for INSERT/MODIFY, old images for REMOVE. */
export function streamFilters(manifest: FeatureManifest): Record<string, unknown>[] {
  const consumers = Object.values(manifest.streams);
  const all: StreamEventName[] = ['INSERT', 'MODIFY', 'REMOVE'];
  const withEvent = (e: StreamEventName) =>
    [...new Set(consumers.filter((c) => (c.events ?? all).includes(e)).flatMap((c) => c.entities))].sort();
  const filters: Record<string, unknown>[] = [];
  const upserts = (['INSERT', 'MODIFY'] as const).filter((e) => withEvent(e).length);
  if (upserts.length) {
    const entities = [...new Set(upserts.flatMap(withEvent))].sort();
    filters.push(
      lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.or(...upserts),
        dynamodb: { NewImage: { __edb_e__: { S: lambda.FilterRule.or(...entities) } } },
      }),
    );
  }
  const removes = withEvent('REMOVE');
  if (removes.length) {
    filters.push(
      lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.isEqual('REMOVE'),
        dynamodb: { OldImage: { __edb_e__: { S: lambda.FilterRule.or(...removes) } } },
      }),
    );
  }
  return filters;
}

export class PortalStack extends Stack {
  readonly functions = new Map<string, lambda.IFunction>();
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
    const root = props.repoRoot ?? findRepoRoot();
    const features = props.features ?? FEATURES;
    const customDomain = props.domainName && props.certificateArn ? props.domainName : undefined;

    // ---------------------------------------------------------------- logging bucket
    const logsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // (cdk-nag recognises it as a log destination: no S1 finding for it.)

    // ---------------------------------------------------------------- table (shared/data/table.ts)
    const S = dynamodb.AttributeType.STRING;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: S },
      sortKey: { name: TABLE.sortKey, type: S },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      stream: dynamodb.StreamViewType[TABLE.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const g of TABLE.gsis) {
      this.table.addGlobalSecondaryIndex({
        indexName: g.name,
        partitionKey: { name: g.partitionKey, type: S },
        sortKey: { name: g.sortKey, type: S },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    const table = this.table;

    // ---------------------------------------------------------------- portal origin
    // Without a custom domain the origin is the CloudFront domain, known only after deploy; the
    // drive bucket gets a name built from account/region so the CSP can name it without a cycle.
    let portalOrigin = customDomain ? `https://${customDomain}` : ''; // filled in after the distribution
    const driveBucketName = `portal-${tenant}-drive-${this.account}-${this.region}`;
    const driveHost = `${driveBucketName}.s3.${this.region}.amazonaws.com`;
    const hostedUiPrefix = `portal-${tenant}`;
    const hostedUiHost = `${hostedUiPrefix}.auth.${this.region}.amazoncognito.com`;

    // ---------------------------------------------------------------- SPA bucket + CDN
    const siteBucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ---------------------------------------------------------------- WebSocket API (its id goes into the CSP)
    this.wsApi = new apigwv2.WebSocketApi(this, 'WsApi', {
      apiName: `portal-${tenant}-ws`,
      routeSelectionExpression: '$request.body.action',
      description: `Portal ${tenant} real-time API`,
    });
    const wsApi = this.wsApi;
    const wsLogs = props.wsAccessLogs
      ? new logs.LogGroup(this, 'WsAccessLogs', {
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        })
      : undefined;
    const wsStage = new apigwv2.WebSocketStage(this, 'WsStage', {
      webSocketApi: wsApi,
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
      Validations.of(wsStage).acknowledge({
        id: 'AwsSolutions-APIG1',
        reason:
          'WebSocket access logs need the account-wide API Gateway CloudWatch role, which a per-tenant stack must not own; deploy with -c wsAccessLogs=true once the account has it. Function logs record every route.',
      });
    }

    // ---------------------------------------------------------------- HTTP API
    const httpLogs = new logs.LogGroup(this, 'HttpAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // ---------------------------------------------------------------- CloudFront
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      `img-src 'self' data: blob: https://${driveHost}`,
      `media-src 'self' blob: https://${driveHost}`,
      `frame-src 'self' https://${driveHost}`,
      "font-src 'self' data:",
      [
        "connect-src 'self'",
        // The HTTP API's CORS names the portal origin; without a custom domain that origin is the
        // distribution's own domain, so naming the API id here would be a dependency cycle.
        customDomain ? '%HTTP_API%' : `https://*.execute-api.${this.region}.amazonaws.com`,
        `wss://${wsApi.apiId}.execute-api.${this.region}.amazonaws.com`,
        `https://cognito-idp.${this.region}.amazonaws.com`,
        `https://${hostedUiHost}`,
        `https://${driveHost}`,
      ].join(' '),
      `form-action 'self' https://${hostedUiHost}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join('; ');

    // The HTTP API is created once the portal origin is known (below); the CSP names it lazily.
    const httpApiEndpoint = Lazy.string({ produce: () => this.httpApi.apiEndpoint });

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `portal ${tenant} security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp.replace('%HTTP_API%', httpApiEndpoint), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    // The embeddable CRM web form (web/crm-form.html) is framed by customers' sites: the same policy without
    // X-Frame-Options and with `frame-ancestors *`. Everything else of the SPA keeps 'none' + DENY.
    const formPageHeaders = new cloudfront.ResponseHeadersPolicy(this, 'FormPageHeaders', {
      comment: `portal ${tenant} embeddable form headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: csp
            .replace('%HTTP_API%', httpApiEndpoint)
            .replace("frame-ancestors 'none'", 'frame-ancestors *'),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    const siteOrigin = S3BucketOrigin.withOriginAccessControl(siteBucket);
    const noCache: cloudfront.BehaviorOptions = {
      origin: siteOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      responseHeadersPolicy: securityHeaders,
    };
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: `portal ${tenant}`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      additionalBehaviors: {
        '/config.json': noCache,
        '/index.html': noCache,
        '/crm-form.html': { ...noCache, responseHeadersPolicy: formPageHeaders },
      },
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logsBucket,
      logFilePrefix: 'cdn/',
      ...(customDomain && props.certificateArn
        ? {
            domainNames: [customDomain],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    const distribution = this.distribution;
    if (!customDomain) {
      portalOrigin = `https://${distribution.distributionDomainName}`;
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain/certificate given: the default *.cloudfront.net certificate cannot pin TLS 1.2_2021; deploy with domainName + certificateArn to enforce it.',
      });
    }
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A company portal is used by staff and partners wherever they travel; no geo restriction.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'AWS WAF is optional per tenant (cost); the API is authenticated by Cognito JWTs and throttled at API Gateway.',
      },
    );
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `portal-${tenant}-http`,
      description: `Portal ${tenant} HTTP API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [portalOrigin],
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
    const httpApi = this.httpApi;

    // ---------------------------------------------------------------- drive bucket
    const driveBucket = new s3.Bucket(this, 'Drive', {
      bucketName: driveBucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: 'drive/',
      cors: [
        {
          allowedOrigins: [portalOrigin],
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      // File versions are the product's own items, each with its own key: no S3 versioning.
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(3) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ---------------------------------------------------------------- cursor secret
    const cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: `portal ${tenant}: key that signs list cursors`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Only signs short-lived pagination cursors; rotating it just invalidates open cursors, so it is rotated by redeploying, not by a rotation Lambda.',
    });

    // ---------------------------------------------------------------- SES
    const mailConfig = new ses.ConfigurationSet(this, 'MailConfig', {
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const identity = props.domainName
      ? new ses.EmailIdentity(this, 'MailIdentity', {
          identity: ses.Identity.domain(props.domainName),
          configurationSet: mailConfig,
        })
      : props.mailFrom
        ? new ses.EmailIdentity(this, 'MailIdentity', {
            identity: ses.Identity.email(props.mailFrom),
            configurationSet: mailConfig,
          })
        : undefined;
    const sesArn = (resource: string) =>
      this.formatArn({ service: 'ses', resource, resourceName: undefined, arnFormat: undefined });
    const sesResources = [
      identity ? sesArn(`identity/${identity.emailIdentityName}`) : sesArn('identity/*'),
      sesArn(`configuration-set/${mailConfig.configurationSetName}`),
    ];

    // ---------------------------------------------------------------- Cognito
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `portal-${tenant}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const userPool = this.userPool;
    Validations.of(userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA (TOTP) is optional by product decision: extranet partners and staff enable it themselves; admins are expected to.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Plus feature plan, billed per monthly active user; Essentials is the default and a tenant may upgrade. Passwords are 12+ chars with all classes.',
      },
    );
    ROLES.forEach(
      (role, i) =>
        new cognito.UserPoolGroup(this, `Group-${role}`, {
          userPool,
          groupName: role,
          precedence: i,
          description: `portal role ${role}`,
        }),
    );
    const hostedUi = userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: hostedUiPrefix } });

    const idps: cognito.UserPoolIdentityProvider[] = [];
    const providers: cognito.UserPoolClientIdentityProvider[] = [cognito.UserPoolClientIdentityProvider.COGNITO];
    const secretField = (name: string, field: string) => SecretValue.secretsManager(name, { jsonField: field });
    if (props.googleSecretName) {
      const n = props.googleSecretName;
      idps.push(
        new cognito.UserPoolIdentityProviderGoogle(this, 'Google', {
          userPool,
          clientId: secretField(n, 'clientId').unsafeUnwrap(),
          clientSecretValue: secretField(n, 'clientSecret'),
          scopes: ['openid', 'email', 'profile'],
          attributeMapping: {
            email: cognito.ProviderAttribute.GOOGLE_EMAIL,
            givenName: cognito.ProviderAttribute.GOOGLE_GIVEN_NAME,
            familyName: cognito.ProviderAttribute.GOOGLE_FAMILY_NAME,
          },
        }),
      );
      providers.push(cognito.UserPoolClientIdentityProvider.GOOGLE);
    }
    if (props.facebookSecretName) {
      const n = props.facebookSecretName;
      idps.push(
        new cognito.UserPoolIdentityProviderFacebook(this, 'Facebook', {
          userPool,
          clientId: secretField(n, 'clientId').unsafeUnwrap(),
          // A dynamic reference: CloudFormation resolves it, the template never holds the secret.
          clientSecret: secretField(n, 'clientSecret').unsafeUnwrap(),
          scopes: ['public_profile', 'email'],
          attributeMapping: {
            email: cognito.ProviderAttribute.FACEBOOK_EMAIL,
            givenName: cognito.ProviderAttribute.FACEBOOK_FIRST_NAME,
            familyName: cognito.ProviderAttribute.FACEBOOK_LAST_NAME,
          },
        }),
      );
      providers.push(cognito.UserPoolClientIdentityProvider.FACEBOOK);
    }
    if (props.appleSecretName) {
      const n = props.appleSecretName;
      idps.push(
        new cognito.UserPoolIdentityProviderApple(this, 'Apple', {
          userPool,
          clientId: secretField(n, 'clientId').unsafeUnwrap(),
          teamId: secretField(n, 'teamId').unsafeUnwrap(),
          keyId: secretField(n, 'keyId').unsafeUnwrap(),
          privateKeyValue: secretField(n, 'privateKey'),
          scopes: ['email', 'name'],
          attributeMapping: {
            email: cognito.ProviderAttribute.APPLE_EMAIL,
            givenName: cognito.ProviderAttribute.APPLE_FIRST_NAME,
            familyName: cognito.ProviderAttribute.APPLE_LAST_NAME,
          },
        }),
      );
      providers.push(cognito.UserPoolClientIdentityProvider.APPLE);
    }

    const client = userPool.addClient('SpaClient', {
      userPoolClientName: `portal-${tenant}-spa`,
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [portalOrigin, `${portalOrigin}/auth/callback`],
        logoutUrls: [portalOrigin],
      },
      supportedIdentityProviders: providers,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    for (const idp of idps) client.node.addDependency(idp);

    // ---------------------------------------------------------------- feature functions
    const wsConnectionsArn = this.formatArn({
      service: 'execute-api',
      resource: wsApi.apiId,
      resourceName: `${WS_STAGE}/*/@connections/*`,
    });
    const environment: Record<string, string> = {
      TENANT: tenant,
      TABLE_NAME: table.tableName,
      BUCKET_NAME: driveBucket.bucketName,
      USER_POOL_ID: userPool.userPoolId,
      USER_POOL_CLIENT_ID: client.userPoolClientId,
      CURSOR_SECRET_ARN: cursorSecret.secretArn,
      WS_MANAGEMENT_ENDPOINT: wsStage.callbackUrl,
      MAIL_FROM: props.mailFrom ?? '',
      SES_CONFIGURATION_SET: mailConfig.configurationSetName,
      PORTAL_URL: portalOrigin,
      // Registration (stage 2): the licence version people accept and the promo codes this tenant honours.
      LICENCE_VERSION: String(this.node.tryGetContext('licenceVersion') ?? '2026-01'),
      PROMO_CODES: String(this.node.tryGetContext('promoCodes') ?? ''),
      // Messenger: minutes an unread message waits before the offline e-mail digest (context digestDelayMinutes).
      MESSENGER_DIGEST_MINUTES: String(this.node.tryGetContext('digestDelayMinutes') ?? '10'),
    };
    const resources = { table, bucket: driveBucket, cursorSecret, userPool, sesResources, wsConnectionsArn };
    for (const f of features) {
      const ff = new FeatureFunction(this, `Feature-${f.feature}`, {
        manifest: f,
        repoRoot: root,
        tenant,
        environment,
        resources,
      });
      this.functions.set(f.feature, ff.fn);
      if (f.grants.includes('ws:manage')) {
        Validations.of(ff.fn).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagArn(this, 'execute-api', `<${this.getLogicalId(wsApi.node.defaultChild as apigwv2.CfnApi)}>/${WS_STAGE}/*/@connections/*`)}]`,
          reason:
            "Connection ids are created at run time; the grant is limited to the @connections API of this stack's WebSocket stage.",
        });
      }
    }
    const fnOf = (feature: string) => {
      const fn = this.functions.get(feature);
      if (!fn) throw new Error(`no function for feature ${feature}`);
      return fn;
    };

    // ---------------------------------------------------------------- HTTP routes
    const jwt = new HttpJwtAuthorizer('CognitoJwt', userPool.userPoolProviderUrl, {
      jwtAudience: [client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    const none = new apigwv2.HttpNoneAuthorizer();
    // The routes (and with them the integrations and the invoke permissions) live in a nested
    // stack: a route is a resource, and with ~200 of them the portal stack passed CloudFormation's 500-resource
    // limit. The nested stack holds up to 500 more; the API, its stage and alarms stay here.
    this.httpRoutes = new NestedStack(this, 'HttpRoutes', {
      description: `HTTP routes of the ${tenant} portal's API (from the feature manifest)`,
    });
    for (const f of features) {
      const entries = Object.entries(f.http);
      if (!entries.length) continue;
      // One invoke permission per function for this API (not one per route, which is another resource per route).
      const integration = new HttpLambdaIntegration(`Http-${f.feature}`, fnOf(f.feature), {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        scopePermissionToRoute: false,
      });
      for (const [id, r] of entries) {
        const route = new apigwv2.HttpRoute(this.httpRoutes, `Route-${f.feature}-${id}`, {
          httpApi,
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
    const httpStage = new apigwv2.HttpStage(this, 'HttpStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(httpLogs), format: accessLogFormat(false) },
    });
    void httpStage;

    // ---------------------------------------------------------------- WebSocket routes
    const authorizerFeature = features.find((f) => f.wsAuthorizer);
    const wsAuthorizer = authorizerFeature
      ? new WebSocketLambdaAuthorizer('WsAuthorizer', fnOf(authorizerFeature.feature), {
          identitySource: ['route.request.querystring.token'],
        })
      : undefined;
    for (const f of features) {
      const entries = Object.values(f.ws);
      if (!entries.length) continue;
      for (const r of entries) {
        const integration = new WebSocketLambdaIntegration(
          `Ws-${f.feature}-${r.route.replace(/\W/g, '')}`,
          fnOf(f.feature),
        );
        const isConnect = r.route === '$connect';
        if (isConnect && r.access !== 'public' && !wsAuthorizer)
          throw new Error('$connect needs a feature with wsAuthorizer: true');
        const route = wsApi.addRoute(r.route, {
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

    // ---------------------------------------------------------------- streams
    const streamDlqs = new Map<string, sqs.Queue>();
    for (const f of features) {
      if (!Object.keys(f.streams).length) continue;
      const dlq = new sqs.Queue(this, `StreamDlq-${f.feature}`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      streamDlqs.set(f.feature, dlq);
      Validations.of(dlq).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself the on-failure destination of the ${f.feature} stream consumer.`,
      });
      const batchSize = Math.min(100, Math.max(...Object.values(f.streams).map((s) => s.batchSize ?? 25)));
      const fn = fnOf(f.feature);
      fn.addEventSource(
        new DynamoEventSource(table, {
          startingPosition: lambda.StartingPosition.LATEST,
          batchSize,
          maxBatchingWindow: Duration.seconds(1),
          bisectBatchOnError: true,
          retryAttempts: 5,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(dlq),
          filters: streamFilters(f),
        }),
      );
      Validations.of(fn).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams has no resource-level permissions (added by the stream event source); X-Ray likewise.',
      });
    }

    // ---------------------------------------------------------------- schedules
    for (const f of features) {
      for (const [name, s] of Object.entries(f.schedules)) {
        new events.Rule(this, `Schedule-${f.feature}-${name}`, {
          description: `${f.feature}.${name}: ${s.summary}`.slice(0, 512),
          schedule: events.Schedule.rate(Duration.minutes(s.everyMinutes)),
          targets: [
            new targets.LambdaFunction(fnOf(f.feature), {
              event: events.RuleTargetInput.fromObject({ source: 'portal.schedule', schedule: name }),
              retryAttempts: 2,
            }),
          ],
        });
      }
    }

    // ---------------------------------------------------------------- SPA deployment + config.json
    const dist = path.join(root, 'web', 'dist');
    const hasDist = fs.existsSync(path.join(dist, 'index.html'));
    const config: PortalConfigShape = {
      apiUrl: httpApi.apiEndpoint,
      wsUrl: wsStage.url,
      region: this.region,
      userPoolId: userPool.userPoolId,
      userPoolClientId: client.userPoolClientId,
      cognitoEndpoint: null,
      hostedUiDomain: hostedUiHost,
      mailViewerUrl: null,
      tenant,
      stage: 'cloud',
    };
    this.portalConfig = config;
    const assets = new s3deploy.BucketDeployment(this, 'SiteAssets', {
      destinationBucket: siteBucket,
      sources: hasDist
        ? [s3deploy.Source.asset(dist, { exclude: ['index.html', 'config.json'] })]
        : [s3deploy.Source.data('.keep', '')],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const shell = new s3deploy.BucketDeployment(this, 'SiteShell', {
      destinationBucket: siteBucket,
      sources: [
        s3deploy.Source.data(
          'index.html',
          hasDist ? fs.readFileSync(path.join(dist, 'index.html'), 'utf8') : PLACEHOLDER_HTML,
        ),
        s3deploy.Source.jsonData('config.json', config),
      ],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('no-cache')],
      distribution,
      distributionPaths: ['/index.html', '/config.json'],
    });
    shell.node.addDependency(assets);
    this.acknowledgeBucketDeploymentHandler(siteBucket);

    // ---------------------------------------------------------------- alarms
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      enableKeyRotation: true,
      description: `portal ${tenant} alarm topic`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    alarmKey.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `portal ${tenant} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });
    if (props.adminEmail) alarmTopic.addSubscription(new subs.EmailSubscription(props.adminEmail));
    const notify = new cwActions.SnsAction(alarmTopic);
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);
    const period = Duration.minutes(5);
    for (const [feature, fn] of this.functions) {
      alarm(`Alarm-${feature}-Errors`, fn.metricErrors({ period, statistic: 'Sum' }), `${feature} Lambda errors`);
      alarm(
        `Alarm-${feature}-Throttles`,
        fn.metricThrottles({ period, statistic: 'Sum' }),
        `${feature} Lambda throttles`,
      );
    }
    alarm('Alarm-Http5xx', httpApi.metricServerError({ period, statistic: 'Sum' }), 'HTTP API 5xx responses');
    for (const metricName of ['ExecutionError', 'IntegrationError']) {
      alarm(
        `Alarm-Ws${metricName}`,
        new cloudwatch.Metric({
          namespace: 'AWS/ApiGateway',
          metricName,
          dimensionsMap: { ApiId: wsApi.apiId, Stage: WS_STAGE },
          period,
          statistic: 'Sum',
        }),
        `WebSocket API ${metricName}`,
      );
    }
    for (const [feature, q] of streamDlqs) {
      alarm(
        `Alarm-${feature}-StreamDlq`,
        q.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        `${feature} stream records that failed every retry`,
      );
    }

    // ---------------------------------------------------------------- outputs
    new CfnOutput(this, 'PortalUrl', { value: portalOrigin, description: 'The portal (SPA on CloudFront)' });
    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint, description: 'HTTP API' });
    new CfnOutput(this, 'WsUrl', { value: wsStage.url, description: 'WebSocket API' });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'HostedUiDomain', {
      value: hostedUi.baseUrl(),
      description: 'Cognito hosted pages for admins',
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DriveBucket', { value: driveBucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
  }

  /** The BucketDeployment provider is a CDK-owned singleton Lambda at stack level. */
  private acknowledgeBucketDeploymentHandler(siteBucket: s3.Bucket): void {
    const site = `<${this.getLogicalId(siteBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`;
    const assets = nagArn(this, 's3', `cdk-hnb659fds-assets-${nagAccount(this)}-${nagRegion(this)}/*`, {
      global: true,
    });
    const why =
      'CDK BucketDeployment provider (CDK-owned singleton): copies the SPA from the CDK asset bucket into the site bucket';
    for (const child of this.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      Validations.of(child).acknowledge(
        ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((a) => ({
          id: `AwsSolutions-IAM5[Action::${a}]`,
          reason: `${why}; aws-cdk-lib grants ${a} on exactly those two buckets.`,
        })),
        {
          id: `AwsSolutions-IAM5[Resource::${assets}]`,
          reason: `${why}: it reads its own zip from the bootstrap asset bucket.`,
        },
        { id: `AwsSolutions-IAM5[Resource::${site}]`, reason: `${why}: it writes the SPA files into the site bucket.` },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: `${why}: cloudfront:CreateInvalidation/GetInvalidation for /index.html and /config.json (granted on * by aws-cdk-lib).`,
        },
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'CDK BucketDeployment provider (CDK-owned): basic execution policy for its logs.',
        },
        {
          id: 'AwsSolutions-L1',
          reason: 'CDK BucketDeployment provider: its runtime is chosen by aws-cdk-lib, not by this project.',
        },
      );
    }
  }
}

/** How cdk-nag renders a stack's partition/region/account inside finding ids. */
const nagRegion = (stack: Stack) => (Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region);
const nagAccount = (stack: Stack) => (Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account);
const nagPartition = (stack: Stack) => (Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition);
function nagArn(stack: Stack, service: string, resource: string, opts: { global?: boolean } = {}): string {
  return opts.global
    ? `arn:${nagPartition(stack)}:${service}:::${resource}`
    : `arn:${nagPartition(stack)}:${service}:${nagRegion(stack)}:${nagAccount(stack)}:${resource}`;
}

function accessLogFormat(ws: boolean): AccessLogFormat {
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

const PLACEHOLDER_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title></head>
<body><p>The portal web app was not built when this stack was deployed (run <code>npm run build:web</code>, then deploy again).</p>
<p><a href="/config.json">/config.json</a></p></body></html>`;
