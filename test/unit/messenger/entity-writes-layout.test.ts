/**
 * The messenger's, presence's and the bell's writes that used to be hand-built are now built by their ElectroDB
 * entities: the stored items must stay exactly the ones the old code wrote (literal items below), so existing data,
 * the stream router's entity filters and the sparse indexes keep working.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Members } from '../../../functions/messenger/chat-entity';
import { termItem, termKey } from '../../../functions/messenger/search-entity';
import { Notifications } from '../../../shared/notifications/notification-entity';
import { recordSocketClosed, recordSocketOpen, recordSocketState } from '../../../shared/realtime/presence-entity';

type Item = Record<string, unknown>;

/**
 * What an UpdateItem of SET `path = value` / REMOVE `path` clauses leaves of `item` (enough of DynamoDB's update
 * language for these writes: names and values by placeholder, one level of nesting, if_not_exists).
 */
function applyUpdate(item: Item, input: UpdateCommandInput): Item {
  const out: Item = structuredClone(item);
  const name = (p: string) => input.ExpressionAttributeNames?.[p] ?? p;
  const value = (v: string) => input.ExpressionAttributeValues?.[v];
  const [, setPart = '', removePart = ''] = /^(?:SET (.*?))?(?: ?REMOVE (.*))?$/.exec(input.UpdateExpression!) ?? [];
  for (const clause of setPart ? setPart.split(/, (?=#)/) : []) {
    const [lhs, rhs] = clause.split(' = ') as [string, string];
    const ifNotExists = /^if_not_exists\((#\w+), (:\w+)\)$/.exec(rhs);
    const path = lhs.split('.').map(name);
    const target = path.slice(0, -1).reduce<Item>((o, k) => o[k] as Item, out);
    const key = path[path.length - 1]!;
    target[key] = ifNotExists ? (target[key] ?? value(ifNotExists[2]!)) : value(rhs);
  }
  for (const p of removePart ? removePart.split(', ') : []) delete out[name(p)];
  return out;
}

describe('search index item (SearchTerms entity)', () => {
  it('is the item the indexer wrote by hand, and its key', () => {
    expect(termItem('chat-1', '01JMSG1', 'proiectul')).toEqual({
      PK: 'SRCH#pr',
      SK: 'proiectul#01JMSG1',
      GSI1PK: 'SRCHCHAT#chat-1',
      GSI1SK: 'proiectul#01JMSG1',
      chatId: 'chat-1',
      messageId: '01JMSG1',
      __edb_e__: 'chatSearchTerm',
      __edb_v__: '1',
    });
    expect(termKey('proiectul', '01JMSG1')).toEqual({ PK: 'SRCH#pr', SK: 'proiectul#01JMSG1' });
  });
});

describe('presence item (Presence entity + the socket entries)', () => {
  const ddb = mockClient(DynamoDBClient);
  const at = new Date('2026-03-01T10:00:00.000Z');
  const later = new Date('2026-03-01T10:05:00.000Z');
  beforeEach(() => ddb.reset());
  afterAll(() => ddb.restore());
  const lastUpdate = () => ddb.commandCalls(UpdateCommand).at(-1)!.args[0].input;

  it('open, away, close leave the items the hand-written updates left', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: {} });
    await recordSocketOpen('u1', 'conn-a', 1_900_000_000, at);
    expect(lastUpdate().Key).toEqual({ PK: 'USER#u1', SK: 'PRESENCE' });
    expect(lastUpdate().ConditionExpression).toBeUndefined();
    const opened = applyUpdate({ PK: 'USER#u1', SK: 'PRESENCE' }, lastUpdate());
    expect(opened).toEqual({
      PK: 'USER#u1',
      SK: 'PRESENCE',
      'C#conn-a': { s: 'online', x: 1_900_000_000 },
      userId: 'u1',
      lastSeenAt: at.toISOString(),
      __edb_e__: 'presence',
      __edb_v__: '1',
    });

    await recordSocketState('u1', 'conn-a', 'away', later);
    expect(lastUpdate().ConditionExpression).toBe('attribute_exists(#c)');
    expect(lastUpdate().ExpressionAttributeNames!['#c']).toBe('C#conn-a');
    const away = applyUpdate(opened, lastUpdate());
    expect(away).toEqual({ ...opened, 'C#conn-a': { s: 'away', x: 1_900_000_000 }, lastSeenAt: later.toISOString() });

    await recordSocketClosed('u1', ['conn-a', 'conn-old'], later);
    expect(lastUpdate().ConditionExpression).toBe('attribute_exists(#c0) OR attribute_exists(#c1)');
    const { 'C#conn-a': _closed, ...closed } = away;
    expect(applyUpdate(away, lastUpdate())).toEqual(closed);
  });
});

describe('member row sparse keys (Members entity)', () => {
  const row = {
    PK: 'CHAT#c1',
    SK: 'MEMBER#u2',
    GSI2PK: 'USER#u2#UNREAD',
    GSI2SK: 'c1',
    GSI3PK: 'DIGEST',
    GSI3SK: '2026-03-01T10:10:00.000Z#u2#c1',
    chatId: 'c1',
    userId: 'u2',
    unread: 3,
    __edb_e__: 'chatMember',
    __edb_v__: '1',
  };

  it('a claimed digest drops exactly the GSI3 keys, only while they are the ones read', () => {
    const claim = Members.patch({ chatId: 'c1', userId: 'u2' })
      .remove(['GSI3PK', 'GSI3SK'])
      .where(({ GSI3SK }, { eq }) => eq(GSI3SK, row.GSI3SK))
      .params<UpdateCommandInput>();
    const { GSI3PK: _pk, GSI3SK: _sk, ...claimed } = row;
    expect(applyUpdate(row, claim)).toEqual(claimed);
    expect(claim.ConditionExpression).toBe('attribute_exists(#PK) AND attribute_exists(#SK) AND #GSI3SK = :GSI3SK0');
    expect(claim.ExpressionAttributeValues![':GSI3SK0']).toBe(row.GSI3SK);
  });

  it('the parsed row keeps its sparse keys (the digest reads GSI3SK from it)', () => {
    expect(Members.parse({ Attributes: row })!.data).toMatchObject({ GSI3SK: row.GSI3SK, GSI2PK: row.GSI2PK });
  });
});

describe('notification read (Notifications entity, sparse unread index)', () => {
  const created = {
    PK: 'USER#u1',
    SK: 'NOTIF#01JN1',
    GSI1PK: 'USER#u1#NOTIF-UNREAD',
    GSI1SK: '01JN1',
    userId: 'u1',
    notificationId: '01JN1',
    kind: 'chat.mention',
    params: {},
    link: '/messenger',
    createdAt: '2026-03-01T10:00:00.000Z',
    expiresAt: 1_900_000_000,
    __edb_e__: 'notification',
    __edb_v__: '1',
  };

  it('a new notification still carries its unread keys; marking it read removes them and keeps the first readAt', () => {
    const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, __edb_e__: _e, __edb_v__: _v, ...attributes } = created;
    expect(Notifications.create(attributes as never).params<{ Item: Item }>().Item).toEqual(created);
    const read = (now: string) =>
      Notifications.patch({ userId: 'u1', notificationId: '01JN1' })
        .data(({ readAt }, { ifNotExists }) => {
          ifNotExists(readAt, now);
        })
        .params<UpdateCommandInput>();
    const { GSI1PK: _a, GSI1SK: _b, ...unindexed } = created;
    const once = applyUpdate(created, read('2026-03-01T11:00:00.000Z'));
    expect(once).toEqual({ ...unindexed, readAt: '2026-03-01T11:00:00.000Z' });
    expect(applyUpdate(once, read('2026-03-01T12:00:00.000Z'))).toEqual(once);
  });
});
