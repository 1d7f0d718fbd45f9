/**
 * CRM intake through the local gateway against the emulators: sales queues, web forms and the public form
 * (config + ticket, submit → a lead assigned round-robin over three members with a deactivated one skipped, the
 * assignee's bell and e-mail, honeypot, consent, ticket age, 429 after the limit, wrong key 404), the reports
 * (funnel, won — from deals moved with the CRM's own transition rows), and every route × personas (admin,
 * employee, extranet 403, anonymous 401). Bad input → 4xx naming the field and nothing written.
 *
 * The stack is shared with other integration files: nothing here assumes an empty table.
 */
import { transaction } from '../../shared/data/transaction';
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { crmIntakeFeature } from '../../functions/crm-intake/routes';
import type {
  FormCreated,
  FunnelReport,
  PublicFormConfig,
  QueueView,
  WonReport,
} from '../../shared/crm/intake-contract';
import { dupPk } from '../../shared/crm/keys';
import { dealTransition, reachItems } from '../../shared/crm/deal-transition';
import { readPipeline } from '../../shared/crm/pipeline-entity';
import { recordWriteItems, CRM_COMMIT, type DealRecord } from '../../shared/crm/records';
import { resetClients } from '../../shared/data/clients';
import { db, type Raw } from '../../shared/data/document';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';
import { mailsTo, waitForMail } from '../support/mail-store';

jest.setTimeout(180_000);

const tag = () => randomUUID().slice(0, 6);
let A: TestUser; // admin (queue fallback)
let S1: TestUser;
let S2: TestUser; // deactivated: skipped by the round-robin
let S3: TestUser;
let H: TestUser; // heads D
let X: TestUser; // extranet
let D = '';
let queue: QueueView;
let form: FormCreated;
const names = new Map<string, string>();

