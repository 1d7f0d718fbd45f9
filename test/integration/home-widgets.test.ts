/**
 * The routes behind two Home widgets (issue 13), through the local gateway:
 *   - GET /crm/my-attention: my open deals and leads needing action — an overdue todo, a new lead, nothing planned —
 *     most urgent first; planned (todo due later), won deals and todos ticked done are left out; nobody sees
 *     another's records; `limit` keeps the count of everything that needs action;
 *   - GET /drive/shared-recently: the newest items shared with me directly or via my department, with the sharer's
 *     and the department's names; trashed and own items left out.
 * The stack is shared with other integration files: every person here is new, so their lists start empty.
 */
import type { AttentionView } from '../../shared/crm/attention';
import type { CreatedView, DealView, LeadView } from '../../shared/crm/contract';
import type { DocumentView, DriveView, NodeView } from '../../shared/drive/contract';
import type { RecentSharesView } from '../../shared/drive/recent-shares';
import { api, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(120_000);

const hour = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const suffix = Math.random().toString(36).slice(2, 8);

async function person(role: 'employee' | 'admin', firstName: string, lastName: string): Promise<TestUser> {
  const u = await signUpUser(role);
  const res = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName, version: 0 },
  });
  expect(res.status).toBe(200);
  return u;
}

describe('GET /crm/my-attention', () => {
  let S: TestUser;
  let K: TestUser;
  beforeAll(async () => {
    [S, K] = await Promise.all([person('employee', 'Sorina', 'Atentie'), person('employee', 'Costel', 'Atentie')]);
  });

  const deal = async (title: string) => {
    const r = await api<CreatedView<DealView>>('/crm/deals', {
      method: 'POST',
      token: S.token,
      body: { title, currency: 'RON', amountMinor: 150000 },
    });
    expect(r.status).toBe(201);
    return r.json.record;
  };
  const todo = async (recordId: string, dueAt: string) => {
    const r = await api<{ activityId: string; version: number }>(`/crm/records/${recordId}/activities`, {
      method: 'POST',
      token: S.token,
      body: { kind: 'todo', text: 'Call back', dueAt },
    });
    expect(r.status).toBe(201);
    return r.json;
  };

  it('overdue first, then the new lead, then deals with nothing planned; planned, won and done-todo cases right', async () => {
    const idle = await deal(`Idle ${suffix}`);
    const planned = await deal(`Planned ${suffix}`);
    await todo(planned.id, at(48 * hour));
    const late = await deal(`Late ${suffix}`);
    await todo(late.id, at(-2 * hour));
    await todo(late.id, at(-5 * hour));
    const won = await deal(`Won ${suffix}`);
    expect(
      (
        await api(`/crm/deals/${won.id}/stage`, {
          method: 'POST',
          token: S.token,
          body: { version: 1, stageId: 'won' },
        })
      ).status,
    ).toBe(200);
    // A todo ticked done no longer plans anything: the deal is idle again.
    const ticked = await deal(`Ticked ${suffix}`);
    const t = await todo(ticked.id, at(24 * hour));
    const done = await api(`/crm/records/${ticked.id}/activities/${t.activityId}`, {
      method: 'PATCH',
      token: S.token,
      body: { version: t.version, done: true },
    });
    expect(done.status).toBe(200);
    const lead = await api<CreatedView<LeadView>>('/crm/leads', {
      method: 'POST',
      token: S.token,
      body: { name: `Lead ${suffix}`, companyName: 'Acme SRL' },
    });
    expect(lead.status).toBe(201);

    const res = await api<AttentionView>('/crm/my-attention', { token: S.token });
    expect(res.status).toBe(200);
    expect(res.json.items.map((i) => [i.name, i.type, i.reason])).toEqual([
      [`Late ${suffix}`, 'deal', 'overdue'],
      [`Lead ${suffix}`, 'lead', 'new'],
      [`Idle ${suffix}`, 'deal', 'idle'],
      [`Ticked ${suffix}`, 'deal', 'idle'],
    ]);
    expect(res.json.total).toBe(4);
    const overdue = res.json.items[0]!;
    // The earliest passed due time, the stage's name, the amount.
    expect(Date.parse(overdue.dueAt!)).toBeLessThan(Date.now() - 4 * hour);
    expect(overdue).toMatchObject({ id: late.id, stageName: expect.any(String), amountMinor: 150000, currency: 'RON' });
    expect(res.json.items[1]).toMatchObject({ companyName: 'Acme SRL', stageName: null });
    expect(res.json.items.map((i) => i.id)).not.toContain(planned.id);
    expect(res.json.items.map((i) => i.id)).toContain(idle.id);

    // Re-opening the todo plans the deal again.
    const reopened = await api(`/crm/records/${ticked.id}/activities/${t.activityId}`, {
      method: 'PATCH',
      token: S.token,
      body: { version: t.version + 1, done: false },
    });
    expect(reopened.status).toBe(200);
    const limited = await api<AttentionView>('/crm/my-attention?limit=2', { token: S.token });
    expect(limited.json.items.map((i) => i.name)).toEqual([`Late ${suffix}`, `Lead ${suffix}`]);
    expect(limited.json.total).toBe(3);

    // Another person sees none of it.
    const other = await api<AttentionView>('/crm/my-attention', { token: K.token });
    expect(other.json).toEqual({ items: [], total: 0 });
  });
});

