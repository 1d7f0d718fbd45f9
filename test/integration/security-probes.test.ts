/**
 * Issue 13's outside probes that did not hold, through the local gateway: public-link passwords guessed from many
 * addresses (per-link growing lockout, 8+ characters), closed workgroups seen by non-members (404), and an extranet
 * member putting a non-member on a group task (403 naming the field).
 */
import { request } from 'node:http';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';
import type { DriveView, NodeView } from '../../shared/drive/contract';

jest.setTimeout(120_000);

const ddb = () =>
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint: itStack().urls.dynamodb,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

let owner: TestUser, outsider: TestUser, ext: TestUser, admin: TestUser;

beforeAll(async () => {
  [owner, outsider, ext, admin] = await Promise.all([
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('extranet'),
    signUpUser('admin'),
  ]);
  for (const [u, name] of [
    [owner, 'Olga'],
    [outsider, 'Otto'],
    [ext, 'Xenia'],
  ] as const) {
    const r = await api('/people/me/profile', {
      method: 'PATCH',
      token: u.token,
      body: { firstName: name, lastName: 'Probe', version: 0 },
    });
    expect(r.status).toBe(200);
  }
});

interface Answer {
  status: number;
  retryAfter: string | undefined;
  json: { error?: { code: string; message: string } };
}

