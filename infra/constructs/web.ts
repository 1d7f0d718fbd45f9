/**
 * The SPA on CloudFront: the access-log bucket, the site bucket (Origin Access Control), the security
 * headers (CSP, HSTS) and the distribution; then `deploySite` uploads web/dist and the generated config.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { PortalConfig } from '../../shared/config/portal-config';
import { nagAccount, nagArn, nagRegion } from './nag';
import { StackScoped } from './stack-scoped';

/** config.json in the cloud: PortalConfig's keys, every value known at deploy time. */
export type PortalConfigShape = { [K in keyof PortalConfig]-?: PortalConfig[K] | string | null };

export interface WebProps {
  tenant: string;
  /** The portal's own domain; only with a certificate (else the portal is at the distribution's domain). */
  customDomain?: string;
  certificateArn?: string;
  /** Hosts the CSP lets the SPA reach. */
  wsApiId: string;
  /** May be a Lazy: the HTTP API is created after the distribution (its CORS names the portal origin). */
  httpApiEndpoint: string;
  driveHost: string;
  hostedUiHost: string;
}

export class Web extends StackScoped {
  /** Server access logs of the site and drive buckets and CloudFront's standard logs. */
  readonly accessLogs: s3.Bucket;
  readonly siteBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<domain>`: the custom domain, or the distribution's own domain (known after deploy). */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { tenant, customDomain } = props;

    this.accessLogs = new s3.Bucket(this.stack, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // (cdk-nag recognises it as a log destination: no S1 finding for it.)

    this.siteBucket = new s3.Bucket(this.stack, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const csp = this.contentSecurityPolicy(props);
    const hsts = {
      accessControlMaxAge: Duration.days(730),
      includeSubdomains: true,
      preload: true,
      override: true,
    };
    const referrerPolicy = {
      referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
      override: true,
    };
    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this.stack, 'SecurityHeaders', {
      comment: `portal ${tenant} security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        strictTransportSecurity: hsts,
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy,
      },
    });
    // The embeddable CRM web form (web/crm-form.html) is framed by customers' sites: the same policy without
    // X-Frame-Options and with `frame-ancestors *`. Everything else of the SPA keeps 'none' + DENY.
    const formPageHeaders = new cloudfront.ResponseHeadersPolicy(this.stack, 'FormPageHeaders', {
      comment: `portal ${tenant} embeddable form headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: csp.replace("frame-ancestors 'none'", 'frame-ancestors *'),
          override: true,
        },
        strictTransportSecurity: hsts,
        contentTypeOptions: { override: true },
        referrerPolicy,
      },
    });

    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.siteBucket);
    const noCache: cloudfront.BehaviorOptions = {
      origin: siteOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      responseHeadersPolicy: securityHeaders,
    };
    this.distribution = new cloudfront.Distribution(this.stack, 'Cdn', {
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
      logBucket: this.accessLogs,
      logFilePrefix: 'cdn/',
      ...(customDomain && props.certificateArn
        ? {
            domainNames: [customDomain],
            certificate: acm.Certificate.fromCertificateArn(this.stack, 'Certificate', props.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.origin = customDomain ? `https://${customDomain}` : `https://${this.distribution.distributionDomainName}`;
    if (!customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain/certificate given: the default *.cloudfront.net certificate cannot pin TLS 1.2_2021; deploy with domainName + certificateArn to enforce it.',
      });
    }
    Validations.of(this.distribution).acknowledge(
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
  }

  private contentSecurityPolicy(props: WebProps): string {
    const { region } = this.stack;
    const { driveHost, hostedUiHost } = props;
    return [
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
        props.customDomain ? props.httpApiEndpoint : `https://*.execute-api.${region}.amazonaws.com`,
        `wss://${props.wsApiId}.execute-api.${region}.amazonaws.com`,
        `https://cognito-idp.${region}.amazonaws.com`,
        `https://${hostedUiHost}`,
        `https://${driveHost}`,
      ].join(' '),
      `form-action 'self' https://${hostedUiHost}`,
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join('; ');
  }

  /**
   * The built SPA (web/dist, which infra/app.ts rebuilds when stale) in two deployments by cache policy:
   * `assets/` holds only content-hashed files, cached for a year as immutable; every other file (index.html,
   * crm-form.html, favicon, config.json) keeps its name across releases, so browsers and CloudFront revalidate
   * it (`no-cache`), and the names that CloudFront caches are invalidated on every deploy.
   */
  deploySite(webDist: string, config: PortalConfigShape): void {
    const missing = ['index.html', 'crm-form.html', 'assets'].filter((f) => !fs.existsSync(path.join(webDist, f)));
    if (missing.length)
      throw new Error(
        `${webDist} has no ${missing.join(', ')}: build the SPA first (npm run build:web); infra/app.ts does it when stale`,
      );
    const hashed = new s3deploy.BucketDeployment(this.stack, 'SiteAssets', {
      destinationBucket: this.siteBucket,
      sources: [s3deploy.Source.asset(path.join(webDist, 'assets'))],
      destinationKeyPrefix: 'assets/',
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(cacheControlFor('assets/x-0123abcd.js'))],
    });
    const named = new s3deploy.BucketDeployment(this.stack, 'SiteShell', {
      destinationBucket: this.siteBucket,
      sources: [
        s3deploy.Source.asset(webDist, { exclude: ['assets', 'assets/**', 'config.json'] }),
        s3deploy.Source.jsonData('config.json', config),
      ],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString(cacheControlFor('index.html'))],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    // The pages reference the hashed files: those are in place before a page can name them.
    named.node.addDependency(hashed);
    this.acknowledgeBucketDeploymentHandler();
  }

  /** The BucketDeployment provider is a CDK-owned singleton Lambda at stack level. */
  private acknowledgeBucketDeploymentHandler(): void {
    const stack = this.stack;
    const site = `<${stack.getLogicalId(this.siteBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`;
    const assets = nagArn(stack, 's3', `cdk-hnb659fds-assets-${nagAccount(stack)}-${nagRegion(stack)}/*`, {
      global: true,
    });
    const why =
      'CDK BucketDeployment provider (CDK-owned singleton): copies the SPA from the CDK asset bucket into the site bucket';
    for (const child of stack.node.children) {
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

/** Vite writes content-hashed names (`index-B2x9kQ1a.js`) under assets/ only. */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(?:\.map)?$/;

/** The Cache-Control a file of the built SPA is served with (path relative to web/dist). */
export function cacheControlFor(file: string): string {
  return HASHED_ASSET.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
