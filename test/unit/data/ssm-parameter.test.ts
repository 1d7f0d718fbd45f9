/** The Parameter Store calls of the cursor key, against the SDK client (aws-sdk-client-mock). */
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ssmParameters } from '../../../shared/data/ssm-parameter';

const ssmMock = mockClient(SSMClient);
const ssm = ssmParameters(async () => new SSMClient({ region: 'eu-central-1' }));
const failure = (name: string) => Object.assign(new Error(name), { name });

beforeEach(() => ssmMock.reset());

test('reads a SecureString decrypted, and says undefined (not an error) when there is none', async () => {
  ssmMock.on(GetParameterCommand, { Name: '/p/a' }).resolves({ Parameter: { Value: 'k'.repeat(40) } });
  ssmMock.on(GetParameterCommand, { Name: '/p/none' }).rejects(failure('ParameterNotFound'));
  expect(await ssm.getSecureString('/p/a')).toBe('k'.repeat(40));
  expect(ssmMock.commandCalls(GetParameterCommand)[0]!.args[0].input).toEqual({ Name: '/p/a', WithDecryption: true });
  expect(await ssm.getSecureString('/p/none')).toBeUndefined();
});

test('creates a standard-tier SecureString without overwriting; false when another container won', async () => {
  ssmMock.on(PutParameterCommand).resolvesOnce({ Version: 1 }).rejects(failure('ParameterAlreadyExists'));
  expect(await ssm.createSecureString('/p/a', 'v', 'why')).toBe(true);
  expect(ssmMock.commandCalls(PutParameterCommand)[0]!.args[0].input).toEqual({
    Name: '/p/a',
    Value: 'v',
    Type: 'SecureString',
    Overwrite: false,
    Tier: 'Standard',
    Description: 'why',
  });
  expect(await ssm.createSecureString('/p/a', 'w', 'why')).toBe(false);
});

test('any other failure is thrown, not taken for "missing"', async () => {
  ssmMock.on(GetParameterCommand).rejects(failure('AccessDeniedException'));
  ssmMock.on(PutParameterCommand).rejects(failure('ThrottlingException'));
  await expect(ssm.getSecureString('/p/a')).rejects.toThrow('AccessDeniedException');
  await expect(ssm.createSecureString('/p/a', 'v', 'why')).rejects.toThrow('ThrottlingException');
});
