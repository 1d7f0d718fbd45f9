/** Where the tenant tool points: the ports of `npm start`, and a cloud target that needs a region. */
import { PORT_ENV } from '../../../infra/local/stack';
import { LOCAL_PORTS, localEndpoints, resolveTarget } from '../../../infra/tenant/target';

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
});
