/**
 * The CRM entities write exactly the stored layout the hand-built items had (same keys, attribute names and
 * `__edb_e__` markers), so existing rows, stream filters and report readers keep working. Pipelines, settings,
 * products and document numbers: entity-layout-admin.test.ts; forms, queues and jobs: entity-layout-intake.test.ts.
 */
import {
  counterUpdates,
  linkPuts,
  activityPut,
  indexRows,
  recordRow,
  recordWriteItems,
  wonReportUpdates,
  type CrmRecord,
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

// ---------------------------------------------------------------- records and index rows (record-entity, index-entity)

const base = {
  version: 3,
  responsibleId: 'u1',
  responsibleName: 'U One',
  deptId: 'd1',
  createdBy: 'u2',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
  lastActorId: 'u2',
  comments: 'note',
};
const email = [{ value: 'Ana@x.ro', norm: 'ana@x.ro' }];
const phone = [{ value: '0722 000 000', e164: '+40722000000', display: '+40 722 000 000' }];
const address = { street: 'Str. Lungă 1', city: 'Brașov', country: 'RO' };

/** One record of every type with every field its type stores (record-entity.ts must declare them all). */
const RECORDS: CrmRecord[] = [
  {
    ...base,
    id: 'L1',
    type: 'lead',
    name: 'Ana',
    companyName: 'Acme',
    emails: email,
    phones: phone,
    source: 'web_form',
    formId: 'F1',
    status: 'junk',
    junkReason: 'spam',
    consent: { textHash: 'h', at: 't', ip: '1.2.3.4' },
    repeatOf: { type: 'contact', id: 'C1', name: 'Ana Pop' },
    convertedTo: { contactId: 'C1', companyId: 'K1', dealId: 'D1' },
    importJobId: 'J1',
    possibleDuplicateOf: 'L0',
  },
  {
    ...base,
    id: 'C1',
    type: 'contact',
    firstName: 'Ana',
    lastName: 'Pop',
    emails: email,
    phones: phone,
    address,
    tags: ['vip'],
    position: 'CEO',
    birthday: '1990-05-01',
    primaryCompanyId: 'K1',
    primaryCompanyName: 'Acme',
  },
  {
    ...base,
    id: 'K1',
    type: 'company',
    name: 'Acme',
    legalName: 'Acme SRL',
    vatId: 'RO123',
    regNo: 'J40/1/2020',
    emails: email,
    phones: phone,
    address,
    website: 'https://acme.ro',
    industry: 'roofs',
    tags: ['b2b'],
  },
  {
    ...base,
    id: 'D1',
    type: 'deal',
    title: 'Roof',
    pipelineId: 'p1',
    stageId: 'won',
    stageKind: 'won',
    movedAt: '2026-02-01T00:00:00.000Z',
    probability: 90,
    closeDate: '2026-03-01',
    currency: 'RON',
    amountMinor: 12300,
    lines: [
      {
        productId: 'P1',
        name: 'Tile',
        unit: 'H87',
        quantityMilli: 2000,
        unitPriceMinor: 6150,
        discount: null,
        taxRateBp: 1900,
        grossMinor: 12300,
        discountMinor: 0,
        netMinor: 12300,
      },
    ],
    contactId: 'C1',
    contactName: 'Ana Pop',
    companyId: 'K1',
    companyName: 'Acme',
    maxReachedOrder: 4,
    reachedStageIds: ['new', 'won'],
    wonAt: '2026-02-01T00:00:00.000Z',
    wonAmountMinor: 12300,
    lostReason: 'none',
    createdMonth: '2026-01',
  },
  {
    ...base,
    id: 'I1',
    type: 'invoice',
    dealId: 'D1',
    dealTitle: 'Roof',
    status: 'paid',
    number: 'INV-2026-0007',
    currency: 'RON',
    language: 'ro',
    priceMode: 'net',
    buyer: { name: 'Acme SRL', vatId: 'RO123' },
    seller: { legalName: 'Us SRL' },
    lines: [{ name: 'Tile', qty: 2, unitPriceMinor: 6150, taxRate: 19 }],
    totals: { total: 14637 },
    notes: 'thanks',
    issueDate: '2026-02-02',
    dueDate: '2026-03-02',
    issuedAt: '2026-02-02T10:00:00.000Z',
    fromQuoteId: 'Q1',
    pdf: { key: 'crm/docs/I1/abc.pdf', hash: 'abc', renderedAt: 't' },
    sentAt: 't2',
    sentTo: ['a@x.ro'],
    paidAt: 't3',
    cancelReason: 'none',
  },
];

it.each(RECORDS.map((r) => [r.type, r] as const))(
  'a %s is stored whole on CRM#{id} / REC with the crmRecord marker (nothing dropped)',
  (_type, rec) => {
    const put = recordWriteItems(null, rec).find((i) => i.Put?.Item?.SK === 'REC')!.Put!;
    expect(put.Item).toEqual({ ...rec, PK: `CRM#${rec.id}`, SK: 'REC', __edb_e__: 'crmRecord', __edb_v__: '1' });
    expect(recordRow(rec)).toEqual(put.Item);
    // a change replaces the whole item too, on the version read
    const changed = recordWriteItems(rec, { ...rec, version: rec.version + 1 }).find(
      (i) => i.Put?.Item?.SK === 'REC',
    )!.Put!;
    expect(changed.Item).toEqual({ ...put.Item, version: rec.version + 1 });
  },
);

it('a record with a field record-entity.ts does not declare is refused, not stored without it', () => {
  const rec = { ...RECORDS[0]!, shoeSize: 42 } as CrmRecord;
  expect(() => recordWriteItems(null, rec)).toThrow(/shoeSize/);
});

it("a deal's index rows: one per scope with GSI1 (board column), GSI2 (updated) and GSI3 (close date)", () => {
  const deal = RECORDS[3]!;
  const rows = recordWriteItems(null, deal)
    .filter((i) => i.Put?.Item?.__edb_e__ === 'crmIndex')
    .map((i) => i.Put!.Item);
  expect(rows.map((r) => r!.SK)).toEqual(['IX#A', 'IX#U#u1', 'IX#D#d1']);
  expect(rows[1]).toEqual({
    PK: 'CRM#D1',
    SK: 'IX#U#u1',
    GSI1PK: 'CRMS#U#u1#deal#p1#won',
    GSI1SK: '2026-02-01T00:00:00.000Z#D1',
    GSI2PK: 'CRMS#U#u1#deal',
    GSI2SK: '2026-02-01T00:00:00.000Z#D1',
    GSI3PK: 'CRMS#U#u1#deal',
    GSI3SK: '2026-03-01#D1',
    scope: 'U#u1',
    id: 'D1',
    type: 'deal',
    name: 'Roof',
    pipelineId: 'p1',
    stageId: 'won',
    amountMinor: 12300,
    currency: 'RON',
    responsibleId: 'u1',
    responsibleName: 'U One',
    companyName: 'Acme',
    contactName: 'Ana Pop',
    closeDate: '2026-03-01',
    movedAt: '2026-02-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
    version: 3,
    deptId: 'd1',
    __edb_e__: 'crmIndex',
    __edb_v__: '1',
  });
  expect(indexRows(deal)).toEqual(rows);
});

it("a contact's index row has no GSI1 (no column); an unnumbered invoice's has no GSI3; extras ride along", () => {
  const [contactRow] = indexRows(RECORDS[1]!);
  expect(contactRow).toEqual({
    PK: 'CRM#C1',
    SK: 'IX#A',
    GSI2PK: 'CRMS#A#contact',
    GSI2SK: '2026-02-01T00:00:00.000Z#C1',
    GSI3PK: 'CRMS#A#contact',
    GSI3SK: 'pop ana#C1',
    scope: 'A',
    id: 'C1',
    type: 'contact',
    name: 'Ana Pop',
    responsibleId: 'u1',
    responsibleName: 'U One',
    companyName: 'Acme',
    email: 'Ana@x.ro',
    phone: '+40 722 000 000',
    updatedAt: '2026-02-01T00:00:00.000Z',
    version: 3,
    deptId: 'd1',
    __edb_e__: 'crmIndex',
    __edb_v__: '1',
  });
  const draft = { ...RECORDS[4]!, status: 'draft', number: undefined } as CrmRecord;
  const [draftRow] = recordWriteItems(null, draft, { indexExtra: { dealId: 'D1', buyerName: 'Acme SRL' } })
    .filter((i) => i.Put?.Item?.__edb_e__ === 'crmIndex')
    .map((i) => i.Put!.Item!);
  expect(draftRow).toMatchObject({ GSI1PK: 'CRMS#A#invoice#_#draft', dealId: 'D1', buyerName: 'Acme SRL' });
  expect(draftRow).not.toHaveProperty('GSI3PK');
  expect(draftRow).not.toHaveProperty('GSI3SK');
  expect(draftRow).not.toHaveProperty('number');
});

it('a deleted record: the REC row goes on its version, and so do its index rows', () => {
  const items = recordWriteItems(RECORDS[2]!, null);
  expect(items.filter((i) => i.Delete).map((i) => i.Delete!.Key)).toEqual(
    expect.arrayContaining([
      { PK: 'CRM#K1', SK: 'REC' },
      { PK: 'CRM#K1', SK: 'IX#A' },
      { PK: 'CRM#K1', SK: 'IX#U#u1' },
      { PK: 'CRM#K1', SK: 'IX#D#d1' },
    ]),
  );
  const rec = items.find((i) => i.Delete?.Key?.SK === 'REC')!.Delete!;
  expect(Object.values(rec.ExpressionAttributeNames!)).toEqual(['version']);
  expect(Object.values(rec.ExpressionAttributeValues!)).toEqual([3]);
});
