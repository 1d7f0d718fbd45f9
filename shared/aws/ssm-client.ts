/** The SSM client (the cursor key in Parameter Store), created on first use (see registry.ts). */
import { SSMClient } from '@aws-sdk/client-ssm';
import { endpointFrom, onClientsReset, region } from './registry';

let ssm: SSMClient | undefined;
onClientsReset(() => (ssm = undefined));

export function ssmClient(): SSMClient {
  ssm ??= new SSMClient({ region: region(), ...endpointFrom('SSM_ENDPOINT'), maxAttempts: 3 });
  return ssm;
}
