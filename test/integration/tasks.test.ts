/**
 * Tasks through the local gateway, every route × role (creator, responsible, participant, observer,
 * outsider employee, extranet, admin), bad input (nothing written), the approval flow, concurrent edits
 * (409), timers and time entries, lists (my tasks, deadlines, overdue count, board, subtasks) and
 * notifications from the stream and the deadline schedule.
 */
import { api, itStack, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(90_000);

type Who = 'creator' | 'responsible' | 'participant' | 'observer' | 'outsider' | 'extranet' | 'admin';
const u = {} as Record<Who, TestUser>;
const profile = async (p: TestUser, firstName: string) =>
  expect(
    (
      await api('/people/me/profile', {
        method: 'PATCH',
        token: p.token,
        body: { firstName, lastName: 'Test', version: 0 },
      })
    ).status,
  ).toBe(200);

beforeAll(async () => {
  const [creator, responsible, participant, observer, outsider, extranet, admin] = await Promise.all([
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('extranet'),
    signUpUser('admin'),
  ]);
  Object.assign(u, { creator, responsible, participant, observer, outsider, extranet, admin });
  await Promise.all(Object.entries(u).map(([k, p]) => profile(p, k)));
});

const newTask = async (extra: Record<string, unknown> = {}, by: Who = 'creator') => {
  const res = await api('/tasks', {
    token: u[by].token,
    body: {
      title: `Task ${Date.now()}`,
      responsibleId: u.responsible.sub,
      participantIds: [u.participant.sub],
      observerIds: [u.observer.sub],
      checklist: [{ text: 'one' }, { text: 'two' }],
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.json;
};
const as = (who: Who, path: string, init: { method?: string; body?: unknown } = {}) =>
  api(path, { token: u[who].token, ...init });
/** Sequential: several of these write the same task. */
async function statuses(whos: Who[], f: (w: Who) => Promise<{ status: number }>) {
  const out: Record<string, number> = {};
  for (const w of whos) out[w] = (await f(w)).status;
  return out;
}
const ALL: Who[] = ['creator', 'responsible', 'participant', 'observer', 'outsider', 'extranet', 'admin'];

it('route × role: who sees, edits, comments, ticks, changes checklist, tracks time, deletes', async () => {
  const t = await newTask();
  const path = `/tasks/${t.taskId}`;
  const seeing = {
    creator: 200,
    responsible: 200,
    participant: 200,
    observer: 200,
    outsider: 404,
    extranet: 404,
    admin: 200,
  };
  expect(await statuses(ALL, (w) => as(w, path))).toEqual(seeing);
  expect(await statuses(ALL, (w) => as(w, `${path}/history`))).toEqual(seeing);
  expect(await statuses(ALL, (w) => as(w, `${path}/comments`))).toEqual(seeing);
  expect(await statuses(ALL, (w) => as(w, `${path}/subtasks`))).toEqual(seeing);
  expect(await statuses(ALL, (w) => as(w, `${path}/time`))).toEqual(seeing);
  expect(await statuses(ALL, (w) => as(w, `${path}/comments`, { body: { text: `<p>from ${w}</p>` } }))).toEqual({
    ...seeing,
    creator: 201,
    responsible: 201,
    participant: 201,
    observer: 201,
    admin: 201,
  });
  const item = t.checklist[0].itemId;
  expect(
    await statuses(ALL, (w) => as(w, `${path}/checklist/${item}`, { method: 'PATCH', body: { done: true } })),
  ).toEqual({ ...seeing, observer: 403 });
  expect(
    await statuses(['participant', 'observer', 'outsider'], (w) =>
      as(w, `${path}/checklist`, { body: { items: [{ text: 'x' }] } }),
    ),
  ).toEqual({ participant: 403, observer: 403, outsider: 404 });
  expect((await as('responsible', `${path}/checklist`, { body: { items: [{ text: 'three' }] } })).status).toBe(201);
  expect(await statuses(ALL, (w) => as(w, `${path}/time`, { body: { seconds: 60, comment: `by ${w}` } }))).toEqual({
    ...seeing,
    creator: 201,
    responsible: 201,
    participant: 201,
    observer: 403,
    admin: 403,
  });
  // Core edits: creator and admin only (sequential: each bumps the version).
  for (const w of ['responsible', 'participant', 'observer'] as Who[])
    expect((await as(w, path, { method: 'PATCH', body: { version: 1, title: 'x' } })).status).toBe(403);
  expect((await as('outsider', path, { method: 'PATCH', body: { version: 1, title: 'x' } })).status).toBe(404);
  const cur = (await as('creator', path)).json;
  const e1 = await as('creator', path, {
    method: 'PATCH',
    body: { version: cur.version, title: 'Renamed', highPriority: true },
  });
  expect(e1.status).toBe(200);
  expect((await as('admin', path, { method: 'PATCH', body: { version: e1.json.version, tags: ['ops'] } })).status).toBe(
    200,
  );
  // Status: the responsible starts; creator/participant/observer may not; outsiders see nothing.
  expect(
    await statuses(['creator', 'participant', 'observer', 'outsider', 'extranet'], (w) =>
      as(w, `${path}/actions/start`, { body: {} }),
    ),
  ).toEqual({
    creator: 403,
    participant: 403,
    observer: 403,
    outsider: 404,
    extranet: 404,
  });
  expect((await as('responsible', `${path}/actions/start`, { body: {} })).json.status).toBe('in_progress');
  const hist = (await as('observer', `${path}/history`)).json.items.map((h: { field: string }) => h.field);
  expect(hist).toEqual(expect.arrayContaining(['status', 'title', 'highPriority', 'tags', 'checklist', 'created']));
  // Delete: creator or admin.
  expect(await statuses(['responsible', 'participant', 'outsider'], (w) => as(w, path, { method: 'DELETE' }))).toEqual({
    responsible: 403,
    participant: 403,
    outsider: 404,
  });
  expect((await as('creator', path, { method: 'DELETE' })).status).toBe(204);
  expect((await as('creator', path)).status).toBe(404);
});

it('bad input → clear 4xx naming the field, nothing written', async () => {
  const before = (await as('creator', '/tasks?role=creator&status=all&limit=100')).json.items.length;
  const unknown = await as('creator', '/tasks', { body: { title: 'x', responsibleId: 'no-such-person' } });
  expect(unknown.status).toBe(422);
  expect(unknown.json.error.fields[0].path).toBe('responsibleId');
  const date = await as('creator', '/tasks', {
    body: { title: 'x', responsibleId: u.responsible.sub, deadline: '31.12.2030' },
  });
  expect(date.status).toBe(400);
  expect(date.json.error.fields[0].path).toBe('deadline');
  const many = await as('creator', '/tasks', {
    body: {
      title: 'x',
      responsibleId: u.responsible.sub,
      checklist: Array.from({ length: 10_000 }, () => ({ text: 'a' })),
    },
  });
  expect(many.status).toBe(400);
  expect(many.json.error.fields[0].path).toBe('checklist');
  const outsiderGroup = await as('extranet', '/tasks', { body: { title: 'x', responsibleId: u.responsible.sub } });
  expect(outsiderGroup.status).toBe(403);
  await itStack().streamsIdle();
  expect((await as('creator', '/tasks?role=creator&status=all&limit=100')).json.items.length).toBe(before);
  // A disallowed transition: accept a pending task.
  const t = await newTask();
  const bad = await as('creator', `/tasks/${t.taskId}/actions/accept`, { body: {} });
  expect(bad.status).toBe(422);
  expect(bad.json.error.fields[0].path).toBe('params.action');
  expect((await as('creator', `/tasks/${t.taskId}`)).json).toMatchObject({ status: 'pending', version: 1 });
  // 101 checklist items in all.
  const full = await as('creator', `/tasks/${t.taskId}/checklist`, {
    body: { items: Array.from({ length: 99 }, (_, i) => ({ text: `i${i}` })) },
  });
  expect(full.status).toBe(422);
  expect(full.json.error.fields[0].path).toBe('items');
});

it('approval flow: result required, awaiting control, returned with a comment, accepted', async () => {
  const t = await newTask({ requireApproval: true, requireResult: true });
  const p = `/tasks/${t.taskId}/actions`;
  expect((await as('responsible', `${p}/start`, { body: {} })).status).toBe(200);
  const noResult = await as('responsible', `${p}/complete`, { body: {} });
  expect(noResult.status).toBe(400);
  expect(noResult.json.error.fields[0].path).toBe('result');
  expect((await as('responsible', `${p}/complete`, { body: { result: 'Report attached' } })).json.status).toBe(
    'awaiting_control',
  );
  expect((await as('responsible', `${p}/accept`, { body: {} })).status).toBe(403);
  expect((await as('creator', `${p}/return`, { body: {} })).status).toBe(400);
  expect((await as('creator', `${p}/return`, { body: { comment: 'Add the figures' } })).json.status).toBe(
    'in_progress',
  );
  const comments = (await as('responsible', `/tasks/${t.taskId}/comments`)).json.items;
  expect(comments.at(-1)).toMatchObject({ authorId: u.creator.sub, text: '<p>Add the figures</p>' });
  await as('responsible', `${p}/complete`, { body: { result: 'With figures' } });
  const done = await as('creator', `${p}/accept`, { body: {} });
  expect(done.json).toMatchObject({ status: 'completed', result: 'With figures' });
  const decl = await newTask();
  expect((await as('responsible', `/tasks/${decl.taskId}/actions/decline`, { body: {} })).status).toBe(400);
  expect(
    (await as('responsible', `/tasks/${decl.taskId}/actions/decline`, { body: { reason: 'Not mine' } })).json,
  ).toMatchObject({ status: 'declined', declineReason: 'Not mine' });
});

it('concurrent edits: one wins, the other gets 409 with the current task', async () => {
  const t = await newTask();
  const [a, b] = await Promise.all([
    as('creator', `/tasks/${t.taskId}`, { method: 'PATCH', body: { version: 1, title: 'A' } }),
    as('admin', `/tasks/${t.taskId}`, { method: 'PATCH', body: { version: 1, title: 'B' } }),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  const loser = a.status === 409 ? a : b;
  expect(loser.json.error.current).toMatchObject({ version: 2, title: a.status === 200 ? 'A' : 'B' });
});

it('sanitised comments with mentions; comments and assignment notify', async () => {
  const t = await newTask();
  const c = await as('participant', `/tasks/${t.taskId}/comments`, {
    body: {
      text: '<p>Hi <span data-mention="x">@obs</span><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a></p>',
      mentions: [u.observer.sub, u.outsider.sub],
    },
  });
  expect(c.status).toBe(201);
  expect(c.json.text).not.toMatch(/onerror|javascript|<img/);
  expect(c.json.mentions).toEqual([u.observer.sub]);
  await itStack().streamsIdle();
  const kinds = async (w: Who) =>
    (await as(w, '/notifications?limit=50')).json.items
      .filter((n: { link: string }) => n.link.startsWith(`/tasks/${t.taskId}`))
      .map((n: { kind: string }) => n.kind)
      .sort();
  expect(await kinds('responsible')).toEqual(['task.assigned', 'task.comment']);
  expect(await kinds('observer')).toEqual(['task.assigned', 'task.mention']);
  expect(await kinds('outsider')).toEqual([]);
  expect(await kinds('creator')).toEqual(['task.comment']);
});

it('timers: one running per person, starting another records the first; pause, stop; manual entries keep their edit history', async () => {
  const [t1, t2] = [await newTask(), await newTask()];
  expect((await as('participant', `/tasks/${t1.taskId}/timer/start`, { method: 'POST' })).json).toMatchObject({
    state: 'running',
    taskId: t1.taskId,
  });
  await new Promise((r) => setTimeout(r, 1_200));
  const switched = await as('participant', `/tasks/${t2.taskId}/timer/start`, { method: 'POST' });
  expect(switched.json).toMatchObject({ state: 'running', taskId: t2.taskId, recorded: { taskId: t1.taskId } });
  await new Promise((r) => setTimeout(r, 1_100));
  expect((await as('participant', '/timer/pause', { method: 'POST' })).json).toMatchObject({
    state: 'paused',
    taskId: t2.taskId,
    recorded: { taskId: t2.taskId },
  });
  expect((await as('participant', '/timer')).json.state).toBe('paused');
  expect((await as('participant', '/timer/stop', { method: 'POST' })).json).toMatchObject({
    state: 'idle',
    recorded: null,
  });
  const time1 = (await as('creator', `/tasks/${t1.taskId}/time`)).json;
  expect(time1.items).toHaveLength(1);
  expect(time1.totalSeconds).toBe(time1.items[0].seconds);
  // Manual entry, edited twice by its author; others may not edit it.
  const e = (await as('responsible', `/tasks/${t1.taskId}/time`, { body: { seconds: 600, comment: 'call' } })).json;
  expect(
    (
      await as('participant', `/tasks/${t1.taskId}/time/${e.entryId}`, {
        method: 'PATCH',
        body: { version: 1, seconds: 60 },
      })
    ).status,
  ).toBe(403);
  const e2 = (
    await as('responsible', `/tasks/${t1.taskId}/time/${e.entryId}`, {
      method: 'PATCH',
      body: { version: 1, seconds: 900 },
    })
  ).json;
  expect(
    (
      await as('responsible', `/tasks/${t1.taskId}/time/${e.entryId}`, {
        method: 'PATCH',
        body: { version: 1, seconds: 1 },
      })
    ).status,
  ).toBe(409);
  expect(e2.edits).toEqual([expect.objectContaining({ seconds: 600, comment: 'call', by: u.responsible.sub })]);
  const total = (await as('creator', `/tasks/${t1.taskId}`)).json.timeSpentSeconds;
  expect(total).toBe(time1.totalSeconds + 900);
});

it('lists: my tasks by role and status, deadlines buckets, overdue count, subtasks, the group board', async () => {
  const past = new Date(Date.now() - 3_600_000).toISOString();
  const soon = new Date(Date.now() + 60_000).toISOString();
  const overdueBefore = (await as('responsible', '/tasks/overdue-count')).json.overdue;
  const late = await newTask({ deadline: past });
  const due = await newTask({ deadline: soon });
  const child = await newTask({ parentId: late.taskId });
  const mine = (await as('responsible', '/tasks?role=responsible&limit=100')).json.items.map(
    (x: { taskId: string }) => x.taskId,
  );
  expect(mine).toEqual(expect.arrayContaining([late.taskId, due.taskId, child.taskId]));
  expect(
    (await as('participant', '/tasks?role=participant&limit=100')).json.items.some(
      (x: { taskId: string }) => x.taskId === late.taskId,
    ),
  ).toBe(true);
  expect(
    (await as('observer', '/tasks?role=observer&limit=100')).json.items.some(
      (x: { taskId: string }) => x.taskId === late.taskId,
    ),
  ).toBe(true);
  expect((await as('outsider', '/tasks?role=observer&limit=100')).json.items).toEqual([]);
  expect((await as('responsible', '/tasks/overdue-count')).json.overdue).toBe(overdueBefore + 1);
  const overdue = (await as('responsible', '/tasks/deadlines?bucket=overdue')).json.items;
  expect(overdue.find((x: { taskId: string }) => x.taskId === late.taskId)).toMatchObject({ overdue: true });
  expect(
    (await as('responsible', '/tasks/deadlines?bucket=today&tzOffsetMinutes=0')).json.items.map(
      (x: { taskId: string }) => x.taskId,
    ),
  ).toContain(due.taskId);
  // Completing removes it from the overdue count and the open list, shows under status=completed.
  await as('responsible', `/tasks/${late.taskId}/actions/complete`, { body: {} });
  expect((await as('responsible', '/tasks/overdue-count')).json.overdue).toBe(overdueBefore);
  expect(
    (await as('responsible', `/tasks?status=completed&limit=100`)).json.items.map((x: { taskId: string }) => x.taskId),
  ).toContain(late.taskId);
  expect(
    (await as('responsible', `/tasks/${late.taskId}/subtasks`)).json.items.map((x: { taskId: string }) => x.taskId),
  ).toEqual([child.taskId]);
  // Cursor: pages of 1 cover the same rows; a cursor from another list is refused.
  const p1 = (await as('responsible', '/tasks?role=responsible&limit=1')).json;
  expect(p1.items).toHaveLength(1);
  expect((await as('responsible', `/tasks?role=creator&limit=1&cursor=${p1.cursor}`)).status).toBe(400);
});

it('group tasks: members see and move them, extranet members work inside, outsiders get 404; the board is one list by stage', async () => {
  const g = (
    await as('creator', '/groups', {
      body: {
        name: `Proj ${Date.now()}`,
        kind: 'project',
        visibility: 'closed',
        memberIds: [u.outsider.sub, u.extranet.sub],
      },
    })
  ).json;
  // "outsider" is a plain member here (no task role); a fresh employee stays outside.
  const stranger = await signUpUser('employee');
  const t = await newTask({ groupId: g.groupId, responsibleId: u.extranet.sub });
  expect(t.stageId).toBe(g.stages[0].stageId);
  expect((await as('outsider', `/tasks/${t.taskId}`)).json).toMatchObject({
    myRoles: [],
    rights: { see: true, edit: false, move: false },
  });
  expect((await api(`/tasks/${t.taskId}`, { token: stranger.token })).status).toBe(404);
  expect((await api(`/groups/${g.groupId}/tasks`, { token: stranger.token })).status).toBe(404);
  expect((await as('extranet', `/tasks/${t.taskId}/actions/start`, { body: {} })).json.status).toBe('in_progress');
  const ext = await as('extranet', '/tasks', {
    body: { title: 'From the partner', responsibleId: u.creator.sub, groupId: g.groupId },
  });
  expect(ext.status).toBe(201);
  // An extranet person outside the group cannot be put on a task without it.
  const other = await signUpUser('extranet');
  await profile(other, 'Other');
  const refused = await as('creator', '/tasks', { body: { title: 'x', responsibleId: other.sub } });
  expect(refused.status).toBe(422);
  const moved = await as('creator', `/tasks/${t.taskId}/stage`, {
    method: 'PUT',
    body: { stageId: g.stages[2].stageId },
  });
  expect(moved.json.stageId).toBe(g.stages[2].stageId);
  expect(
    (await as('outsider', `/tasks/${t.taskId}/stage`, { method: 'PUT', body: { stageId: g.stages[1].stageId } }))
      .status,
  ).toBe(403);
  const board = (await as('outsider', `/groups/${g.groupId}/tasks`)).json.items;
  expect(board.map((x: { taskId: string; stageId: string }) => [x.taskId, x.stageId])).toEqual(
    expect.arrayContaining([
      [t.taskId, g.stages[2].stageId],
      [ext.json.taskId, g.stages[0].stageId],
    ]),
  );
  const stage = (await as('outsider', `/groups/${g.groupId}/tasks?stageId=${g.stages[2].stageId}`)).json.items;
  expect(stage.map((x: { taskId: string }) => x.taskId)).toEqual([t.taskId]);
});

it('schedule: overdue and due-tomorrow notifications, once per task, person and day', async () => {
  const late = await newTask({ deadline: new Date(Date.now() - 7_200_000).toISOString() });
  const soon = await newTask({ deadline: new Date(Date.now() + 3 * 3_600_000).toISOString() });
  await itStack().streamsIdle();
  await itStack().runSchedule('tasks', 'deadlineReminders');
  await itStack().runSchedule('tasks', 'deadlineReminders');
  const mine = async (w: Who, taskId: string) =>
    (await as(w, '/notifications?limit=50')).json.items
      .filter((n: { link: string }) => n.link === `/tasks/${taskId}`)
      .map((n: { kind: string }) => n.kind)
      .sort();
  expect(await mine('responsible', late.taskId)).toEqual(['task.assigned', 'task.overdue']);
  expect(await mine('creator', late.taskId)).toEqual(['task.overdue']);
  expect(await mine('responsible', soon.taskId)).toEqual(['task.assigned', 'task.deadline']);
});
