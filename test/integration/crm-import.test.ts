/**
 * CRM CSV import/export through the local gateway, S3 (s3rver) and the crm-jobs worker driven by the local
 * stream poller: a 300-row lead file (UTF-8 with a BOM, `;`, CRLF, quoted line breaks, diacritics) with 10
 * duplicates and 5 bad rows → counts, error rows, errors.csv, progress frames, the bell, the status counters;
 * then an export of the same scope → CSV content. Bad input → 4xx naming the field, nothing started.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import type { ImportCreated, ImportPreview, JobErrorView, JobView } from '../../shared/crm/intake-contract';
import { counterPk, dupPk } from '../../shared/crm/keys';
import { resetClients } from '../../shared/data/clients';
import { db, type Raw } from '../../shared/data/document';
import { uploadImportFile, waitForJob } from '../support/crm-jobs';
import { api, itStack, signUpUser, wsConnect, type TestUser, type WsClient } from '../support/local-stack-client';

jest.setTimeout(240_000);

const tag = randomUUID().slice(0, 6);
let S: TestUser;
let O: TestUser; // another employee
let ws: WsClient;
const T = () => itStack().tableName;
const get = async (PK: string, SK: string) =>
  (await db().send(new GetCommand({ TableName: T(), Key: { PK, SK }, ConsistentRead: true }))).Item as Raw | undefined;
const fieldsOf = (res: { json?: { error?: { fields?: { path: string }[] } } }) =>
  (res.json?.error?.fields ?? []).map((f) => f.path);

async function withProfile(role: 'employee' | 'admin', firstName: string) {
  const u = await signUpUser(role);
  expect(
    (
      await api('/people/me/profile', {
        method: 'PATCH',
        token: u.token,
        body: { firstName, lastName: `Import${tag}`, version: 0 },
      })
    ).status,
  ).toBe(200);
  return u;
}

/** 300 data rows: 285 good, rows 291–300 repeat the e-mails of rows 1–10, rows 50/100/150/200/250 are bad. */
function leadsCsv(): { bytes: Buffer; bad: Map<number, string> } {
  const bad = new Map<number, string>([
    [50, 'email'],
    [100, 'phone'],
    [150, 'name'],
    [200, 'email'],
    [250, 'phone'],
  ]);
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = ['Nume;Companie;E-mail;Telefon;Comentarii'];
  for (let i = 1; i <= 300; i++) {
    const email = i > 290 ? `c${i - 290}-${tag}@exemplu.ro` : `c${i}-${tag}@exemplu.ro`;
    const phone = `0722 ${String(100000 + i).slice(0, 3)} ${String(100000 + i).slice(3)}`;
    const comments = i % 7 === 0 ? q(`rândul ${i}\r\na doua linie; cu „ghilimele” și "citat"`) : `simplu ${i}`;
    let row = [`Client ${i} Ștefănescu`, `Firma ${i} SRL`, email, phone, comments];
    if (bad.get(i) === 'email') row[2] = 'nu-e-adresa';
    if (bad.get(i) === 'phone') row[3] = '12';
    if (bad.get(i) === 'name') row[0] = '';
    if (i > 290)
      row = [
        `Duplicat ${i}`,
        `Alta ${i}`,
        email,
        `0733 ${String(200000 + i).slice(0, 3)} ${String(200000 + i).slice(3)}`,
        'dublură',
      ];
    lines.push(row.join(';'));
  }
  return {
    bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]),
    bad,
  };
}

beforeAll(async () => {
  Object.assign(process.env, itStack().env);
  resetClients();
  [S, O] = await Promise.all([withProfile('employee', 'Sanda'), withProfile('employee', 'Olga')]);
  ws = await wsConnect(S.token);
});
afterAll(async () => {
  await ws?.close();
});

