import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { assignFromQueue, isQueueRace, pickNext, retryQueueRace } from '../../../shared/crm/routing';

const ddb = mockClient(DynamoDBClient);
beforeEach(() => ddb.reset());

const NOW = '2026-11-27T12:00:00.000Z';
const nowSec = Math.floor(Date.parse(NOW) / 1000);

const queue = (over: Record<string, unknown> = {}) => ({
  PK: 'CRMQUEUE#Q1',
  SK: 'QUEUE',
  __edb_e__: 'crmQueue',
  queueId: 'Q1',
  name: 'Sales',
  memberIds: ['a', 'b', 'c'],
  pointer: '',
  assignments: 0,
  skipOffline: true,
  fallbackUserId: 'boss',
  version: 3,
  ...over,
});
const profile = (userId: string, over: Record<string, unknown> = {}) => ({
  PK: `USER#${userId}`,
  SK: 'PROFILE',
  userId,
  firstName: userId.toUpperCase(),
  lastName: 'Seller',
  role: 'employee',
  status: 'active',
  departmentIds: ['D1'],
  ...over,
});
const online = (userId: string) => ({
  PK: `USER#${userId}`,
  SK: 'PRESENCE',
  userId,
  'C#c1': { s: 'online', x: nowSec + 3600 },
});
/** A socket past its 2-hour expiry: offline whatever the item says. */
const staleSocket = (userId: string) => ({
  PK: `USER#${userId}`,
  SK: 'PRESENCE',
  userId,
  'C#c1': { s: 'online', x: nowSec - 1 },
});

function stack(
  q: Record<string, unknown>,
  rows: Record<string, unknown>[],
  extra: Record<string, Record<string, unknown>> = {},
) {
  ddb.on(GetCommand).callsFake((input: { Key: { PK: string } }) => {
    if (input.Key.PK === 'CRMQUEUE#Q1') return { Item: q };
    return { Item: extra[input.Key.PK] };
  });
  ddb
    .on(BatchGetCommand)
    .callsFake((input: { RequestItems: Record<string, { Keys: { PK: string; SK: string }[] }> }) => {
      const keys = Object.values(input.RequestItems)[0]!.Keys;
      return { Responses: { 'portal-unit': rows.filter((r) => keys.some((k) => k.PK === r.PK && k.SK === r.SK)) } };
    });
}

describe('pickNext (pure order)', () => {
  const all = () => true;
  it('starts after the pointer and wraps around', () => {
    expect(pickNext(['a', 'b', 'c'], '', all, all)?.userId).toBe('a');
    expect(pickNext(['a', 'b', 'c'], 'a', all, all)?.userId).toBe('b');
    expect(pickNext(['a', 'b', 'c'], 'c', all, all)?.userId).toBe('a');
    // a pointer that left the queue: from the start
    expect(pickNext(['a', 'b', 'c'], 'zz', all, all)?.userId).toBe('a');
  });
  it('skips ineligible and unavailable members; everyone unavailable → the next eligible anyway', () => {
    expect(pickNext(['a', 'b', 'c'], 'a', (id) => id !== 'b', all)).toEqual({ userId: 'c', via: 'available' });
    expect(pickNext(['a', 'b', 'c'], 'a', all, (id) => id === 'a')).toEqual({ userId: 'a', via: 'available' });
    expect(
      pickNext(
        ['a', 'b', 'c'],
        'a',
        (id) => id !== 'b',
        () => false,
      ),
    ).toEqual({ userId: 'c', via: 'any-active' });
    expect(pickNext(['a', 'b'], '', () => false, all)).toBeNull();
    expect(pickNext([], '', all, all)).toBeNull();
  });
});

