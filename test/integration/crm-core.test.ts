/**
 * CRM core (functions/crm) through the local gateway against the emulators. Personas: S the responsible salesperson
 * (department C), K a colleague in C, H the head of C's parent department P, O in another department Z, A an admin,
 * X extranet (403 everywhere), anonymous (401 everywhere).
 *   - visibility: a record answers S, K (setting on; 404 when off), H (subtree), A; O gets 404; list scopes 403 naming
 *     query.scope when not visible;
 *   - the e2e chain of the core: lead → duplicates (repeat phone in another format) → convert to contact + company +
 *     deal (links, activities) → products (server-computed amount) → board totals → won (counters, WON report row);
 *   - bad input → 4xx naming the field and nothing written: invalid phone, unknown / disabled currency, negative
 *     quantity, a product in another currency, a stage of another pipeline, converting a junk lead; stale version → 409
 *     with current; a stage holding deals cannot be removed (409 STAGE_NOT_EMPTY);
 *   - assignment → bell notification + e-mail in the recipient's language (Romanian here); merge + not-duplicate.
 * The stack is shared with other integration files: nothing here assumes an empty table.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { crmFeature } from '../../functions/crm/routes';
import type {
  BoardView,
  ContactView,
  ConvertResult,
  CreatedView,
  DealView,
  LeadView,
  PipelineView,
  ProductView,
  RecordSummary,
} from '../../shared/crm/contract';
import { counterPk, dupPk, wonPk, wonSk } from '../../shared/crm/keys';
import { resetClients } from '../../shared/data/clients';
import { db, type Raw } from '../../shared/data/document';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';
import { waitForMail } from '../support/mail-store';

jest.setTimeout(240_000);

const tag = () => randomUUID().slice(0, 6);
let A: TestUser;
let S: TestUser;
let K: TestUser;
let H: TestUser;
let O: TestUser;
let X: TestUser;
let P = '';
let C = '';
let Z = '';
const names = new Map<string, string>();

async function withProfile(role: 'employee' | 'admin', firstName: string): Promise<TestUser> {
  const u = await signUpUser(role);
  const lastName = `Crm${tag()}`;
  const res = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName, version: 0 },
  });
  expect(res.status).toBe(200);
  names.set(u.sub, `${firstName} ${lastName}`);
  return u;
}
async function dept(name: string, parentId?: string) {
  const res = await api('/departments', {
    method: 'POST',
    token: A.token,
    body: { name, ...(parentId ? { parentId } : {}) },
  });
  expect(res.status).toBe(201);
  return res.json as { departmentId: string; version: number };
}
const member = async (d: string, u: TestUser) =>
  expect((await api(`/departments/${d}/members/${u.sub}`, { method: 'PUT', token: A.token })).status).toBe(200);

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
const fieldsOf = (res: { json?: unknown }) =>
  ((res.json as { error?: { fields?: { path: string }[] } } | undefined)?.error?.fields ?? []).map((f) => f.path);
const uniq = () => `${tag()}${Date.now().toString(36)}`;
/** A Romanian mobile number nobody else in the table uses (the last 6 digits vary). */
const mobile = () =>
  `07${String(20 + Math.floor(Math.random() * 60))}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

async function createLead(token: string, body: Record<string, unknown>) {
  return api<CreatedView<LeadView>>('/crm/leads', { method: 'POST', token, body });
}

/** Settings PATCH that survives other files' concurrent edits (re-reads the version on 409). */
async function patchSettings(patch: Record<string, unknown>) {
  for (let i = 0; i < 5; i++) {
    const cur = await api('/crm/settings', { token: A.token });
    const res = await api('/crm/settings', {
      method: 'PATCH',
      token: A.token,
      body: { ...patch, version: cur.json.version },
    });
    if (res.status !== 409) return res;
  }
  throw new Error('settings stayed busy');
}

beforeAll(async () => {
  Object.assign(process.env, itStack().env);
  resetClients();
  [A, S, K, H, O] = await Promise.all([
    withProfile('admin', 'Ana'),
    withProfile('employee', 'Sorina'),
    withProfile('employee', 'Costel'),
    withProfile('employee', 'Horia'),
    withProfile('employee', 'Otilia'),
  ]);
  X = await signUpUser('extranet');
  const p = await dept(`Vânzări ${tag()}`);
  P = p.departmentId;
  C = (await dept(`Vânzări Nord ${tag()}`, P)).departmentId;
  Z = (await dept(`Achiziții ${tag()}`)).departmentId;
  await Promise.all([member(C, S), member(C, K), member(Z, O)]);
  expect(
    (
      await api(`/departments/${P}/head`, {
        method: 'PUT',
        token: A.token,
        body: { userId: H.sub, version: p.version },
      })
    ).status,
  ).toBe(200);
  // K reads e-mails in Romanian (the preference is mirrored onto the profile by a stream consumer).
  expect(
    (
      await api('/me/preferences', {
        method: 'PATCH',
        token: K.token,
        body: { language: 'ro', timeZone: 'Europe/Bucharest', version: 0 },
      })
    ).status,
  ).toBe(200);
  await itStack().streamsIdle();
});

describe('every route × personas', () => {
  it('anonymous 401 and extranet 403 on every route; employees 403 on admin routes', async () => {
    const any = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
    for (const r of Object.values(crmFeature.http)) {
      const path = r.path.replace(/\{\w+\}/g, any);
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      const label = `${r.method} ${r.path}`;
      expect({ label, status: (await api(path, { method: r.method, body })).status }).toEqual({ label, status: 401 });
      expect({ label, status: (await api(path, { method: r.method, body, token: X.token })).status }).toEqual({
        label,
        status: 403,
      });
      if (r.access === 'admin')
        expect({ label, status: (await api(path, { method: r.method, body, token: S.token })).status }).toEqual({
          label,
          status: 403,
        });
    }
  });
});

describe('visibility and scopes', () => {
  let lead: LeadView;
  beforeAll(async () => {
    const res = await createLead(S.token, {
      name: 'Ștefan Popescu',
      companyName: `SC Alfa ${uniq()} SRL`,
      emails: [`stefan.${uniq()}@alfa.ro`],
      phones: [mobile()],
      source: 'call',
    });
    expect(res.status).toBe(201);
    lead = res.json.record;
  });

  it('the responsible, a same-department colleague, the head of the parent department and admins see a lead; another department gets 404', async () => {
    expect(lead).toMatchObject({
      type: 'lead',
      status: 'new',
      responsibleId: S.sub,
      deptId: C,
      responsibleName: names.get(S.sub),
      version: 1,
    });
    for (const [who, u, status] of [
      ['S', S, 200],
      ['K', K, 200],
      ['H', H, 200],
      ['A', A, 200],
      ['O', O, 404],
    ] as const) {
      expect({ who, status: (await api(`/crm/leads/${lead.id}`, { token: u.token })).status }).toEqual({ who, status });
    }
    // The id of a lead is no contact / deal: 404, not the lead.
    expect((await api(`/crm/contacts/${lead.id}`, { token: S.token })).status).toBe(404);
  });

  it('list scopes: mine, dept:{id} (members and heads), user:{id}, all (admins); the rest 403 naming query.scope', async () => {
    const ids = async (u: TestUser, scope: string) => {
      const res = await api<{ items: RecordSummary[] }>(`/crm/leads?scope=${encodeURIComponent(scope)}&limit=100`, {
        token: u.token,
      });
      return {
        status: res.status,
        has: res.status === 200 ? res.json.items.some((i) => i.id === lead.id) : null,
        fields: fieldsOf(res),
      };
    };
    expect(await ids(S, 'mine')).toMatchObject({ status: 200, has: true });
    expect(await ids(K, 'mine')).toMatchObject({ status: 200, has: false });
    expect(await ids(K, `dept:${C}`)).toMatchObject({ status: 200, has: true });
    expect(await ids(H, `dept:${C}`)).toMatchObject({ status: 200, has: true });
    expect(await ids(H, `dept:${P}`)).toMatchObject({ status: 200, has: false });
    expect(await ids(K, `user:${S.sub}`)).toMatchObject({ status: 200, has: true });
    expect(await ids(A, 'all')).toMatchObject({ status: 200 });
    expect(await ids(O, `dept:${C}`)).toEqual({ status: 403, has: null, fields: ['query.scope'] });
    expect(await ids(O, `user:${S.sub}`)).toEqual({ status: 403, has: null, fields: ['query.scope'] });
    expect(await ids(S, 'all')).toEqual({ status: 403, has: null, fields: ['query.scope'] });
    expect(await ids(K, `dept:${P}`)).toEqual({ status: 403, has: null, fields: ['query.scope'] });
    // the scope picker's data: which departments each may list
    const viewer = async (u: TestUser) =>
      (await api('/crm/settings', { token: u.token })).json.viewer as {
        visibleDepartmentIds: string[];
        departmentIds: string[];
        isAdmin: boolean;
      };
    expect(await viewer(K)).toMatchObject({ departmentIds: [C], visibleDepartmentIds: [C], isAdmin: false });
    expect((await viewer(H)).visibleDepartmentIds.sort()).toEqual([C, P].sort());
    expect((await viewer(O)).visibleDepartmentIds).toEqual([Z]);
    // by status and by name prefix (diacritics ignored)
    const byStatus = await api<{ items: RecordSummary[] }>('/crm/leads?status=new&limit=100', { token: S.token });
    expect(byStatus.json.items.map((i) => i.id)).toContain(lead.id);
    const byName = await api<{ items: RecordSummary[] }>('/crm/leads?q=stefan%20pop', { token: S.token });
    expect(byName.json.items.map((i) => i.id)).toContain(lead.id);
  });

  it('with departmentVisibility off a colleague no longer sees it (the head still does)', async () => {
    expect((await patchSettings({ departmentVisibility: false })).status).toBe(200);
    try {
      expect((await api(`/crm/leads/${lead.id}`, { token: K.token })).status).toBe(404);
      expect((await api(`/crm/leads?scope=dept:${C}`, { token: K.token })).status).toBe(403);
      expect((await api(`/crm/leads/${lead.id}`, { token: H.token })).status).toBe(200);
    } finally {
      expect((await patchSettings({ departmentVisibility: true })).status).toBe(200);
    }
    expect((await api(`/crm/leads/${lead.id}`, { token: K.token })).status).toBe(200);
  });

  it('delete: the responsible or an admin only (stale version → 409)', async () => {
    const l = (await createLead(S.token, { name: `Temp ${uniq()}` })).json.record;
    expect((await api(`/crm/leads/${l.id}?version=1`, { method: 'DELETE', token: K.token })).status).toBe(403);
    expect((await api(`/crm/leads/${l.id}?version=7`, { method: 'DELETE', token: S.token })).status).toBe(409);
    expect((await api(`/crm/leads/${l.id}?version=1`, { method: 'DELETE', token: S.token })).status).toBe(204);
    expect(await get(`CRM#${l.id}`, 'REC')).toBeUndefined();
    expect((await partition(`CRM#${l.id}`)).filter((r) => String(r.SK).startsWith('IX#'))).toEqual([]);
  });
});

