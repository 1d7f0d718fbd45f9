/** shared/data, the one door: batchGet chunks and retries, queryAll pages, the transaction builder's items. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Entity } from 'electrodb';
import { resetClients } from '../../../shared/data/clients';
import { checkOf, itemOf } from '../../../shared/data/transaction';
import {
  batchGet,
  failedConditions,
  query,
  queryAll,
  transaction,
  UnprocessedKeysError,
  entityConfig,
} from '../../../shared/data';

const ddb = mockClient(DynamoDBClient);
const noWait = () => Promise.resolve();

const Things = () =>
  new Entity(
    {
      model: { entity: 'thing', version: '1', service: 'portal' },
      attributes: { id: { type: 'string', required: true }, n: { type: 'number' }, version: { type: 'number' } },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['id'], template: 'THING#${id}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'THING', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

beforeEach(() => {
  ddb.reset();
  resetClients();
});

const key = (i: number) => ({ PK: `K#${i}`, SK: 'S' });

describe('batchGet', () => {
  it('sends 250 keys (with duplicates) as 3 calls of at most 100 unique keys and returns every item', async () => {
    ddb
      .on(BatchGetCommand)
      .callsFake((input: { RequestItems: Record<string, { Keys: Record<string, unknown>[] }> }) => {
        const keys = input.RequestItems['portal-unit']!.Keys;
        return { Responses: { 'portal-unit': keys.map((k) => ({ ...k, found: true })) } };
      });
    const keys = [...Array.from({ length: 250 }, (_, i) => key(i)), key(3), key(7)];
    const rows = await batchGet(keys, { sleep: noWait });
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems!['portal-unit']!.Keys!.length)).toEqual([100, 100, 50]);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((r) => r.PK)).size).toBe(250);
  });

  it('retries UnprocessedKeys until they are read', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { 'portal-unit': [{ ...key(1) }] },
        UnprocessedKeys: { 'portal-unit': { Keys: [key(2)] } },
      })
      .resolvesOnce({ Responses: { 'portal-unit': [{ ...key(2) }] } });
    const waits: number[] = [];
    const rows = await batchGet([key(1), key(2)], { sleep: async (ms) => void waits.push(ms) });
    expect(rows.map((r) => r.PK).sort()).toEqual(['K#1', 'K#2']);
    expect(ddb.commandCalls(BatchGetCommand)[1]!.args[0].input.RequestItems!['portal-unit']!.Keys).toEqual([key(2)]);
    expect(waits).toHaveLength(1);
  });

  it('fails instead of answering short when keys stay unprocessed', async () => {
    ddb.on(BatchGetCommand).resolves({ UnprocessedKeys: { 'portal-unit': { Keys: [key(9)] } } });
    await expect(batchGet([key(9)], { sleep: noWait })).rejects.toBeInstanceOf(UnprocessedKeysError);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(8);
  });

  it('makes no call for no keys', async () => {
    expect(await batchGet([])).toEqual([]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});

describe('query and queryAll', () => {
  it('query reads one page and hands back the key to continue from', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ a: 1 }], Count: 1, LastEvaluatedKey: { PK: 'x', SK: 'y' } });
    const page = await query({ KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': 'x' } });
    expect(page).toEqual({ items: [{ a: 1 }], count: 1, lastKey: { PK: 'x', SK: 'y' } });
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.TableName).toBe('portal-unit');
  });

  it('queryAll follows LastEvaluatedKey to the end and stops at maxItems', async () => {
    const pages: Record<string, { Items: Record<string, number>[]; LastEvaluatedKey?: Record<string, string> }> = {
      start: { Items: [{ i: 1 }, { i: 2 }], LastEvaluatedKey: { PK: 'p', SK: '2' } },
      '2': { Items: [{ i: 3 }], LastEvaluatedKey: { PK: 'p', SK: '3' } },
      '3': { Items: [{ i: 4 }] },
    };
    const starts: (string | undefined)[] = [];
    ddb.on(QueryCommand).callsFake((input: { ExclusiveStartKey?: { SK: string } }) => {
      starts.push(input.ExclusiveStartKey?.SK);
      return pages[input.ExclusiveStartKey?.SK ?? 'start'];
    });
    const all = await queryAll({ KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': 'p' } });
    expect(all.map((x) => x.i)).toEqual([1, 2, 3, 4]);
    expect(starts).toEqual([undefined, '2', '3']);

    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [{ i: 1 }, { i: 2 }], LastEvaluatedKey: { PK: 'p', SK: '2' } });
    expect(await queryAll({ KeyConditionExpression: 'PK = :p' }, { maxItems: 3 })).toHaveLength(3);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
  });
});

describe('transaction()', () => {
  it('sends the items their entities build, with keys, markers and conditions', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const things = Things();
    await transaction()
      .add(things.create({ id: 'a', n: 1, version: 1 }))
      .add(
        things
          .patch({ id: 'b' })
          .set({ n: 2 })
          .add({ version: 1 })
          .where(({ version }, { eq }) => eq(version, 4)),
      )
      .add(things.delete({ id: 'c' }))
      .commit({ token: 'req-1' });
    const input = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input;
    expect(input.ClientRequestToken).toBe('req-1');
    const [put, update, del] = input.TransactItems!;
    expect(put!.Put!.Item).toEqual({
      id: 'a',
      n: 1,
      version: 1,
      PK: 'THING#a',
      SK: 'THING',
      __edb_e__: 'thing',
      __edb_v__: '1',
    });
    expect(put!.Put!.ConditionExpression).toContain('attribute_not_exists');
    expect(update!.Update!.Key).toEqual({ PK: 'THING#b', SK: 'THING' });
    expect(update!.Update!.ConditionExpression).toContain('#version = :version0');
    expect(del!.Delete!.Key).toEqual({ PK: 'THING#c', SK: 'THING' });
    expect(put!.Put!.TableName).toBe('portal-unit');
  });

  it('sends a condition check with only the placeholders its condition uses', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const things = Things();
    await transaction()
      .add(things.put({ id: 'a' }))
      .check(
        things
          .patch({ id: 'z' })
          .set({ n: 1 })
          .where(({ version }, { eq }) => eq(version, 2)),
        { returnItemOnConflict: true },
      )
      .commit();
    const check = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![1]!.ConditionCheck!;
    expect(check.Key).toEqual({ PK: 'THING#z', SK: 'THING' });
    expect(check.ConditionExpression).toContain('#version = :version0');
    expect(Object.keys(check.ExpressionAttributeValues ?? {})).toEqual([':version0']);
    expect(Object.values(check.ExpressionAttributeNames ?? {})).not.toContain('n');
    expect(check.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('refuses more than 100 items before any call, and sends nothing for none', async () => {
    const things = Things();
    const tx = transaction();
    for (let i = 0; i < 101; i++) tx.add(things.put({ id: `x${i}` }));
    await expect(tx.commit()).rejects.toThrow(/at most 100/);
    await transaction().commit();
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('names the items whose condition failed', () => {
    const err = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { version: 3 } }],
    });
    expect(failedConditions(err)).toEqual([{ index: 1, item: { version: 3 } }]);
    expect(failedConditions(new Error('other'))).toEqual([]);
  });
});

describe('transaction() retrying conflicts', () => {
  const cancelled = (...codes: string[]) =>
    Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: codes.map((Code) => ({ Code })),
    });

  it('sends again after a TransactionConflict, waiting a growing jittered time, and succeeds', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .rejectsOnce(Object.assign(new Error('conflict'), { name: 'TransactionConflictException' }))
      .resolves({});
    const waits: number[] = [];
    await transaction()
      .add(Things().put({ id: 'a' }))
      .commit({ retryConflicts: 3, sleep: async (ms) => void waits.push(ms) });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(20);
    expect(waits[0]).toBeLessThanOrEqual(80);
    expect(waits[1]).toBeLessThanOrEqual(140);
  });

  it('answers 409 BUSY (with the caller’s message) once the retries are used up', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    await expect(
      transaction()
        .add(Things().put({ id: 'a' }))
        .commit({ retryConflicts: 2, busyMessage: 'Totals are busy', sleep: noWait }),
    ).rejects.toMatchObject({ status: 409, code: 'BUSY', message: 'Totals are busy' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('never retries a failed condition (even beside a conflict), nor any conflict without the option', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'TransactionConflict'));
    await expect(
      transaction()
        .add(Things().put({ id: 'a' }))
        .commit({ retryConflicts: 3, sleep: noWait }),
    ).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);

    ddb.reset();
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    await expect(
      transaction()
        .add(Things().put({ id: 'a' }))
        .commit(),
    ).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('takes entity-built items from helpers (itemOf / checkOf) in order, as add and check would send them', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const things = Things();
    const guard = things
      .patch({ id: 'z' })
      .set({})
      .where(({ version }, { eq }) => eq(version, 2));
    await transaction()
      .addItems(itemOf(things.put({ id: 'a' })), checkOf(guard))
      .add(things.delete({ id: 'c' }))
      .commit();
    const sent = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(sent).toEqual([
      ...transaction()
        .add(things.put({ id: 'a' }))
        .check(guard)
        .add(things.delete({ id: 'c' }))
        .toItems(),
    ]);
    expect(sent[1]!.ConditionCheck!.Key).toEqual({ PK: 'THING#z', SK: 'THING' });
  });
});
