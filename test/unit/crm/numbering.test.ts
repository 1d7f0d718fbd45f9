/**
 * Gap-free numbering with DynamoDB mocked: the number, the uniqueness guard and the caller's document write are ONE
 * transaction; a lost race re-reads and retries; a failed condition of the caller's own write is final; nothing is
 * ever written outside the transaction (so a number cannot be consumed without its document).
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { formatDocNumber, NumberingRefused, takeNumber, type TxItem } from '../../../shared/crm/numbering';

const ddb = mockClient(DynamoDBClient);
const DOC = '01JDOC00000000000000000000';
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const docUpdate = (number: string): TxItem => ({
  Update: {
    TableName: 'portal-unit',
    Key: { PK: `CRM#${DOC}`, SK: 'REC' },
    UpdateExpression: 'SET #no = :no',
    ConditionExpression: '#v = :v AND #s = :draft',
    ExpressionAttributeNames: { '#no': 'number', '#v': 'version', '#s': 'status' },
    ExpressionAttributeValues: { ':no': number, ':v': 3, ':draft': 'draft' },
  },
});
const noSleep = async () => {};
const txs = () =>
  ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems as Record<string, any>[]);
const sent = () => ddb.calls().map((c) => c.args[0].constructor.name);

beforeEach(() => ddb.reset());

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
  expect(items![0]!.Update).toMatchObject({
    Key: { PK: 'CRMSEQ#INV#2026', SK: 'SEQ' },
    ConditionExpression: 'attribute_not_exists(PK)',
    ExpressionAttributeValues: { ':n': 1 },
  });
  expect(items![1]!.Put).toMatchObject({
    Item: { PK: 'CRMDOCNO#INV#INV2026-000001', SK: 'NO', docId: DOC, __edb_e__: 'crmDocNo' },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
  expect(items![2]!.Update.ExpressionAttributeValues[':no']).toBe('INV2026-000001');
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
  expect(first![0]!.Update).toMatchObject({
    ConditionExpression: '#last = :seen',
    ExpressionAttributeValues: { ':seen': 4, ':n': 5 },
  });
  expect(second![0]!.Update).toMatchObject({
    ConditionExpression: '#last = :seen',
    ExpressionAttributeValues: { ':seen': 5, ':n': 6 },
  });
  expect(second![2]!.Update.ExpressionAttributeValues[':no']).toBe('INV2026-000006');
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
