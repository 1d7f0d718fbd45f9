/** The SES client, created on first use (see registry.ts). */
import { SESClient } from '@aws-sdk/client-ses';
import { endpointFrom, onClientsReset, region } from './registry';

let ses: SESClient | undefined;
onClientsReset(() => (ses = undefined));

export function sesClient(): SESClient {
  ses ??= new SESClient({ region: region(), ...endpointFrom('SES_ENDPOINT') });
  return ses;
}
