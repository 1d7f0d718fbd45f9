/**
 * The few DynamoDB and S3 calls crm-intake and crm-jobs compose (each names its cost). Shared by the two
 * features (the API and the job worker) so neither imports the other's insides.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { s3Client } from '../aws/s3-client';
import { db, openKey, sealKey, strip, type Raw } from '../data/document';
import { query, type QueryInput } from '../data/query';
import { tableName } from '../data/table';
import { isEntityRow } from './entity-names';

export const T = () => tableName();

export const bucket = (): string => {
  const b = process.env.BUCKET_NAME;
  if (!b) throw new Error('BUCKET_NAME is not set');
  return b;
};

/** ONE GetItem. */
export async function getRaw(key: Raw, consistent = false): Promise<Raw | undefined> {
  const r = await db().send(new GetCommand({ TableName: T(), Key: key, ConsistentRead: consistent }));
  return r.Item as Raw | undefined;
}

/** An item of the given entity, stripped of keys and markers, or null. */
export async function getEntity<X>(key: Raw, entity: string, consistent = false): Promise<X | null> {
  const row = await getRaw(key, consistent);
  return isEntityRow(row, entity) ? strip<X>(row) : null;
}

/** The fields of a patch body that are present (undefined = not changed). */
export const definedOnly = <P extends object>(patch: P): Partial<{ [K in keyof P]: Exclude<P[K], undefined> }> =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<{
    [K in keyof P]: Exclude<P[K], undefined>;
  }>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * BatchWrite in calls of 25 Puts; UnprocessedItems retried with backoff. Returns the number of calls made.
 * Up to `parallel` calls in flight.
 */
export async function batchPut(items: Raw[], parallel = 4): Promise<number> {
  const chunks: Raw[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let calls = 0;
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt >= 8) throw new Error('BatchWriteItem left items unprocessed');
        if (attempt) await sleep(Math.min(1000, 30 * 2 ** attempt) * (0.5 + Math.random()));
        calls++;
        const r = await db().send(new BatchWriteCommand({ RequestItems: { [T()]: pending } }));
        pending = (r.UnprocessedItems?.[T()] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, worker));
  return calls;
}

/** ONE Query page with a signed cursor bound to `cursorScope`. */
export async function queryPage<X>(
  input: Omit<QueryInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>,
  opts: { cursor?: string | undefined; limit: number; cursorScope: string; map?: (row: Raw) => X },
): Promise<{ items: X[]; cursor: string | null }> {
  const start = await openKey(opts.cursor, opts.cursorScope);
  const page = await query({ ...input, Limit: opts.limit, ...(start ? { ExclusiveStartKey: start } : {}) });
  return {
    items: page.items.map((row) => (opts.map ? opts.map(row) : strip<X>(row))),
    cursor: await sealKey(page.lastKey, opts.cursorScope),
  };
}

// ---- S3 ------------------------------------------------------------------------------------------------

export const URL_TTL_SECONDS = 300;
export const UPLOAD_TTL_SECONDS = 900;
export const expiry = (seconds: number, now = Date.now()) => new Date(now + seconds * 1000).toISOString();

/** A presigned PUT for exactly `size` bytes of text/csv (Content-Length and Content-Type signed). */
export function presignCsvPut(key: string, size: number): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new PutObjectCommand({ Bucket: bucket(), Key: key, ContentType: 'text/csv', ContentLength: size }),
    {
      expiresIn: UPLOAD_TTL_SECONDS,
      signableHeaders: new Set(['content-type', 'content-length']),
    },
  );
}

const disposition = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** A 5-minute presigned GET that downloads as `name`. */
export function presignCsvGet(key: string, name: string): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: bucket(),
      Key: key,
      ResponseContentDisposition: disposition(name),
      ResponseContentType: 'text/csv; charset=utf-8',
    }),
    { expiresIn: URL_TTL_SECONDS },
  );
}

/** Bytes [from, to] of an object (inclusive; clipped by S3 at the end). */
export async function getRange(key: string, from: number, to?: number): Promise<Buffer> {
  const r = await s3Client().send(
    new GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=${from}-${to ?? ''}` }),
  );
  return Buffer.from(await r.Body!.transformToByteArray());
}

export async function putCsv(key: string, body: Buffer | string): Promise<void> {
  await s3Client().send(
    new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: 'text/csv; charset=utf-8' }),
  );
}

export { strip, type Raw };
