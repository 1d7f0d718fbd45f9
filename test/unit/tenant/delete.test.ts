/**
 * `tenant delete` in the cloud, over @aws-sdk/client-cloudformation and @aws-sdk/client-ssm (mocked with
 * aws-sdk-client-mock): the plan built from the stack (every retained table, bucket and pool it lists, then the
 * cursor-key parameter), the order of the deletions, what is printed, and the typed confirmation.
 */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type ListStackResourcesCommandInput,
  type ListStackResourcesCommandOutput,
  type Stack,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteBucketCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describeStack } from '../../../infra/tenant/cloudformation';
import { confirmed, deleteTenant, describePlan, planDeletion, type DeletionPlan } from '../../../infra/tenant/delete';
import type { TenantTarget } from '../../../infra/tenant/target';

const cfMock = mockClient(CloudFormationClient);
const ssmMock = mockClient(SSMClient);
const ddbMock = mockClient(DynamoDBClient);
const s3Mock = mockClient(S3Client);
const cognitoMock = mockClient(CognitoIdentityProviderClient);

const region = 'eu-central-1';
const stackNamed = (status: string): Stack => ({
  StackName: 'Portal-acme',
  StackStatus: status as Stack['StackStatus'],
  CreationTime: new Date(0),
  Outputs: [
    { OutputKey: 'TableName', OutputValue: 'Portal-acme-Table-ABC' },
    { OutputKey: 'DriveBucket', OutputValue: 'portal-acme-drive-123-eu-central-1' },
    { OutputKey: 'UserPoolId', OutputValue: 'eu-central-1_Pool' },
    { OutputKey: 'PortalUrl', OutputValue: 'https://x.example/?a=1&b=2' },
  ],
});
const noSuchStack = () =>
  new CloudFormationServiceException({
    name: 'ValidationError',
    $fault: 'client',
    $metadata: {},
    message: 'Stack with id Portal-acme does not exist',
  });
const resource = (id: string, physical: string, type: string): StackResourceSummary => ({
  LogicalResourceId: id,
  PhysicalResourceId: physical,
  ResourceType: type,
  ResourceStatus: 'CREATE_COMPLETE',
  LastUpdatedTimestamp: new Date(0),
});

function cloudTarget(): TenantTarget {
  return {
    where: 'cloud',
    region,
    stackName: 'Portal-acme',
    table: 'Portal-acme-Table-ABC',
    bucket: 'portal-acme-drive-123-eu-central-1',
    userPoolId: 'eu-central-1_Pool',
    clients: {
      ddb: new DynamoDBClient({ region }),
      s3: new S3Client({ region }),
      cognito: new CognitoIdentityProviderClient({ region }),
    },
    cloud: {
      cloudFormation: new CloudFormationClient({ region }),
      ssm: new SSMClient({ region }),
      cursorKeyParameter: '/portal/acme/cursor-key',
    },
  };
}

const plan: DeletionPlan = {
  stack: { name: 'Portal-acme', status: 'UPDATE_COMPLETE' },
  tables: ['Portal-acme-Table-ABC'],
  buckets: ['portal-acme-drive-123-eu-central-1', 'portal-acme-site-xyz'],
  userPools: ['eu-central-1_Pool'],
  cursorKeyParameter: '/portal/acme/cursor-key',
};
const fastWait = { maxWaitSeconds: 5, minDelaySeconds: 0.01, maxDelaySeconds: 0.02 };

