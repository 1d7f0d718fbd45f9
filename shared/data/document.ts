/**
 * Document-style commands (lib-dynamodb: plain JS values in and out) sent through the ONE shared
 * DynamoDB client, so they share its middleware (call counter, retries) and unit-test mocks.
 * `DynamoDBDocumentClient.from` is called once per base client only to set its translate options
 * (undefined attributes are dropped rather than refused).
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BadRequestError } from '../http/errors';
import { dynamo } from './clients';
import { openCursor, sealCursor } from './cursor';

const translated = new WeakSet<object>();

export function db(): Pick<DynamoDBDocumentClient, 'send'> {
  const base = dynamo();
  if (!translated.has(base)) {
    DynamoDBDocumentClient.from(base, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
    translated.add(base);
  }
  return {
    send: ((cmd: unknown) => (base.send as (c: unknown) => Promise<unknown>)(cmd)) as DynamoDBDocumentClient['send'],
  };
}

export type Raw = Record<string, unknown>;

/** Drops key and ElectroDB bookkeeping attributes. */
export function strip<T>(item: Raw): T {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _a,
    GSI1SK: _b,
    GSI2PK: _c,
    GSI2SK: _d,
    GSI3PK: _e,
    GSI3SK: _f,
    __edb_e__: _g,
    __edb_v__: _h,
    ...rest
  } = item;
  return rest as T;
}

/** A signed cursor holding a raw LastEvaluatedKey (see ./cursor.ts); null when there is no next page. */
export async function sealKey(lastKey: Raw | undefined, scope: string): Promise<string | null> {
  return lastKey ? sealCursor(JSON.stringify(lastKey), scope) : null;
}

/** The ExclusiveStartKey inside a cursor from `sealKey` (400 naming query.cursor when forged or foreign). */
export async function openKey(cursor: string | undefined, scope: string): Promise<Raw | undefined> {
  const position = await openCursor(cursor, scope);
  if (!position) return undefined;
  const key = JSON.parse(position) as unknown;
  if (!key || typeof key !== 'object' || Array.isArray(key))
    throw new BadRequestError('The cursor is invalid', [{ path: 'query.cursor', reason: 'invalid cursor' }]);
  return key as Raw;
}
