/**
 * Gap-free numbering with DynamoDB mocked: the number, the uniqueness guard and the caller's document write are ONE
 * transaction; a lost race re-reads and retries; a failed condition of the caller's own write is final; nothing is
 * ever written outside the transaction (so a number cannot be consumed without its document).
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { formatDocNumber, NumberingRefused, takeNumber, type TxItem } from '../../../shared/crm/numbering';
import { Records } from '../../../shared/crm/record-entity';
import { resetClients } from '../../../shared/data/clients';
import { itemOf, type TransactItem } from '../../../shared/data/transaction';

const ddb = mockClient(DynamoDBClient);
const DOC = '01JDOC00000000000000000000';
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const docUpdate = (number: string): TxItem =>
  itemOf(
    Records()
      .patch({ id: DOC })
      .set({ number })
      .where(({ version, status }, { eq }) => `${eq(version, 3)} AND ${eq(status, 'draft')}`),
  );
const noSleep = async () => {};
const txs = () => ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems as TransactItem[]);
type Expressed = {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};
/** An expression with its placeholders replaced by the names and (JSON) values they stand for. */
const readable = (expression: string | undefined, p: Expressed | undefined) =>
  (expression ?? '')
    .replace(/#\w+/g, (n) => p?.ExpressionAttributeNames?.[n] ?? n)
    .replace(/:\w+/g, (v) => JSON.stringify(p?.ExpressionAttributeValues?.[v]));
const setOf = (u: TransactItem['Update']) => readable(u?.UpdateExpression, u);
const conditionOf = (w: TransactItem['Update'] | TransactItem['Put']) => readable(w?.ConditionExpression, w);
const sent = () => ddb.calls().map((c) => c.args[0].constructor.name);

beforeEach(() => {
  ddb.reset();
  resetClients();
});

it('formats {prefix}{yyyy}-{n:000000}', () => {
  expect(formatDocNumber('INV', 2026, 1)).toBe('INV2026-000001');
  expect(formatDocNumber('F-', 2026, 1_234_567)).toBe('F-2026-1234567');
});

it('the first number of a year: seq row created only if absent, guard row, then the caller items — one transaction', async () => {
  ddb.on(GetCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  const r = await takeNumber({
    kind: 'INV',
    year: 2026,
    prefix: 'INV',
    docId: DOC,
    items: (n) => [docUpdate(n)],
    sleep: noSleep,
  });
  expect(r).toEqual({ number: 'INV2026-000001', n: 1 });
  expect(sent()).toEqual(['GetCommand', 'TransactWriteCommand']);
  expect(ddb.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({
    Key: { PK: 'CRMSEQ#INV#2026', SK: 'SEQ' },
    ConsistentRead: true,
  });
  const [items] = txs();
  expect(items).toHaveLength(3);
  expect(items![0]!.Update!.Key).toEqual({ PK: 'CRMSEQ#INV#2026', SK: 'SEQ' });
  expect(conditionOf(items![0]!.Update)).toBe('attribute_not_exists(PK)');
  expect(setOf(items![0]!.Update)).toContain('SET last = 1, __edb_e__ = "crmSeq", __edb_v__ = "1"');
  expect(items![1]!.Put!.Item).toEqual({
    PK: 'CRMDOCNO#INV#INV2026-000001',
    SK: 'NO',
    docId: DOC,
    number: 'INV2026-000001',
    kind: 'INV',
    __edb_e__: 'crmDocNo',
    __edb_v__: '1',
  });
  expect(conditionOf(items![1]!.Put)).toBe('attribute_not_exists(PK) AND attribute_not_exists(SK)');
  expect(setOf(items![2]!.Update)).toContain('SET number = "INV2026-000001"');
});

it('a lost race (seq condition) re-reads the counter and retries with the next number', async () => {
  ddb
    .on(GetCommand)
    .resolvesOnce({ Item: { last: 4 } })
    .resolvesOnce({ Item: { last: 5 } });
  ddb
    .on(TransactWriteCommand)
    .rejectsOnce(cancelled('ConditionalCheckFailed', 'None', 'None'))
    .resolves({});
  const r = await takeNumber({
    kind: 'INV',
    year: 2026,
    prefix: 'INV',
    docId: DOC,
    items: (n) => [docUpdate(n)],
    sleep: noSleep,
  });
  expect(r).toEqual({ number: 'INV2026-000006', n: 6 });
  expect(sent()).toEqual(['GetCommand', 'TransactWriteCommand', 'GetCommand', 'TransactWriteCommand']);
  const [first, second] = txs();
  expect(conditionOf(first![0]!.Update)).toBe('last = 4');
  expect(setOf(first![0]!.Update)).toContain('SET last = 5');
  expect(conditionOf(second![0]!.Update)).toBe('last = 5');
  expect(setOf(second![0]!.Update)).toContain('SET last = 6');
  expect(setOf(second![2]!.Update)).toContain('SET number = "INV2026-000006"');
});

it('a taken number (guard) and a TransactionConflict are retried too', async () => {
  ddb.on(GetCommand).resolves({ Item: { last: 9 } });
  ddb
    .on(TransactWriteCommand)
    .rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None'))
    .rejectsOnce(cancelled('TransactionConflict', 'None', 'None'))
    .resolves({});
  const r = await takeNumber({
    kind: 'QUO',
    year: 2027,
    prefix: 'Q',
    docId: DOC,
    items: (n) => [docUpdate(n)],
    sleep: noSleep,
  });
  expect(r.number).toBe('Q2027-000010');
  expect(txs()).toHaveLength(3);
});

it("the caller's condition failing (stale version / not a draft) is final: no retry, nothing written", async () => {
  ddb.on(GetCommand).resolves({ Item: { last: 2 } });
  ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
  const p = takeNumber({
    kind: 'INV',
    year: 2026,
    prefix: 'INV',
    docId: DOC,
    items: (n) => [docUpdate(n)],
    sleep: noSleep,
  });
  await expect(p).rejects.toBeInstanceOf(NumberingRefused);
  await expect(p).rejects.toMatchObject({ failed: [0] });
  expect(sent()).toEqual(['GetCommand', 'TransactWriteCommand']);
});

it('gives up with 409 BUSY after maxAttempts lost races; other errors are not retried', async () => {
  ddb.on(GetCommand).resolves({ Item: { last: 1 } });
  ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
  await expect(
    takeNumber({
      kind: 'INV',
      year: 2026,
      prefix: 'INV',
      docId: DOC,
      items: (n) => [docUpdate(n)],
      maxAttempts: 3,
      sleep: noSleep,
    }),
  ).rejects.toMatchObject({ status: 409, code: 'BUSY' });
  expect(txs()).toHaveLength(3);

  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb
    .on(TransactWriteCommand)
    .rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
  await expect(
    takeNumber({ kind: 'INV', year: 2026, prefix: 'INV', docId: DOC, items: (n) => [docUpdate(n)], sleep: noSleep }),
  ).rejects.toThrow('throttled');
  expect(txs()).toHaveLength(1);
});