describe('bad input → 4xx naming the field, nothing written', () => {
  it('invalid e-mail / phone, junk without reason, both responsible and queue', async () => {
    const email = `nobody.${uniq()}@beta.ro`;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'X', emails: [email], phones: ['0722 12'] }, 400, 'phones.0'],
      [{ name: 'X', emails: [email, 'not-an-email'] }, 400, 'emails.1'],
      [{ name: '', emails: [email] }, 400, 'name'],
      [{ name: 'X', emails: [email], responsibleId: X.sub }, 422, 'responsibleId'],
      [
        { name: 'X', emails: [email], responsibleId: S.sub, assignFromQueue: '01HZZZZZZZZZZZZZZZZZZZZZZZ' },
        400,
        'assignFromQueue',
      ],
      [{ name: 'X', emails: [email], assignFromQueue: '01HZZZZZZZZZZZZZZZZZZZZZZZ' }, 422, 'assignFromQueue'],
    ];
    for (const [body, status, field] of cases) {
      const res = await createLead(S.token, body);
      expect({ field, status: res.status, fields: fieldsOf(res) }).toEqual({
        field,
        status,
        fields: expect.arrayContaining([field]),
      });
    }
    expect(await partition(dupPk('E', email))).toEqual([]);
  });

  it('deals: unknown currency 400, disabled currency 422, negative quantity 400, product in another currency 422, a stage of another pipeline 422; stale version 409 with current', async () => {
    const title = `Deal ${uniq()}`;
    const unknown = await api('/crm/deals', { method: 'POST', token: S.token, body: { title, currency: 'XYZ' } });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown)).toContain('currency');
    const disabled = await api('/crm/deals', { method: 'POST', token: S.token, body: { title, currency: 'JPY' } });
    expect(disabled.status).toBe(422);
    expect(fieldsOf(disabled)).toContain('currency');
    const mine = await api<{ items: RecordSummary[] }>('/crm/deals?limit=100', { token: S.token });
    expect(mine.json.items.some((d) => d.name === title)).toBe(false);

    const deal = (
      await api<CreatedView<DealView>>('/crm/deals', {
        method: 'POST',
        token: S.token,
        body: { title, currency: 'RON', amountMinor: 10000 },
      })
    ).json.record;
    expect(deal).toMatchObject({ pipelineId: 'default', stageId: 'new', amountMinor: 10000, version: 1 });
    const neg = await api(`/crm/deals/${deal.id}/products`, {
      method: 'PUT',
      token: S.token,
      body: {
        version: 1,
        lines: [{ name: 'Ore', unit: 'HUR', quantityMilli: -1000, unitPriceMinor: 100, taxRateBp: 2100 }],
      },
    });
    expect(neg.status).toBe(400);
    expect(fieldsOf(neg)).toContain('lines.0.quantityMilli');
    const eur = await api<ProductView>('/crm/products', {
      method: 'POST',
      token: A.token,
      body: { name: `Licență ${uniq()}`, unit: 'C62', priceMinor: 5000, currency: 'EUR', taxRateBp: 2100 },
    });
    expect(eur.status).toBe(201);
    const fx = await api(`/crm/deals/${deal.id}/products`, {
      method: 'PUT',
      token: S.token,
      body: {
        version: 1,
        lines: [
          {
            productId: eur.json.productId,
            name: 'Licență',
            unit: 'C62',
            quantityMilli: 1000,
            unitPriceMinor: 5000,
            taxRateBp: 2100,
          },
        ],
      },
    });
    expect(fx.status).toBe(422);
    expect(fieldsOf(fx)).toContain('lines.0.productId');

    const other = await api<PipelineView>('/crm/pipelines', {
      method: 'POST',
      token: A.token,
      body: {
        name: `Proiecte ${uniq()}`,
        stages: [
          { name: 'Nou', kind: 'open' },
          { name: 'Câștigat', kind: 'won' },
          { name: 'Pierdut', kind: 'lost' },
        ],
      },
    });
    expect(other.status).toBe(201);
    const wrongStage = await api(`/crm/deals/${deal.id}/stage`, {
      method: 'POST',
      token: S.token,
      body: { version: 1, stageId: other.json.stages[1]!.stageId },
    });
    expect(wrongStage.status).toBe(422);
    expect(fieldsOf(wrongStage)).toContain('stageId');

    const after = (await api<DealView>(`/crm/deals/${deal.id}`, { token: S.token })).json;
    expect(after).toMatchObject({ version: 1, stageId: 'new', amountMinor: 10000, lines: [] });

    const ok = await api<DealView>(`/crm/deals/${deal.id}`, {
      method: 'PATCH',
      token: S.token,
      body: { version: 1, title: `${title} (2)` },
    });
    expect(ok.status).toBe(200);
    const stale = await api(`/crm/deals/${deal.id}`, {
      method: 'PATCH',
      token: K.token,
      body: { version: 1, title: 'Stale' },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current).toMatchObject({ id: deal.id, version: 2, title: `${title} (2)` });
  });
});