describe('GET /drive/shared-recently', () => {
  let A: TestUser;
  let O: TestUser;
  let M: TestUser;
  let deptName = '';
  let deptId = '';
  beforeAll(async () => {
    [A, O, M] = await Promise.all([
      person('admin', 'Ana', 'Partajare'),
      person('employee', 'Otilia', 'Partajare'),
      person('employee', 'Mihai', 'Partajare'),
    ]);
    deptName = `Vânzări ${suffix}`;
    const d = await api<{ departmentId: string }>('/departments', {
      method: 'POST',
      token: A.token,
      body: { name: deptName },
    });
    expect(d.status).toBe(201);
    expect(
      (await api(`/departments/${d.json.departmentId}/members/${M.sub}`, { method: 'PUT', token: A.token })).status,
    ).toBe(200);
    deptId = d.json.departmentId;
  });

  const doc = async (name: string) => {
    const r = await api<DocumentView>('/drive/documents', {
      method: 'POST',
      token: O.token,
      body: { name, format: 'markdown', content: '# Hi\n' },
    });
    expect(r.status).toBe(201);
    return r.json.node;
  };
  const share = async (n: NodeView, principalType: 'user' | 'department', principalId: string) =>
    expect(
      (
        await api(`/drive/nodes/${n.nodeId}/shares`, {
          method: 'PUT',
          token: O.token,
          body: { principalType, principalId, right: 'read' },
        })
      ).status,
    ).toBe(200);

  it('newest share first, to me or to my department, with names; trashed and own items left out', async () => {
    const drives = await api<DriveView[]>('/drive/drives', { token: O.token });
    const my = drives.json.find((d) => d.kind === 'user')!;
    const folder = await api<NodeView>('/drive/folders', {
      method: 'POST',
      token: O.token,
      body: { parentId: my.rootId, name: `Oferte ${suffix}` },
    });
    expect(folder.status).toBe(201);
    const plan = await doc(`Plan ${suffix}`);
    const gone = await doc(`Gone ${suffix}`);
    await share(plan, 'department', deptId);
    await share(gone, 'user', M.sub);
    await share(folder.json, 'user', M.sub);
    // Sharing bumped its version: trash it at the current one.
    const current = await api<{ node: NodeView }>(`/drive/nodes/${gone.nodeId}`, { token: O.token });
    const trashed = await api(`/drive/nodes/${gone.nodeId}?version=${current.json.node.version}`, {
      method: 'DELETE',
      token: O.token,
    });
    expect(trashed.status).toBe(200);

    const res = await api<RecentSharesView>('/drive/shared-recently', { token: M.token });
    expect(res.status).toBe(200);
    expect(
      res.json.items.map((i) => [i.node.name, i.node.kind, i.sharedBy.name, i.via.principalType, i.via.name]),
    ).toEqual([
      [`Oferte ${suffix}`, 'folder', 'Otilia Partajare', 'user', 'Mihai Partajare'],
      [`Plan ${suffix}`, 'document', 'Otilia Partajare', 'department', deptName],
    ]);
    expect(Date.parse(res.json.items[0]!.sharedAt)).toBeGreaterThanOrEqual(Date.parse(res.json.items[1]!.sharedAt));
    expect(JSON.stringify(res.json)).not.toMatch(/@/);

    const one = await api<RecentSharesView>('/drive/shared-recently?limit=1', { token: M.token });
    expect(one.json.items.map((i) => i.node.name)).toEqual([`Oferte ${suffix}`]);
    // The owner's own items are not "shared with me".
    expect((await api<RecentSharesView>('/drive/shared-recently', { token: O.token })).json.items).toEqual([]);
  });
});
