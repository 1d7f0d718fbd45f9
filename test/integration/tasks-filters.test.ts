/**
 * Tasks through the local gateway: the list's server-side filters (deadline buckets, explicit range, no deadline,
 * overdue, project; combined with role and status; cursors stay inside their filter), the `people` maps views and pages
 * carry (extranet people read the names of the people on their tasks), `requireResult` on list rows, and deleting
 * a parent task detaching its subtasks in the same transaction.
 */
import { api, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(90_000);

type Who = 'creator' | 'responsible' | 'helper' | 'extranet';
const u = {} as Record<Who, TestUser>;
const as = (who: Who, path: string, init: { method?: string; body?: unknown } = {}) =>
  api(path, { token: u[who].token, ...init });
const ids = (r: { json: { items: { taskId: string }[] } }) => r.json.items.map((x) => x.taskId);
const hour = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

beforeAll(async () => {
  const [creator, responsible, helper, extranet] = await Promise.all([
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('extranet'),
  ]);
  Object.assign(u, { creator, responsible, helper, extranet });
  const names: Record<Who, string> = { creator: 'Cora', responsible: 'Radu', helper: 'Hana', extranet: 'Eric' };
  for (const [k, p] of Object.entries(u)) {
    const r = await api('/people/me/profile', {
      method: 'PATCH',
      token: p.token,
      body: { firstName: names[k as Who], lastName: 'Filter', version: 0 },
    });
    expect(r.status).toBe(200);
  }
});

const newTask = async (extra: Record<string, unknown> = {}, by: Who = 'creator') => {
  const res = await as(by, '/tasks', {
    body: {
      title: `Filter ${Date.now()} ${Math.random()}`,
      responsibleId: u.responsible.sub,
      participantIds: [u.helper.sub],
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.json as { taskId: string; version: number; people: Record<string, { name: string; hasPhoto: boolean }> };
};

it('deadline filters are answered by the server: overdue, today, later, none, an explicit range; per role and status', async () => {
  const late = await newTask({ deadline: at(-2 * hour) });
  const today = await newTask({ deadline: at(60_000) });
  const later = await newTask({ deadline: at(40 * 24 * hour) });
  const none = await newTask();
  const mine = [late, today, later, none].map((t) => t.taskId);
  const pick = (r: { json: { items: { taskId: string }[] } }) => ids(r).filter((id) => mine.includes(id));

  expect(pick(await as('responsible', '/tasks?role=responsible&due=overdue&limit=100'))).toEqual([late.taskId]);
  // Deadline order from the server (open tasks, no deadline last).
  expect(pick(await as('responsible', '/tasks?role=responsible&sort=deadline&limit=100'))).toEqual([
    late.taskId,
    today.taskId,
    later.taskId,
    none.taskId,
  ]);
  const overdueRows = (await as('responsible', '/tasks?role=responsible&due=overdue&limit=100')).json.items;
  expect(overdueRows.every((x: { overdue: boolean }) => x.overdue)).toBe(true);
  expect(pick(await as('responsible', '/tasks?role=responsible&due=today&tzOffsetMinutes=0&limit=100'))).toEqual([
    today.taskId,
  ]);
  expect(pick(await as('responsible', '/tasks?role=responsible&due=later&limit=100'))).toEqual([later.taskId]);
  expect(pick(await as('responsible', '/tasks?role=responsible&due=none&limit=100'))).toEqual([none.taskId]);
  // An explicit range [from, to), ordered by deadline.
  const range = `dueFrom=${encodeURIComponent(at(-3 * hour))}&dueTo=${encodeURIComponent(at(hour))}`;
  expect(pick(await as('responsible', `/tasks?role=responsible&${range}&limit=100`))).toEqual([
    late.taskId,
    today.taskId,
  ]);
  // The participant's own role list filters the same way; the creator's "I created" too.
  expect(pick(await as('helper', '/tasks?role=participant&due=overdue&limit=100'))).toEqual([late.taskId]);
  expect(pick(await as('creator', '/tasks?role=creator&due=none&limit=100'))).toEqual([none.taskId]);
  expect(pick(await as('creator', '/tasks?role=responsible&due=overdue&limit=100'))).toEqual([]);

  // With one status: the deadline range inside that status.
  await as('responsible', `/tasks/${late.taskId}/actions/start`, { body: {} });
  expect(pick(await as('responsible', '/tasks?role=responsible&status=in_progress&due=overdue&limit=100'))).toEqual([
    late.taskId,
  ]);
  expect(pick(await as('responsible', '/tasks?role=responsible&status=pending&due=overdue&limit=100'))).toEqual([]);
  // Finished tasks are never overdue; completing takes it out of the open deadline lists.
  await as('responsible', `/tasks/${late.taskId}/actions/complete`, { body: {} });
  expect(pick(await as('responsible', '/tasks?role=responsible&due=overdue&limit=100'))).toEqual([]);
  expect(pick(await as('responsible', '/tasks?role=responsible&status=completed&due=overdue&limit=100'))).toEqual([]);
  expect(pick(await as('responsible', `/tasks?role=responsible&status=completed&${range}&limit=100`))).toEqual([
    late.taskId,
  ]);

  // A cursor belongs to its filter: pages of one walk the same rows, and another filter refuses it.
  const p1 = (await as('responsible', '/tasks?role=responsible&due=later&limit=1')).json;
  expect(p1.items).toHaveLength(1);
  expect(
    (
      await as(
        'responsible',
        `/tasks?role=responsible&due=today&limit=1&cursor=${encodeURIComponent(p1.cursor ?? 'x')}`,
      )
    ).status,
  ).toBe(400);
});

it('bad filters → 400 naming the field', async () => {
  const bad = async (q: string, field: string) => {
    const r = await as('responsible', `/tasks?${q}`);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain(field);
  };
  await bad('due=tomorrow', 'due');
  await bad('dueFrom=2025-13-01', 'dueFrom');
  await bad('dueFrom=2025-03-02T00:00:00Z&dueTo=2025-03-01T00:00:00Z', 'dueTo');
  await bad('due=today&dueTo=2025-03-01T00:00:00Z', 'due');
  await bad('status=all&due=overdue', 'status');
  await bad('status=all&sort=deadline', 'sort');
  await bad('sort=title', 'sort');
  await bad('groupId=nope', 'groupId');
  await bad('tzOffsetMinutes=5000', 'tzOffsetMinutes');
});

it('project filter: only my tasks of that project, by role, status and deadline; an outsider gets none', async () => {
  const g = (
    await as('creator', '/groups', {
      body: {
        name: `Filters ${Date.now()}`,
        kind: 'project',
        memberIds: [u.responsible.sub, u.helper.sub, u.extranet.sub],
      },
    })
  ).json;
  expect(g.groupId).toBeTruthy();
  const inside = await newTask({ groupId: g.groupId, deadline: at(-hour) });
  const insideLater = await newTask({ groupId: g.groupId, deadline: at(30 * 24 * hour) });
  const notMine = await newTask({ groupId: g.groupId, responsibleId: u.creator.sub, participantIds: [] });
  const outside = await newTask({ deadline: at(-hour) });
  const q = (extra: string) => `/tasks?role=responsible&groupId=${g.groupId}&limit=100${extra}`;
  const listed = ids(await as('responsible', q('')));
  expect(listed).toEqual(expect.arrayContaining([inside.taskId, insideLater.taskId]));
  expect(listed).not.toContain(outside.taskId);
  expect(listed).not.toContain(notMine.taskId);
  expect(ids(await as('responsible', q('&due=overdue')))).toEqual([inside.taskId]);
  expect(ids(await as('responsible', q('&status=pending&due=later')))).toEqual([insideLater.taskId]);
  expect(ids(await as('helper', `/tasks?role=participant&groupId=${g.groupId}&limit=100`))).toEqual(
    expect.arrayContaining([inside.taskId, insideLater.taskId]),
  );
  // Another group member with no role on these tasks: "my tasks" in the project are none of them.
  expect(ids(await as('extranet', `/tasks?role=responsible&groupId=${g.groupId}&limit=100`))).toEqual([]);
  // Someone outside the project learns nothing either.
  const stranger = await signUpUser('employee');
  expect((await api(`/tasks?role=responsible&groupId=${g.groupId}`, { token: stranger.token })).json.items).toEqual([]);
});

it('people maps: task view, list page, comments, history and time name everyone; extranet people read them too', async () => {
  const g = (
    await as('creator', '/groups', {
      body: { name: `People ${Date.now()}`, memberIds: [u.responsible.sub, u.helper.sub, u.extranet.sub] },
    })
  ).json;
  const t = await newTask({
    groupId: g.groupId,
    responsibleId: u.extranet.sub,
    observerIds: [u.responsible.sub],
    requireResult: true,
  });
  expect(t.people[u.creator.sub]).toEqual({ name: 'Cora Filter', hasPhoto: false });
  expect(t.people[u.extranet.sub]?.name).toBe('Eric Filter');
  expect(t.people[u.helper.sub]?.name).toBe('Hana Filter');
  expect(t.people[u.responsible.sub]?.name).toBe('Radu Filter');
  // The extranet responsible person reads the names of the people on the task (not the directory).
  const seen = await as('extranet', `/tasks/${t.taskId}`);
  expect(seen.json.people[u.creator.sub].name).toBe('Cora Filter');
  expect((await as('extranet', `/people/${u.creator.sub}`)).status).toBe(404);
  // List rows carry the responsible person's and creator's names, and requireResult.
  const page = (await as('extranet', '/tasks?role=responsible&limit=100')).json;
  expect(page.items.find((x: { taskId: string }) => x.taskId === t.taskId)).toMatchObject({
    requireResult: true,
    requireApproval: false,
  });
  expect(page.people[u.creator.sub].name).toBe('Cora Filter');
  expect(page.people[u.extranet.sub].name).toBe('Eric Filter');
  // Comments name authors and the mentioned; history names who changed and the people fields' values.
  expect(
    (
      await as('helper', `/tasks/${t.taskId}/comments`, {
        body: { text: '<p>hi <b>Eric</b></p>', mentions: [u.extranet.sub] },
      })
    ).status,
  ).toBe(201);
  const comments = (await as('extranet', `/tasks/${t.taskId}/comments`)).json;
  expect(comments.people[u.helper.sub].name).toBe('Hana Filter');
  expect(comments.people[u.extranet.sub].name).toBe('Eric Filter');
  const edited = await as('creator', `/tasks/${t.taskId}`, {
    method: 'PATCH',
    body: { version: t.version, responsibleId: u.responsible.sub },
  });
  expect(edited.status).toBe(200);
  const hist = (await as('responsible', `/tasks/${t.taskId}/history`)).json;
  expect(hist.people[u.extranet.sub].name).toBe('Eric Filter');
  expect(hist.people[u.responsible.sub].name).toBe('Radu Filter');
  // The list rows now name the new responsible person.
  const rows = (await as('responsible', '/tasks?role=responsible&limit=100')).json;
  expect(rows.people[u.responsible.sub].name).toBe('Radu Filter');
  expect((await as('helper', `/tasks/${t.taskId}/time`, { body: { seconds: 120, comment: 'work' } })).status).toBe(201);
  expect((await as('creator', `/tasks/${t.taskId}/time`)).json.people[u.helper.sub].name).toBe('Hana Filter');
});

it('deleting a parent task detaches its subtasks in the same step (history says so); the subtask stays visible', async () => {
  const parent = await newTask();
  const a = await newTask({ parentId: parent.taskId });
  const b = await newTask({ parentId: parent.taskId });
  expect(ids(await as('creator', `/tasks/${parent.taskId}/subtasks`))).toEqual([a.taskId, b.taskId]);
  // Only the creator (or an admin) deletes: the responsible person's try changes nothing.
  expect((await as('responsible', `/tasks/${parent.taskId}`, { method: 'DELETE' })).status).toBe(403);
  expect((await as('creator', `/tasks/${a.taskId}`)).json.parentId).toBe(parent.taskId);
  expect((await as('creator', `/tasks/${parent.taskId}`, { method: 'DELETE' })).status).toBe(204);
  expect((await as('creator', `/tasks/${parent.taskId}`)).status).toBe(404);
  for (const c of [a, b]) {
    const v = (await as('responsible', `/tasks/${c.taskId}`)).json;
    expect(v.parentId).toBeNull();
    expect(v.version).toBe(c.version + 1);
    const h = (await as('responsible', `/tasks/${c.taskId}/history`)).json.items;
    expect(h[0]).toMatchObject({ field: 'parentId', from: parent.taskId, to: null, userId: u.creator.sub });
  }
  // The detached subtask is a normal task again: editable, and it can get a new parent.
  const other = await newTask();
  const re = await as('creator', `/tasks/${a.taskId}`, {
    method: 'PATCH',
    body: { version: a.version + 1, parentId: other.taskId },
  });
  expect(re.status).toBe(200);
  expect(ids(await as('creator', `/tasks/${other.taskId}/subtasks`))).toEqual([a.taskId]);
});