async function withProfile(role: 'employee' | 'admin' | 'extranet', firstName: string): Promise<TestUser> {
  const u = await signUpUser(role);
  const lastName = `Intake${tag()}`;
  const res = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName, version: 0 },
  });
  expect(res.status).toBe(200);
  names.set(u.sub, `${firstName} ${lastName}`);
  return u;
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
/** The leads made for this e-mail address (through its duplicate rows). */
async function leadsByEmail(email: string): Promise<Raw[]> {
  const dups = (await partition(dupPk('E', email.toLowerCase()))).filter((r) => r.type === 'lead');
  return Promise.all(dups.map(async (d) => (await get(`CRM#${d.id as string}`, 'REC'))!));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fieldsOf = (res: { json?: { error?: { fields?: { path: string }[] } } }) =>
  (res.json?.error?.fields ?? []).map((f) => f.path);

beforeAll(async () => {
  Object.assign(process.env, itStack().env);
  resetClients();
  [A, S1, S2, S3, H] = await Promise.all([
    withProfile('admin', 'Ana'),
    withProfile('employee', 'Sorin'),
    withProfile('employee', 'Bogdan'),
    withProfile('employee', 'Carmen'),
    withProfile('employee', 'Horia'),
  ]);
  X = await signUpUser('extranet');
  const dep = await api('/departments', { method: 'POST', token: A.token, body: { name: `Vânzări ${tag()}` } });
  expect(dep.status).toBe(201);
  D = dep.json.departmentId;
  expect((await api(`/departments/${D}/members/${S1.sub}`, { method: 'PUT', token: A.token })).status).toBe(200);
  expect(
    (
      await api(`/departments/${D}/head`, {
        method: 'PUT',
        token: A.token,
        body: { userId: H.sub, version: dep.json.version },
      })
    ).status,
  ).toBe(200);
});

describe('every route × personas', () => {
  it('anonymous 401 and extranet 403 on every non-public route; employees 403 on admin routes', async () => {
    const any = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
    for (const r of Object.values(crmIntakeFeature.http)) {
      if (r.access === 'public') continue;
      const path = r.path.replace(/\{\w+\}/g, any);
      const body = r.method === 'GET' ? undefined : {};
      const label = `${r.method} ${r.path}`;
      expect({ label, status: (await api(path, { method: r.method, body })).status }).toEqual({ label, status: 401 });
      expect({ label, status: (await api(path, { method: r.method, body, token: X.token })).status }).toEqual({
        label,
        status: 403,
      });
      if (r.access === 'admin')
        expect({ label, status: (await api(path, { method: r.method, body, token: S1.token })).status }).toEqual({
          label,
          status: 403,
        });
    }
  });
});

describe('sales queues', () => {
  it('admins create a queue; people must be active employees and the fallback an admin (422 naming them, nothing written)', async () => {
    const bad = await api('/crm/queues', {
      method: 'POST',
      token: A.token,
      body: { name: 'Bad', memberIds: [S1.sub, X.sub], skipOffline: false, fallbackUserId: S3.sub },
    });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['memberIds.1', 'fallbackUserId']));
    const malformed = await api('/crm/queues', {
      method: 'POST',
      token: A.token,
      body: { name: 'Bad', memberIds: [S1.sub, S1.sub], skipOffline: false, fallbackUserId: A.sub },
    });
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed)).toContain('memberIds');
    const list = await api<{ items: QueueView[] }>('/crm/queues?limit=100', { token: S1.token });
    expect(list.json.items.some((q) => q.name === 'Bad')).toBe(false);

    const res = await api<QueueView>('/crm/queues', {
      method: 'POST',
      token: A.token,
      body: {
        name: `Vânzări web ${tag()}`,
        memberIds: [S1.sub, S2.sub, S3.sub],
        skipOffline: false,
        fallbackUserId: A.sub,
      },
    });
    expect(res.status).toBe(201);
    queue = res.json;
    expect(queue.members.map((m) => m.name)).toEqual([names.get(S1.sub), names.get(S2.sub), names.get(S3.sub)]);
    expect(queue.pointer).toBe('');
  });

  it('employees list queues; edits are versioned (stale → 409 with current)', async () => {
    const list = await api<{ items: QueueView[] }>('/crm/queues?limit=100', { token: S1.token });
    expect(list.status).toBe(200);
    expect(list.json.items.map((q) => q.queueId)).toContain(queue.queueId);
    const ok = await api<QueueView>(`/crm/queues/${queue.queueId}`, {
      method: 'PATCH',
      token: A.token,
      body: { version: queue.version, name: `${queue.name} (web)` },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.version).toBe(queue.version + 1);
    const stale = await api(`/crm/queues/${queue.queueId}`, {
      method: 'PATCH',
      token: A.token,
      body: { version: queue.version, skipOffline: true },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current.version).toBe(queue.version + 1);
    queue = ok.json;
    expect(
      (await api(`/crm/queues/${ulid()}`, { method: 'PATCH', token: A.token, body: { version: 1, name: 'x' } })).status,
    ).toBe(404);
  });
});

