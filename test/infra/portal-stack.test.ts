import { Match, Template } from 'aws-cdk-lib/assertions';
import { FEATURES } from '../../functions/manifest';
import { TABLE } from '../../shared/data/table';
import { ROLES } from '../../shared/auth/roles';
import { routeKey } from '../../shared/manifest/types';
import { FEATURE_TAG } from '../../infra/constructs/feature-function';
import { STREAM_ROUTER_FEATURE } from '../../infra/constructs/events';
import { MFA_CLAIM_FUNCTION } from '../../infra/constructs/mfa-claim';
import { streamRoutes } from '../../shared/events/routing';
import { readPortalSettings, validateTenant } from '../../infra/context';
import { App } from 'aws-cdk-lib';
import { portalConfigSchema } from '../../shared/config/portal-config';
import type { PortalStack } from '../../infra/portal-stack';
import { buildPortal, resourcesOf } from './synth';
import { FORM_PAGE, formPageHeaders, securityHeaders } from '../../infra/local/portal-server';

/** How CDK's Duration renders a rate: whole hours and days in their own unit. */
const rateExpression = (minutes: number): string => {
  const unit = (n: number, one: string) => `rate(${n} ${n === 1 ? one : `${one}s`})`;
  if (minutes % 1440 === 0) return unit(minutes / 1440, 'day');
  if (minutes % 60 === 0) return unit(minutes / 60, 'hour');
  return unit(minutes, 'minute');
};

const featureFunctions = (t: Template) =>
  resourcesOf(t, 'AWS::Lambda::Function').filter(([, r]) =>
    (r.Properties.Tags ?? []).some((tag: { Key: string }) => tag.Key === FEATURE_TAG),
  );
const featureOf = (r: { Properties: Record<string, any> }) =>
  (r.Properties.Tags as { Key: string; Value: string }[]).find((tag) => tag.Key === FEATURE_TAG)?.Value;

