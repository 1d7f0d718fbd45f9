/**
 * The tasks handler with DynamoDB mocked: DynamoDB calls per route (create = 1 BatchGet + 1 TransactWrite;
 * my tasks = 1 Query), bad input written nowhere, outsiders 404, disallowed transitions 4xx, 409 with the
 * current task, the timer moving in one transaction.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler } from '../../../functions/tasks/handler';
import { taskRow, type TaskItem } from '../../../functions/tasks/task-entity';
import { employeeClaims, httpEvent, lambdaContext } from '../../support/events';

const ddb = mockClient(DynamoDBClient);
const TASK = '01JTASK0000000000000000000';
const profile = (userId: string, status = 'active', role = 'employee') => ({
  PK: `USER#${userId}`,
  SK: 'PROFILE',
  userId,
  firstName: userId,
  lastName: 'X',
  status,
  role,
  __edb_e__: 'profile',
});
const task = (over: Partial<TaskItem> = {}): TaskItem => ({
  taskId: TASK,
  title: 'Write the report',
  description: '',
  creatorId: 'c1',
  responsibleId: 'r1',
  participantIds: ['p1'],
  observerIds: ['o1'],
  highPriority: false,
  tags: [],
  checklist: [],
  requireApproval: false,
  requireResult: false,
  status: 'pending',
  timeSpentSeconds: 0,
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastActorId: 'c1',
  ...over,
});

async function call(
  routeKey: string,
  sub: string,
  opts: { body?: unknown; params?: Record<string, string>; query?: Record<string, string> } = {},
) {
  const res = (await handler(
    httpEvent({
      routeKey,
      claims: employeeClaims(sub),
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      pathParameters: opts.params,
      query: opts.query,
    }),
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode!, json: res.body ? JSON.parse(res.body as string) : undefined };
}
const calls = () => ddb.calls().map((c) => c.args[0].constructor.name);
const txItems = () =>
  (ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? []) as Record<string, any>[];

beforeEach(() => ddb.reset());

describe('create', () => {
  it('checks every person with ONE BatchGet and writes task + role rows + history in ONE transaction', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'portal-unit': [profile('r1'), profile('p1'), profile('o1')] } });
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('POST /tasks', 'c1', {
      body: {
        title: 'Plan',
        responsibleId: 'r1',
        participantIds: ['p1'],
        observerIds: ['o1'],
        deadline: '2030-05-01T17:00:00+02:00',
        description: '<p onclick="x()">Hi<script>alert(1)</script></p>',
        checklist: [{ text: 'a' }],
      },
    });
    expect(res.status).toBe(201);
    expect(calls()).toEqual(['BatchGetCommand', 'TransactWriteCommand']);
    // The three people to check, plus the creator (whose name the list rows carry).
    expect(ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!['portal-unit']!.Keys).toHaveLength(4);
    const sks = txItems()
      .map((i) => i.Put?.Item.SK)
      .sort();
    expect(sks).toEqual(
      [
        'HIST#' + sks[0]!.slice(5),
        'ROLE#c1#creator',
        'ROLE#o1#observer',
        'ROLE#p1#participant',
        'ROLE#r1#responsible',
        'TASK',
      ].sort(),
    );
    const taskPut = txItems().find((i) => i.Put.Item.SK === 'TASK')!.Put;
    expect(taskPut.Item.deadline).toBe('2030-05-01T15:00:00.000Z');
    expect(taskPut.Item.description).toBe('<p>Hi</p>');
    expect(taskPut.Item.GSI3PK).toBe('DEADLINES');
    const resp = txItems().find((i) => i.Put.Item.SK === 'ROLE#r1#responsible')!.Put.Item;
    expect(resp).toMatchObject({
      GSI1PK: 'USER#r1#responsible',
      GSI1SK: `2#2030-05-01T15:00:00.000Z#${taskPut.Item.taskId}`,
      GSI3PK: 'USER#r1#OPEN',
    });
    // Open: also on the role's open-by-deadline index (list deadline filters); the names ride on the row.
    expect(resp).toMatchObject({
      GSI2PK: 'USER#r1#responsible#OPEN',
      GSI2SK: `2030-05-01T15:00:00.000Z#${taskPut.Item.taskId}`,
      names: { r1: { name: 'r1 X', hasPhoto: false } },
    });
    expect(taskPut.Item.GSI1PK).toBeUndefined();
    expect(res.json.rights.edit).toBe(true);
  });

  it('an unknown or deactivated responsible person → 422 naming the field, nothing written', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'portal-unit': [profile('p1', 'deactivated')] } });
    const res = await call('POST /tasks', 'c1', {
      body: { title: 'Plan', responsibleId: 'ghost', participantIds: ['p1'] },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['responsibleId', 'participantIds.0']);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('bad input never reaches DynamoDB: deadline format, 10,000 checklist items', async () => {
    const bad = await call('POST /tasks', 'c1', { body: { title: 'x', responsibleId: 'r1', deadline: '01/05/2030' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toBe('deadline');
    const huge = await call('POST /tasks', 'c1', {
      body: { title: 'x', responsibleId: 'r1', checklist: Array.from({ length: 10_000 }, () => ({ text: 'a' })) },
    });
    expect(huge.status).toBe(400);
    expect(huge.json.error.fields[0].path).toBe('checklist');
    // Longer items cross the body limit first: still a clear 4xx before any read.
    const larger = await call('POST /tasks', 'c1', {
      body: {
        title: 'x',
        responsibleId: 'r1',
        checklist: Array.from({ length: 10_000 }, (_, i) => ({ text: `item ${i}` })),
      },
    });
    expect(larger.status).toBe(413);
    expect(calls()).toEqual([]);
  });
});

describe('rights and status', () => {
  it('an outsider gets 404 (1 GetItem, nothing written)', async () => {
    ddb.on(GetCommand).resolves({ Item: taskRow(task()) });
    const res = await call('GET /tasks/{taskId}', 'stranger', { params: { taskId: TASK } });
    expect(res.status).toBe(404);
    expect(calls()).toEqual(['GetCommand']);
  });

  it('a disallowed transition → 422 naming the action, nothing written', async () => {
    ddb.on(GetCommand).resolves({ Item: taskRow(task({ status: 'completed' })) });
    const res = await call('POST /tasks/{taskId}/actions/{action}', 'r1', {
      params: { taskId: TASK, action: 'start' },
      body: {},
    });
    expect(res.status).toBe(422);
    expect(res.json.error.fields[0].path).toBe('params.action');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('start rewrites the role rows (status rank) and history in the same transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: taskRow(task()) });
    ddb.on(BatchGetCommand).resolves({ Responses: { 'portal-unit': [profile('r1')] } });
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('POST /tasks/{taskId}/actions/{action}', 'r1', {
      params: { taskId: TASK, action: 'start' },
      body: {},
    });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('in_progress');
    const items = txItems();
    expect(items[0]!.Put).toMatchObject({
      ConditionExpression: '#version = :version0',
      ExpressionAttributeValues: { ':version0': 3 },
    });
    expect(items.filter((i) => i.Put?.Item.SK.startsWith('ROLE#')).map((i) => i.Put.Item.GSI1SK.slice(0, 2))).toEqual([
      '1#',
      '1#',
      '1#',
      '1#',
    ]);
    expect(items.find((i) => i.Put?.Item.SK.startsWith('HIST#'))!.Put.Item).toMatchObject({
      field: 'status',
      from: 'pending',
      to: 'in_progress',
      userId: 'r1',
    });
  });

  it('a stale version → 409 with the current task', async () => {
    ddb.on(GetCommand).resolves({ Item: taskRow(task({ version: 4 })) });
    ddb.on(BatchGetCommand).resolves({ Responses: { 'portal-unit': [profile('c1')] } });
    const res = await call('PATCH /tasks/{taskId}', 'c1', {
      params: { taskId: TASK },
      body: { version: 3, title: 'New' },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.current).toMatchObject({ taskId: TASK, version: 4 });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a task view names its people: 1 GetItem + ONE BatchGet of their profiles (ticker included)', async () => {
    const ticked = {
      itemId: '01JITEM0000000000000000000',
      text: 'a',
      done: true,
      doneBy: 'admin9',
      doneAt: '2026-01-02T00:00:00.000Z',
    };
    ddb.on(GetCommand).resolves({ Item: taskRow(task({ checklist: [ticked] })) });
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        'portal-unit': [
          profile('c1'),
          profile('r1'),
          { ...profile('p1'), thumbnailKey: 'people/p1/t.webp' },
          profile('admin9'),
        ],
      },
    });
    const res = await call('GET /tasks/{taskId}', 'o1', { params: { taskId: TASK } });
    expect(res.status).toBe(200);
    expect(calls()).toEqual(['GetCommand', 'BatchGetCommand']);
    const keys = ddb
      .commandCalls(BatchGetCommand)[0]!
      .args[0].input.RequestItems!['portal-unit']!.Keys!.map((k) => k.PK);
    expect(keys.sort()).toEqual(['USER#admin9', 'USER#c1', 'USER#o1', 'USER#p1', 'USER#r1']);
    expect(res.json.people).toEqual({
      c1: { name: 'c1 X', hasPhoto: false },
      r1: { name: 'r1 X', hasPhoto: false },
      p1: { name: 'p1 X', hasPhoto: true },
      admin9: { name: 'admin9 X', hasPhoto: false },
    });
  });

  it('deleting a parent detaches its subtasks in the same transaction (subtask + history each)', async () => {
    ddb.on(GetCommand).resolves({ Item: taskRow(task()) });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ taskId: 'KID1' }, { taskId: 'KID2' }] })
      .resolves({ Items: [] });
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('DELETE /tasks/{taskId}', 'c1', { params: { taskId: TASK } });
    expect(res.status).toBe(204);
    const items = txItems();
    expect(items[0]!.Delete).toMatchObject({
      Key: { PK: `TASK#${TASK}`, SK: 'TASK' },
      ConditionExpression: '#version = :version0',
    });
    const updates = items.filter((i) => i.Update).map((i) => i.Update);
    expect(updates.map((u) => u.Key.PK)).toEqual(['TASK#KID1', 'TASK#KID2']);
    expect(updates[0]).toMatchObject({
      UpdateExpression: expect.stringContaining('REMOVE #parentId') as string,
      // Detached only while it is still this task's subtask.
      ConditionExpression: 'attribute_exists(#PK) AND attribute_exists(#SK) AND #parentId = :parentId0',
      ExpressionAttributeValues: expect.objectContaining({ ':parentId0': TASK, ':version_u0': 1 }) as Record<
        string,
        unknown
      >,
    });
    expect(
      items
        .filter((i) => i.Put?.Item.SK.startsWith('HIST#'))
        .map((i) => [i.Put.Item.PK, i.Put.Item.field, i.Put.Item.from]),
    ).toEqual([
      ['TASK#KID1', 'parentId', TASK],
      ['TASK#KID2', 'parentId', TASK],
    ]);
  });

  it('a parent with more subtasks than one transaction detaches → 409, nothing written', async () => {
    ddb.on(GetCommand).resolves({ Item: taskRow(task()) });
    ddb.on(QueryCommand).resolves({ Items: Array.from({ length: 46 }, (_, i) => ({ taskId: `KID${i}` })) });
    const res = await call('DELETE /tasks/{taskId}', 'c1', { params: { taskId: TASK } });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/more than 45 subtasks/);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('the responsible person may not edit core fields (403)', async () => {
    ddb.on(GetCommand).resolves({ Item: taskRow(task()) });
    const res = await call('PATCH /tasks/{taskId}', 'r1', {
      params: { taskId: TASK },
      body: { version: 3, title: 'New' },
    });
    expect(res.status).toBe(403);
  });
});

describe('lists and timer', () => {
  it('my tasks = ONE Query on GSI1 (open statuses: rank < 5)', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          taskId: TASK,
          title: 'x',
          status: 'pending',
          responsibleId: 'r1',
          creatorId: 'c1',
          highPriority: false,
          deadline: '2000-01-01T00:00:00.000Z',
        },
      ],
    });
    const res = await call('GET /tasks', 'r1', { query: { role: 'responsible' } });
    expect(res.status).toBe(200);
    expect(calls()).toEqual(['QueryCommand']);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      ExpressionAttributeValues: { ':pk': 'USER#r1#responsible', ':end': '5' },
    });
    expect(res.json.items[0]).toMatchObject({ taskId: TASK, overdue: true });
  });

  it('deadline filter with status open = ONE Query on the role’s open-by-deadline index (GSI2), range as the key', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        {
          taskId: TASK,
          title: 'x',
          status: 'pending',
          responsibleId: 'r1',
          creatorId: 'c1',
          deadline: '2000-01-01T00:00:00.000Z',
          names: { c1: { name: 'C', hasPhoto: false } },
        },
      ],
    });
    const res = await call('GET /tasks', 'r1', { query: { role: 'responsible', due: 'overdue' } });
    expect(res.status).toBe(200);
    expect(calls()).toEqual(['QueryCommand']);
    const input = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :hi',
      ExpressionAttributeValues: { ':pk': 'USER#r1#responsible#OPEN' },
    });
    expect(input.FilterExpression).toBeUndefined();
    expect(res.json.people).toEqual({ c1: { name: 'C', hasPhoto: false } });
    const none = await call('GET /tasks', 'r1', { query: { role: 'creator', due: 'none' } });
    expect(none.status).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input).toMatchObject({
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :p)',
      ExpressionAttributeValues: { ':pk': 'USER#r1#creator#OPEN', ':p': '~' },
    });
  });

  it('deadline range inside one status = ONE Query on GSI1 between {rank}#{from} and {rank}#{to}', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const res = await call('GET /tasks', 'r1', {
      query: { status: 'in_progress', dueFrom: '2026-03-01T00:00:00+02:00', dueTo: '2026-03-08T00:00:00Z' },
    });
    expect(res.status).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
      ExpressionAttributeValues: {
        ':pk': 'USER#r1#responsible',
        ':lo': '1#2026-02-28T22:00:00.000Z',
        ':hi': '1#2026-03-08T00:00:00.000Z',
      },
    });
    // Overdue among finished tasks: nothing to find, no call.
    const done = await call('GET /tasks', 'r1', { query: { status: 'completed', due: 'overdue' } });
    expect(done.json).toEqual({ items: [], people: {}, cursor: null });
    expect(calls()).toEqual(['QueryCommand']);
  });

  it('project filter = ONE Query of the project’s rows (GSI1), my role as the filter', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const g = '01JGGGGG000000000000000000';
    const res = await call('GET /tasks', 'p1', { query: { role: 'participant', groupId: g, status: 'pending' } });
    expect(res.status).toBe(200);
    expect(calls()).toEqual(['QueryCommand']);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :r)',
      FilterExpression: 'contains(participantIds, :me)',
      ExpressionAttributeValues: { ':pk': `GROUP#${g}#TASKLIST`, ':r': '2#', ':me': 'p1' },
    });
    // A task in a project carries the project's list key.
    expect(taskRow(task({ groupId: g, deadline: '2030-01-01T00:00:00.000Z' }))).toMatchObject({
      GSI1PK: `GROUP#${g}#TASKLIST`,
      GSI1SK: `2#2030-01-01T00:00:00.000Z#${TASK}`,
    });
  });

  it('a deadline filter with status=all → 400 naming status, no call', async () => {
    const res = await call('GET /tasks', 'r1', { query: { status: 'all', due: 'today' } });
    expect(res.status).toBe(400);
    expect(res.json.error.fields[0].path).toBe('query.status');
    expect(calls()).toEqual([]);
  });

  it('starting a timer while another runs records the other segment and moves the timer in ONE transaction', async () => {
    const other = '01JOTHER000000000000000000';
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        'portal-unit': [
          taskRow(task()),
          {
            PK: 'USER#p1',
            SK: 'TIMER',
            userId: 'p1',
            taskId: other,
            taskTitle: 'Other',
            state: 'running',
            startedAt: new Date(Date.now() - 90_000).toISOString(),
            version: 2,
            __edb_e__: 'taskTimer',
          },
        ],
      },
    });
    ddb.on(TransactWriteCommand).resolves({});
    const res = await call('POST /tasks/{taskId}/timer/start', 'p1', { params: { taskId: TASK } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ state: 'running', taskId: TASK, recorded: { taskId: other } });
    expect(res.json.recorded.seconds).toBeGreaterThanOrEqual(89);
    expect(calls()).toEqual(['BatchGetCommand', 'TransactWriteCommand']);
    const items = txItems();
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['Put', 'Update', 'Put']);
    expect(items[0]!.Put.Item).toMatchObject({ PK: `TASK#${other}`, source: 'timer', userId: 'p1' });
    expect(items[1]!.Update.Key).toEqual({ PK: `TASK#${other}`, SK: 'TASK' });
    expect(items[2]!.Put).toMatchObject({
      Item: { SK: 'TIMER', taskId: TASK, state: 'running', version: 3 },
      ConditionExpression: '#version = :version0',
      ExpressionAttributeValues: { ':version0': 2 },
    });
  });

  it('an observer may not track time (403)', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'portal-unit': [taskRow(task())] } });
    const res = await call('POST /tasks/{taskId}/timer/start', 'o1', { params: { taskId: TASK } });
    expect(res.status).toBe(403);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