describe('web forms', () => {
  const body = () => ({
    name: 'Cerere ofertă',
    fields: { name: 'required', email: 'required', phone: 'optional', company: 'optional', message: 'optional' },
    consentText: 'Sunt de acord cu prelucrarea datelor.',
    consentRequired: true,
    queueId: queue.queueId,
    language: 'ro',
    successMessage: 'Mulțumim!',
  });

  it('an unknown queue → 422 queueId; a form with neither e-mail nor phone → 400; nothing written', async () => {
    const r = await api('/crm/forms', { method: 'POST', token: A.token, body: { ...body(), queueId: ulid() } });
    expect(r.status).toBe(422);
    expect(fieldsOf(r)).toContain('queueId');
    const r2 = await api('/crm/forms', {
      method: 'POST',
      token: A.token,
      body: { ...body(), fields: { name: 'required', email: 'off', phone: 'off', company: 'off', message: 'off' } },
    });
    expect(r2.status).toBe(400);
    expect(fieldsOf(r2)).toContain('fields');
  });

  it('admins create a form → key (22 chars) + snippet with the portal URL; the list never shows the key', async () => {
    const r = await api<FormCreated>('/crm/forms', { method: 'POST', token: A.token, body: body() });
    expect(r.status).toBe(201);
    form = r.json;
    expect(form.key.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(form.key.snippet).toContain(`/crm-form.html?f=${form.formId}&amp;k=`.replace('&amp;', '&'));
    expect(form.key.snippet).toMatch(/^<iframe src="http/);
    const list = await api('/crm/forms?limit=100', { token: A.token });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(form.key.key);
    expect(list.json.items.map((f: { formId: string }) => f.formId)).toContain(form.formId);
  });

  it('the public config answers with the right key only; rotating the key retires the old one', async () => {
    const ok = await api<PublicFormConfig>(`/public/crm/forms/${form.formId}?k=${form.key.key}`);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ formId: form.formId, language: 'ro', consentRequired: true });
    expect(ok.json.ticket).toMatch(/^\d+\./);
    expect(ok.json).not.toHaveProperty('keyHash');
    const wrong = await api(`/public/crm/forms/${form.formId}?k=${'A'.repeat(22)}`);
    expect(wrong.status).toBe(404);
    expect((await api(`/public/crm/forms/${ulid()}?k=${form.key.key}`)).status).toBe(404);
    const rotated = await api(`/crm/forms/${form.formId}/key`, { method: 'POST', token: A.token });
    expect(rotated.status).toBe(200);
    expect((await api(`/public/crm/forms/${form.formId}?k=${form.key.key}`)).status).toBe(404);
    form = { ...form, key: rotated.json };
    expect((await api(`/public/crm/forms/${form.formId}?k=${form.key.key}`)).status).toBe(200);
  });

  it('an inactive form answers 404 (PATCH is versioned)', async () => {
    const off = await api(`/crm/forms/${form.formId}`, {
      method: 'PATCH',
      token: A.token,
      body: { version: form.version, active: false },
    });
    expect(off.status).toBe(200);
    expect((await api(`/public/crm/forms/${form.formId}?k=${form.key.key}`)).status).toBe(404);
    const stale = await api(`/crm/forms/${form.formId}`, {
      method: 'PATCH',
      token: A.token,
      body: { version: form.version, active: true },
    });
    expect(stale.status).toBe(409);
    const on = await api(`/crm/forms/${form.formId}`, {
      method: 'PATCH',
      token: A.token,
      body: { version: off.json.version, active: true },
    });
    expect(on.status).toBe(200);
    form = { ...form, version: on.json.version };
  });
});

