/**
 * The one transaction builder. Every item of a TransactWriteItems call is built by its ElectroDB entity
 * (`Entity.put(item)`, `.create()`, `.patch(key).set()…`, `.delete(key)`), whose `.params()` give the
 * TransactItem the entity's keys, markers (`__edb_e__`, which the stream router filters on) and condition
 * expressions. Nothing is written by hand, so an item in a transaction cannot
 * differ from the same item written alone.
 *
 *   await transaction()
 *     .add(Tasks.put(task), Roles.create(role))
 *     .add(Counters.update({ id }).add({ count: 1 }))
 *     .commit();
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './document';

export const TRANSACTION_MAX_ITEMS = 100;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** An ElectroDB write chain (put / create / update / patch / upsert / delete / remove), before `.go()`. */
export interface EntityWrite {
  params(options?: object): unknown;
}

type Params = {
  Item?: Record<string, unknown>;
  UpdateExpression?: string;
  Key?: Record<string, unknown>;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  TableName?: string;
};

/** The TransactItem of one entity write, from the request parameters the entity built. */
function toTransactItem(write: EntityWrite, returnItemOnConflict: boolean): TransactItem {
  const p = write.params() as Params;
  const onConflict = returnItemOnConflict ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {};
  if (p.Item) return { Put: { ...(p as Required<Pick<Params, 'Item' | 'TableName'>>), ...onConflict } };
  if (p.UpdateExpression)
    return { Update: { ...(p as Required<Pick<Params, 'UpdateExpression' | 'Key' | 'TableName'>>), ...onConflict } };
  if (p.Key) return { Delete: { ...(p as Required<Pick<Params, 'Key' | 'TableName'>>), ...onConflict } };
  throw new Error('transaction: not an entity write (no Item, UpdateExpression or Key in its params)');
}

/** Keeps only the placeholders an expression uses (DynamoDB refuses unused ones). */
function usedIn<T>(expression: string, values: Record<string, T> | undefined): Record<string, T> | undefined {
  if (!values) return undefined;
  const kept = Object.entries(values).filter(([k]) => new RegExp(`${k}(?![A-Za-z0-9_])`).test(expression));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

export class Transaction {
  private readonly items: TransactItem[] = [];

  /** Adds writes built by their entities, in order. */
  add(...writes: EntityWrite[]): this {
    for (const w of writes) this.items.push(toTransactItem(w, false));
    return this;
  }

  /** Adds one write whose failed condition carries the stored item back (for a 409 with the current item). */
  addReturningOnConflict(write: EntityWrite): this {
    this.items.push(toTransactItem(write, true));
    return this;
  }

  /**
   * A condition on an item the transaction does not write: pass the entity's write with its `.where()`
   * (e.g. `Profiles.patch({ userId }).set({}).where(...)`); only its key and condition are sent.
   */
  check(write: EntityWrite, options: { returnItemOnConflict?: boolean } = {}): this {
    const p = write.params() as Params;
    if (!p.Key || !p.ConditionExpression || !p.TableName)
      throw new Error('transaction.check: the write has no key or no condition');
    const names = usedIn(p.ConditionExpression, p.ExpressionAttributeNames);
    const values = usedIn(p.ConditionExpression, p.ExpressionAttributeValues);
    this.items.push({
      ConditionCheck: {
        TableName: p.TableName,
        Key: p.Key,
        ConditionExpression: p.ConditionExpression,
        ...(names ? { ExpressionAttributeNames: names } : {}),
        ...(values ? { ExpressionAttributeValues: values } : {}),
        ...(options.returnItemOnConflict ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
      },
    });
    return this;
  }

  get size(): number {
    return this.items.length;
  }

  /** The TransactItems as they will be sent (tests and logs). */
  toItems(): readonly TransactItem[] {
    return this.items;
  }

  /**
   * Sends ONE TransactWriteItems. `token` makes a retried call idempotent for 10 minutes
   * (ClientRequestToken). No items → no call.
   */
  async commit(options: { token?: string } = {}): Promise<void> {
    if (!this.items.length) return;
    if (this.items.length > TRANSACTION_MAX_ITEMS)
      throw new Error(`A transaction holds at most ${TRANSACTION_MAX_ITEMS} items (got ${this.items.length})`);
    await db().send(
      new TransactWriteCommand({
        TransactItems: [...this.items],
        ...(options.token ? { ClientRequestToken: options.token } : {}),
      }),
    );
  }
}

export const transaction = (): Transaction => new Transaction();

/**
 * Which items of a cancelled transaction failed their condition (indexes in `add` order), with the stored
 * item when it was asked for. Empty for any other error.
 */
export function failedConditions(err: unknown): { index: number; item: Record<string, unknown> | undefined }[] {
  const e = err as { name?: string; CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] };
  if (e?.name !== 'TransactionCanceledException') return [];
  return (e.CancellationReasons ?? []).flatMap((r, index) =>
    r.Code === 'ConditionalCheckFailed' ? [{ index, item: r.Item }] : [],
  );
}
