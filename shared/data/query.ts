/**
 * Queries through the one door: `query` reads ONE page (a list route's cost is one call), `queryAll`
 * follows `LastEvaluatedKey` with the SDK's own paginator (for schedules, stream consumers and jobs;
 * never on a request path without a bound). Both default `TableName` to the portal's table.
 */
import { paginateQuery, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, type Raw } from './document';
import { tableName } from './table';

export type QueryInput = Omit<QueryCommandInput, 'TableName'> & { TableName?: string };

export interface QueryPage<T = Raw> {
  items: T[];
  /** Items counted (with `Select: 'COUNT'` the only answer). */
  count: number;
  /** The key to continue from; undefined on the last page. Seal it with `sealKey` before it leaves the API. */
  lastKey: Raw | undefined;
}

/** ONE Query call. */
export async function query<T = Raw>(input: QueryInput): Promise<QueryPage<T>> {
  const r = await db().send(new QueryCommand({ ...input, TableName: input.TableName ?? tableName() }));
  return { items: (r.Items ?? []) as T[], count: r.Count ?? 0, lastKey: r.LastEvaluatedKey as Raw | undefined };
}

export interface QueryAllOptions {
  /** Stop after this many items (the last page may be cut). Default: everything. */
  maxItems?: number;
  /** Items per call (`Limit`). Default: as many as fit in 1 MB. */
  pageSize?: number;
}

/** Every page of a Query, through the SDK's paginator. */
export async function queryAll<T = Raw>(input: QueryInput, options: QueryAllOptions = {}): Promise<T[]> {
  const out: T[] = [];
  const client = db();
  const pages = paginateQuery(
    { client, ...(options.pageSize ? { pageSize: options.pageSize } : {}) },
    { ...input, TableName: input.TableName ?? tableName() },
  );
  for await (const page of pages) {
    out.push(...((page.Items ?? []) as T[]));
    if (options.maxItems !== undefined && out.length >= options.maxItems) return out.slice(0, options.maxItems);
  }
  return out;
}

/** `Select: 'COUNT'` over every page (a counter that is not stored). */
export async function countAll(input: QueryInput): Promise<number> {
  let total = 0;
  const client = db();
  for await (const page of paginateQuery(
    { client },
    { ...input, Select: 'COUNT', TableName: input.TableName ?? tableName() },
  ))
    total += page.Count ?? 0;
  return total;
}
