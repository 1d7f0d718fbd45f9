/**
 * Company structure against the emulators: admins build the tree (create, rename, move, head, delete),
 * employees only read it, extranet is refused; moves under an own descendant (422), stale versions (409),
 * deletes refused while sub-departments or members remain (409 naming why); members through the profile;
 * an invitation into a department puts the accepted person in it; an unknown department refuses the
 * invitation (422 naming the index) and nothing is written or sent.
 * The stack is shared with other tests: the tree is never assumed to be empty.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';
import { mailsTo, waitForMail } from '../support/mail-store';

jest.setTimeout(90_000);

let admin: TestUser;
let employee: TestUser;
let extranet: TestUser;

const tag = () => randomUUID().slice(0, 6);
async function create(name: string, parentId?: string | null) {
  const res = await api('/departments', {
    method: 'POST',
    token: admin.token,
    body: { name, ...(parentId !== undefined ? { parentId } : {}) },
  });
  expect(res.status).toBe(201);
  return res.json as { departmentId: string; version: number; parentId: string | null };
}
const list = async (token = admin.token) =>
  (await api('/departments', { token })).json.items as {
    departmentId: string;
    name: string;
    parentId: string | null;
    version: number;
    memberCount: number;
    childCount: number;
    headUserId: string | null;
    headName: string | null;
  }[];
const one = async (id: string) => (await list()).find((d) => d.departmentId === id)!;

async function withProfile(role: 'employee' | 'extranet' | 'admin', firstName = 'Dana'): Promise<TestUser> {
  const u = await signUpUser(role);
  const res = await api('/people/me/profile', {
    method: 'PATCH',
    token: u.token,
    body: { firstName, lastName: `Test${tag()}`, version: 0 },
  });
  expect(res.status).toBe(200);
  return u;
}

beforeAll(async () => {
  [admin, employee, extranet] = await Promise.all([
    withProfile('admin', 'Adi'),
    withProfile('employee', 'Emil'),
    signUpUser('extranet'),
  ]);
});

describe('departments', () => {
  it('admin creates, renames, moves and sets the head; employees read; extranet and employees cannot change', async () => {
    const root = await create(`Sales ${tag()}`);
    const child = await create(`Field ${tag()}`, root.departmentId);
    expect(child.parentId).toBe(root.departmentId);
    expect((await one(root.departmentId)).childCount).toBe(1);

    const seen = await list(employee.token);
    expect(seen.map((d) => d.departmentId)).toEqual(expect.arrayContaining([root.departmentId, child.departmentId]));
    expect((await api('/departments', { token: extranet.token })).status).toBe(403);
    expect((await api('/departments', { method: 'POST', token: employee.token, body: { name: 'Nope' } })).status).toBe(
      403,
    );

    const renamed = await api(`/departments/${child.departmentId}`, {
      method: 'PATCH',
      token: admin.token,
      body: { name: 'Field sales', version: child.version },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: 'Field sales', version: 2, parentId: root.departmentId });

    // stale version → 409 with the current item
    const stale = await api(`/departments/${child.departmentId}`, {
      method: 'PATCH',
      token: admin.token,
      body: { name: 'Other', version: child.version },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.current).toMatchObject({ name: 'Field sales', version: 2 });

    // the root under its own grandchild → 422 naming parentId; under itself → 422
    const grandchild = await create(`Retail ${tag()}`, child.departmentId);
    const cycle = await api(`/departments/${root.departmentId}`, {
      method: 'PATCH',
      token: admin.token,
      body: { parentId: grandchild.departmentId, version: root.version },
    });
    expect(cycle.status).toBe(422);
    expect(cycle.json.error.fields[0].path).toBe('parentId');
    expect(
      (
        await api(`/departments/${root.departmentId}`, {
          method: 'PATCH',
          token: admin.token,
          body: { parentId: root.departmentId, version: root.version },
        })
      ).status,
    ).toBe(422);
    expect((await one(root.departmentId)).parentId).toBeNull();

    // move the grandchild to the top: both parents' counts follow
    const moved = await api(`/departments/${grandchild.departmentId}`, {
      method: 'PATCH',
      token: admin.token,
      body: { parentId: null, version: grandchild.version },
    });
    expect(moved.status).toBe(200);
    expect(moved.json.parentId).toBeNull();
    expect((await one(child.departmentId)).childCount).toBe(0);
    const back = await api(`/departments/${grandchild.departmentId}`, {
      method: 'PATCH',
      token: admin.token,
      body: { parentId: root.departmentId, version: moved.json.version },
    });
    expect(back.status).toBe(200);
    expect((await one(root.departmentId)).childCount).toBe(2);

    // head: an active employee; an extranet person or an unknown id → 422 naming userId
    const head = await api(`/departments/${root.departmentId}/head`, {
      method: 'PUT',
      token: admin.token,
      body: { userId: employee.sub, version: root.version },
    });
    expect(head.status).toBe(200);
    expect(head.json).toMatchObject({ headUserId: employee.sub, headName: expect.stringContaining('Emil') });
    const badHead = await api(`/departments/${root.departmentId}/head`, {
      method: 'PUT',
      token: admin.token,
      body: { userId: extranet.sub, version: head.json.version },
    });
    expect(badHead.status).toBe(422);
    expect(badHead.json.error.fields[0].path).toBe('userId');
  });

  it('members live on the profile; delete is refused with children or members (409 naming why), then allowed', async () => {
    const parent = await create(`Ops ${tag()}`);
    const leaf = await create(`Support ${tag()}`, parent.departmentId);

    const put = await api(`/departments/${leaf.departmentId}/members/${employee.sub}`, {
      method: 'PUT',
      token: admin.token,
    });
    expect(put.status).toBe(200);
    expect(put.json.departmentIds).toContain(leaf.departmentId);
    // idempotent: a second PUT does not count twice
    expect(
      (await api(`/departments/${leaf.departmentId}/members/${employee.sub}`, { method: 'PUT', token: admin.token }))
        .status,
    ).toBe(200);
    expect((await one(leaf.departmentId)).memberCount).toBe(1);
    const dir = await api(`/people?q=emil&limit=50`, { token: employee.token });
    expect(dir.json.items.find((p: { userId: string }) => p.userId === employee.sub).departmentIds).toContain(
      leaf.departmentId,
    );
    // a person without a profile → 404; an employee cannot assign
    expect(
      (await api(`/departments/${leaf.departmentId}/members/${randomUUID()}`, { method: 'PUT', token: admin.token }))
        .status,
    ).toBe(404);
    expect(
      (
        await api(`/departments/${leaf.departmentId}/members/${employee.sub}`, {
          method: 'DELETE',
          token: employee.token,
        })
      ).status,
    ).toBe(403);

    const withChildren = await api(`/departments/${parent.departmentId}?version=${parent.version}`, {
      method: 'DELETE',
      token: admin.token,
    });
    expect(withChildren.status).toBe(409);
    expect(withChildren.json.error.code).toBe('DEPARTMENT_HAS_CHILDREN');
    const withMembers = await api(`/departments/${leaf.departmentId}?version=${leaf.version}`, {
      method: 'DELETE',
      token: admin.token,
    });
    expect(withMembers.status).toBe(409);
    expect(withMembers.json.error.code).toBe('DEPARTMENT_HAS_MEMBERS');

    const out = await api(`/departments/${leaf.departmentId}/members/${employee.sub}`, {
      method: 'DELETE',
      token: admin.token,
    });
    expect(out.status).toBe(200);
    expect(out.json.departmentIds).not.toContain(leaf.departmentId);
    expect(
      (
        await api(`/departments/${leaf.departmentId}?version=${leaf.version + 5}`, {
          method: 'DELETE',
          token: admin.token,
        })
      ).status,
    ).toBe(409);
    expect(
      (await api(`/departments/${leaf.departmentId}?version=${leaf.version}`, { method: 'DELETE', token: admin.token }))
        .status,
    ).toBe(204);
    expect((await one(parent.departmentId)).childCount).toBe(0);
    expect(
      (
        await api(`/departments/${parent.departmentId}?version=${parent.version}`, {
          method: 'DELETE',
          token: admin.token,
        })
      ).status,
    ).toBe(204);
    expect((await list()).map((d) => d.departmentId)).not.toContain(parent.departmentId);
  });

  it('an invitation into a department: the accepted person is in it; unknown ids → 422 with the index and nothing written', async () => {
    const dept = await create(`Finance ${tag()}`);
    const email = `it-dept-${tag()}@example.com`;
    const since = Math.floor(Date.now() / 1000) - 1;

    const unknown = '01HZZZZZZZZZZZZZZZZZZZZZZQ';
    const refused = await api('/invitations', {
      method: 'POST',
      token: admin.token,
      body: { emails: [email], role: 'employee', departmentIds: [dept.departmentId, unknown] },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.error.fields).toEqual([{ path: 'departmentIds.1', reason: 'no such department' }]);
    const stack = itStack();
    const ddb = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.urls.dynamodb,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    expect(
      (
        await ddb.send(
          new GetItemCommand({
            TableName: stack.tableName,
            Key: { PK: { S: `INVITE#${email}` }, SK: { S: 'INVITE' } },
          }),
        )
      ).Item,
    ).toBeUndefined();
    expect(await mailsTo(email, since)).toEqual([]);
    const extranetInvite = await api('/invitations', {
      method: 'POST',
      token: admin.token,
      body: { emails: [email], role: 'extranet', departmentIds: [dept.departmentId] },
    });
    expect(extranetInvite.status).toBe(400);
    expect(extranetInvite.json.error.fields[0].path).toBe('departmentIds');

    const ok = await api('/invitations', {
      method: 'POST',
      token: admin.token,
      body: { emails: [email], role: 'employee', departmentIds: [dept.departmentId] },
    });
    expect(ok.status).toBe(201);
    const mail = await waitForMail(email, since, { newest: true });
    const token = /\/invite\?token=([A-Za-z0-9_-]{43})/.exec(mail.body.text)![1]!;
    const password = `Invite-${tag()}-Aa1!`;
    expect(
      (
        await api('/invitations/accept', {
          method: 'POST',
          body: { token, firstName: 'Ioana', lastName: 'Dept', password },
        })
      ).status,
    ).toBe(201);

    const tokens = await stack.signIn(email, password);
    const me = await api('/people/me/profile', { token: tokens.idToken });
    const dir = await api(`/people?q=ioana&limit=50`, { token: tokens.idToken });
    expect(me.status).toBe(200);
    expect(dir.json.items.find((p: { email: string }) => p.email === email).departmentIds).toEqual([dept.departmentId]);
    expect((await one(dept.departmentId)).memberCount).toBe(1);
  });
});
