/**
 * One Lambda per feature of the manifest: bundled locally by ONE esbuild build of every feature (feature-bundles.ts;
 * no Docker) as FEATURE_BUNDLING says (minified ESM with source maps; the same options `npm run bench:bundles`
 * measures), arm64, Node 22, its own log group, and only the grants its manifest declares.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Stage, Tags, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { CursorKeyParameter } from './cursor-key-parameter';
import type { FeatureManifest, Grant } from '../../shared/manifest/types';
import { FEATURES, handlerPath } from '../../functions/manifest';
import { FEATURE_BUNDLING } from './feature-bundling';
import { BUNDLE_FILE, buildFeatureBundles } from './feature-bundles';

/** Tag on every feature Lambda (and only on those): tests and operators find them by it. */
export const FEATURE_TAG = 'portal:feature';

export interface FeatureResources {
  table: dynamodb.ITable;
  bucket: s3.IBucket;
  cursorKey: CursorKeyParameter;
  userPool: cognito.IUserPool;
  /** ARNs `ses:SendEmail`/`ses:SendRawEmail` may use: the identity and the configuration set. */
  sesResources: string[];
  /** `arn:...:execute-api:region:account:apiId/live/*\/@connections/*` */
  wsConnectionsArn: string;
}

export interface FeatureFunctionProps {
  manifest: FeatureManifest;
  repoRoot: string;
  tenant: string;
  environment: Record<string, string>;
  /** What the manifest's grants apply to; null for a function with no grants (the stream router). */
  resources: FeatureResources | null;
  /** Reserved concurrency (context `maxConcurrency`): this function's cap and guarantee; none when undefined. */
  reservedConcurrency?: number;
}

/** Cognito admin actions a `cognito:admin` feature may call, on this pool only. */
export const COGNITO_ADMIN_ACTIONS = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminConfirmSignUp',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminResetUserPassword',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
];

/**
 * Features that read the table may paginate a list, and list cursors are signed with the cursor
 * key, so table readers get it too (the manifest's explicit `cursor-secret:read` still works).
 */
export const needsCursorSecret = (grants: readonly Grant[]): boolean =>
  grants.includes('cursor-secret:read') || grants.includes('table:read');

/**
 * The feature's code: its folder of the one build of every bundle (feature-bundles.ts), inside the app's output. A
 * synth that skips bundling (tests of the template: `aws:cdk:bundling-stacks` = []) takes the feature's source folder
 * as the asset instead, as NodejsFunction did, so no esbuild runs.
 */
function featureCode(scope: Construct, repoRoot: string, feature: string): lambda.Code {
  if (!Stack.of(scope).bundlingRequired)
    return lambda.Code.fromAsset(path.dirname(path.join(repoRoot, handlerPath(feature))));
  const outdir = Stage.of(scope)?.outdir ?? path.join(repoRoot, 'cdk.out');
  const native = Object.fromEntries(FEATURES.map((f) => [f.feature, f.nativeModules ?? []]));
  const dir = path.join(buildFeatureBundles(repoRoot, path.join(outdir, '.bundles'), native), feature);
  if (!fs.existsSync(path.join(dir, BUNDLE_FILE)))
    throw new Error(`${feature}: no bundle (is ${handlerPath(feature)} there?)`);
  return lambda.Code.fromAsset(dir);
}

export class FeatureFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FeatureFunctionProps) {
    super(scope, id);
    const { manifest, repoRoot, resources } = props;
    const feature = manifest.feature;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.fn = new lambda.Function(this, 'Function', {
      description: `portal ${props.tenant}: feature ${feature}`,
      code: featureCode(this, repoRoot, feature),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      reservedConcurrentExecutions: props.reservedConcurrency,
      timeout: Duration.seconds(manifest.streams && Object.keys(manifest.streams).length ? 60 : 29),
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      // sourcemaps make stack traces in the logs point at the TypeScript sources
      environment: { ...props.environment, PORTAL_FEATURE: feature, NODE_OPTIONS: FEATURE_BUNDLING.nodeOptions },
    });
    Tags.of(this.fn).add(FEATURE_TAG, feature);

    this.applyGrants(manifest.grants, resources);

    const stack = Stack.of(this);
    Validations.of(this.fn).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'AWS managed basic execution policy only lets the function write its own CloudWatch logs; nothing else is attached as a managed policy.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing (xray:PutTraceSegments/PutTelemetryRecords) does not support resource-level permissions.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'Pinned to Node.js 22 on purpose: the local stack, the tests and the esbuild target are Node 22 compatible; moving to 24 is a deliberate project upgrade.',
      },
    );
    void stack;
  }

  private applyGrants(grants: readonly Grant[], r: FeatureResources | null): void {
    if (!r) {
      if (grants.length) throw new Error(`${grants.join(', ')}: grants need the stack's resources`);
      return;
    }
    const fn = this.fn;
    const ack = (id: string, reason: string) => Validations.of(fn).acknowledge({ id, reason });
    const tableIndexes = `Resource::<${Stack.of(this).getLogicalId(r.table.node.defaultChild as never)}.Arn>/index/*`;

    for (const g of new Set(grants)) {
      switch (g) {
        case 'table:read':
          r.table.grantReadData(fn);
          ack(
            `AwsSolutions-IAM5[${tableIndexes}]`,
            'Reads may query any GSI of the single table (overloaded GSI1-3); the grant is limited to this table.',
          );
          break;
        case 'table:write':
          r.table.grantWriteData(fn);
          ack(
            `AwsSolutions-IAM5[${tableIndexes}]`,
            'Writes that condition on GSIs; the grant is limited to this table.',
          );
          break;
        case 'bucket:read':
          fn.addToRolePolicy(
            new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [r.bucket.arnForObjects('*')] }),
          );
          fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [r.bucket.bucketArn] }));
          ack(
            `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(r.bucket.node.defaultChild as never)}.Arn>/*]`,
            'Drive object keys are per file version and created at run time; access is limited to this bucket.',
          );
          break;
        case 'bucket:write':
          fn.addToRolePolicy(
            new iam.PolicyStatement({
              actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
              resources: [r.bucket.arnForObjects('*')],
            }),
          );
          ack(
            `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(r.bucket.node.defaultChild as never)}.Arn>/*]`,
            'Drive object keys are per file version and created at run time; access is limited to this bucket.',
          );
          break;
        case 'ses:send':
          // Exactly the tenant's identity and configuration set (every tenant has a sender: infra/context.ts).
          fn.addToRolePolicy(
            new iam.PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: r.sesResources }),
          );
          break;
        case 'cognito:admin':
          fn.addToRolePolicy(
            new iam.PolicyStatement({ actions: COGNITO_ADMIN_ACTIONS, resources: [r.userPool.userPoolArn] }),
          );
          break;
        case 'ws:manage':
          fn.addToRolePolicy(
            new iam.PolicyStatement({ actions: ['execute-api:ManageConnections'], resources: [r.wsConnectionsArn] }),
          );
          break;
        case 'cursor-secret:read':
          break; // below
      }
    }
    if (needsCursorSecret(grants)) r.cursorKey.grantReadCreate(fn);
  }
}
