/**
 * The one transaction builder. Every item of a TransactWriteItems call is built by its ElectroDB entity
 * (`Entity.put(item)`, `.create()`, `.patch(key).set()…`, `.delete(key)`, `.check(key).where()…`), whose
 * `commit()` yields the TransactItem with the entity's keys, markers (`__edb_e__`, which the stream router
 * filters on) and condition expressions. Nothing is written by hand, so an item in a transaction cannot
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

/** An ElectroDB write chain: put / create / update / patch / upsert / delete / remove / check. */
export interface EntityWrite {
  commit(options?: { response?: 'all_old' | 'none' }): unknown;
}

export interface AddOptions {
  /** On a failed condition, the cancellation reason carries the stored item (ReturnValuesOnConditionCheckFailure). */
  returnItemOnConflict?: boolean;
}

export class Transaction {
  private readonly items: TransactItem[] = [];

  /** Adds writes built by their entities, in order. */
  add(...writes: EntityWrite[]): this {
    for (const w of writes) this.items.push(w.commit() as TransactItem);
    return this;
  }

  /** Adds one write whose failure should carry the stored item back (for a 409 with the current item). */
  addReturningOnConflict(write: EntityWrite): this {
    this.items.push(write.commit({ response: 'all_old' }) as TransactItem);
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
