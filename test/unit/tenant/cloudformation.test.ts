/**
 * The tenant tool's CloudFormation calls (signed query API, XML answers) and the cloud deletion plan
 * built from them: the stack, then every retained table, bucket and user pool it lists.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CloudFormation } from '../../../infra/tenant/cloudformation';
import { confirmed, describePlan, planDeletion } from '../../../infra/tenant/delete';
import type { TenantTarget } from '../../../infra/tenant/target';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

const describeXml = (status: string) => `<DescribeStacksResponse><DescribeStacksResult><Stacks><member>
  <StackName>Portal-acme</StackName><StackStatus>${status}</StackStatus>
  <Outputs>
    <member><OutputKey>TableName</OutputKey><OutputValue>Portal-acme-Table-ABC</OutputValue></member>
    <member><OutputKey>DriveBucket</OutputKey><OutputValue>portal-acme-drive-123-eu-central-1</OutputValue></member>
    <member><OutputKey>UserPoolId</OutputKey><OutputValue>eu-central-1_Pool</OutputValue></member>
    <member><OutputKey>PortalUrl</OutputKey><OutputValue>https://x.example/?a=1&amp;b=2</OutputValue></member>
  </Outputs></member></Stacks></DescribeStacksResult></DescribeStacksResponse>`;
const resource = (id: string, physical: string, type: string) =>
  `<member><LogicalResourceId>${id}</LogicalResourceId><PhysicalResourceId>${physical}</PhysicalResourceId><ResourceType>${type}</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>`;
const page1 = `<ListStackResourcesResponse><ListStackResourcesResult><StackResourceSummaries>
  ${resource('Table', 'Portal-acme-Table-ABC', 'AWS::DynamoDB::Table')}
  ${resource('Drive', 'portal-acme-drive-123-eu-central-1', 'AWS::S3::Bucket')}
  ${resource('Fn', 'portal-acme-fn', 'AWS::Lambda::Function')}
  </StackResourceSummaries><NextToken>page-2</NextToken></ListStackResourcesResult></ListStackResourcesResponse>`;
const page2 = `<ListStackResourcesResponse><ListStackResourcesResult><StackResourceSummaries>
  ${resource('Site', 'portal-acme-site-xyz', 'AWS::S3::Bucket')}
  ${resource('AccessLogs', 'portal-acme-accesslogs-xyz', 'AWS::S3::Bucket')}
  ${resource('UserPool', 'eu-central-1_Pool', 'AWS::Cognito::UserPool')}
  </StackResourceSummaries></ListStackResourcesResult></ListStackResourcesResponse>`;
const missing = `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id Portal-gone does not exist</Message></Error></ErrorResponse>`;

function fakeCloudFormation() {
  const calls: { params: URLSearchParams; headers: Record<string, string> }[] = [];
  const fetchFake = (async (_url: URL, init: RequestInit) => {
    const params = new URLSearchParams(String(init.body));
    calls.push({ params, headers: init.headers as Record<string, string> });
    const xml =
      params.get('StackName') === 'Portal-gone'
        ? missing
        : params.get('Action') === 'DescribeStacks'
          ? describeXml('UPDATE_COMPLETE')
          : params.get('NextToken') === 'page-2'
            ? page2
            : page1;
    return new Response(xml, { status: xml === missing ? 400 : 200 });
  }) as unknown as typeof fetch;
  return { cf: new CloudFormation({ region: 'eu-central-1', credentials, fetch: fetchFake }), calls };
}

it('reads a stack’s status and outputs from a signed DescribeStacks; a missing stack is undefined', async () => {
  const { cf, calls } = fakeCloudFormation();
  expect(await cf.describeStack('Portal-acme')).toEqual({
    status: 'UPDATE_COMPLETE',
    outputs: {
      TableName: 'Portal-acme-Table-ABC',
      DriveBucket: 'portal-acme-drive-123-eu-central-1',
      UserPoolId: 'eu-central-1_Pool',
      PortalUrl: 'https://x.example/?a=1&b=2',
    },
  });
  expect(calls[0]!.params.get('Version')).toBe('2010-05-15');
  expect(calls[0]!.headers.authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/cloudformation\/aws4_request/,
  );
  expect(await cf.describeStack('Portal-gone')).toBeUndefined();
});

it('plans a cloud deletion: the stack, then every retained table, bucket and pool it lists (all pages)', async () => {
  const { cf } = fakeCloudFormation();
  const target: TenantTarget = {
    where: 'cloud',
    region: 'eu-central-1',
    stackName: 'Portal-acme',
    table: 'Portal-acme-Table-ABC',
    bucket: 'portal-acme-drive-123-eu-central-1',
    userPoolId: 'eu-central-1_Pool',
    clients: {
      ddb: new DynamoDBClient({ region: 'eu-central-1' }),
      s3: new S3Client({ region: 'eu-central-1' }),
      cognito: new CognitoIdentityProviderClient({ region: 'eu-central-1' }),
    },
    cloudFormation: cf,
  };
  const plan = await planDeletion(target);
  expect(plan).toEqual({
    stack: { name: 'Portal-acme', status: 'UPDATE_COMPLETE' },
    tables: ['Portal-acme-Table-ABC'],
    buckets: ['portal-acme-drive-123-eu-central-1', 'portal-acme-site-xyz', 'portal-acme-accesslogs-xyz'],
    userPools: ['eu-central-1_Pool'],
  });
  expect(describePlan('acme', target, plan).join('\n')).toContain('the CloudFormation stack Portal-acme');
});

it('is confirmed only by the exact slug', () => {
  expect(confirmed('acme', 'acme')).toBe(true);
  expect(confirmed('acme', ' acme\n')).toBe(true);
  for (const typed of [undefined, '', 'y', 'yes', 'acme-corp', 'ACME']) expect(confirmed('acme', typed)).toBe(false);
});
