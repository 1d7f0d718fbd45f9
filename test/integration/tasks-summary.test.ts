/**
 * GET /tasks/summary through the local gateway (Home's "My tasks"): overdue, due later today in the viewer's time
 * zone, and awaiting my control (tasks I created that the responsible person completed and that need my approval),
 * each with its rows and count; a person with nothing gets three empty groups; nobody sees another's tasks.
 */
import { endOfLocalDay } from '../../shared/tasks/summary';
import { api, signUpUser, type TestUser } from '../support/local-stack-client';

jest.setTimeout(90_000);

type Who = 'creator' | 'responsible' | 'stranger';
const u = {} as Record<Who, TestUser>;
const as = (who: Who, path: string, init: { method?: string; body?: unknown } = {}) =>
  api(path, { token: u[who].token, ...init });
const hour = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
type Group = { items: { taskId: string; status: string; overdue: boolean }[]; count: number };
type Summary = { overdue: Group; today: Group; awaitingControl: Group; people: Record<string, { name: string }> };

beforeAll(async () => {
  const [creator, responsible, stranger] = await Promise.all([
    signUpUser('employee'),
    signUpUser('employee'),
    signUpUser('employee'),
  ]);
  Object.assign(u, { creator, responsible, stranger });
  // Tasks name only active people with a profile.
  const names: Record<Who, string> = { creator: 'Cora', responsible: 'Radu', stranger: 'Sara' };
  for (const [who, p] of Object.entries(u)) {
    const r = await api('/people/me/profile', {
      method: 'PATCH',
      token: p.token,
      body: { firstName: names[who as Who], lastName: 'Summary', version: 0 },
    });
    expect(r.status).toBe(200);
  }
});

const newTask = async (extra: Record<string, unknown>) => {
  const res = await as('creator', '/tasks', {
    body: { title: `Summary ${Math.random()}`, responsibleId: u.responsible.sub, ...extra },
  });
  expect(res.status).toBe(201);
  return (res.json as { taskId: string }).taskId;
};

it('overdue, today (in the time zone asked for) and awaiting my control, each with rows and a count', async () => {
  // "Today" in UTC: a deadline halfway between now and UTC midnight (never tomorrow, whenever the test runs).
  const endOfToday = Date.parse(endOfLocalDay('UTC', new Date()));
  const laterToday = new Date(Date.now() + (endOfToday - Date.now()) / 2).toISOString();
  const late = await newTask({ deadline: at(-2 * hour) });
  const today = await newTask({ deadline: laterToday });
  const nextWeek = await newTask({ deadline: at(7 * 24 * hour) });
  const toApprove = await newTask({ requireApproval: true });
  expect((await as('responsible', `/tasks/${toApprove}/actions/complete`, { body: {} })).json.status).toBe(
    'awaiting_control',
  );

  const mine = await as('responsible', '/tasks/summary?timeZone=UTC');
  expect(mine.status).toBe(200);
  const s = mine.json as Summary;
  expect(s.overdue).toMatchObject({ count: 1, items: [{ taskId: late, overdue: true }] });
  expect(s.today).toMatchObject({ count: 1, items: [{ taskId: today, overdue: false }] });
  // The responsible person has nothing to approve; the creator has the completed task.
  expect(s.awaitingControl).toEqual({ items: [], count: 0 });
  expect(JSON.stringify(s)).not.toContain(nextWeek);
  expect(s.people[u.creator.sub]?.name).toBe('Cora Summary');

  const creators = (await as('creator', '/tasks/summary?timeZone=Europe/Bucharest')).json as Summary;
  expect(creators.awaitingControl).toMatchObject({
    count: 1,
    items: [{ taskId: toApprove, status: 'awaiting_control' }],
  });
  // Overdue and today are the Tasks page's deadline buckets: every open task I am on, the ones I delegated too.
  expect(creators.overdue.items.map((t) => t.taskId)).toEqual([late]);

  // Once accepted it no longer waits.
  expect((await as('creator', `/tasks/${toApprove}/actions/accept`, { body: {} })).status).toBe(200);
  expect(((await as('creator', '/tasks/summary')).json as Summary).awaitingControl.count).toBe(0);
});

it('a person with no tasks gets three empty groups; a bad time zone is a 400 naming the field', async () => {
  const r = await as('stranger', '/tasks/summary?timeZone=Europe/Bucharest');
  expect(r.status).toBe(200);
  expect(r.json).toEqual({
    overdue: { items: [], count: 0 },
    today: { items: [], count: 0 },
    awaitingControl: { items: [], count: 0 },
    people: {},
  });
  const bad = await as('stranger', '/tasks/summary?timeZone=Mars%2FOlympus');
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.json)).toContain('timeZone');
});
