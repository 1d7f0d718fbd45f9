/**
 * Pipelines, settings, products and document numbers are written by their ElectroDB entities exactly as the
 * hand-built items were (same keys, GSI strings, attribute names and `__edb_e__` markers), so stored rows, list
 * queries and stream filters keep working.
 */
import { DEFAULT_SETTINGS } from '../../../shared/crm/settings-entity';
import { DocNumbers } from '../../../shared/crm/doc-number-entity';
import { defaultPipeline, pipelineRow, Pipelines } from '../../../shared/crm/pipeline-entity';
import { Products } from '../../../shared/crm/product-entity';
import { counterRows, dupRows, type LeadRecord } from '../../../shared/crm/records';
import { settingsFromRow, settingsRow, Settings } from '../../../shared/crm/settings-entity';
import { putItemOf } from '../../../shared/data/transaction';

it('a pipeline: CRMPIPE#{id} / PIPE, listed on GSI1 CRMPIPES / {order:0000}#{id}, no key part stored twice', () => {
  const p = { ...defaultPipeline('2026-01-01T00:00:00.000Z'), pipelineId: 'P7', name: 'Rent', order: 12 };
  expect(pipelineRow(p)).toEqual({
    PK: 'CRMPIPE#P7',
    SK: 'PIPE',
    GSI1PK: 'CRMPIPES',
    GSI1SK: '0012#P7',
    pipelineId: 'P7',
    name: 'Rent',
    order: 12,
    stages: p.stages,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    __edb_e__: 'crmPipeline',
    __edb_v__: '1',
  });
  // an edit replaces the whole item on the version read, and keeps the list key
  const edit = Pipelines()
    .put({ ...p, version: 2 })
    .where(({ version }, { eq }) => eq(version, 1))
    .params() as { Item: Record<string, unknown>; ConditionExpression: string };
  expect(edit.Item).toEqual({ ...pipelineRow(p), version: 2 });
  expect(edit.ConditionExpression).toBe('#version = :version0');
});

it('the settings: ONE item CRMSETTINGS / SETTINGS holding every setting with the crmSettings marker', () => {
  const saved = {
    ...DEFAULT_SETTINGS,
    seller: { legalName: 'Acme SRL', iban: 'RO49AAAA' },
    version: 4,
    updatedAt: 't',
  };
  const row = settingsRow(saved);
  expect(row).toEqual({
    PK: 'CRMSETTINGS',
    SK: 'SETTINGS',
    departmentVisibility: true,
    currencies: DEFAULT_SETTINGS.currencies,
    baseCurrency: DEFAULT_SETTINGS.baseCurrency,
    defaultPhoneCountry: 'RO',
    defaultTaxRateBp: 2100,
    paymentTermDays: 30,
    seller: { legalName: 'Acme SRL', iban: 'RO49AAAA' },
    invoicePrefix: 'INV',
    quotePrefix: 'QUO',
    documentLanguage: 'ro',
    version: 4,
    updatedAt: 't',
    __edb_e__: 'crmSettings',
    __edb_v__: '1',
  });
  expect(settingsFromRow(row)).toEqual(saved);
  // the first save is a create: it fails when someone saved first
  const first = Settings()
    .create({ ...row, updatedAt: 't' } as never)
    .params() as { ConditionExpression: string };
  expect(first.ConditionExpression).toBe('attribute_not_exists(#PK) AND attribute_not_exists(#SK)');
});

it('a product: CRMPROD#{id} / PROD, live ones on GSI1 CRMPRODS, archived ones on GSI2 CRMPRODS#ARCH only', () => {
  const product = {
    productId: 'P1',
    name: 'Țiglă  Roșie',
    unit: 'H87' as const,
    priceMinor: 1250,
    currency: 'RON',
    taxRateBp: 2100,
    archived: false,
    version: 1,
    updatedAt: 't1',
    createdAt: 't0',
  };
  const live = putItemOf(Products().put(product));
  expect(live).toEqual({
    PK: 'CRMPROD#P1',
    SK: 'PROD',
    GSI1PK: 'CRMPRODS',
    GSI1SK: 'tigla rosie#P1',
    ...product,
    __edb_e__: 'crmProduct',
    __edb_v__: '1',
  });
  const archived = putItemOf(Products().put({ ...product, archived: true, sku: 'T-1', description: 'red' }));
  expect(archived).toEqual({
    PK: 'CRMPROD#P1',
    SK: 'PROD',
    GSI2PK: 'CRMPRODS#ARCH',
    GSI2SK: 'tigla rosie#P1',
    ...product,
    archived: true,
    sku: 'T-1',
    description: 'red',
    __edb_e__: 'crmProduct',
    __edb_v__: '1',
  });
});

it('an issued number: CRMDOCNO#{kind}#{number} / NO with docId, number and kind', () => {
  expect(putItemOf(DocNumbers().put({ kind: 'QUO', number: 'Q2027-000010', docId: 'D1' }))).toEqual({
    PK: 'CRMDOCNO#QUO#Q2027-000010',
    SK: 'NO',
    kind: 'QUO',
    number: 'Q2027-000010',
    docId: 'D1',
    __edb_e__: 'crmDocNo',
    __edb_v__: '1',
  });
});

it('seeding rows (benchmarks): counters merged per column and duplicate rows, as their entities write them', () => {
  const rows = counterRows([
    { scope: 'A', type: 'deal', group: 'p1', bucket: 'new', n: 1, amounts: { RON: 500 } },
    { scope: 'A', type: 'deal', group: 'p1', bucket: 'new', n: 1, amounts: { RON: 700, EUR: 10 } },
  ]);
  expect(rows).toEqual([
    {
      PK: 'CRMTOT#A#deal#p1',
      SK: 'new',
      scope: 'A',
      type: 'deal',
      group: 'p1',
      bucket: 'new',
      n: 2,
      A_RON: 1200,
      A_EUR: 10,
      __edb_e__: 'crmCounter',
      __edb_v__: '1',
    },
  ]);
  const lead: LeadRecord = {
    id: 'L1',
    type: 'lead',
    version: 1,
    responsibleId: 'u1',
    responsibleName: 'U One',
    deptId: 'd1',
    createdBy: 'u1',
    createdAt: 't',
    updatedAt: 't',
    lastActorId: 'u1',
    name: 'Ana',
    emails: [],
    phones: [{ e164: '+40722000000', display: '0722 000 000' }],
    source: 'manual',
    status: 'new',
  };
  expect(dupRows(lead)).toContainEqual({
    PK: 'CRMDUP#P#+40722000000',
    SK: 'lead#L1',
    id: 'L1',
    type: 'lead',
    kind: 'P',
    name: 'Ana',
    responsibleId: 'u1',
    responsibleName: 'U One',
    deptId: 'd1',
    __edb_e__: 'crmDup',
    __edb_v__: '1',
  });
});
