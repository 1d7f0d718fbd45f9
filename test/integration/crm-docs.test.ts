/**
 * CRM quotes and invoices through the local gateway against the emulators (DynamoDB Local, s3rver, aws-ses-v2-local):
 * every route × personas — the deal's salesperson S, a colleague C of the same department, H who heads the parent
 * department, O of another department, an admin, extranet (403), anonymous (401); bad input → 4xx naming the field
 * and nothing written; stale version → 409 with `current`; an issued invoice → PATCH 409 NOT_DRAFT; 20 parallel
 * issues → 20 consecutive numbers; send → the SES store has the mail with the INV….pdf attachment; paid → the deal
 * is won (record, counters, WON report) and S's bell rings.
 *
 * Deals (and a company, a product) are seeded with the CRM's own row builders (shared/crm/records.ts), so this file
 * does not depend on functions/crm's routes. The stack is shared with other tests: nothing assumes an empty table.
 */
import { transaction } from '../../shared/data/transaction';
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { crmDocsFeature } from '../../functions/crm-docs/routes';
import type { DealLine } from '../../shared/crm/contract';
import type { DocumentView } from '../../shared/crm/documents-contract';
import { counterPk, productPk, PROD_SK, wonPk } from '../../shared/crm/keys';
import { recordWriteItems, CRM_COMMIT, type CompanyRecord, type DealRecord } from '../../shared/crm/records';
import { settingsFromRow, settingsKey, settingsRow } from '../../shared/crm/settings-entity';
import { computeDocument } from '../../shared/crm/totals';
import { resetClients } from '../../shared/data/clients';
import { db, type Raw } from '../../shared/data/document';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(180_000);

const tag = () => randomUUID().slice(0, 6);
let A: TestUser; // admin
let S: TestUser; // the deal's salesperson, department D1
let C: TestUser; // colleague in D1
let H: TestUser; // head of P (D1's parent)
let O: TestUser; // other department D2
let X: TestUser; // extranet
let D1 = '';
let D2 = '';
const names = new Map<string, string>();

async function withProfile(role: 'employee' | 'admin', firstName: string): Promise<TestUser> {
  const u = await signUpUser(role);
  const lastName = `Doc${tag()}`;
  const res = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName, version: 0 },
  });
  expect(res.status).toBe(200);
  names.set(u.sub, `${firstName} ${lastName}`);
  return u;
}
async function department(name: string, parentId?: string) {
  const res = await api('/departments', {
    method: 'POST',
    token: A.token,
    body: { name: `${name} ${tag()}`, ...(parentId ? { parentId } : {}) },
  });
  expect(res.status).toBe(201);
  return res.json as { departmentId: string; version: number };
}
async function member(departmentId: string, userId: string) {
  expect((await api(`/departments/${departmentId}/members/${userId}`, { method: 'PUT', token: A.token })).status).toBe(
    200,
  );
}

const T = () => itStack().tableName;
const get = async (PK: string, SK: string) =>
  (await db().send(new GetCommand({ TableName: T(), Key: { PK, SK }, ConsistentRead: true }))).Item as Raw | undefined;
