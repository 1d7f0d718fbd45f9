/**
 * The two SSM Parameter Store calls the cursor key needs: GetParameter with decryption, and PutParameter of a
 * SecureString without overwrite (so two cold starts racing to create it agree on the one that won). The SDK
 * client is loaded on the first cursor, not at cold start: a feature that never pages never loads it.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';

export interface SsmParameters {
  /** The decrypted value, or undefined when there is no such parameter. */
  getSecureString(name: string): Promise<string | undefined>;
  /** Creates the SecureString (key aws/ssm, standard tier: free); false when it exists already (left as it is). */
  createSecureString(name: string, value: string, description: string): Promise<boolean>;
}

const errorName = (e: unknown): string | undefined => (e as { name?: string } | null)?.name;

/** SsmParameters over an SDK client (the default: the shared client of shared/aws/ssm-client.ts). */
export function ssmParameters(client?: () => Promise<SSMClient>): SsmParameters {
  const ssm = client ?? (async () => (await import('../aws/ssm-client')).ssmClient());
  const commands = () => import('@aws-sdk/client-ssm');
  return {
    async getSecureString(name) {
      const [c, { GetParameterCommand }] = await Promise.all([ssm(), commands()]);
      try {
        const out = await c.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        return out.Parameter?.Value;
      } catch (e) {
        if (errorName(e) === 'ParameterNotFound') return undefined;
        throw e;
      }
    },
    async createSecureString(name, value, description) {
      const [c, { PutParameterCommand }] = await Promise.all([ssm(), commands()]);
      try {
        await c.send(
          new PutParameterCommand({
            Name: name,
            Value: value,
            Type: 'SecureString',
            Overwrite: false,
            Tier: 'Standard',
            Description: description,
          }),
        );
        return true;
      } catch (e) {
        if (errorName(e) === 'ParameterAlreadyExists') return false;
        throw e;
      }
    },
  };
}
