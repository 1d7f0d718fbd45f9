/** The Cognito user pool client, created on first use (see registry.ts). */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { endpointFrom, onClientsReset, region } from './registry';

let cognito: CognitoIdentityProviderClient | undefined;
onClientsReset(() => (cognito = undefined));

export function cognitoClient(): CognitoIdentityProviderClient {
  cognito ??= new CognitoIdentityProviderClient({ region: region(), ...endpointFrom('COGNITO_ENDPOINT') });
  return cognito;
}