const partition = async (PK: string) =>
  ((
    await db().send(
      new QueryCommand({
        TableName: T(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': PK },
        ConsistentRead: true,
      }),
    )
  ).Items ?? []) as Raw[];

const dealLine = (over: Partial<DealLine>): DealLine => {
  const base = {
    productId: null,
    name: 'Consultanță',
    unit: 'HUR' as const,
    quantityMilli: 1500,
    unitPriceMinor: 20_000,
    discount: null,
    taxRateBp: 2100,
    ...over,
  };
  const { lines } = computeDocument([
    {
      name: base.name,
      unit: base.unit,
      quantityMilli: base.quantityMilli,
      unitPriceMinor: base.unitPriceMinor,
      taxRateBp: base.taxRateBp,
      ...(base.discount ? { discount: base.discount } : {}),
    },
  ]);
  return {
    ...base,
    grossMinor: lines[0]!.grossMinor,
    discountMinor: lines[0]!.discountMinor,
    netMinor: lines[0]!.netMinor,
  };
};
const LINES: DealLine[] = [
  dealLine({
    name: 'Implementare CRM – săptămâna 1',
    quantityMilli: 2000,
    unitPriceMinor: 349_999,
    discount: { percentBp: 500 },
  }),
  dealLine({ name: 'Manual de utilizare', unit: 'H87', quantityMilli: 3000, unitPriceMinor: 4_550, taxRateBp: 1100 }),
];

/** A company and a deal of S (department D1) in the default pipeline's first stage, written with the CRM builders. */
async function seedDeal(
  opts: { lines?: DealLine[]; responsible?: TestUser; deptId?: string; currency?: string } = {},
): Promise<DealRecord> {
  const now = new Date().toISOString();
  const owner = opts.responsible ?? S;
  const lines = opts.lines ?? LINES;
  const company: CompanyRecord = {
    id: ulid(),
    type: 'company',
    version: 1,
    responsibleId: owner.sub,
    responsibleName: names.get(owner.sub)!,
    deptId: opts.deptId ?? D1,
    createdBy: owner.sub,
    createdAt: now,
    updatedAt: now,
    lastActorId: owner.sub,
    name: `Țesătoria ${tag()}`,
    legalName: 'Țesătoria Ștefănești S.R.L.',
    vatId: 'RO12345678',
    regNo: 'J40/1/2020',
    emails: [{ value: `office-${tag()}@client.ro`, norm: `office-${tag()}@client.ro` }],
    phones: [],
    address: { street: 'Str. Mântuleasa 7', city: 'București', country: 'RO' },
    tags: [],
  };
  const deal: DealRecord = {
    id: ulid(),
    type: 'deal',
    version: 1,
    responsibleId: owner.sub,
    responsibleName: names.get(owner.sub)!,
    deptId: opts.deptId ?? D1,
    createdBy: owner.sub,
    createdAt: now,
    updatedAt: now,
    lastActorId: owner.sub,
    title: `Contract ${tag()}`,
    pipelineId: 'default',
    stageId: 'new',
    stageKind: 'open',
    movedAt: now,
    currency: opts.currency ?? 'RON',
    amountMinor: lines.reduce((s, l) => s + l.netMinor, 0),
    lines,
    companyId: company.id,
    companyName: company.name,
    maxReachedOrder: 0,
    reachedStageIds: ['new'],
    createdMonth: now.slice(0, 7),
  };
  await transaction()
    .addItems(...recordWriteItems(null, company), ...recordWriteItems(null, deal))
    .commit(CRM_COMMIT);
  return deal;
}

/** The CRM settings need the seller's details before anything is issued (set once; other tests may share them). */
async function ensureSeller() {
  const row = await get(settingsKey.PK, settingsKey.SK);
  const s = settingsFromRow(row);
  if (s.seller.legalName) return;
  const next = {
    ...s,
    seller: {
      legalName: 'Ștefănescu Consulting S.R.L.',
      vatId: 'RO99887766',
      iban: 'RO49AAAA1B31007593840000',
      bank: 'Banca Transilvania',
    },
    version: s.version + 1,
    updatedAt: new Date().toISOString(),
  };
  await db().send(
    new PutCommand({
      TableName: T(),
      Item: settingsRow(next),
      ...(row
        ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': s.version } }
        : { ConditionExpression: 'attribute_not_exists(PK)' }),
    }),
  );
}

const create = async (type: 'invoice' | 'quote', user: TestUser, body: Record<string, unknown>) =>
  api(`/crm/${type}s`, { method: 'POST', token: user.token, body });
const getDoc = async (type: 'invoice' | 'quote', user: TestUser | null, id: string) =>
  api(`/crm/${type}s/${id}`, user ? { token: user.token } : {});
async function draftInvoice(deal: DealRecord, user = S): Promise<DocumentView> {
  const res = await create('invoice', user, { dealId: deal.id });
  expect(res.status).toBe(201);
  return res.json as DocumentView;
}
/** Items of the partitions a test touches (to prove a refused request wrote nothing). */
const snapshot = async (...pks: string[]) => JSON.stringify(await Promise.all(pks.map(partition)));

beforeAll(async () => {
  Object.assign(process.env, itStack().env);
  resetClients();
  [A, S, C, H, O] = await Promise.all([
    withProfile('admin', 'Ana'),
    withProfile('employee', 'Sorin'),
    withProfile('employee', 'Carmen'),
    withProfile('employee', 'Horia'),
    withProfile('employee', 'Oana'),
  ]);
  X = await signUpUser('extranet');
  const P = await department('Vânzări');
  const d1 = await department('Vânzări Nord', P.departmentId);
  const d2 = await department('Achiziții');
  D1 = d1.departmentId;
  D2 = d2.departmentId;
  expect(
    (
      await api(`/departments/${P.departmentId}/head`, {
        method: 'PUT',
        token: A.token,
        body: { userId: H.sub, version: P.version },
      })
    ).status,
  ).toBe(200);
  await member(D1, S.sub);
  await member(D1, C.sub);
  await member(D2, O.sub);
  await ensureSeller();
});

describe('access', () => {
  it('every route: anonymous 401, extranet 403 (nothing reaches the feature)', async () => {
    const any = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
    for (const r of Object.values(crmDocsFeature.http)) {
      const path = r.path.replace('{docId}', any).replace('{number}', 'INV2026-000001');
      const body = r.method === 'GET' ? undefined : {};
      expect({ route: `${r.method} ${r.path}`, status: (await api(path, { method: r.method, body })).status }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 401,
      });
      expect({
        route: `${r.method} ${r.path}`,
        status: (await api(path, { method: r.method, body, token: X.token })).status,
      }).toEqual({ route: `${r.method} ${r.path}`, status: 403 });
    }
  });

  it('drafts follow the deal: S, the colleague, the head of the parent department and admins see them; another department gets 404', async () => {
    const deal = await seedDeal();
    const inv = await draftInvoice(deal);
    const expected = computeDocument(
      LINES.map(({ grossMinor: _g, discountMinor: _d, netMinor: _n, productId: _p, discount, ...l }) => ({
        ...l,
        ...(discount ? { discount } : {}),
      })),
    );
    expect(inv).toMatchObject({
      type: 'invoice',
      status: 'draft',
      number: null,
      dealId: deal.id,
      currency: 'RON',
      version: 1,
      responsibleId: S.sub,
      totals: expected.totals,
    });
    expect(inv.buyer).toMatchObject({
      name: 'Țesătoria Ștefănești S.R.L.',
      vatId: 'RO12345678',
      address: { city: 'București' },
    });
    expect(inv.seller.legalName).toBeTruthy();

    for (const u of [S, C, H, A]) expect((await getDoc('invoice', u, inv.docId)).status).toBe(200);
    const hidden = await getDoc('invoice', O, inv.docId);
    expect(hidden.status).toBe(404);
    // The invoice route does not serve quotes (and vice versa).
    expect((await getDoc('quote', S, inv.docId)).status).toBe(404);
    // O cannot make documents from S's deal either (404 naming dealId), nor PATCH/issue/pdf S's invoice.
    const before = await snapshot(`CRM#${deal.id}`, `CRM#${inv.docId}`);
    const fromHidden = await create('invoice', O, { dealId: deal.id });
    expect(fromHidden.status).toBe(404);
    expect(fromHidden.json.error.fields[0].path).toBe('dealId');
    expect(
      (await api(`/crm/invoices/${inv.docId}`, { method: 'PATCH', token: O.token, body: { version: 1, notes: 'x' } }))
        .status,
    ).toBe(404);
    expect(
      (await api(`/crm/invoices/${inv.docId}/issue`, { method: 'POST', token: O.token, body: { version: 1 } })).status,
    ).toBe(404);
    expect((await api(`/crm/invoices/${inv.docId}/pdf`, { token: O.token })).status).toBe(404);
    expect(await snapshot(`CRM#${deal.id}`, `CRM#${inv.docId}`)).toBe(before);
    // Every document route answers O as if S's invoice and quote did not exist.
    const quote = (await create('quote', S, { dealId: deal.id })).json as DocumentView;
    const beforeAll = await snapshot(`CRM#${deal.id}`, `CRM#${inv.docId}`, `CRM#${quote.docId}`);
    const valid: Record<string, unknown> = {
      PATCH: { version: 1, notes: 'x' },
      issue: { version: 1 },
      send: { version: 1, to: ['o@example.com'] },
      paid: { version: 1 },
      cancel: { version: 1, reason: 'x' },
      status: { version: 1, status: 'accepted' },
    };
    for (const r of Object.values(crmDocsFeature.http).filter((x) => x.path.includes('{docId}'))) {
      const id = r.path.startsWith('/crm/quotes') ? quote.docId : inv.docId;
      const action = r.method === 'PATCH' ? 'PATCH' : (r.path.split('/').at(-1) ?? '');
      const res = await api(r.path.replace('{docId}', id), {
        method: r.method,
        token: O.token,
        ...(r.method === 'GET' ? {} : { body: valid[action] }),
      });
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({
        route: `${r.method} ${r.path}`,
        status: 404,
      });
    }
    expect(await snapshot(`CRM#${deal.id}`, `CRM#${inv.docId}`, `CRM#${quote.docId}`)).toBe(beforeAll);

    // Lists: my scope, the department for the colleague and the head, all for admins; O may not list D1 (403 naming scope).
    const ids = (r: { json: { items: { docId: string }[] } }) => r.json.items.map((i) => i.docId);
    expect(ids(await api('/crm/invoices', { token: S.token }))).toContain(inv.docId);
    expect(ids(await api(`/crm/invoices?scope=dept:${D1}`, { token: C.token }))).toContain(inv.docId);
    expect(ids(await api(`/crm/invoices?scope=dept:${D1}&status=draft`, { token: H.token }))).toContain(inv.docId);
    expect(ids(await api(`/crm/invoices?scope=user:${S.sub}`, { token: H.token }))).toContain(inv.docId);
    expect(ids(await api('/crm/invoices?scope=all', { token: A.token }))).toContain(inv.docId);
    expect(ids(await api('/crm/invoices', { token: O.token }))).not.toContain(inv.docId);
    const denied = await api(`/crm/invoices?scope=dept:${D1}`, { token: O.token });
    expect(denied.status).toBe(403);
    expect(denied.json.error.fields[0].path).toBe('query.scope');
    expect((await api('/crm/invoices?scope=all', { token: S.token })).status).toBe(403);
    expect((await api(`/crm/invoices?scope=user:${S.sub}`, { token: O.token })).status).toBe(403);
    const row = (await api('/crm/invoices', { token: S.token })).json.items.find(
      (i: { docId: string }) => i.docId === inv.docId,
    );
    expect(row).toMatchObject({
      status: 'draft',
      number: null,
      dealId: deal.id,
      dealTitle: deal.title,
      buyerName: 'Țesătoria Ștefănești S.R.L.',
      total: expected.totals.total,
      currency: 'RON',
    });

    // The deal lists the invoice (LINK row) and its timeline has the `document` activity.
    const dealRows = await partition(`CRM#${deal.id}`);
    expect(dealRows.find((r) => r.SK === `LINK#INVOICE#${inv.docId}`)).toMatchObject({ status: 'draft' });
    expect(
      dealRows.some(
        (r) => String(r.SK).startsWith('ACT#') && r.kind === 'document' && (r.meta as Raw).docId === inv.docId,
      ),
    ).toBe(true);
  });

  it('a quote is numbered at creation; an invoice can be made from it; quote decisions', async () => {
    const deal = await seedDeal();
    const q = await create('quote', S, { dealId: deal.id, language: 'en', dueDate: '2030-01-31' });
    expect(q.status).toBe(201);
    expect(q.json).toMatchObject({ type: 'quote', status: 'draft', language: 'en', dueDate: '2030-01-31' });
    expect(q.json.number).toMatch(/^[A-Z0-9-]*\d{4}-\d{6}$/);
    const inv = await create('invoice', C, { dealId: deal.id, fromQuoteId: q.json.docId });
    expect(inv.status).toBe(201);
    expect(inv.json).toMatchObject({
      fromQuoteId: q.json.docId,
      totals: q.json.totals,
      createdBy: C.sub,
      responsibleId: S.sub,
    });
    // a quote of another deal → 422 naming fromQuoteId
    const other = await seedDeal();
    const wrong = await create('invoice', S, { dealId: other.id, fromQuoteId: q.json.docId });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.fields[0].path).toBe('fromQuoteId');

    const accepted = await api(`/crm/quotes/${q.json.docId}/status`, {
      method: 'POST',
      token: S.token,
      body: { version: q.json.version, status: 'accepted' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ status: 'accepted', version: q.json.version + 1 });
    const again = await api(`/crm/quotes/${q.json.docId}/status`, {
      method: 'POST',
      token: S.token,
      body: { version: accepted.json.version, status: 'declined' },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('BAD_STATUS');
    const patched = await api(`/crm/quotes/${q.json.docId}`, {
      method: 'PATCH',
      token: S.token,
      body: { version: accepted.json.version, notes: 'x' },
    });
    expect(patched.status).toBe(409);
    expect(patched.json.error.code).toBe('NOT_DRAFT');
    const list = await api('/crm/quotes?sort=number', { token: S.token });
    expect(list.status).toBe(200);
    expect(list.json.items.map((i: { docId: string }) => i.docId)).toContain(q.json.docId);
    expect((await api('/crm/quotes?sort=number&status=sent', { token: S.token })).json.error.fields[0].path).toBe(
      'query.sort',
    );
  });
});

describe('drafts: bad input, versions', () => {
  it('bad input → 4xx naming the field and nothing written', async () => {
    const deal = await seedDeal();
    const inv = await draftInvoice(deal);
    const eurProduct = ulid();
    await db().send(
      new PutCommand({
        TableName: T(),
        Item: {
          PK: productPk(eurProduct),
          SK: PROD_SK,
          productId: eurProduct,
          name: 'Licență',
          unit: 'C62',
          priceMinor: 1000,
          currency: 'EUR',
          taxRateBp: 2100,
          archived: false,
          version: 1,
          __edb_e__: 'crmProduct',
          __edb_v__: '1',
        },
      }),
    );
    const before = await snapshot(`CRM#${deal.id}`, `CRM#${inv.docId}`);
    const line = { name: 'Ore', unit: 'HUR', quantityMilli: 1000, unitPriceMinor: 100, taxRateBp: 2100 };
    const cases: [string, unknown, number, string][] = [
      ['negative quantity', { version: 1, lines: [{ ...line, quantityMilli: -1000 }] }, 400, 'lines.0.quantityMilli'],
      ['zero quantity', { version: 1, lines: [line, { ...line, quantityMilli: 0 }] }, 400, 'lines.1.quantityMilli'],
      ['negative price', { version: 1, lines: [{ ...line, unitPriceMinor: -5 }] }, 400, 'lines.0.unitPriceMinor'],
      ['tax over 100 %', { version: 1, lines: [{ ...line, taxRateBp: 10_001 }] }, 400, 'lines.0.taxRateBp'],
      ['unknown unit', { version: 1, lines: [{ ...line, unit: 'BOX' }] }, 400, 'lines.0.unit'],
      ['no lines', { version: 1, lines: [] }, 400, 'lines'],
      ['bad e-mail', { version: 1, buyer: { name: 'X', email: 'not-mail' } }, 400, 'buyer.email'],
      ['bad due date', { version: 1, dueDate: '2026-02-30' }, 400, 'dueDate'],
      [
        'product in another currency',
        { version: 1, lines: [{ ...line, productId: eurProduct }] },
        422,
        'lines.0.productId',
      ],
      [
        'amount over 10^15',
        { version: 1, lines: [{ ...line, unitPriceMinor: 1e15, quantityMilli: 2000 }] },
        422,
        'lines.0.unitPriceMinor',
      ],
    ];
    for (const [label, body, status, field] of cases) {
      const res = await api(`/crm/invoices/${inv.docId}`, { method: 'PATCH', token: S.token, body });
      expect({ label, status: res.status }).toEqual({ label, status });
      expect({ label, paths: (res.json.error.fields ?? []).map((f: { path: string }) => f.path) }).toEqual({
        label,
        paths: expect.arrayContaining([field]),
      });
    }
    const unknownDeal = await create('invoice', S, { dealId: ulid() });
    expect(unknownDeal.status).toBe(404);
    expect(unknownDeal.json.error.fields[0].path).toBe('dealId');
    const empty = await seedDeal({ lines: [] });
    const noLines = await create('invoice', S, { dealId: empty.id });
    expect(noLines.status).toBe(422);
    expect(noLines.json.error.fields[0].path).toBe('dealId');
    expect((await create('invoice', S, { dealId: deal.id, language: 'fr' })).json.error.fields[0].path).toBe(
      'language',
    );
    const badSend = await api(`/crm/invoices/${inv.docId}/send`, {
      method: 'POST',
      token: S.token,
      body: { version: 1, to: ['a@b.ro', 'nope'] },
    });
    expect(badSend.status).toBe(400);
    expect(badSend.json.error.fields[0].path).toBe('to.1');
    const future = await api(`/crm/invoices/${inv.docId}/paid`, {
      method: 'POST',
      token: S.token,
      body: { version: 1, paidAt: '2999-01-01T00:00:00Z' },
    });
    expect(future.status).toBe(400);
    expect(future.json.error.fields[0].path).toBe('paidAt');
    expect(await snapshot(`CRM#${deal.id}`, `CRM#${inv.docId}`)).toBe(before);
    expect(
      await partition(`CRM#${empty.id}`).then((rows) => rows.filter((r) => String(r.SK).startsWith('LINK#'))),
    ).toEqual([]);
  });

  it('edits a draft with versions (stale → 409 with current); issued → PATCH 409 NOT_DRAFT; the PDF link serves a PDF', async () => {
    const deal = await seedDeal();
    const inv = await draftInvoice(deal);
    const draftPdf = await api(`/crm/invoices/${inv.docId}/pdf`, { token: S.token });
    expect(draftPdf.status).toBe(200);
    const draftFile = await fetch(draftPdf.json.url);
    expect(draftFile.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await draftFile.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const edited = await api(`/crm/invoices/${inv.docId}`, {
      method: 'PATCH',
      token: C.token,
      body: {
        version: 1,
        lines: [
          {
            name: 'Audit',
            unit: 'HUR',
            quantityMilli: 2500,
            unitPriceMinor: 30_000,
            discount: { amountMinor: 5_000 },
            taxRateBp: 2100,
          },
        ],
        notes: 'Plata în 15 zile',
        dueDate: '2030-12-31',
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({
      version: 2,
      notes: 'Plata în 15 zile',
      dueDate: '2030-12-31',
      totals: { net: 70_000, tax: 14_700, total: 84_700 },
    });
    expect(edited.json.lines[0]).toMatchObject({ grossMinor: 75_000, discountMinor: 5_000, netMinor: 70_000 });
    const stale = await api(`/crm/invoices/${inv.docId}`, {
      method: 'PATCH',
      token: S.token,
      body: { version: 1, notes: 'mine' },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current).toMatchObject({ version: 2, notes: 'Plata în 15 zile' });
    const staleIssue = await api(`/crm/invoices/${inv.docId}/issue`, {
      method: 'POST',
      token: S.token,
      body: { version: 1 },
    });
    expect(staleIssue.status).toBe(409);
    expect(staleIssue.json.error.current.version).toBe(2);

    const issued = await api(`/crm/invoices/${inv.docId}/issue`, {
      method: 'POST',
      token: S.token,
      body: { version: 2 },
    });
    expect(issued.status).toBe(200);
    expect(issued.json).toMatchObject({
      status: 'issued',
      version: 3,
      dueDate: '2030-12-31',
      issueDate: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(new Date()),
    });
    expect(issued.json.number).toMatch(/\d{4}-\d{6}$/);
    expect(issued.json.pdf.hash).toMatch(/^[0-9a-f]{64}$/);
    const notDraft = await api(`/crm/invoices/${inv.docId}`, {
      method: 'PATCH',
      token: S.token,
      body: { version: 3, notes: 'late' },
    });
    expect(notDraft.status).toBe(409);
    expect(notDraft.json.error.code).toBe('NOT_DRAFT');
    expect(
      (await api(`/crm/invoices/${inv.docId}/issue`, { method: 'POST', token: S.token, body: { version: 3 } })).json
        .error.code,
    ).toBe('NOT_DRAFT');
    // The stored PDF: served from crm/docs/{docId}/{hash}.pdf, the same object every time.
    const link = await api(`/crm/invoices/${inv.docId}/pdf`, { token: H.token });
    expect(link.status).toBe(200);
    expect(new URL(link.json.url).pathname).toContain(`crm/docs/${inv.docId}/${issued.json.pdf.hash}.pdf`);
    const file = await fetch(link.json.url);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // By number: S sees it; O gets 404 as for an unknown number.
    const byNo = await api(`/crm/invoices/by-number/${issued.json.number}`, { token: S.token });
    expect(byNo.status).toBe(200);
    expect(byNo.json.docId).toBe(inv.docId);
    expect((await api(`/crm/invoices/by-number/${issued.json.number}`, { token: O.token })).status).toBe(404);
    expect((await api('/crm/invoices/by-number/NOPE2026-999999', { token: S.token })).status).toBe(404);
    // Cancel keeps the number; a cancelled invoice cannot be paid or cancelled again.
    const cancelled = await api(`/crm/invoices/${inv.docId}/cancel`, {
      method: 'POST',
      token: S.token,
      body: { version: 3, reason: 'Greșeală de preț' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({
      status: 'cancelled',
      number: issued.json.number,
      cancelReason: 'Greșeală de preț',
    });
    expect(
      (await api(`/crm/invoices/${inv.docId}/paid`, { method: 'POST', token: S.token, body: { version: 4 } })).json
        .error.code,
    ).toBe('BAD_STATUS');
    expect(
      (
        await api(`/crm/invoices/${inv.docId}/cancel`, {
          method: 'POST',
          token: S.token,
          body: { version: 4, reason: 'x' },
        })
      ).json.error.code,
    ).toBe('BAD_STATUS');
  });
});

describe('numbering', () => {
  it('20 invoices issued at the same moment get 20 consecutive numbers, no gap, no repeat', async () => {
    const deal = await seedDeal();
    const drafts = await Promise.all(Array.from({ length: 20 }, () => draftInvoice(deal)));
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(new Date()).slice(0, 4);
    const before = ((await get(`CRMSEQ#INV#${year}`, 'SEQ'))?.last as number | undefined) ?? 0;
    const results = await Promise.all(
      drafts.map((d) =>
        api(`/crm/invoices/${d.docId}/issue`, { method: 'POST', token: S.token, body: { version: d.version } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const ns = results.map((r) => Number(/-(\d{6})$/.exec(r.json.number as string)![1])).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
    expect((await get(`CRMSEQ#INV#${year}`, 'SEQ'))?.last).toBe(before + 20);
    // Each number points at its invoice.
    for (const r of results)
      expect((await get(`CRMDOCNO#INV#${r.json.number as string}`, 'NO'))?.docId).toBe(r.json.docId);
  });
});

describe('send and paid', () => {
  it('send issues a draft and mails the PDF (SES store: INV….pdf, application/pdf, %PDF-); email + document activities on the deal', async () => {
    const deal = await seedDeal();
    const inv = await draftInvoice(deal);
    const since = Math.floor(Date.now() / 1000) - 1;
    const to = `client-${tag()}@example.com`;
    const sent = await api(`/crm/invoices/${inv.docId}/send`, {
      method: 'POST',
      token: S.token,
      body: { version: 1, to: [to], cc: [`acct-${tag()}@example.com`], message: 'Vă mulțumim pentru colaborare.' },
    });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ status: 'sent', sentTo: [to, expect.any(String)] });
    const number = sent.json.number as string;
    expect(number).toMatch(/\d{4}-\d{6}$/);

    const res = await fetch(`${itStack().urls.mail.replace(/\/+$/, '')}/store?since=${since}`);
    const { emails } = (await res.json()) as {
      emails: {
        destination: { to: string[]; cc: string[] };
        subject: string;
        body: { text: string };
        attachments: { filename: string; contentType: string; content: string }[];
      }[];
    };
    const mail = emails.find((m) => m.destination.to.some((t) => t.includes(to)));
    expect(mail).toBeDefined();
    expect(mail!.subject).toContain(number);
    expect(mail!.subject).toContain('Ștefănescu');
    expect(mail!.body.text).toContain('Vă mulțumim pentru colaborare.');
    expect(mail!.destination.cc.join()).toContain('acct-');
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]).toMatchObject({ filename: `${number}.pdf`, contentType: 'application/pdf' });
    expect(Buffer.from(mail!.attachments[0]!.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    const acts = (await partition(`CRM#${deal.id}`)).filter((r) => String(r.SK).startsWith('ACT#'));
    expect(acts.find((a) => a.kind === 'email')).toMatchObject({
      by: S.sub,
      meta: { docId: inv.docId, number, to: expect.stringContaining(to) },
    });
    expect(acts.filter((a) => a.kind === 'document').map((a) => (a.meta as Raw).action)).toEqual(
      expect.arrayContaining(['created', 'issued', 'sent']),
    );

    // A quote is sent the same way (numbered already; no DRAFT mark once sent).
    const q = (await create('quote', S, { dealId: deal.id })).json as DocumentView;
    const qs = await api(`/crm/quotes/${q.docId}/send`, {
      method: 'POST',
      token: S.token,
      body: { version: q.version, to: [to] },
    });
    expect(qs.status).toBe(200);
    expect(qs.json).toMatchObject({ status: 'sent', number: q.number });
    expect(qs.json.pdf).not.toBeNull();
  });

  it('paid moves the deal to won in the same transaction (record, column counters, WON report) and rings S’s bell', async () => {
    const deal = await seedDeal();
    const inv = await draftInvoice(deal);
    const draftPaid = await api(`/crm/invoices/${inv.docId}/paid`, {
      method: 'POST',
      token: A.token,
      body: { version: 1 },
    });
    expect(draftPaid.status).toBe(409);
    expect(draftPaid.json.error.code).toBe('BAD_STATUS');
    const issued = (
      await api(`/crm/invoices/${inv.docId}/issue`, { method: 'POST', token: S.token, body: { version: 1 } })
    ).json as DocumentView;
    const year = new Date().toISOString().slice(0, 4);
    const month = new Date().toISOString().slice(5, 7);
    const wonKey = `${month}#RON#${D1}#${S.sub}`;
    const wonBefore = (await get(wonPk(year), wonKey)) ?? { n: 0, amount: 0 };
    const colBefore = (await get(counterPk(`U#${S.sub}`, 'deal', 'default'), 'won')) ?? { n: 0 };

    const paid = await api(`/crm/invoices/${inv.docId}/paid`, {
      method: 'POST',
      token: A.token,
      body: { version: issued.version },
    });
    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({ status: 'paid', version: issued.version + 1 });
    const stored = await get(`CRM#${deal.id}`, 'REC');
    expect(stored).toMatchObject({ stageId: 'won', stageKind: 'won', version: 2, wonAmountMinor: deal.amountMinor });
    expect((await get(counterPk(`U#${S.sub}`, 'deal', 'default'), 'won'))?.n).toBe((colBefore.n as number) + 1);
    const wonAfter = await get(wonPk(year), wonKey);
    expect(wonAfter).toMatchObject({
      n: (wonBefore.n as number) + 1,
      amount: (wonBefore.amount as number) + deal.amountMinor,
    });
    const acts = (await partition(`CRM#${deal.id}`)).filter((r) => String(r.SK).startsWith('ACT#'));
    expect(acts.find((a) => a.kind === 'stage')).toMatchObject({ meta: { toStage: 'won', docId: inv.docId } });

    // Paid twice → 409; the stream consumer notifies the responsible salesperson (the admin marked it).
    expect(
      (
        await api(`/crm/invoices/${inv.docId}/paid`, {
          method: 'POST',
          token: A.token,
          body: { version: issued.version + 1 },
        })
      ).json.error.code,
    ).toBe('BAD_STATUS');
    await itStack().streamsIdle();
    const bell = await api('/notifications', { token: S.token });
    expect(bell.json.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'crm.invoice.paid',
          params: { number: issued.number, dealTitle: deal.title },
          link: `/crm/invoices/${inv.docId}`,
        }),
      ]),
    );

    // moveDealToWon: false leaves the deal where it is.
    const deal2 = await seedDeal();
    const inv2 = await draftInvoice(deal2);
    const issued2 = (
      await api(`/crm/invoices/${inv2.docId}/issue`, { method: 'POST', token: S.token, body: { version: 1 } })
    ).json as DocumentView;
    expect(
      (
        await api(`/crm/invoices/${inv2.docId}/paid`, {
          method: 'POST',
          token: S.token,
          body: { version: issued2.version, moveDealToWon: false },
        })
      ).status,
    ).toBe(200);
    expect((await get(`CRM#${deal2.id}`, 'REC'))?.stageId).toBe('new');
  });
});