describe('import of a 300-row lead file', () => {
  const { bytes, bad } = leadsCsv();
  let jobId = '';
  let preview: ImportPreview;

  it('refuses bad requests, naming the field, before anything starts', async () => {
    const big = await api('/crm/imports', {
      method: 'POST',
      token: S.token,
      body: { type: 'lead', fileName: 'x.csv', size: 513 * 1024 * 1024 },
    });
    expect(big.status).toBe(400);
    expect(fieldsOf(big)).toContain('size');
    const type = await api('/crm/imports', {
      method: 'POST',
      token: S.token,
      body: { type: 'deal', fileName: 'x.csv', size: 10 },
    });
    expect(fieldsOf(type)).toContain('type');
    // A job whose file never arrived cannot be previewed or started.
    const created = await api<ImportCreated>('/crm/imports', {
      method: 'POST',
      token: S.token,
      body: { type: 'lead', fileName: 'lipsa.csv', size: 10 },
    });
    expect((await api(`/crm/imports/${created.json.jobId}/preview`, { method: 'POST', token: S.token })).status).toBe(
      409,
    );
    const early = await api(`/crm/imports/${created.json.jobId}/start`, {
      method: 'POST',
      token: S.token,
      body: {
        mapping: ['name'],
        encoding: 'utf-8',
        delimiter: ';',
        duplicates: 'skip',
        assign: { responsibleId: S.sub },
      },
    });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('NOT_PREVIEWED');
    // Someone else's job does not exist for me.
    expect((await api(`/crm/imports/${created.json.jobId}`, { token: O.token })).status).toBe(404);
  });

  it('upload (presigned PUT) → preview: UTF-8 with BOM, `;`, the header, 20 rows, a suggested mapping', async () => {
    jobId = await uploadImportFile(S.token, bytes);
    const r = await api<ImportPreview>(`/crm/imports/${jobId}/preview`, { method: 'POST', token: S.token });
    expect(r.status).toBe(200);
    preview = r.json;
    expect(preview).toMatchObject({
      encoding: 'utf-8',
      delimiter: ';',
      columns: ['Nume', 'Companie', 'E-mail', 'Telefon', 'Comentarii'],
    });
    expect(preview.dataOffset).toBe(3 + Buffer.byteLength('Nume;Companie;E-mail;Telefon;Comentarii\r\n'));
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[6]![4]).toBe('rândul 7\r\na doua linie; cu „ghilimele” și "citat"');
    expect(preview.suggestedMapping).toEqual(['name', 'companyName', 'email', 'phone', 'comments']);
  });

  it('start with a bad mapping → 400 naming it; a responsible who is not an employee → 422; nothing starts', async () => {
    const body = {
      mapping: preview.suggestedMapping,
      encoding: 'utf-8',
      delimiter: ';',
      duplicates: 'skip',
      assign: { responsibleId: S.sub },
    };
    const short = await api(`/crm/imports/${jobId}/start`, {
      method: 'POST',
      token: S.token,
      body: { ...body, mapping: ['name'] },
    });
    expect(short.status).toBe(400);
    expect(fieldsOf(short)).toContain('mapping');
    const foreign = await api(`/crm/imports/${jobId}/start`, {
      method: 'POST',
      token: S.token,
      body: { ...body, mapping: ['name', 'companyName', 'email', 'phone', 'position'] },
    });
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign)).toContain('mapping.4');
    const nobody = await api(`/crm/imports/${jobId}/start`, {
      method: 'POST',
      token: S.token,
      body: { ...body, assign: { responsibleId: 'nobody-at-all' } },
    });
    expect(nobody.status).toBe(422);
    expect(fieldsOf(nobody)).toContain('assign.responsibleId');
    expect((await api<JobView>(`/crm/imports/${jobId}`, { token: S.token })).json.status).toBe('uploaded');
  });

  it('runs to the end: 285 created, 10 duplicates skipped, 5 bad rows; counters, progress frames, the bell', async () => {
    const counterBefore = Number((await get(counterPk(`U#${S.sub}`, 'lead', '_'), 'new'))?.n ?? 0);
    const started = await api<JobView>(`/crm/imports/${jobId}/start`, {
      method: 'POST',
      token: S.token,
      body: {
        mapping: preview.suggestedMapping,
        encoding: 'utf-8',
        delimiter: ';',
        duplicates: 'skip',
        assign: { responsibleId: S.sub },
      },
    });
    expect(started.status).toBe(200);
    expect(started.json.status).toBe('queued');
    const again = await api(`/crm/imports/${jobId}/start`, {
      method: 'POST',
      token: S.token,
      body: {
        mapping: preview.suggestedMapping,
        encoding: 'utf-8',
        delimiter: ';',
        duplicates: 'skip',
        assign: { responsibleId: S.sub },
      },
    });
    expect(again.status).toBe(409);

    const job = await waitForJob(`/crm/imports/${jobId}`, S.token);
    expect(job).toMatchObject({
      status: 'done',
      rowsDone: 300,
      created: 285,
      skipped: 10,
      failed: 5,
      updated: 0,
      hasErrorReport: true,
      bytesDone: bytes.length,
      size: bytes.length,
    });

    const frame = await ws.next(
      (f) => f?.type === 'crm.job.progress' && f.jobId === jobId && f.status === 'done',
      20_000,
    );
    expect(frame).toMatchObject({ rowsDone: 300, created: 285, skipped: 10, failed: 5, totalBytes: bytes.length });

    await itStack().streamsIdle();
    const counterAfter = Number((await get(counterPk(`U#${S.sub}`, 'lead', '_'), 'new'))?.n ?? 0);
    expect(counterAfter - counterBefore).toBe(285);

    // A quoted line break, the diacritics and the responsible survived.
    const dup = (
      await db().send(
        new QueryCommand({
          TableName: T(),
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': dupPk('E', `c7-${tag}@exemplu.ro`) },
        }),
      )
    ).Items as Raw[];
    expect(dup).toHaveLength(1);
    const rec = (await get(`CRM#${dup[0]!.id as string}`, 'REC'))!;
    expect(rec).toMatchObject({
      type: 'lead',
      name: 'Client 7 Ștefănescu',
      companyName: 'Firma 7 SRL',
      source: 'import',
      status: 'new',
      responsibleId: S.sub,
      importJobId: jobId,
    });
    expect(rec.comments).toBe('rândul 7\r\na doua linie; cu „ghilimele” și "citat"');
    expect((rec.phones as { e164: string }[])[0]!.e164).toBe('+40722100007');

    const bell = await api<{ items: { kind: string; params: Record<string, string>; link: string }[] }>(
      '/notifications',
      { token: S.token },
    );
    const done = bell.json.items.find((n) => n.kind === 'crm.import.done' && n.link.includes(jobId));
    expect(done?.params).toMatchObject({ created: '285', skipped: '10', failed: '5' });
  });

  it('the error rows name the row and the field; errors.csv has them all', async () => {
    const errs = await api<{ items: JobErrorView[]; cursor: string | null }>(`/crm/imports/${jobId}/errors?limit=100`, {
      token: S.token,
    });
    expect(errs.status).toBe(200);
    const items = errs.json.items;
    expect(items).toHaveLength(15);
    for (const [row, field] of bad) expect(items.find((e) => e.row === row)).toMatchObject({ field });
    const dups = items.filter((e) => e.row > 290);
    expect(dups).toHaveLength(10);
    for (const d of dups)
      expect(d).toMatchObject({ field: 'email', reason: expect.stringMatching(/^duplicate of lead [0-9A-Z]{26}/) });
    expect(items.map((e) => e.row)).toEqual([...items.map((e) => e.row)].sort((a, b) => a - b));

    const report = await api<{ url: string }>(`/crm/imports/${jobId}/report`, { token: S.token });
    expect(report.status).toBe(200);
    const csv = Buffer.from(await (await fetch(report.json.url)).arrayBuffer());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['row', 'field', 'reason', 'raw']);
    expect(rows).toHaveLength(16);
    expect(rows.find((r) => r[0] === '50')?.[3]).toContain('nu-e-adresa');
    expect((await api(`/crm/imports/${jobId}/report`, { token: O.token })).status).toBe(404);
    expect((await api(`/crm/imports/${jobId}/cancel`, { method: 'POST', token: S.token })).status).toBe(409);
  });

  it('my jobs list shows it', async () => {
    const list = await api<{ items: JobView[] }>('/crm/imports', { token: S.token });
    expect(list.json.items.map((j) => j.jobId)).toContain(jobId);
    expect(
      (await api<{ items: JobView[] }>('/crm/imports', { token: O.token })).json.items.map((j) => j.jobId),
    ).not.toContain(jobId);
  });

  it('a second import of the same file with duplicates: create → every good row is created again (flagged), none skipped', async () => {
    const again = await uploadImportFile(S.token, bytes, 'clienti-2.csv');
    const p = (await api<ImportPreview>(`/crm/imports/${again}/preview`, { method: 'POST', token: S.token })).json;
    await api(`/crm/imports/${again}/start`, {
      method: 'POST',
      token: S.token,
      body: {
        mapping: p.suggestedMapping,
        encoding: p.encoding,
        delimiter: p.delimiter,
        duplicates: 'create',
        assign: { responsibleId: O.sub },
      },
    });
    const job = await waitForJob(`/crm/imports/${again}`, S.token);
    expect(job).toMatchObject({ status: 'done', created: 295, skipped: 0, failed: 5 });
  });
});