// The bundles themselves (native modules beside them, arm64) are checked on the CLI's own synth, deploy.test.ts.
describe('PortalStack (default settings)', () => {
  let t: Template;
  let stack: PortalStack;
  beforeAll(() => {
    ({ stack } = buildPortal({ bundle: false }));
    t = Template.fromStack(stack);
  });

  test('the table is built from shared/data/table.ts', () => {
    const keys = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.gsis.flatMap((g) => [g.partitionKey, g.sortKey])];
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith(keys.map((k) => ({ AttributeName: k, AttributeType: 'S' }))),
        GlobalSecondaryIndexes: TABLE.gsis.map((g) =>
          Match.objectLike({
            IndexName: g.name,
            KeySchema: [
              { AttributeName: g.partitionKey, KeyType: 'HASH' },
              { AttributeName: g.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: TABLE.stream },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  test('every bucket blocks public access, is encrypted and refuses plain HTTP', () => {
    const buckets = resourcesOf(t, 'AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const [id, b] of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        b.Properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault
          ?.SSEAlgorithm,
      ).toMatch(/AES256|aws:kms/);
      expect(b.DeletionPolicy).toBe('Retain');
      const policies = resourcesOf(t, 'AWS::S3::BucketPolicy').filter(([, p]) =>
        JSON.stringify(p.Properties.Bucket).includes(id),
      );
      expect(policies).toHaveLength(1);
      expect(policies[0]?.[1].Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  test('the drive bucket has CORS for the portal origin and aborts stale multipart uploads', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['PUT', 'GET', 'HEAD'],
            ExposedHeaders: ['ETag'],
            AllowedOrigins: [Match.anyValue()],
          }),
        ],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 } })]),
      },
    });
  });

  test('exactly one Lambda per feature, arm64 + nodejs22.x, with the env the functions read', () => {
    const fns = featureFunctions(t).filter(
      ([, r]) => featureOf(r) !== STREAM_ROUTER_FEATURE && featureOf(r) !== MFA_CLAIM_FUNCTION,
    );
    expect(fns.map(([, r]) => featureOf(r)).sort()).toEqual(FEATURES.map((f) => f.feature).sort());
    for (const [, r] of fns) {
      expect(r.Properties.Architectures).toEqual(['arm64']);
      expect(r.Properties.Runtime).toBe('nodejs22.x');
      expect(r.Properties.Handler).toBe('index.handler');
      expect(Object.keys(r.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining([
          'TABLE_NAME',
          'USER_POOL_ID',
          'USER_POOL_CLIENT_ID',
          'CURSOR_KEY_PARAMETER',
          'WS_MANAGEMENT_ENDPOINT',
          'TENANT',
          'BUCKET_NAME',
          'MAIL_FROM',
          'SES_CONFIGURATION_SET',
          'NODE_OPTIONS',
        ]),
      );
    }
  });

  test('HTTP routes: exactly the manifest, JWT on every non-public route, NONE on public ones', () => {
    const expected = FEATURES.flatMap((f) =>
      Object.values(f.http).map((r) => ({ key: routeKey(r), auth: r.access === 'public' ? 'NONE' : 'JWT' })),
    );
    // every HTTP route is in the routes' nested stack, none in the portal stack
    const httpApiId = resourcesOf(t, 'AWS::ApiGatewayV2::Api').find(
      ([, r]) => r.Properties.ProtocolType === 'HTTP',
    )?.[0];
    expect(resourcesOf(t, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.ApiId?.Ref === httpApiId)).toEqual(
      [],
    );
    const nested = Template.fromStack(stack.httpRoutes);
    const routes = resourcesOf(nested, 'AWS::ApiGatewayV2::Route');
    expect(
      routes
        .map(([, r]) => ({ key: r.Properties.RouteKey, auth: r.Properties.AuthorizationType }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual(expected.sort((a, b) => a.key.localeCompare(b.key)));
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: Match.stringLikeRegexp('SpaClient') }], Issuer: Match.anyValue() },
    });
    for (const [, r] of routes)
      if (r.Properties.AuthorizationType === 'JWT') expect(r.Properties.AuthorizerId).toBeDefined();
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  test("both stacks stay under CloudFormation's 500 resources: routes in a nested stack, one invoke permission per function", () => {
    const nested = Template.fromStack(stack.httpRoutes);
    const total = Object.keys(t.toJSON().Resources as object).length;
    const inRoutes = Object.keys(nested.toJSON().Resources as object).length;
    const httpRoutes = FEATURES.reduce((n, f) => n + Object.keys(f.http).length, 0);
    // printed so the margins are visible as features grow
    console.log(`resources: portal stack ${total} of 500, routes stack ${inRoutes} of 500 (${httpRoutes} HTTP routes)`);
    expect(total).toBeLessThanOrEqual(400);
    expect(inRoutes).toBeLessThanOrEqual(500);
    // the routes stack: a route each, one integration and one API-scoped invoke permission per feature
    const withHttp = FEATURES.filter((f) => Object.keys(f.http).length).length;
    nested.resourceCountIs('AWS::ApiGatewayV2::Integration', withHttp);
    const permissions = resourcesOf(nested, 'AWS::Lambda::Permission');
    expect(permissions.length).toBe(withHttp);
    for (const [, r] of permissions) expect(JSON.stringify(r.Properties.SourceArn)).toContain('/*/*/*');
  });

  test('WebSocket routes: the manifest, $connect behind the Lambda authorizer of the wsAuthorizer feature', () => {
    const wsApiId = resourcesOf(t, 'AWS::ApiGatewayV2::Api').find(
      ([, r]) => r.Properties.ProtocolType === 'WEBSOCKET',
    )?.[0];
    const routes = resourcesOf(t, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.ApiId?.Ref === wsApiId);
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      FEATURES.flatMap((f) => Object.values(f.ws).map((r) => r.route)).sort(),
    );
    for (const [, r] of routes)
      expect(r.Properties.AuthorizationType).toBe(r.Properties.RouteKey === '$connect' ? 'CUSTOM' : 'NONE');
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.querystring.token'],
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'live', AutoDeploy: true });
  });

  test('the table stream has at most 2 readers: one router mapping, filtered to what the manifest consumes', () => {
    const tableId = resourcesOf(t, 'AWS::DynamoDB::Table')[0]![0];
    const readsStream = (r: { Properties: Record<string, unknown> }, key: string) =>
      JSON.stringify(r.Properties[key] ?? null).includes(`"${tableId}","StreamArn"`);
    const readers = [
      ...resourcesOf(t, 'AWS::Lambda::EventSourceMapping').filter(([, r]) => readsStream(r, 'EventSourceArn')),
      ...resourcesOf(t, 'AWS::Pipes::Pipe').filter(([, r]) => readsStream(r, 'Source')),
    ];
    // DynamoDB Streams throttles GetRecords above two readers per shard.
    expect(readers.length).toBeLessThanOrEqual(2);
    expect(readers).toHaveLength(1);
    const p = readers[0]![1].Properties;
    const [routerId] = featureFunctions(t).find(([, r]) => featureOf(r) === STREAM_ROUTER_FEATURE)!;
    expect(p.FunctionName).toEqual({ Ref: routerId });
    expect(p).toMatchObject({ StartingPosition: 'LATEST', BisectBatchOnFunctionError: true, BatchSize: 100 });
    expect(p.DestinationConfig.OnFailure.Destination).toBeDefined();
    const patterns = JSON.stringify(
      (p.FilterCriteria.Filters as { Pattern: string }[]).map((x) => JSON.parse(x.Pattern)),
    );
    for (const f of FEATURES)
      for (const s of Object.values(f.streams)) for (const e of s.entities) expect(patterns).toContain(`"${e}"`);
  });

  test('the router invokes each consumer asynchronously; each consumer has its own DLQ after two retries', () => {
    const routes = streamRoutes(FEATURES);
    const [, router] = featureFunctions(t).find(([, r]) => featureOf(r) === STREAM_ROUTER_FEATURE)!;
    const env = router.Properties.Environment.Variables as Record<string, unknown>;
    expect(JSON.parse(env.STREAM_ROUTES as string)).toEqual(routes);
    const configs = resourcesOf(t, 'AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(routes.length);
    const dlqs = new Set<string>();
    for (const route of routes) {
      const [fnId] = featureFunctions(t).find(([, r]) => featureOf(r) === route.feature)!;
      const c = configs.find(([, r]) => JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: fnId }));
      expect(c).toBeDefined();
      expect(c![1].Properties.MaximumRetryAttempts).toBe(2);
      const dlq = JSON.stringify(c![1].Properties.DestinationConfig.OnFailure.Destination);
      expect(dlqs.has(dlq)).toBe(false);
      dlqs.add(dlq);
      // STREAM_TARGETS names this consumer's function.
      expect(JSON.stringify(env.STREAM_TARGETS)).toContain(fnId);
    }
    // The router may invoke exactly the consumers, nothing wider.
    const policies = resourcesOf(t, 'AWS::IAM::Policy').filter(([, r]) =>
      JSON.stringify(r.Properties.Roles).includes('StreamRouter'),
    );
    const invoke = policies
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
      .filter((st) => JSON.stringify(st.Action).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect((invoke[0]!.Resource as unknown[]).length).toBe(routes.length);
    expect(JSON.stringify(invoke[0]!.Resource)).not.toContain(':*');
    t.resourceCountIs('AWS::SQS::Queue', routes.length + 1);
    t.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  test('schedules come from the manifest', () => {
    const schedules = FEATURES.flatMap((f) =>
      Object.entries(f.schedules).map(([name, s]) => ({ f: f.feature, name, s })),
    );
    t.resourceCountIs('AWS::Events::Rule', schedules.length);
    for (const { name, s } of schedules) {
      t.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: rateExpression(s.everyMinutes),
        Targets: [Match.objectLike({ Input: JSON.stringify({ source: 'portal.schedule', schedule: name }) })],
      });
    }
  });

  test('Cognito: admin-created users, strong passwords, optional TOTP, role groups, no IdPs without secrets', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
    expect(
      resourcesOf(t, 'AWS::Cognito::UserPoolGroup')
        .map(([, r]) => r.Properties.GroupName)
        .sort(),
    ).toEqual([...ROLES].sort());
    t.resourceCountIs('AWS::Cognito::UserPoolDomain', 1); // its prefix: test/infra/deploy.test.ts
    t.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 0);
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith([
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  test("Cognito: the pre-token-generation trigger (mfa-claim) may only read this pool's users; no remembered devices", () => {
    const [[fnId]] = featureFunctions(t).filter(([, r]) => featureOf(r) === MFA_CLAIM_FUNCTION) as [[string, unknown]];
    const [[poolId, pool]] = resourcesOf(t, 'AWS::Cognito::UserPool') as [[string, any]];
    expect(pool.Properties.LambdaConfig).toEqual({ PreTokenGeneration: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    // A remembered device would skip the TOTP step, and the claim would no longer mean "this sign-in passed a code".
    expect(pool.Properties.DeviceConfiguration).toBeUndefined();
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: 'cognito-idp:AdminGetUser', Effect: 'Allow', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } },
        ],
      },
    });
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
    });
  });

  test('CloudFront: OAC, SPA fallbacks, security headers with CSP and HSTS', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        CustomErrorResponses: [
          Match.objectLike({ ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' }),
          Match.objectLike({ ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html' }),
        ],
        DefaultCacheBehavior: Match.objectLike({
          ResponseHeadersPolicyId: Match.anyValue(),
          ViewerProtocolPolicy: 'redirect-to-https',
        }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
    const [[, policy]] = resourcesOf(t, 'AWS::CloudFront::ResponseHeadersPolicy') as [[string, any]];
    const sec = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(sec.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const part of [
      "default-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "frame-ancestors 'none'",
      'connect-src',
      'execute-api',
      'cognito-idp',
      'amazoncognito.com',
      'frame-src',
    ]) {
      expect(csp).toContain(part);
    }
    expect(sec.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: 730 * 86400,
      IncludeSubdomains: true,
      Preload: true,
      Override: true,
    });
    expect(sec.ContentTypeOptions).toEqual({ Override: true });
    expect(sec.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(sec.ReferrerPolicy).toEqual({ ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true });
  });

  test('the embeddable CRM form page may be framed anywhere; the SPA keeps frame-ancestors none + DENY (CloudFront and the local portal server)', () => {
    const policies = resourcesOf(t, 'AWS::CloudFront::ResponseHeadersPolicy') as [string, any][];
    const cfg = (id: string) =>
      policies.find(([pid]) => pid === id)![1].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const [[, dist]] = resourcesOf(t, 'AWS::CloudFront::Distribution') as [[string, any]];
    const dc = dist.Properties.DistributionConfig;
    const spaId = dc.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref as string;
    const formBehavior = (
      dc.CacheBehaviors as { PathPattern: string; ResponseHeadersPolicyId: { Ref: string } }[]
    ).find((b) => b.PathPattern === '/crm-form.html');
    expect(formBehavior).toBeDefined();
    const formId = formBehavior!.ResponseHeadersPolicyId.Ref;
    expect(formId).not.toBe(spaId);
    for (const b of dc.CacheBehaviors as { PathPattern: string; ResponseHeadersPolicyId: { Ref: string } }[])
      if (b.PathPattern !== '/crm-form.html') expect(b.ResponseHeadersPolicyId.Ref).toBe(spaId);
    const spa = cfg(spaId);
    const form = cfg(formId);
    const cspOf = (c: any) => JSON.stringify(c.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(cspOf(spa)).toContain("frame-ancestors 'none'");
    expect(spa.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(cspOf(form)).toContain('frame-ancestors *');
    expect(cspOf(form)).not.toContain("frame-ancestors 'none'");
    expect(form.FrameOptions).toBeUndefined();
    // Everything else of the policy is the SPA's (script-src 'self', connect-src to the API, HSTS).
    expect(cspOf(form).replace('frame-ancestors *', "frame-ancestors 'none'")).toBe(cspOf(spa));
    expect(form.StrictTransportSecurity).toEqual(spa.StrictTransportSecurity);

    const origins = {
      api: 'http://127.0.0.1:1',
      ws: 'ws://127.0.0.1:2',
      cognito: 'http://127.0.0.1:3',
      s3: 'http://127.0.0.1:4',
    };
    const local = securityHeaders(origins);
    const localForm = formPageHeaders(origins);
    expect(local['x-frame-options']).toBe('DENY');
    expect(local['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(localForm['x-frame-options']).toBeUndefined();
    expect(localForm['content-security-policy']).toBe(
      local['content-security-policy']!.replace("frame-ancestors 'none'", 'frame-ancestors *'),
    );
    expect(FORM_PAGE).toBe(formBehavior!.PathPattern);
  });

  test('config.json is deployed with the keys the local stack serves', () => {
    expect(Object.keys(stack.portalConfig).sort()).toEqual(Object.keys(portalConfigSchema.shape).sort());
    expect(stack.portalConfig).toMatchObject({
      cognitoEndpoint: null,
      mailViewerUrl: null,
      tenant: 'acme',
      stage: 'cloud',
      hostedUiDomain: expect.stringContaining('.auth.eu-central-1.amazoncognito.com'),
    });
    t.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'], Prune: false });
  });

  test('company SSO: hosted domain, code + PKCE client calling back to <origin>/auth/callback, config.json names the domain, CSP lets the SPA reach it', () => {
    const [[, domain]] = resourcesOf(t, 'AWS::Cognito::UserPoolDomain') as [[string, any]];
    const prefix = JSON.stringify(domain.Properties.Domain['Fn::Join'][1]).slice(1, -1);
    expect(JSON.stringify(stack.resolve(stack.portalConfig.hostedUiDomain))).toContain(prefix);
    const clients = resourcesOf(t, 'AWS::Cognito::UserPoolClient').map(([, c]) => c.Properties);
    const codeClient = clients.find((c) => (c.AllowedOAuthFlows ?? []).includes('code'));
    expect(codeClient).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email', 'profile']),
    });
    expect(codeClient?.AllowedOAuthFlows).not.toContain('implicit');
    expect(JSON.stringify(codeClient?.CallbackURLs)).toContain('/auth/callback');
    const [[, policy]] = resourcesOf(t, 'AWS::CloudFront::ResponseHeadersPolicy') as [[string, any]];
    const csp = JSON.stringify(
      policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
    );
    expect(csp).toContain('amazoncognito.com');
  });

  test('outputs', () => {
    for (const o of ['PortalUrl', 'ApiUrl', 'WsUrl', 'UserPoolId', 'UserPoolClientId', 'HostedUiDomain'])
      t.hasOutput(o, {});
  });
});

describe('PortalStack with a domain, a certificate, an admin e-mail and social IdPs', () => {
  let t: Template;
  beforeAll(() => {
    const { stack } = buildPortal({
      bundle: false,
      settings: {
        domainName: 'acme.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
        adminEmail: 'ops@acme.example.com',
        mailFrom: 'no-reply@acme.example.com',
        googleSecretName: 'portal/acme/google',
        facebookSecretName: 'portal/acme/facebook',
        appleSecretName: 'portal/acme/apple',
      },
    });
    t = Template.fromStack(stack);
  });

  test('Google, Facebook and Apple identity providers read their secrets from Secrets Manager', () => {
    for (const [type, name] of [
      ['Google', 'portal/acme/google'],
      ['Facebook', 'portal/acme/facebook'],
      ['SignInWithApple', 'portal/acme/apple'],
    ] as const) {
      const [[, idp]] = resourcesOf(t, 'AWS::Cognito::UserPoolIdentityProvider').filter(
        ([, r]) => r.Properties.ProviderType === type,
      ) as [[string, any]];
      const details = JSON.stringify(idp.Properties.ProviderDetails);
      expect(details).toContain(`{{resolve:secretsmanager:${name}:SecretString:clientId::}}`);
    }
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      SupportedIdentityProviders: ['COGNITO', 'Google', 'Facebook', 'SignInWithApple'],
    });
  });

  test('the custom domain gets TLS 1.2_2021, CORS and callback URLs name it', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['acme.example.com'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://acme.example.com'] }),
    });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://acme.example.com', 'https://acme.example.com/auth/callback'],
    });
  });

  test('SES identity for the domain, alarm e-mails to the admin', () => {
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'acme.example.com' });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@acme.example.com' });
  });
});

describe('context validation', () => {
  test.each(['', 'A', 'acme_corp', 'acme--x', '-acme', 'a'.repeat(21), 'myaws', 'cognito1'])(
    'rejects tenant %j',
    (tenant) => {
      expect(() => validateTenant(tenant)).toThrow();
    },
  );
  test('accepts a slug and derives mailFrom from the domain', () => {
    const app = new App({ context: { tenant: 'acme-corp', domainName: 'acme.example.com' } });
    expect(readPortalSettings(app.node)).toMatchObject({
      tenant: 'acme-corp',
      mailFrom: 'no-reply@acme.example.com',
      wsAccessLogs: false,
    });
  });
  test('a certificate without a domain is refused', () => {
    const app = new App({
      context: { tenant: 'acme', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' },
    });
    expect(() => readPortalSettings(app.node)).toThrow(/domainName/);
  });
});