/** An expression with its placeholders replaced by the names and (JSON) values they stand for. */
const readable = (
  expression: string | undefined,
  p: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> },
) =>
  (expression ?? '')
    .replace(/#\w+/g, (n) => p.ExpressionAttributeNames?.[n] ?? n)
    .replace(/:\w+/g, (v) => JSON.stringify(p.ExpressionAttributeValues?.[v]));

describe('assignFromQueue', () => {
  it('round-robins over online members and builds the pointer update conditioned on what it read', async () => {
    stack(queue({ pointer: 'a' }), [profile('a'), profile('b'), profile('c'), online('a'), online('b'), online('c')]);
    const r = await assignFromQueue('Q1', NOW);
    expect(r.userId).toBe('b');
    expect(r.name).toBe('B Seller');
    expect(r.via).toBe('available');
    expect(r.profile?.departmentIds).toEqual(['D1']);
    const u = r.txItem.Update!;
    expect(u.Key).toEqual({ PK: 'CRMQUEUE#Q1', SK: 'QUEUE' });
    expect(readable(u.ConditionExpression, u)).toContain('pointer = "a" AND version = 3');
    expect(readable(u.UpdateExpression, u)).toMatch(/SET pointer = "b", lastAssignedAt = "[^"]+".* ADD assignments 1/);
    expect(readable(u.UpdateExpression, u)).toContain(`lastAssignedAt = "${NOW}"`);
    // the cancellation reason carries the queue item, so a lost race is recognised
    expect(u.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    // ONE consistent GetItem + ONE BatchGet (profiles + presence)
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.ConsistentRead).toBe(true);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
  });

  it('skips deactivated people, extranet partners and offline people (an expired socket is offline)', async () => {
    stack(queue({ memberIds: ['a', 'b', 'c', 'd'], pointer: '' }), [
      profile('a', { status: 'deactivated' }),
      profile('b', { role: 'extranet' }),
      profile('c'),
      profile('d'),
      online('a'),
      online('b'),
      staleSocket('c'),
      online('d'),
    ]);
    expect((await assignFromQueue('Q1', NOW)).userId).toBe('d');
  });

  it('everybody offline → the next active member after the pointer regardless of presence', async () => {
    stack(queue({ pointer: 'b' }), [profile('a'), profile('b'), profile('c')]);
    const r = await assignFromQueue('Q1', NOW);
    expect(r).toMatchObject({ userId: 'c', via: 'any-active' });
  });

  it('ignores presence when the queue does not skip offline people (no PRESENCE keys read)', async () => {
    stack(queue({ pointer: 'c', skipOffline: false }), [profile('a'), profile('b'), profile('c')]);
    const r = await assignFromQueue('Q1', NOW);
    expect(r).toMatchObject({ userId: 'a', via: 'available' });
    const keys = Object.values(ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!)[0]!.Keys!;
    expect(keys.every((k) => k.SK === 'PROFILE')).toBe(true);
  });

  it('custom availability hook (work time / absences later) is consulted', async () => {
    stack(queue({ pointer: '' }), [profile('a'), profile('b'), profile('c'), online('a'), online('b'), online('c')]);
    const r = await assignFromQueue('Q1', NOW, { isAvailable: (p) => p.userId === 'c' });
    expect(r.userId).toBe('c');
  });

  it('empty queue or nobody eligible → the fallback, pointer unchanged', async () => {
    stack(queue({ memberIds: [], pointer: 'x' }), [], { 'USER#boss': profile('boss', { role: 'admin' }) });
    const r = await assignFromQueue('Q1', NOW);
    expect(r).toMatchObject({ userId: 'boss', via: 'fallback', name: 'BOSS Seller' });
    const u = r.txItem.Update!;
    expect(readable(u.UpdateExpression, u)).toContain('SET pointer = "x"');
    expect(readable(u.ConditionExpression, u)).toContain('pointer = "x"');

    ddb.reset();
    stack(queue({ pointer: '' }), [
      profile('a', { status: 'deactivated' }),
      profile('b', { status: 'deactivated' }),
      profile('c', { role: 'extranet' }),
      profile('boss', { role: 'admin' }),
    ]);
    expect((await assignFromQueue('Q1', NOW)).userId).toBe('boss');
  });

  it('an unknown queue → 422 naming the caller’s field', async () => {
    stack({ PK: 'other' }, []);
    ddb.on(GetCommand).resolves({});
    await expect(assignFromQueue('Q1', NOW, { field: 'assign.queueId' })).rejects.toMatchObject({
      status: 422,
      fields: [{ path: 'assign.queueId', reason: 'no such queue' }],
    });
  });
});

describe('queue races', () => {
  const race = () =>
    Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Item: { PK: { S: 'CRMQUEUE#Q1' }, SK: { S: 'QUEUE' } } },
      ],
    });
  const other = () =>
    Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed', Item: { PK: { S: 'CRM#X' } } }],
    });

  it('recognises a lost pointer race among other cancellation reasons', () => {
    expect(isQueueRace(race())).toBe(true);
    expect(isQueueRace(other())).toBe(false);
    expect(isQueueRace(new Error('x'))).toBe(false);
  });

  it('retries only pointer races, a bounded number of times', async () => {
    let n = 0;
    await expect(
      retryQueueRace(async () => {
        if (++n < 3) throw race();
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(n).toBe(3);
    n = 0;
    await expect(retryQueueRace(async () => (n++, Promise.reject(race())), 2)).rejects.toMatchObject({
      name: 'TransactionCanceledException',
    });
    expect(n).toBe(2);
    n = 0;
    await expect(retryQueueRace(async () => (n++, Promise.reject(other())))).rejects.toBeTruthy();
    expect(n).toBe(1);
  });
});
