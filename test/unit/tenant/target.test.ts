/**
 * Where the tenant tool points: the ports of `npm start`, and a cloud target that needs a region and reads its
 * resources from the stack's outputs.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { cursorKeyParameterName } from '../../../infra/constructs/cursor-key-parameter';
import { PORT_ENV } from '../../../infra/local/stack';
import { LOCAL_PORTS, destroyClients, localEndpoints, resolveTarget } from '../../../infra/tenant/target';

const cfMock = mockClient(CloudFormationClient);
beforeEach(() => cfMock.reset());

it('uses the same ports and variables as the local stack', () => {
  for (const [name, p] of Object.entries(LOCAL_PORTS)) expect(PORT_ENV[name as keyof typeof PORT_ENV]).toEqual(p);
  expect(localEndpoints({ S3_PORT: '5000' })).toEqual({
    dynamodb: 'http://127.0.0.1:8000',
    s3: 'http://127.0.0.1:5000',
    cognito: 'http://127.0.0.1:9229',
  });
});

it('needs a region in the cloud, and takes resources from the arguments without asking CloudFormation', async () => {
  await expect(resolveTarget('acme', {}, {})).rejects.toThrow(/AWS_REGION/);
  const t = await resolveTarget(
    'acme',
    { table: 'T', bucket: 'B', userPool: 'eu-central-1_P' },
    { AWS_REGION: 'eu-central-1' },
  );
  expect(t).toMatchObject({
    where: 'cloud',
    stackName: 'Portal-acme',
    table: 'T',
    bucket: 'B',
    userPoolId: 'eu-central-1_P',
  });
  expect(await t.clients.s3.config.region()).toBe('eu-central-1');
  expect(cfMock.calls()).toHaveLength(0);
  // The parameter the functions create (the name the stack grants them), which `delete` removes.
  expect(t.cloud?.cursorKeyParameter).toBe(cursorKeyParameterName('acme'));
  destroyClients(t);
});

it('reads the table, bucket and pool from the outputs of the stack Portal-<slug>', async () => {
  cfMock.on(DescribeStacksCommand, { StackName: 'Portal-acme' }).resolves({
    Stacks: [
      {
        StackName: 'Portal-acme',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(0),
        Outputs: [
          { OutputKey: 'TableName', OutputValue: 'Portal-acme-Table-ABC' },
          { OutputKey: 'DriveBucket', OutputValue: 'portal-acme-drive-1' },
          { OutputKey: 'UserPoolId', OutputValue: 'eu-central-1_Pool' },
        ],
      },
    ],
  });
  const t = await resolveTarget('acme', { bucket: 'other-bucket' }, { AWS_REGION: 'eu-central-1' });
  expect(t).toMatchObject({ table: 'Portal-acme-Table-ABC', bucket: 'other-bucket', userPoolId: 'eu-central-1_Pool' });
  destroyClients(t);
});