describe('public submit', () => {
  let ticket = '';
  const since = Math.floor(Date.now() / 1000) - 1;
  const submit = (fields: Record<string, string>, extra: Record<string, unknown> = {}) =>
    api(`/public/crm/forms/${form.formId}/submit`, {
      method: 'POST',
      body: { k: form.key.key, ticket, fields, consent: true, ...extra },
    });

  beforeAll(async () => {
    // S2 leaves the company: the round-robin skips deactivated people.
    expect((await api(`/people/${S2.sub}/deactivate`, { method: 'POST', token: A.token })).status).toBe(200);
    ticket = (await api<PublicFormConfig>(`/public/crm/forms/${form.formId}?k=${form.key.key}`)).json.ticket;
  });

  it('a ticket younger than 3 s → 422 ticket (nothing written)', async () => {
    const email = `fast-${tag()}@client.ro`;
    const r = await submit({ name: 'Grabă', email });
    expect(r.status).toBe(422);
    expect(fieldsOf(r)).toContain('ticket');
    expect(await leadsByEmail(email)).toEqual([]);
    await sleep(3100);
  });

  it('bad input → 400 naming the field, wrong key → 404; honeypot → 202; nothing written in any case', async () => {
    const email = `bad-${tag()}@client.ro`;
    const noConsent = await submit({ name: 'Fără acord', email }, { consent: false });
    expect(noConsent.status).toBe(400);
    expect(fieldsOf(noConsent)).toContain('consent');
    const missing = await submit({ email });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing)).toContain('fields.name');
    const badEmail = await submit({ name: 'X', email: 'not-an-address' });
    expect(fieldsOf(badEmail)).toContain('fields.email');
    const badPhone = await submit({ name: 'X', email, phone: '12' });
    expect(badPhone.status).toBe(400);
    expect(fieldsOf(badPhone)).toContain('fields.phone');
    const wrongKey = await api(`/public/crm/forms/${form.formId}/submit`, {
      method: 'POST',
      body: { k: 'B'.repeat(22), ticket, fields: { name: 'X', email }, consent: true },
    });
    expect(wrongKey.status).toBe(404);
    const bot = await submit({ name: 'Bot', email }, { website: 'http://spam.example' });
    expect(bot.status).toBe(202);
    expect(bot.json).toEqual({ ok: true, message: 'Mulțumim!' });
    expect(await leadsByEmail(email)).toEqual([]);
  });

  it('three submissions → leads assigned round-robin (S1, S3, S1: the deactivated S2 skipped), each in one transaction with the pointer', async () => {
    const emails = [1, 2, 3].map((i) => `client${i}-${tag()}@client.ro`);
    const responsible: string[] = [];
    for (const [i, email] of emails.entries()) {
      const r = await submit({
        name: `Client ${i + 1} Ștefănescu`,
        email,
        phone: '0722 123 45' + i,
        company: 'Alfa SRL',
        message: 'Vreau o ofertă',
      });
      expect(r.status).toBe(202);
      expect(r.json.message).toBe('Mulțumim!');
      const [lead] = await leadsByEmail(email);
      expect(lead).toMatchObject({
        type: 'lead',
        source: 'web_form',
        formId: form.formId,
        status: 'new',
        companyName: 'Alfa SRL',
        comments: 'Vreau o ofertă',
      });
      expect((lead!.phones as { e164: string }[])[0]!.e164).toBe(`+4072212345${i}`);
      expect(lead!.consent).toMatchObject({
        ip: expect.any(String),
        textHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      responsible.push(lead!.responsibleId as string);
    }
    expect(responsible).toEqual([S1.sub, S3.sub, S1.sub]);
    const q = await get(`CRMQUEUE#${queue.queueId}`, 'QUEUE');
    expect(q).toMatchObject({ pointer: S1.sub, assignments: 3 });
    // S1's lead carries S1's department (lists by department find it).
    expect((await leadsByEmail(emails[0]!))[0]!.deptId).toBe(D);
  });

  it('the assignee gets a bell notification and an e-mail', async () => {
    await itStack().streamsIdle();
    const until = Date.now() + 20_000;
    let kinds: string[] = [];
    while (Date.now() < until) {
      const n = await api<{ items: { kind: string; params: Record<string, string> }[] }>('/notifications', {
        token: S3.token,
      });
      kinds = n.json.items.map((i) => i.kind);
      if (kinds.includes('crm.lead.assigned')) break;
      await sleep(300);
    }
    expect(kinds).toContain('crm.lead.assigned');
    const mail = await waitForMail(S3.email, since, { timeoutMs: 20_000 });
    expect(`${mail.subject} ${mail.body.text}`).toMatch(/Client 2/);
    expect(await mailsTo(S2.email, since)).toEqual([]);
  });

  it('after 5 submissions from one address in 10 minutes → 429 with Retry-After (and no lead)', async () => {
    for (const i of [4, 5])
      expect((await submit({ name: `Client ${i}`, email: `client${i}-${tag()}@client.ro` })).status).toBe(202);
    const email = `client6-${tag()}@client.ro`;
    const r = await submit({ name: 'Client 6', email });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await leadsByEmail(email)).toEqual([]);
  });
});