describe('duplicates: update', () => {
  it('fills only the empty fields of the matched contacts (versioned), creates the rest', async () => {
    const upload2 = async (csv: string) => {
      const bytes = Buffer.from(csv, 'utf8');
      const c = await api<ImportCreated>('/crm/imports', {
        method: 'POST',
        token: S.token,
        body: { type: 'contact', fileName: 'contacte.csv', size: bytes.length },
      });
      expect((await fetch(c.json.url, { method: 'PUT', headers: c.json.headers, body: bytes })).status).toBe(200);
      const p = (await api<ImportPreview>(`/crm/imports/${c.json.jobId}/preview`, { method: 'POST', token: S.token }))
        .json;
      return { jobId: c.json.jobId, p };
    };
    const first = await upload2(
      `Prenume,Nume,Email,Oraș\nIoana,Marin,ioana-${tag}@ex.ro,\nDan,Radu,dan-${tag}@ex.ro,Iași\n`,
    );
    expect(first.p.suggestedMapping).toEqual(['firstName', 'lastName', 'email', 'city']);
    await api(`/crm/imports/${first.jobId}/start`, {
      method: 'POST',
      token: S.token,
      body: {
        mapping: first.p.suggestedMapping,
        encoding: 'utf-8',
        delimiter: ',',
        duplicates: 'skip',
        assign: { responsibleId: S.sub },
      },
    });
    expect(await waitForJob(`/crm/imports/${first.jobId}`, S.token)).toMatchObject({ status: 'done', created: 2 });

    const second = await upload2(
      `Nume,Email,Funcție,Oraș\nMarin,ioana-${tag}@ex.ro,Director,Brașov\nRadu,dan-${tag}@ex.ro,,Cluj\nNou,nou-${tag}@ex.ro,Contabil,Arad\n`,
    );
    await api(`/crm/imports/${second.jobId}/start`, {
      method: 'POST',
      token: S.token,
      body: {
        mapping: ['lastName', 'email', 'position', 'city'],
        encoding: 'utf-8',
        delimiter: ',',
        duplicates: 'update',
        assign: { responsibleId: S.sub },
      },
    });
    // Ioana gets a position and a city; Dan already has a city and gets no position: nothing to fill → skipped.
    expect(await waitForJob(`/crm/imports/${second.jobId}`, S.token)).toMatchObject({
      status: 'done',
      created: 1,
      updated: 1,
      skipped: 1,
      failed: 0,
    });
    const [ioana] = (
      await db().send(
        new QueryCommand({
          TableName: T(),
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': dupPk('E', `ioana-${tag}@ex.ro`) },
        }),
      )
    ).Items as Raw[];
    const rec = (await get(`CRM#${ioana!.id as string}`, 'REC'))!;
    expect(rec).toMatchObject({
      firstName: 'Ioana',
      lastName: 'Marin',
      position: 'Director',
      address: { city: 'Brașov' },
      version: 2,
    });
    const [dan] = (
      await db().send(
        new QueryCommand({
          TableName: T(),
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': dupPk('E', `dan-${tag}@ex.ro`) },
        }),
      )
    ).Items as Raw[];
    expect(await get(`CRM#${dan!.id as string}`, 'REC')).toMatchObject({ address: { city: 'Iași' }, version: 1 });
  });
});

