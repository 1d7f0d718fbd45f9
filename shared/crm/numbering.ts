/**
 * Gap-free document numbers (CRM design §3). Drafts have no number; issuing takes the next one of the year's
 * sequence in ONE transaction with the document's own write, so a number is consumed only by a document that exists:
 *
 *   GetItem CRMSEQ#{INV|QUO}#{yyyy}/SEQ (consistent) → last
 *   TransactWriteItems [
 *     Update CRMSEQ#…/SEQ   SET last = last+1      IF last = :seen (or the row does not exist yet)
 *     Put    CRMDOCNO#{kind}#{number}/NO {docId}   IF attribute_not_exists  (uniqueness guard + lookup by number)
 *     …the caller's items (the document update IF version = :v AND status = draft, its index rows, activities)
 *   ]
 *
 * A lost race (someone took that number: condition on item 0 or 1, or a TransactionConflict) reads again and retries
 * with jitter; a failed condition on one of the caller's items is final (`NumberingRefused`, the caller answers 409).
 * Too many lost races in a row → 409 BUSY. Format `{prefix}{yyyy}-{n:000000}`; yearly sequences.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../data/document';
import { tableName } from '../data/table';
import { transaction, type EntityTransactItem } from '../data/transaction';
import { AppError } from '../http/errors';
import { DocNumbers, type SEQ_KINDS } from './doc-number-entity';
import { DocSequences } from './doc-sequence-entity';

export type SeqKind = (typeof SEQ_KINDS)[number];
export type TxItem = EntityTransactItem;

export const seqKey = (kind: SeqKind, year: number) => ({ PK: `CRMSEQ#${kind}#${year}`, SK: 'SEQ' });
export const docNoKey = (kind: SeqKind, number: string) => ({ PK: `CRMDOCNO#${kind}#${number}`, SK: 'NO' });
export const formatDocNumber = (prefix: string, year: number, n: number) =>
  `${prefix}${year}-${String(n).padStart(6, '0')}`;

/** One of the caller's conditions failed (indexes into the caller's own items): nothing was written. */
export class NumberingRefused extends Error {
  constructor(readonly failed: number[]) {
    super(`numbering transaction refused (caller items ${failed.join(', ')})`);
    this.name = 'NumberingRefused';
  }
}

export interface TakeNumberInput {
  kind: SeqKind;
  year: number;
  prefix: string;
  docId: string;
  /** The caller's writes for this number (at most 98 items). */
  items: (number: string, n: number) => TxItem[];
  /** Attempts before 409 BUSY (default 30: twenty people issuing at the same moment all get through). */
  maxAttempts?: number;
  /** Waits between attempts (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Takes the next number of the sequence together with the caller's writes. Returns the number written. */
export async function takeNumber(input: TakeNumberInput): Promise<{ number: string; n: number }> {
  const T = tableName();
  const key = seqKey(input.kind, input.year);
  const maxAttempts = input.maxAttempts ?? 30;
  const sleep = input.sleep ?? defaultSleep;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const got = await db().send(
      new GetCommand({
        TableName: T,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: '#last',
        ExpressionAttributeNames: { '#last': 'last' },
      }),
    );
    const seen = typeof got.Item?.last === 'number' ? got.Item.last : 0;
    const n = seen + 1;
    const number = formatDocNumber(input.prefix, input.year, n);
    const own = input.items(number, n);
    // The sequence moves only from the value read (or is created when there was none): a lost race fails here.
    const next = DocSequences().update({ sequenceKey: key.PK }).set({ last: n });
    const seq =
      seen === 0
        ? next.where(({ sequenceKey }, { notExists }) => notExists(sequenceKey))
        : next.where(({ last }, { eq }) => eq(last, seen));
    const guard = DocNumbers().create({ kind: input.kind, number, docId: input.docId });
    try {
      await transaction()
        .add(seq, guard)
        .addItems(...own)
        .commit();
      return { number, n };
    } catch (e) {
      const err = e as { name?: string; CancellationReasons?: { Code?: string }[] };
      if (err.name !== 'TransactionCanceledException') throw e;
      const reasons = err.CancellationReasons ?? [];
      const ownFailed = reasons.flatMap((r, i) => (i >= 2 && r.Code === 'ConditionalCheckFailed' ? [i - 2] : []));
      if (ownFailed.length) throw new NumberingRefused(ownFailed);
      const lostRace = reasons.some(
        (r, i) => (i < 2 && r.Code === 'ConditionalCheckFailed') || r.Code === 'TransactionConflict',
      );
      if (!lostRace) throw e;
      await sleep(Math.min(25 * 2 ** Math.min(attempt, 4), 400) * (0.5 + Math.random()));
    }
  }
  throw new AppError(409, 'BUSY', 'Many documents are being numbered at this moment. Try again.');
}