/** Every call of every client, in the order made. */
let calls: string[];
beforeEach(() => {
  calls = [];
  for (const m of [cfMock, ssmMock, ddbMock, s3Mock, cognitoMock]) m.reset();
  const seen = (name: string) => (input: object) => {
    calls.push(`${name} ${Object.values(input).find((v) => typeof v === 'string') ?? ''}`);
  };
  cfMock.on(DeleteStackCommand).callsFake(seen('DeleteStack'));
  ddbMock.on(DescribeTableCommand).callsFake((i) => (seen('DescribeTable')(i), { Table: { ItemCount: 3 } }));
  ddbMock.on(DeleteTableCommand).callsFake(seen('DeleteTable'));
  s3Mock.on(ListObjectVersionsCommand).callsFake((i) => (seen('ListObjectVersions')(i), {}));
  s3Mock.on(DeleteBucketCommand).callsFake(seen('DeleteBucket'));
  cognitoMock
    .on(DescribeUserPoolCommand)
    .callsFake((i) => (seen('DescribeUserPool')(i), { UserPool: { EstimatedNumberOfUsers: 2 } }));
  cognitoMock.on(DeleteUserPoolCommand).callsFake(seen('DeleteUserPool'));
  ssmMock.on(DeleteParameterCommand).callsFake(seen('DeleteParameter'));
});

it('reads a stack’s status and outputs; a missing stack is undefined', async () => {
  cfMock.on(DescribeStacksCommand, { StackName: 'Portal-acme' }).resolves({ Stacks: [stackNamed('UPDATE_COMPLETE')] });
  cfMock.on(DescribeStacksCommand, { StackName: 'Portal-gone' }).rejects(noSuchStack());
  const cf = new CloudFormationClient({ region });
  expect(await describeStack(cf, 'Portal-acme')).toEqual({
    status: 'UPDATE_COMPLETE',
    outputs: {
      TableName: 'Portal-acme-Table-ABC',
      DriveBucket: 'portal-acme-drive-123-eu-central-1',
      UserPoolId: 'eu-central-1_Pool',
      PortalUrl: 'https://x.example/?a=1&b=2',
    },
  });
  expect(await describeStack(cf, 'Portal-gone')).toBeUndefined();
});

it('plans a cloud deletion: the stack, every retained table, bucket and pool it lists (all pages), the cursor key', async () => {
  cfMock.on(DescribeStacksCommand).resolves({ Stacks: [stackNamed('UPDATE_COMPLETE')] });
  // Each page answers the token it is asked for (the paginator reuses one input object: recorded when called).
  const pages: Record<string, ListStackResourcesCommandOutput> = {
    first: {
      $metadata: {},
      StackResourceSummaries: [
        resource('Table', 'Portal-acme-Table-ABC', 'AWS::DynamoDB::Table'),
        resource('Drive', 'portal-acme-drive-123-eu-central-1', 'AWS::S3::Bucket'),
        resource('Fn', 'portal-acme-fn', 'AWS::Lambda::Function'),
      ],
      NextToken: 'page-2',
    },
    'page-2': {
      $metadata: {},
      StackResourceSummaries: [
        resource('Site', 'portal-acme-site-xyz', 'AWS::S3::Bucket'),
        resource('AccessLogs', 'portal-acme-accesslogs-xyz', 'AWS::S3::Bucket'),
        resource('UserPool', 'eu-central-1_Pool', 'AWS::Cognito::UserPool'),
      ],
    },
  };
  const tokens: (string | undefined)[] = [];
  cfMock.on(ListStackResourcesCommand).callsFake((i: ListStackResourcesCommandInput) => {
    tokens.push(i.NextToken);
    return pages[i.NextToken ?? 'first'];
  });
  const target = cloudTarget();
  const planned = await planDeletion(target);
  expect(planned).toEqual({
    stack: { name: 'Portal-acme', status: 'UPDATE_COMPLETE' },
    tables: ['Portal-acme-Table-ABC'],
    buckets: ['portal-acme-drive-123-eu-central-1', 'portal-acme-site-xyz', 'portal-acme-accesslogs-xyz'],
    userPools: ['eu-central-1_Pool'],
    cursorKeyParameter: '/portal/acme/cursor-key',
  });
  expect(tokens).toEqual([undefined, 'page-2']);
  const printed = describePlan('acme', target, planned).join('\n');
  expect(printed).toContain('the CloudFormation stack Portal-acme (UPDATE_COMPLETE)');
  expect(printed).toContain('S3 bucket        portal-acme-accesslogs-xyz');
  expect(printed).toContain('the SSM parameter /portal/acme/cursor-key');
});