describe('export', () => {
  it('exports my leads to CSV (BOM, header, one row per lead, line breaks kept); other scopes follow visibility', async () => {
    const forbidden = await api('/crm/exports', {
      method: 'POST',
      token: S.token,
      body: { type: 'lead', scope: 'all' },
    });
    expect(forbidden.status).toBe(403);
    expect(fieldsOf(forbidden)).toContain('scope');
    const r = await api<JobView>('/crm/exports', {
      method: 'POST',
      token: S.token,
      body: { type: 'lead', scope: 'mine' },
    });
    expect(r.status).toBe(201);
    const job = await waitForJob(`/crm/exports/${r.json.jobId}`, S.token);
    expect(job.status).toBe('done');
    expect(job.url).toMatch(/^http/);
    expect((await api(`/crm/exports/${r.json.jobId}`, { token: O.token })).status).toBe(404);
    const res = await fetch(job.url!);
    expect(res.headers.get('content-disposition')).toContain(`leads-${new Date().toISOString().slice(0, 10)}.csv`);
    const csv = Buffer.from(await res.arrayBuffer());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      'name',
      'companyName',
      'email',
      'phone',
      'comments',
      'status',
      'source',
      'responsible',
      'createdAt',
      'id',
    ]);
    const mine = rows.slice(1).filter((row) => row[2]!.endsWith(`-${tag}@exemplu.ro`));
    expect(mine).toHaveLength(285);
    expect(mine.find((row) => row[0] === 'Client 7 Ștefănescu')?.[4]).toBe(
      'rândul 7\r\na doua linie; cu „ghilimele” și "citat"',
    );
    expect(job.rowsDone).toBe(rows.length - 1);
  });
});