describe('lead → contact + company + deal → products → won', () => {
  const phone = mobile();
  const company = `SC Gama ${uniq()} SRL`;
  let lead: LeadView;
  let result: ConvertResult;

  it('a second lead with the same phone in another format lists the first as a duplicate (visible or only its holder)', async () => {
    lead = (
      await createLead(S.token, {
        name: 'Ioana Ionescu',
        companyName: company,
        emails: [`ioana.${uniq()}@gama.ro`],
        phones: [phone],
        comments: 'Vrea ofertă',
      })
    ).json.record;
    const intl = `+40 ${phone.slice(1, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
    const again = await createLead(K.token, { name: 'Ioana I.', phones: [intl] });
    expect(again.status).toBe(201);
    expect(again.json.duplicates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'lead', id: lead.id, visible: true, matchedOn: ['phone'] }),
      ]),
    );
    const stranger = await createLead(O.token, { name: 'Ioana', phones: [phone] });
    const hidden = stranger.json.duplicates.find((d) => d.responsibleId === S.sub);
    expect(hidden).toEqual({
      type: 'lead',
      responsibleId: S.sub,
      responsibleName: names.get(S.sub),
      matchedOn: ['phone'],
      visible: false,
    });
    const lookup = await api<{ items: { id?: string }[] }>(`/crm/duplicates?phone=${encodeURIComponent(intl)}`, {
      token: S.token,
    });
    expect(lookup.json.items.map((i) => i.id)).toEqual(expect.arrayContaining([lead.id, again.json.record.id]));
    expect((await api('/crm/duplicates?phone=12', { token: S.token })).status).toBe(400);
    // not a duplicate: the pair disappears from the record's duplicates
    const before = await api<{ items: { id?: string }[] }>(`/crm/records/${lead.id}/duplicates`, { token: S.token });
    expect(before.json.items.map((i) => i.id)).toContain(again.json.record.id);
    expect(
      (
        await api(`/crm/records/${lead.id}/not-duplicate`, {
          method: 'POST',
          token: S.token,
          body: { otherId: again.json.record.id },
        })
      ).status,
    ).toBe(204);
    const afterNd = await api<{ items: { id?: string }[] }>(`/crm/records/${lead.id}/duplicates`, { token: S.token });
    expect(afterNd.json.items.map((i) => i.id)).not.toContain(again.json.record.id);
  });

  it('a junk lead cannot be converted (422 status); the lead converts to contact + company + deal in one go', async () => {
    const junk = (await createLead(S.token, { name: `Spam ${uniq()}` })).json.record;
    const noReason = await api(`/crm/leads/${junk.id}/status`, {
      method: 'POST',
      token: S.token,
      body: { version: 1, status: 'junk' },
    });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason)).toContain('junkReason');
    expect(
      (
        await api(`/crm/leads/${junk.id}/status`, {
          method: 'POST',
          token: S.token,
          body: { version: 1, status: 'junk', junkReason: 'spam' },
        })
      ).status,
    ).toBe(200);
    const bad = await api(`/crm/leads/${junk.id}/convert`, {
      method: 'POST',
      token: S.token,
      body: { version: 2, contact: { new: {} } },
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toContain('status');
    expect((await partition(`CRM#${junk.id}`)).filter((r) => String(r.SK).startsWith('LINK#'))).toEqual([]);

    const res = await api<ConvertResult>(`/crm/leads/${lead.id}/convert`, {
      method: 'POST',
      token: S.token,
      body: { version: 1, contact: { new: {} }, company: { new: {} }, deal: { amountMinor: 0 } },
    });
    expect(res.status).toBe(200);
    result = res.json;
    expect(result.lead).toMatchObject({
      status: 'converted',
      convertedTo: { contactId: result.contactId, companyId: result.companyId, dealId: result.dealId },
    });
    const contact = (await api<ContactView>(`/crm/contacts/${result.contactId}`, { token: S.token })).json;
    expect(contact).toMatchObject({
      firstName: 'Ioana',
      lastName: 'Ionescu',
      primaryCompanyId: result.companyId,
      primaryCompanyName: company,
      comments: 'Vrea ofertă',
      responsibleId: S.sub,
    });
    expect(contact.phones[0]!.e164).toBe(`+4${phone}`);
    const deal = (await api<DealView>(`/crm/deals/${result.dealId}`, { token: S.token })).json;
    expect(deal).toMatchObject({
      title: expect.stringContaining(company),
      stageId: 'new',
      currency: 'RON',
      contactId: result.contactId,
      companyId: result.companyId,
    });
    const links = await api<{ items: { type: string; id: string }[] }>(`/crm/records/${result.dealId}/links`, {
      token: S.token,
    });
    expect(links.json.items.map((l) => l.type).sort()).toEqual(['company', 'contact', 'lead']);
    const companyContacts = await api<{ items: { id: string }[] }>(
      `/crm/records/${result.companyId}/links?type=contact`,
      { token: S.token },
    );
    expect(companyContacts.json.items.map((l) => l.id)).toEqual([result.contactId]);
    const timeline = await api<{ items: { kind: string }[] }>(`/crm/records/${lead.id}/activities`, { token: S.token });
    expect(timeline.json.items.map((a) => a.kind)).toEqual(['converted', 'created']);
    const again = await api(`/crm/leads/${lead.id}/convert`, {
      method: 'POST',
      token: S.token,
      body: { version: 2, deal: {} },
    });
    expect(again.status).toBe(422);
  });

  it('products: the amount is the lines’ net total computed server-side (half-up); the board totals and the won report follow the stage', async () => {
    const product = (
      await api<ProductView>('/crm/products', {
        method: 'POST',
        token: A.token,
        body: { name: `Consultanță ${uniq()}`, unit: 'HUR', priceMinor: 15050, currency: 'RON', taxRateBp: 2100 },
      })
    ).json;
    const put = await api<DealView>(`/crm/deals/${result.dealId}/products`, {
      method: 'PUT',
      token: S.token,
      body: {
        version: 1,
        lines: [
          {
            productId: product.productId,
            name: product.name,
            unit: 'HUR',
            quantityMilli: 1500,
            unitPriceMinor: 15050,
            taxRateBp: 2100,
          },
          {
            name: 'Instalare',
            unit: 'C62',
            quantityMilli: 1000,
            unitPriceMinor: 10000,
            discount: { percentBp: 1050 },
            taxRateBp: 2100,
          },
        ],
      },
    });
    expect(put.status).toBe(200);
    // 1.5 × 150.50 = 225.75; 100.00 − 10.5 % = 89.50 → 315.25 RON
    expect(put.json.lines.map((l) => l.netMinor)).toEqual([22575, 8950]);
    expect(put.json).toMatchObject({ amountMinor: 31525, version: 2 });

    const board = async () =>
      (await api<BoardView>(`/crm/deals/board?scope=${encodeURIComponent(`user:${S.sub}`)}`, { token: H.token })).json;
    const b1 = await board();
    expect(b1.stages.map((s) => s.stageId)).toEqual([
      'new',
      'preparing',
      'offer',
      'in_progress',
      'final_invoice',
      'won',
      'lost',
    ]);
    const col = (b: BoardView, id: string) => b.stages.find((s) => s.stageId === id)!;
    expect(col(b1, 'new').items.map((i) => i.id)).toContain(result.dealId);
    const newBefore = col(b1, 'new').totals;
    const wonBefore = col(b1, 'won').totals;

    const stale = await api(`/crm/deals/${result.dealId}/stage`, {
      method: 'POST',
      token: S.token,
      body: { version: 1, stageId: 'offer' },
    });
    expect(stale.status).toBe(409);
    const moved = await api<DealView>(`/crm/deals/${result.dealId}/stage`, {
      method: 'POST',
      token: S.token,
      body: { version: 2, stageId: 'won' },
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ stageId: 'won', stageKind: 'won', wonAmountMinor: 31525, maxReachedOrder: 5 });
    const b2 = await board();
    expect(col(b2, 'won').items.map((i) => i.id)).toContain(result.dealId);
    expect(col(b2, 'new').items.map((i) => i.id)).not.toContain(result.dealId);
    expect(col(b2, 'new').totals.n).toBe(newBefore.n - 1);
    expect(col(b2, 'won').totals.n).toBe(wonBefore.n + 1);
    expect(col(b2, 'won').totals.amounts.RON).toBe((wonBefore.amounts.RON ?? 0) + 31525);
    // the contact's and the company's deal links show the deal as it is now (amount and stage), not as converted
    for (const on of [result.contactId, result.companyId]) {
      const dealLinks = (
        await api<{ items: { id: string; amountMinor?: number; stageId?: string; linkedAt?: string }[] }>(
          `/crm/records/${on}/links?type=deal`,
          { token: S.token },
        )
      ).json.items;
      expect(dealLinks.find((l) => l.id === result.dealId)).toMatchObject({ amountMinor: 31525, stageId: 'won' });
    }
    // ALL-scope counter and the WON report row of this month for S in department C
    const wonAt = moved.json.wonAt!;
    const row = await get(wonPk(wonAt.slice(0, 4)), wonSk(wonAt.slice(5, 7), 'RON', C, S.sub));
    expect(row).toMatchObject({ n: 1, amount: 31525 });
    expect((await get(counterPk('A', 'deal', 'default'), 'won'))?.n).toBeGreaterThanOrEqual(1);
    // the funnel counted every open stage up to won once (cohort = the deal's creation month)
    const reach = await partition(`CRMREP#REACH#default#${moved.json.createdMonth.slice(0, 4)}`);
    const mineReach = reach
      .filter((r) => r.userId === S.sub && r.deptId === C && r.month === moved.json.createdMonth)
      .map((r) => r.stageId);
    expect(mineReach).toEqual(
      expect.arrayContaining(['new', 'preparing', 'offer', 'in_progress', 'final_invoice', 'won']),
    );
    // leaving won takes the amount off the report
    const back = await api<DealView>(`/crm/deals/${result.dealId}/stage`, {
      method: 'POST',
      token: S.token,
      body: { version: 3, stageId: 'in_progress' },
    });
    expect(back.status).toBe(200);
    expect(await get(wonPk(wonAt.slice(0, 4)), wonSk(wonAt.slice(5, 7), 'RON', C, S.sub))).toMatchObject({
      n: 0,
      amount: 0,
    });
    const timeline = await api<{ items: { kind: string; meta: Record<string, string> }[] }>(
      `/crm/records/${result.dealId}/activities`,
      { token: S.token },
    );
    expect(timeline.json.items.filter((a) => a.kind === 'stage').map((a) => a.meta.toStage)).toEqual([
      'in_progress',
      'won',
    ]);
  });

  it('a stage that holds deals cannot be removed (409 STAGE_NOT_EMPTY); stale pipeline version → 409', async () => {
    const pipes = (await api<{ items: PipelineView[] }>('/crm/pipelines', { token: S.token })).json.items;
    const def = pipes.find((p) => p.pipelineId === 'default')!;
    const without = def.stages
      .filter((s) => s.stageId !== 'in_progress')
      .map(({ stageId, name, kind }) => ({ stageId, name, kind }));
    const res = await api(`/crm/pipelines/default`, {
      method: 'PATCH',
      token: A.token,
      body: { version: def.version, stages: without },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('STAGE_NOT_EMPTY');
    const stale = await api(`/crm/pipelines/default`, {
      method: 'PATCH',
      token: A.token,
      body: { version: def.version + 5, name: 'X' },
    });
    expect(stale.status).toBe(409);
  });

  it('a stage without deals (no counter row yet) can be removed: the pipeline is replaced on its version', async () => {
    const created = await api<PipelineView>('/crm/pipelines', {
      method: 'POST',
      token: A.token,
      body: {
        name: 'Rentals',
        stages: [
          { name: 'Open', kind: 'open' },
          { name: 'Spare', kind: 'open' },
          { name: 'Won', kind: 'won' },
          { name: 'Lost', kind: 'lost' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const kept = created.json.stages
      .filter((s) => s.name !== 'Spare')
      .map(({ stageId, name, kind }) => ({ stageId, name, kind }));
    const res = await api<PipelineView>(`/crm/pipelines/${created.json.pipelineId}`, {
      method: 'PATCH',
      token: A.token,
      body: { version: created.json.version, stages: kept },
    });
    expect(res.status).toBe(200);
    expect(res.json.stages.map((s) => s.name)).toEqual(['Open', 'Won', 'Lost']);
    expect(res.json.version).toBe(created.json.version + 1);
  });
});

describe('activities, assignment, merge', () => {
  it('activities: add a todo, tick it (versioned); system activities are not editable', async () => {
    const c = (
      await api<CreatedView<ContactView>>('/crm/contacts', {
        method: 'POST',
        token: S.token,
        body: { firstName: 'Radu', lastName: `Matei${uniq()}`, tags: ['vip'] },
      })
    ).json.record;
    const todo = await api(`/crm/records/${c.id}/activities`, {
      method: 'POST',
      token: S.token,
      body: { kind: 'todo', text: 'Sună clientul', dueAt: '2030-01-01T09:00:00+02:00' },
    });
    expect(todo.status).toBe(201);
    expect(todo.json).toMatchObject({ kind: 'todo', done: false, version: 1, dueAt: '2030-01-01T07:00:00.000Z' });
    const done = await api(`/crm/records/${c.id}/activities/${todo.json.activityId}`, {
      method: 'PATCH',
      token: K.token,
      body: { version: 1, done: true },
    });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ done: true, version: 2 });
    expect(
      (
        await api(`/crm/records/${c.id}/activities/${todo.json.activityId}`, {
          method: 'PATCH',
          token: K.token,
          body: { version: 1, done: false },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await api(`/crm/records/${c.id}/activities/${todo.json.activityId}`, {
          method: 'PATCH',
          token: K.token,
          body: { version: 2, text: 'Nu e al meu' },
        })
      ).status,
    ).toBe(403);
    const list = await api<{ items: { kind: string; activityId: string }[] }>(`/crm/records/${c.id}/activities`, {
      token: S.token,
    });
    const created = list.json.items.find((a) => a.kind === 'created')!;
    expect(
      (
        await api(`/crm/records/${c.id}/activities/${created.activityId}`, {
          method: 'PATCH',
          token: S.token,
          body: { version: 1, text: 'x' },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api(`/crm/records/${c.id}/activities`, {
          method: 'POST',
          token: O.token,
          body: { kind: 'comment', text: 'hi' },
        })
      ).status,
    ).toBe(404);
  });

  it('assigning a lead to K → K’s bell and an e-mail in Romanian with the link', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const l = (await createLead(S.token, { name: `Client ${uniq()}`, source: 'email' })).json.record;
    const res = await api<LeadView>(`/crm/records/${l.id}/assign`, {
      method: 'POST',
      token: S.token,
      body: { version: 1, responsibleId: K.sub },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ responsibleId: K.sub, responsibleName: names.get(K.sub), deptId: C, version: 2 });
    const me = await api('/people/me/profile', { token: K.token });
    const mail = await waitForMail(me.json.email, since, {
      match: (m) => m.subject.includes(l.name),
      timeoutMs: 15_000,
    });
    expect(mail.subject).toBe(`Un lead nou pentru tine: ${l.name}`);
    expect(mail.body.text).toContain(`/crm/leads/${l.id}`);
    expect(mail.body.text).toContain(names.get(S.sub)!);
    await itStack().streamsIdle();
    const bell = await api<{ items: { kind: string; link: string; params: Record<string, string> }[] }>(
      '/notifications',
      { token: K.token },
    );
    expect(bell.json.items.find((n) => n.link === `/crm/leads/${l.id}`)).toMatchObject({
      kind: 'crm.lead.assigned',
      params: { leadName: l.name, source: 'email', actorName: names.get(S.sub) },
    });
    // assigning to an extranet person → 422 responsibleId
    const bad = await api(`/crm/records/${l.id}/assign`, {
      method: 'POST',
      token: K.token,
      body: { version: 2, responsibleId: X.sub },
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toContain('responsibleId');
  });

  it('merge: the survivor unites e-mails and phones and takes the chosen fields; the other answers 404 with mergedInto; its timeline moves', async () => {
    const e1 = `radu.${uniq()}@delta.ro`;
    const e2 = `r.${uniq()}@delta.ro`;
    const a = (
      await api<CreatedView<ContactView>>('/crm/contacts', {
        method: 'POST',
        token: S.token,
        body: { firstName: 'Radu', lastName: 'Vasile', emails: [e1], position: 'CEO' },
      })
    ).json.record;
    const b = (
      await api<CreatedView<ContactView>>('/crm/contacts', {
        method: 'POST',
        token: S.token,
        body: { firstName: 'Radu', lastName: 'Vasilescu', emails: [e2, e1], phones: [mobile()] },
      })
    ).json;
    expect(b.duplicates.map((d) => d.id)).toContain(a.id);
    await api(`/crm/records/${b.record.id}/activities`, {
      method: 'POST',
      token: S.token,
      body: { kind: 'call', text: 'Apel', durationMin: 5 },
    });
    const wrong = await api(`/crm/records/${a.id}/merge`, {
      method: 'POST',
      token: S.token,
      body: { otherId: b.record.id, version: 1, otherVersion: 9 },
    });
    expect(wrong.status).toBe(409);
    const res = await api<ContactView>(`/crm/records/${a.id}/merge`, {
      method: 'POST',
      token: S.token,
      body: { otherId: b.record.id, version: 1, otherVersion: 1, pick: { lastName: 'other' } },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ lastName: 'Vasilescu', position: 'CEO', version: 2 });
    expect(res.json.emails.map((e) => e.norm)).toEqual([e1, e2]);
    expect(res.json.phones).toHaveLength(1);
    const gone = await api(`/crm/contacts/${b.record.id}`, { token: S.token });
    expect(gone.status).toBe(404);
    expect(gone.json.error.mergedInto).toBe(a.id);
    const timeline = await api<{ items: { kind: string }[] }>(`/crm/records/${a.id}/activities`, { token: S.token });
    expect(timeline.json.items.map((x) => x.kind)).toEqual(expect.arrayContaining(['merged', 'call', 'created']));
    expect((await partition(dupPk('E', e2))).map((r) => r.id)).toEqual([a.id]);

    // records of two people, the survivor taking the other's responsible: one transaction, counters moved once
    const c1 = (
      await api<CreatedView<ContactView>>('/crm/contacts', {
        method: 'POST',
        token: S.token,
        body: { lastName: `Enache${uniq()}` },
      })
    ).json.record;
    const c2 = (
      await api<CreatedView<ContactView>>('/crm/contacts', {
        method: 'POST',
        token: K.token,
        body: { lastName: `Enache${uniq()}` },
      })
    ).json.record;
    const kBefore = (await get(counterPk(`U#${K.sub}`, 'contact', '_'), '_'))?.n as number;
    const sBefore = (await get(counterPk(`U#${S.sub}`, 'contact', '_'), '_'))?.n as number;
    const m2 = await api<ContactView>(`/crm/records/${c1.id}/merge`, {
      method: 'POST',
      token: S.token,
      body: { otherId: c2.id, version: 1, otherVersion: 1, pick: { responsibleId: 'other', lastName: 'other' } },
    });
    expect(m2.status).toBe(200);
    expect(m2.json).toMatchObject({ responsibleId: K.sub, lastName: c2.lastName });
    expect((await get(counterPk(`U#${K.sub}`, 'contact', '_'), '_'))?.n).toBe(kBefore);
    expect((await get(counterPk(`U#${S.sub}`, 'contact', '_'), '_'))?.n).toBe(sBefore - 1);
  });
});