it('locally plans no stack and no parameter, and says the cursor key is CURSOR_SECRET', async () => {
  const target: TenantTarget = { ...cloudTarget(), where: 'local', stackName: null, cloud: null };
  const planned = await planDeletion(target);
  expect(planned).toMatchObject({ stack: null, cursorKeyParameter: null });
  expect(cfMock.calls()).toHaveLength(0);
  expect(describePlan('acme', target, planned).join('\n')).toMatch(/no cursor-key parameter.*CURSOR_SECRET/);
});

it('deletes the stack and waits for it, then the retained resources, then the cursor-key parameter', async () => {
  cfMock
    .on(DescribeStacksCommand)
    .callsFakeOnce((i) => (calls.push(`DescribeStacks ${i.StackName}`), { Stacks: [stackNamed('DELETE_IN_PROGRESS')] }))
    .callsFake((i) => {
      calls.push(`DescribeStacks ${i.StackName}`);
      throw noSuchStack();
    });
  const printed: string[] = [];
  const done = await deleteTenant(cloudTarget(), plan, (l) => printed.push(l), fastWait);
  expect(calls).toEqual([
    'DeleteStack Portal-acme',
    'DescribeStacks Portal-acme',
    'DescribeStacks Portal-acme',
    'DescribeTable Portal-acme-Table-ABC',
    'DeleteTable Portal-acme-Table-ABC',
    'ListObjectVersions portal-acme-drive-123-eu-central-1',
    'DeleteBucket portal-acme-drive-123-eu-central-1',
    'ListObjectVersions portal-acme-site-xyz',
    'DeleteBucket portal-acme-site-xyz',
    'DescribeUserPool eu-central-1_Pool',
    'DeleteUserPool eu-central-1_Pool',
    'DeleteParameter /portal/acme/cursor-key',
  ]);
  expect(done).toEqual([
    'deleted stack Portal-acme',
    'deleted table Portal-acme-Table-ABC (about 3 items)',
    'deleted bucket portal-acme-drive-123-eu-central-1 (0 objects and versions)',
    'deleted bucket portal-acme-site-xyz (0 objects and versions)',
    'deleted user pool eu-central-1_Pool (2 users)',
    'deleted parameter /portal/acme/cursor-key',
  ]);
  expect(printed[0]).toMatch(/^Deleting the stack Portal-acme/);
  expect(printed.slice(1)).toEqual(done.map((l) => `  ${l}`));
});

it('says the parameter was already absent when no function ever created it', async () => {
  ssmMock.on(DeleteParameterCommand).rejects(new ParameterNotFound({ $metadata: {}, message: 'not found' }));
  const done = await deleteTenant(cloudTarget(), { ...plan, stack: null }, () => undefined, fastWait);
  expect(done.at(-1)).toBe('parameter /portal/acme/cursor-key: already absent');
});

it('stops with the stack’s status when CloudFormation cannot delete it, and deletes nothing else', async () => {
  cfMock.on(DescribeStacksCommand).resolves({ Stacks: [stackNamed('DELETE_FAILED')] });
  await expect(deleteTenant(cloudTarget(), plan, () => undefined, fastWait)).rejects.toThrow(
    'stack Portal-acme was not deleted (DELETE_FAILED)',
  );
  expect(calls).toEqual(['DeleteStack Portal-acme']);
});

it('is confirmed only by the exact slug', () => {
  expect(confirmed('acme', 'acme')).toBe(true);
  expect(confirmed('acme', ' acme\n')).toBe(true);
  for (const typed of [undefined, '', 'y', 'yes', 'acme-corp', 'ACME']) expect(confirmed('acme', typed)).toBe(false);
});
