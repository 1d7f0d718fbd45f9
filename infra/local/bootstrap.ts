/**
 * Idempotent bootstrap ("create if missing") of what CDK creates in the cloud: the table (from
 * shared/data/table.ts, the same definition CDK uses), the drive bucket's CORS rules, the user pool,
 * its app client and the role groups, and the per-data-folder cursor secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  ListGroupsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLES } from '../../shared/auth/roles';
import { TABLE, keyAttributes } from '../../shared/data/table';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_TABLE = 'portal-local';
export const LOCAL_BUCKET = 'portal-local-drive';
export const LOCAL_POOL_ID = 'us-east-1_LocalPool';
export const LOCAL_POOL_NAME = 'portal-local';
/** Cognito client ids are 26 lowercase letters and digits. */
export const LOCAL_CLIENT_ID = 'portallocalwebclient000001';
export const LOCAL_CLIENT_NAME = 'portal-web';
export const LOCAL_GROUPS = ROLES;

/** Static fake credentials: s3rver accepts only S3RVER/S3RVER, the other emulators accept anything. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function ensureTable(ddb: DynamoDBClient, name: string): Promise<{ streamArn: string }> {
  let desc = await ddb.send(new DescribeTableCommand({ TableName: name })).catch((e: unknown) => {
    if (e instanceof ResourceNotFoundException || (e as Error).name === 'ResourceNotFoundException') return undefined;
    throw e;
  });
  if (!desc) {
    await ddb
      .send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: keyAttributes().map((a) => ({ AttributeName: a, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: TABLE.gsis.map((g) => ({
            IndexName: g.name,
            KeySchema: [
              { AttributeName: g.partitionKey, KeyType: 'HASH' },
              { AttributeName: g.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
          StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
        }),
      )
      .catch((e: unknown) => {
        if ((e as Error).name !== 'ResourceInUseException') throw e;
      });
    await waitUntilTableExists({ client: ddb, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: name });
    desc = await ddb.send(new DescribeTableCommand({ TableName: name }));
  } else if (!desc.Table?.StreamSpecification?.StreamEnabled) {
    await ddb.send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
      }),
    );
    desc = await ddb.send(new DescribeTableCommand({ TableName: name }));
  }
  const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: true, AttributeName: TABLE.ttlAttribute },
      }),
    );
  }
  const streamArn = desc.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${name} has no stream`);
  return { streamArn };
}

/** CORS rules for the drive bucket: the SPA PUTs and GETs presigned URLs straight from the browser. */
export function bucketCorsXml(origins: string[]): string {
  const rule = (o: string) =>
    `<CORSRule><AllowedOrigin>${o}</AllowedOrigin>` +
    ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'].map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join('') +
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>';
  return `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${origins.map(rule).join('')}</CORSConfiguration>`;
}

/** Groups are pre-created in the pool file; this adds any a newer ROLES list has that an old data folder lacks. */
export async function ensureGroups(cognito: CognitoIdentityProviderClient, poolId: string): Promise<void> {
  const have = new Set(
    (await cognito.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups?.map((g) => g.GroupName) ?? [],
  );
  for (const [i, g] of LOCAL_GROUPS.entries()) {
    if (!have.has(g)) {
      await cognito
        .send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: g, Precedence: i, Description: `${g} role` }))
        .catch((e: unknown) => {
          if ((e as Error).name !== 'GroupExistsException') throw e;
        });
    }
  }
}

/** A random CURSOR_SECRET per data folder, created once and kept (cursors stay valid across restarts). */
export function cursorSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'cursor-secret');
  if (existsSync(file)) {
    const v = readFileSync(file, 'utf8').trim();
    if (v.length >= 32) return v;
  }
  const v = randomBytes(32).toString('hex');
  writeFileSync(file, `${v}\n`, { mode: 0o600 });
  return v;
}
