/**
 * Where a tenant command reads or writes: the table, the drive bucket and the user pool of one company,
 * with SDK clients for them.
 *
 *   --local               the stack `npm start` runs on this machine (ports from DYNAMODB_PORT, S3_PORT,
 *                         COGNITO_PORT, defaults 8000 / 4569 / 9229; the names of infra/local/bootstrap.ts)
 *   --stack-info <file>   a local stack described by its info JSON (what the test harness writes)
 *   (neither)             the cloud: stack `Portal-<slug>` in AWS_REGION, its resources from the stack's
 *                         outputs (TableName, DriveBucket, UserPoolId) with the SDK's default credentials
 *   --table, --bucket, --user-pool   override any of the three (e.g. import into other, empty resources)
 */
import { readFileSync } from 'node:fs';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { LOCAL_BUCKET, LOCAL_CREDENTIALS, LOCAL_POOL_ID, LOCAL_REGION, LOCAL_TABLE } from '../local/bootstrap';
import type { LocalStackInfo } from '../local/control';
import { stackNameFor } from '../context';
import { describeStack } from './cloudformation';

/** The ports `npm start` uses unless told otherwise (infra/local/stack.ts PORT_ENV; a unit test holds them equal). */
export const LOCAL_PORTS = {
  dynamodb: { env: 'DYNAMODB_PORT', default: 8000 },
  s3: { env: 'S3_PORT', default: 4569 },
  cognito: { env: 'COGNITO_PORT', default: 9229 },
} as const;

/**
 * The SSM SecureString holding a cloud tenant's cursor key: infra/constructs/cursor-key-parameter.ts names it (a
 * unit test holds the two equal; importing that file would load aws-cdk-lib into this tool).
 */
export const cursorKeyParameterFor = (slug: string): string => `/portal/${slug}/cursor-key`;

export interface TargetOptions {
  local?: boolean;
  stackInfo?: string;
  table?: string;
  bucket?: string;
  userPool?: string;
}

export interface TenantClients {
  ddb: DynamoDBClient;
  s3: S3Client;
  cognito: CognitoIdentityProviderClient;
}

export interface TenantTarget {
  where: 'local' | 'cloud';
  region: string;
  /** The CloudFormation stack (cloud only). */
  stackName: string | null;
  table: string;
  bucket: string;
  userPoolId: string;
  clients: TenantClients;
  /** The cloud-only clients and the cursor-key parameter (created by the functions, not by the stack). */
  cloud: CloudAccess | null;
}

export interface CloudAccess {
  cloudFormation: CloudFormationClient;
  ssm: SSMClient;
  cursorKeyParameter: string;
}

export function localEndpoints(env: NodeJS.ProcessEnv = process.env): {
  dynamodb: string;
  s3: string;
  cognito: string;
} {
  const port = (p: { env: string; default: number }) => Number(env[p.env] || p.default);
  return {
    dynamodb: `http://127.0.0.1:${port(LOCAL_PORTS.dynamodb)}`,
    s3: `http://127.0.0.1:${port(LOCAL_PORTS.s3)}`,
    cognito: `http://127.0.0.1:${port(LOCAL_PORTS.cognito)}`,
  };
}

function localClients(endpoints: { dynamodb: string; s3: string; cognito: string }): TenantClients {
  const base = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  return {
    ddb: new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb }),
    // s3rver: path-style addressing, and no default CRC checksums (it does not know them).
    s3: new S3Client({
      ...base,
      endpoint: endpoints.s3,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    cognito: new CognitoIdentityProviderClient({ ...base, endpoint: endpoints.cognito }),
  };
}

export async function resolveTarget(
  slug: string,
  opts: TargetOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TenantTarget> {
  if (opts.stackInfo || opts.local) {
    const info = opts.stackInfo ? (JSON.parse(readFileSync(opts.stackInfo, 'utf8')) as LocalStackInfo) : undefined;
    const endpoints = info
      ? { dynamodb: info.urls.dynamodb, s3: info.urls.s3, cognito: info.urls.cognito }
      : localEndpoints(env);
    return {
      where: 'local',
      region: LOCAL_REGION,
      stackName: null,
      table: opts.table ?? info?.tableName ?? LOCAL_TABLE,
      bucket: opts.bucket ?? info?.bucket ?? LOCAL_BUCKET,
      userPoolId: opts.userPool ?? info?.userPool.id ?? LOCAL_POOL_ID,
      clients: localClients(endpoints),
      cloud: null,
    };
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('no AWS_REGION: set it (e.g. AWS_REGION=eu-central-1), or pass --local');
  // Cognito's admin calls are limited to a few per second per account: throttled calls are retried longer.
  const cloudConfig = { region, maxAttempts: 10 };
  const clients: TenantClients = {
    ddb: new DynamoDBClient(cloudConfig),
    s3: new S3Client(cloudConfig),
    cognito: new CognitoIdentityProviderClient(cloudConfig),
  };
  const cloud: CloudAccess = {
    cloudFormation: new CloudFormationClient(cloudConfig),
    ssm: new SSMClient(cloudConfig),
    cursorKeyParameter: cursorKeyParameterFor(slug),
  };
  const stackName = stackNameFor(slug);
  let outputs: Record<string, string> = {};
  if (!opts.table || !opts.bucket || !opts.userPool) {
    const stack = await describeStack(cloud.cloudFormation, stackName);
    if (!stack)
      throw new Error(
        `no stack ${stackName} in ${region}: pass --table, --bucket and --user-pool to name the resources`,
      );
    outputs = stack.outputs;
  }
  const need = (value: string | undefined, output: string, flag: string) => {
    if (!value) throw new Error(`stack ${stackName} has no output ${output}: pass ${flag}`);
    return value;
  };
  return {
    where: 'cloud',
    region,
    stackName,
    table: need(opts.table ?? outputs.TableName, 'TableName', '--table'),
    bucket: need(opts.bucket ?? outputs.DriveBucket, 'DriveBucket', '--bucket'),
    userPoolId: need(opts.userPool ?? outputs.UserPoolId, 'UserPoolId', '--user-pool'),
    clients,
    cloud,
  };
}

export function destroyClients(t: Pick<TenantTarget, 'clients' | 'cloud'>): void {
  t.clients.ddb.destroy();
  t.clients.s3.destroy();
  t.clients.cognito.destroy();
  t.cloud?.cloudFormation.destroy();
  t.cloud?.ssm.destroy();
}
