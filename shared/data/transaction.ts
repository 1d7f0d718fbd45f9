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
 *
 * Helpers that assemble a transaction across functions hand each other `EntityTransactItem`s (`itemOf(write)`,
 * `checkOf(write)`): TransactItems that only an entity's params can make, added with `.addItems(...)`.
 * `commit({ retryConflicts: n })` retries a TransactionConflict (two writers on a hot item, e.g. a counter) n times
 * with jittered backoff, then answers 409 BUSY.
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../http/errors';
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

declare const entityBuilt: unique symbol;
/** A TransactItem built from an entity write's params (`itemOf` / `checkOf` are the only makers). */
export type EntityTransactItem = TransactItem & { readonly [entityBuilt]: true };

/** The TransactItem of one entity write (`returnItemOnConflict`: a failed condition carries the stored item back). */
export function itemOf(write: EntityWrite, options: { returnItemOnConflict?: boolean } = {}): EntityTransactItem {
  return toTransactItem(write, options.returnItemOnConflict ?? false) as EntityTransactItem;
}

/** The whole item an entity's put/create writes (rows for BatchWrite seeding, layout tests). */
export function putItemOf(write: EntityWrite): Record<string, unknown> {
  const p = write.params() as Params;
  if (!p.Item) throw new Error('putItemOf: not a put (no Item in its params)');
  return p.Item;
}

/** A ConditionCheck from an entity write's key and `.where()` (see `Transaction.check`). */
export function checkOf(write: EntityWrite, options: { returnItemOnConflict?: boolean } = {}): EntityTransactItem {
  return toConditionCheck(write, options.returnItemOnConflict ?? false) as EntityTransactItem;
}

/** Keeps only the placeholders an expression uses (DynamoDB refuses unused ones). */
function usedIn<T>(expression: string, values: Record<string, T> | undefined): Record<string, T> | undefined {
  if (!values) return undefined;
  const kept = Object.entries(values).filter(([k]) => new RegExp(`${k}(?![A-Za-z0-9_])`).test(expression));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

function toConditionCheck(write: EntityWrite, returnItemOnConflict: boolean): TransactItem {
  const p = write.params() as Params;
  if (!p.Key || !p.ConditionExpression || !p.TableName)
    throw new Error('transaction.check: the write has no key or no condition');
  const names = usedIn(p.ConditionExpression, p.ExpressionAttributeNames);
  const values = usedIn(p.ConditionExpression, p.ExpressionAttributeValues);
  return {
    ConditionCheck: {
      TableName: p.TableName,
      Key: p.Key,
      ConditionExpression: p.ConditionExpression,
      ...(names ? { ExpressionAttributeNames: names } : {}),
      ...(values ? { ExpressionAttributeValues: values } : {}),
      ...(returnItemOnConflict ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
    },
  };
}

/**
 * A TransactionConflict alone (another transaction held one of the items): worth retrying. A failed condition is
 * an answer, never retried, even when a conflict is reported beside it.
 */
export function isTransactionConflict(err: unknown): boolean {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] } | undefined;
  if (e?.name === 'TransactionConflictException') return true;
  const reasons = e?.CancellationReasons ?? [];
  return (
    e?.name === 'TransactionCanceledException' &&
    reasons.some((r) => r.Code === 'TransactionConflict') &&
    !reasons.some((r) => r.Code === 'ConditionalCheckFailed')
  );
}

export interface CommitOptions {
  /** ClientRequestToken: a retried call is idempotent for 10 minutes. */
  token?: string;
  /** Retries after a TransactionConflict (default 0); when they are used up: 409 BUSY. */
  retryConflicts?: number;
  /** The 409 BUSY message when the retries are used up. */
  busyMessage?: string;
  /** Waits between retries (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Jittered, growing waits: 20–80 ms, 20–140 ms, 20–200 ms… (two writers rarely collide twice). */
export const conflictBackoffMs = (attempt: number) => 20 + Math.random() * 60 * (attempt + 1);

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
    this.items.push(toConditionCheck(write, options.returnItemOnConflict ?? false));
    return this;
  }

  /** Adds items already built by their entities (`itemOf` / `checkOf`), in order. */
  addItems(...items: EntityTransactItem[]): this {
    this.items.push(...items);
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
   * Sends ONE TransactWriteItems (again after a TransactionConflict, up to `retryConflicts` times). No items → no call.
   */
  async commit(options: CommitOptions = {}): Promise<void> {
    if (!this.items.length) return;
    if (this.items.length > TRANSACTION_MAX_ITEMS)
      throw new Error(`A transaction holds at most ${TRANSACTION_MAX_ITEMS} items (got ${this.items.length})`);
    const retries = options.retryConflicts ?? 0;
    const sleep = options.sleep ?? defaultSleep;
    for (let attempt = 0; ; attempt++) {
      try {
        await db().send(
          new TransactWriteCommand({
            TransactItems: [...this.items],
            ...(options.token ? { ClientRequestToken: options.token } : {}),
          }),
        );
        return;
      } catch (e) {
        if (!retries || !isTransactionConflict(e)) throw e;
        if (attempt >= retries)
          throw new AppError(
            409,
            'BUSY',
            options.busyMessage ?? 'Busy: others are changing the same items. Try again.',
          );
        await sleep(conflictBackoffMs(attempt));
      }
    }
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
