/**
 * The DynamoDB client, created once per Lambda container. The other AWS clients each live in their own module
 * under shared/aws/ (s3-client, ses-client, cognito-client, lambda-client; the WebSocket management client in
 * shared/runtime/ws-client), so a feature's bundle loads only the SDK packages it uses: every feature needs
 * DynamoDB, few need the others, and each SDK package costs cold-start time (issue 11 §5).
 * In the cloud clients use the default endpoints; locally they point at the emulators through *_ENDPOINT variables.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { endpointFrom, onClientsReset, region, resetRegisteredClients } from '../aws/registry';

let ddb: DynamoDBClient | undefined;
onClientsReset(() => (ddb = undefined));

export function dynamo(): DynamoDBClient {
  ddb ??= new DynamoDBClient({ region: region(), ...endpointFrom('DYNAMODB_ENDPOINT'), maxAttempts: 3 });
  return ddb;
}

/** Tests and the local stack replace every client created so far when endpoints change between runs. */
export function resetClients(): void {
  resetRegisteredClients();
}