describe('reports', () => {
  let deal: DealRecord;
  beforeAll(async () => {
    const pipeline = (await readPipeline('default'))!;
    const now = new Date().toISOString();
    deal = {
      id: ulid(),
      type: 'deal',
      version: 1,
      responsibleId: S1.sub,
      responsibleName: names.get(S1.sub)!,
      deptId: D,
      createdBy: S1.sub,
      createdAt: now,
      updatedAt: now,
      lastActorId: S1.sub,
      title: `Contract ${tag()}`,
      pipelineId: 'default',
      stageId: 'new',
      stageKind: 'open',
      movedAt: now,
      currency: 'RON',
      amountMinor: 123_450,
      lines: [],
      maxReachedOrder: 0,
      reachedStageIds: ['new'],
      createdMonth: now.slice(0, 7),
    };
    await transaction()
      .addItems(...recordWriteItems(null, deal), ...reachItems(deal, ['new']))
      .commit(CRM_COMMIT);
    const { items } = dealTransition(
      deal,
      pipeline,
      'won',
      { id: S1.sub, name: names.get(S1.sub)! },
      new Date().toISOString(),
    );
    await transaction()
      .addItems(...items)
      .commit(CRM_COMMIT);
  });

  it('funnel (mine): the deal reached every stage up to Won; conversion to the next stage; current totals', async () => {
    const r = await api<FunnelReport>('/crm/reports/funnel?pipelineId=default&scope=mine', { token: S1.token });
    expect(r.status).toBe(200);
    const by = Object.fromEntries(r.json.stages.map((s) => [s.stageId, s]));
    for (const s of ['new', 'preparing', 'offer', 'in_progress', 'final_invoice', 'won'])
      expect(by[s]!.reached).toBe(1);
    expect(by.lost!.reached).toBe(0);
    expect(by.new!.conversionPct).toBe(100);
    expect(by.won!.conversionPct).toBeNull();
    expect(by.won!.current).toEqual({ n: 1, amounts: { RON: 123_450 } });
    expect(r.json.stages.map((s) => s.stageId)).toEqual([
      'new',
      'preparing',
      'offer',
      'in_progress',
      'final_invoice',
      'won',
      'lost',
    ]);
  });

  it('won by month and by salesperson; scopes follow visibility', async () => {
    const year = new Date().getUTCFullYear();
    const month = new Date().toISOString().slice(0, 7);
    const mine = await api<WonReport>(`/crm/reports/won?year=${year}&scope=mine&by=month`, { token: S1.token });
    expect(mine.status).toBe(200);
    expect(mine.json.rows).toEqual([{ key: month, label: month, currency: 'RON', n: 1, amountMinor: 123_450 }]);
    const head = await api<WonReport>(`/crm/reports/won?year=${year}&scope=dept:${D}&by=salesperson`, {
      token: H.token,
    });
    expect(head.status).toBe(200);
    expect(head.json.rows).toEqual([
      { key: S1.sub, label: names.get(S1.sub), currency: 'RON', n: 1, amountMinor: 123_450 },
    ]);
    // S3 is not in D and heads nothing: 403 naming the scope; their own report is empty.
    const other = await api(`/crm/reports/won?scope=dept:${D}`, { token: S3.token });
    expect(other.status).toBe(403);
    expect(fieldsOf(other)).toContain('query.scope');
    expect((await api(`/crm/reports/funnel?scope=all`, { token: S3.token })).status).toBe(403);
    expect((await api<WonReport>(`/crm/reports/won?scope=mine`, { token: S3.token })).json.rows).toEqual([]);
    const admin = await api<WonReport>(`/crm/reports/won?year=${year}&scope=user:${S1.sub}`, { token: A.token });
    expect(admin.json.totals.RON).toEqual({ n: 1, amountMinor: 123_450 });
  });

  it('bad report queries → 400 naming the field', async () => {
    const r = await api('/crm/reports/funnel?from=2026-13', { token: S1.token });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toContain('query.from');
    const r2 = await api('/crm/reports/funnel?from=2026-05&to=2025-06', { token: S1.token });
    expect(r2.status).toBe(400);
    expect(fieldsOf(r2)).toContain('query.to');
    expect((await api(`/crm/reports/funnel?pipelineId=${ulid()}`, { token: S1.token })).status).toBe(422);
    expect(fieldsOf(await api('/crm/reports/won?by=week', { token: S1.token }))).toContain('query.by');
  });
});
