/**
 * AWS SDK clients, created once per Lambda container. In the cloud they use the default endpoints;
 * locally the same clients point at the emulators through *_ENDPOINT variables — nothing else differs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

const region = () => process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
const endpoint = (name: string) => (process.env[name] ? { endpoint: process.env[name] } : {});

let ddb: DynamoDBClient | undefined;
export function dynamo(): DynamoDBClient {
  ddb ??= new DynamoDBClient({ region: region(), ...endpoint('DYNAMODB_ENDPOINT'), maxAttempts: 3 });
  return ddb;
}

let s3: S3Client | undefined;
export function s3Client(): S3Client {
  s3 ??= new S3Client({
    region: region(),
    ...endpoint('S3_ENDPOINT'),
    // s3rver needs path-style addressing, and would store aws-chunked framing inside objects
    // if the SDK computed checksums on streamed bodies (see ../shared/LOCAL-STACK.md).
    ...(process.env.S3_ENDPOINT ? { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' as const } : {}),
  });
  return s3;
}

let ses: SESClient | undefined;
export function sesClient(): SESClient {
  ses ??= new SESClient({ region: region(), ...endpoint('SES_ENDPOINT') });
  return ses;
}

let cognito: CognitoIdentityProviderClient | undefined;
export function cognitoClient(): CognitoIdentityProviderClient {
  cognito ??= new CognitoIdentityProviderClient({ region: region(), ...endpoint('COGNITO_ENDPOINT') });
  return cognito;
}

/** Tests and the local stack replace clients when endpoints change between runs. */
export function resetClients(): void {
  ddb = undefined;
  s3 = undefined;
  ses = undefined;
  cognito = undefined;
}
