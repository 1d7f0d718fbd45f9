/** The S3 client, created on first use (see registry.ts). */
import { S3Client } from '@aws-sdk/client-s3';
import { endpointFrom, onClientsReset, region } from './registry';

let s3: S3Client | undefined;
onClientsReset(() => (s3 = undefined));

export function s3Client(): S3Client {
  s3 ??= new S3Client({
    region: region(),
    ...endpointFrom('S3_ENDPOINT'),
    // s3rver needs path-style addressing, and would store aws-chunked framing inside objects
    // if the SDK computed checksums on streamed bodies (see ../shared/LOCAL-STACK.md).
    ...(process.env.S3_ENDPOINT ? { forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' as const } : {}),
  });
  return s3;
}
