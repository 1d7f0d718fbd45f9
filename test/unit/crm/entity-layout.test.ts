/**
 * The CRM entities write exactly the stored layout the hand-built items had (same keys, attribute names and
 * `__edb_e__` markers), so existing rows, stream filters and report readers keep working.
 */
import {
  counterUpdates,
  linkPuts,
  activityPut,
  recordWriteItems,
  wonReportUpdates,
  type LeadRecord,
} from '../../../shared/crm/records';
import { reachItems } from '../../../shared/crm/deal-transition';

const update = (u: {
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}) => {
  // The attributes an Update writes, by name: what lands in the item, whatever the placeholders are called.
  const value = (ph: string) => u.ExpressionAttributeValues![ph];
  const name = (ph: string) => u.ExpressionAttributeNames![ph]!;
  const out: Record<string, unknown> = {};
  const [, set = ''] = /SET (.*?)(?: ADD | REMOVE |$)/.exec(u.UpdateExpression!) ?? [];
  const [, add = ''] = /ADD (.*?)(?: SET | REMOVE |$)/.exec(u.UpdateExpression!) ?? [];
  for (const part of set.split(', ').filter(Boolean)) {
    const [n, v] = part.split(' = ');
    out[name(n!)] = v!.startsWith('if_not_exists')
      ? `ifNotExists(${String(value(/(:\w+)\)$/.exec(v!)![1]!))})`
      : value(v!);
  }
  for (const part of add.split(', ').filter(Boolean)) {
    const [n, v] = part.split(' ');
    out[`+${name(n!)}`] = value(v!);
  }
  return out;
};

it('counters: ADD n and A_{CUR}, SET the column and the crmCounter marker, on CRMTOT#{scope}#{type}#{group} / {bucket}', () => {
  const [item] = counterUpdates([
    { scope: 'U#u1', type: 'deal', group: 'p1', bucket: 'new', n: 1, amounts: { RON: 500 } },
  ]);
  expect(item!.Update!.Key).toEqual({ PK: 'CRMTOT#U#u1#deal#p1', SK: 'new' });
  expect(item!.Update!.ConditionExpression).toBeUndefined();
  expect(update(item!.Update!)).toEqual({
    '+n': 1,
    '+A_RON': 500,
    scope: 'U#u1',
    type: 'deal',
    group: 'p1',
    bucket: 'new',
    __edb_e__: 'crmCounter',
    __edb_v__: '1',
  });
});

it('WON and REACH report rows keep their computed keys and store no extra key parts', () => {
  const [won] = wonReportUpdates([{ year: '2026', month: '03', currency: 'EUR', userId: 'u1', n: 1, amount: 900 }]);
  expect(won!.Update!.Key).toEqual({ PK: 'CRMREP#WON#2026', SK: '03#EUR#_#u1' });
  expect(update(won!.Update!)).toEqual({
    '+n': 1,
    '+amount': 900,
    month: '2026-03',
    currency: 'EUR',
    userId: 'u1',
    deptId: '_',
    __edb_e__: 'crmReport',
    __edb_v__: '1',
  });
  const [reach] = reachItems({ pipelineId: 'p1', createdMonth: '2026-02', deptId: 'd1', responsibleId: 'u1' }, ['won']);
  expect(reach!.Update!.Key).toEqual({ PK: 'CRMREP#REACH#p1#2026', SK: '02#won#d1#u1' });
  expect(update(reach!.Update!)).toEqual({
    '+n': 1,
    month: '2026-02',
    stageId: 'won',
    userId: 'u1',
    deptId: 'd1',
    __edb_e__: 'crmReport',
    __edb_v__: '1',
  });
});

it('links and activities are Put whole with their keys and markers', () => {
  const [onA, onB] = linkPuts(
    { type: 'contact', id: 'C1', name: 'Ana Pop', status: null },
    { type: 'deal', id: 'D1', name: 'Roof', stageId: 'new', amountMinor: 100, currency: 'RON' },
    't0',
  );
  expect(onA!.Put!.Item).toEqual({
    PK: 'CRM#C1',
    SK: 'LINK#DEAL#D1',
    ownerId: 'C1',
    type: 'deal',
    id: 'D1',
    name: 'Roof',
    stageId: 'new',
    amountMinor: 100,
    currency: 'RON',
    linkedAt: 't0',
    __edb_e__: 'crmLink',
    __edb_v__: '1',
  });
  expect(onB!.Put!.Item).toEqual({
    PK: 'CRM#D1',
    SK: 'LINK#CONTACT#C1',
    ownerId: 'D1',
    type: 'contact',
    id: 'C1',
    name: 'Ana Pop',
    linkedAt: 't0',
    __edb_e__: 'crmLink',
    __edb_v__: '1',
  });
  const act = activityPut({
    recordId: 'R1',
    activityId: 'A1',
    kind: 'note',
    by: 'u1',
    byName: 'U',
    at: 't',
    text: 'hi',
    meta: { a: 'b' },
  });
  expect(act.Put!.Item).toEqual({
    PK: 'CRM#R1',
    SK: 'ACT#A1',
    recordId: 'R1',
    activityId: 'A1',
    kind: 'note',
    by: 'u1',
    byName: 'U',
    at: 't',
    text: 'hi',
    meta: { a: 'b' },
    __edb_e__: 'crmActivity',
    __edb_v__: '1',
  });
});

it("a lead's duplicate rows are Put and Deleted on CRMDUP#{kind}#{norm} / {type}#{id}", () => {
  const lead: LeadRecord = {
    id: 'L1',
    type: 'lead',
    version: 1,
    responsibleId: 'u1',
    responsibleName: 'U One',
    createdBy: 'u1',
    createdAt: 't',
    updatedAt: 't',
    lastActorId: 'u1',
    name: 'Ana',
    emails: [{ value: 'Ana@x.ro', norm: 'ana@x.ro' }],
    phones: [],
    source: 'manual',
    status: 'new',
  };
  const created = recordWriteItems(null, lead);
  const dup = created.find((i) => i.Put?.Item?.__edb_e__ === 'crmDup' && String(i.Put.Item.PK).startsWith('CRMDUP#E#'));
  expect(dup!.Put!.Item).toEqual({
    PK: 'CRMDUP#E#ana@x.ro',
    SK: 'lead#L1',
    id: 'L1',
    type: 'lead',
    kind: 'E',
    name: 'Ana',
    responsibleId: 'u1',
    responsibleName: 'U One',
    __edb_e__: 'crmDup',
    __edb_v__: '1',
  });
  const removed = recordWriteItems(lead, { ...lead, version: 2, emails: [] });
  expect(removed.map((i) => i.Delete?.Key).filter(Boolean)).toContainEqual({ PK: 'CRMDUP#E#ana@x.ro', SK: 'lead#L1' });
});
