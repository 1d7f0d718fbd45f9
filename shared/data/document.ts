/**
 * Document-style commands (lib-dynamodb: plain JS values in and out) sent through the ONE shared
 * DynamoDB client, so they share its middleware (call counter, retries) and unit-test mocks.
 * Undefined attributes are dropped rather than refused.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BadRequestError } from '../http/errors';
import { dynamo } from './clients';
import { openCursor, sealCursor } from './cursor';

/**
 * A DynamoDBDocumentClient (so the SDK's paginators accept it) whose `send` goes through the shared base
 * client's own `send`: one middleware stack, and unit tests' `mockClient(DynamoDBClient)` sees every call.
 */
class SharedDocumentClient extends DynamoDBDocumentClient {
  constructor(private readonly base: DynamoDBClient) {
    super(base, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  }
  override send: DynamoDBDocumentClient['send'] = ((command: unknown) =>
    (this.base.send as (c: unknown) => Promise<unknown>)(command)) as DynamoDBDocumentClient['send'];
}

const documentClients = new WeakMap<DynamoDBClient, SharedDocumentClient>();

export function db(): DynamoDBDocumentClient {
  const base = dynamo();
  let client = documentClients.get(base);
  if (!client) {
    client = new SharedDocumentClient(base);
    documentClients.set(base, client);
  }
  return client;
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