/** POST from a given loopback address (127.0.0.0/8 all reaches the gateway): the gateway's sourceIp is that address. */
function postFrom(address: string, path: string, body: unknown): Promise<Answer> {
  const url = new URL(`${itStack().urls.api}${path}`);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: address,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            json: text ? (JSON.parse(text) as Answer['json']) : {},
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Ends the link's lockout now (instead of waiting it out): the stored lockedUntil moves to the past. */
async function endLockout(linkId: string): Promise<void> {
  await ddb().send(
    new UpdateItemCommand({
      TableName: itStack().tableName,
      Key: { PK: { S: `LOCK#drive-link-password#${linkId}` }, SK: { S: 'LOCK' } },
      UpdateExpression: 'SET lockedUntil = :past',
      ExpressionAttributeValues: { ':past': { N: String(Math.floor(Date.now() / 1000) - 1) } },
    }),
  );
}

describe('public-link passwords', () => {
  it('need 8+ characters (400 naming the field)', async () => {
    const drive = (await api<DriveView[]>('/drive/drives', { token: owner.token })).json.find(
      (d) => d.kind === 'user',
    )!;
    const short = await api(`/drive/nodes/${drive.rootId}/links`, {
      token: owner.token,
      body: { password: 'abc1234' },
    });
    expect(short.status).toBe(400);
    expect(short.json.error.fields[0].path).toBe('password');
  });

  it('30 guesses from 30 addresses lock the link (429 + Retry-After); the right password waits, then opens; lockouts grow', async () => {
    const drive = (await api<DriveView[]>('/drive/drives', { token: owner.token })).json.find(
      (d) => d.kind === 'user',
    )!;
    const folder = (
      await api<NodeView>('/drive/folders', { token: owner.token, body: { parentId: drive.rootId, name: 'Guarded' } })
    ).json;
    const made = await api(`/drive/nodes/${folder.nodeId}/links`, {
      token: owner.token,
      body: { password: 'right horse battery' },
    });
    expect(made.status).toBe(201);
    const path = `/public/drive/links/${made.json.token as string}`;
    const linkId = made.json.linkId as string;

    // Each address stays far below the per-IP limit (10 per 5 min): only the per-link rule can stop this.
    const guesses: Answer[] = [];
    for (let i = 0; i < 30; i++) guesses.push(await postFrom(`127.0.1.${i + 1}`, path, { password: `guess-${i}` }));
    expect(guesses.slice(0, 9).map((g) => g.status)).toEqual(Array(9).fill(401));
    expect(guesses.slice(9).map((g) => g.status)).toEqual(Array(21).fill(429));
    expect(guesses[9]!.json.error!.code).toBe('LINK_LOCKED');
    expect(Number(guesses[9]!.retryAfter)).toBeGreaterThan(50);
    expect(Number(guesses[9]!.retryAfter)).toBeLessThanOrEqual(60);
    expect(guesses[29]!.json.error!.message).toMatch(/locked for 1 min/);

    // The right password, from a fresh address, waits too.
    const early = await postFrom('127.0.2.1', path, { password: 'right horse battery' });
    expect(early.status).toBe(429);
    expect(early.json.error!.code).toBe('LINK_LOCKED');

    // The lockout over, 10 more wrong guesses lock it for longer (2 min).
    await endLockout(linkId);
    const again: Answer[] = [];
    for (let i = 0; i < 10; i++) again.push(await postFrom(`127.0.3.${i + 1}`, path, { password: `again-${i}` }));
    expect(again.map((g) => g.status)).toEqual([...Array(9).fill(401), 429]);
    expect(Number(again[9]!.retryAfter)).toBeGreaterThan(110);
    expect(Number(again[9]!.retryAfter)).toBeLessThanOrEqual(120);

    // Over again: the right password opens it and resets the growth (the next lockout would be 1 min again).
    await endLockout(linkId);
    const opened = await postFrom('127.0.2.2', path, { password: 'right horse battery' });
    expect(opened.status).toBe(200);
    const state = await ddb().send(
      new GetItemCommand({
        TableName: itStack().tableName,
        Key: { PK: { S: `LOCK#drive-link-password#${linkId}` }, SK: { S: 'LOCK' } },
        ConsistentRead: true,
      }),
    );
    expect(state.Item?.level).toEqual({ N: '0' });
  });
});

describe('closed workgroups', () => {
  it('are 404 to employees outside them (every sub-route), who can still ask to join; open ones stay visible', async () => {
    const closed = (
      await api('/groups', {
        token: owner.token,
        body: { name: `Secret ${Date.now()}`, description: 'the plan', visibility: 'closed' },
      })
    ).json;
    const open = (
      await api('/groups', { token: owner.token, body: { name: `Open ${Date.now()}`, visibility: 'open' } })
    ).json;
    const g = `/groups/${closed.groupId as string}`;
    const seen = await api(g, { token: outsider.token });
    expect(seen.status).toBe(404);
    expect(seen.text).not.toContain('the plan');
    expect(seen.text).not.toContain('Secret');
    for (const [path, method, body] of [
      [g, 'PATCH', { version: 1, name: 'Mine now' }],
      [`${g}/members`, 'GET', undefined],
      [`${g}/requests`, 'GET', undefined],
      [`${g}/stages`, 'POST', { title: 'X', version: 1 }],
      [`${g}/tasks`, 'GET', undefined],
    ] as const)
      expect([path, (await api(path, { token: outsider.token, method, ...(body ? { body } : {}) })).status]).toEqual([
        path,
        404,
      ]);
    expect((await api(`/groups/${open.groupId as string}`, { token: outsider.token })).status).toBe(200);
    expect((await api(g, { token: admin.token })).status).toBe(200);
    expect((await api(g, { token: owner.token })).json.description).toBe('the plan');

    // Asking to join needs only the id; the owner approves; then the group is visible.
    const ask = await api(`${g}/join`, { method: 'POST', token: outsider.token });
    expect(ask.json).toEqual({ status: 'requested' });
    expect((await api(g, { token: outsider.token })).status).toBe(404);
    expect((await api(`${g}/join`, { method: 'POST', token: outsider.token })).json).toEqual({ status: 'requested' });
    const approve = await api(`${g}/requests/${outsider.sub}/approve`, { method: 'POST', token: owner.token });
    expect(approve.status).toBe(204);
    expect((await api(g, { token: outsider.token })).json).toMatchObject({ myRole: 'member', description: 'the plan' });
  });
});

describe('extranet members and group tasks', () => {
  it('cannot put a non-member on a task of their group (403 naming the field), on create or update', async () => {
    const g = (
      await api('/groups', {
        token: owner.token,
        body: { name: `Partners ${Date.now()}`, visibility: 'closed', memberIds: [ext.sub] },
      })
    ).json;
    const groupId = g.groupId as string;
    const create = (body: Record<string, unknown>) =>
      api('/tasks', { token: ext.token, body: { title: 'From the partner', groupId, ...body } });

    const asResponsible = await create({ responsibleId: outsider.sub });
    expect(asResponsible.status).toBe(403);
    expect(asResponsible.json.error.fields).toEqual([{ path: 'responsibleId', reason: expect.any(String) }]);
    const asOthers = await create({
      responsibleId: owner.sub,
      participantIds: [ext.sub, outsider.sub],
      observerIds: [outsider.sub],
    });
    expect(asOthers.status).toBe(403);
    expect(asOthers.json.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'participantIds.1',
      'observerIds.0',
    ]);

    const ok = await create({ responsibleId: owner.sub, participantIds: [ext.sub] });
    expect(ok.status).toBe(201);
    const taskId = ok.json.taskId as string;
    const patch = (body: Record<string, unknown>, version: number) =>
      api(`/tasks/${taskId}`, { method: 'PATCH', token: ext.token, body: { version, ...body } });
    const widened = await patch({ observerIds: [outsider.sub] }, ok.json.version as number);
    expect(widened.status).toBe(403);
    expect(widened.json.error.fields[0].path).toBe('observerIds.0');
    // A member is fine, and an employee creator may still involve anyone.
    const fine = await patch({ title: 'Renamed by the partner' }, ok.json.version as number);
    expect(fine.status).toBe(200);
    const byEmployee = await api('/tasks', {
      token: owner.token,
      body: { title: 'Internal', groupId, responsibleId: outsider.sub },
    });
    expect(byEmployee.status).toBe(201);
  });
});
