/**
 * The task entities write exactly the items the hand-built rows used to: same keys, GSI strings, markers and
 * attributes (existing data, stream filters and list queries depend on them).
 */
import { roleRow } from '../../../functions/tasks/role-entity';
import { childPut } from '../../../functions/tasks/child-entity';
import { historyWrite } from '../../../functions/tasks/history-entity';
import { Timers } from '../../../functions/tasks/timer-entity';
import { taskRow, type TaskItem } from '../../../functions/tasks/task-entity';

const task: TaskItem = {
  taskId: 'T1',
  title: 'Ship it',
  description: '',
  creatorId: 'c1',
  responsibleId: 'r1',
  participantIds: ['p1'],
  observerIds: [],
  deadline: '2026-07-01',
  highPriority: false,
  tags: [],
  groupId: 'G1',
  stageId: 'S1',
  rank: 'r00',
  checklist: [],
  requireApproval: false,
  requireResult: true,
  status: 'in_progress',
  timeSpentSeconds: 0,
  version: 2,
  createdAt: '2026-06-01T00:00:00.000Z',
  updatedAt: '2026-06-02T00:00:00.000Z',
  lastActorId: 'c1',
};
const marks = (entity: string) => ({ __edb_e__: entity, __edb_v__: '1' });
const itemOf = (w: { params(): unknown }) => (w.params() as { Item: Record<string, unknown> }).Item;

describe('task items keep their stored layout', () => {
  it('an open task in a group: project list, board and deadline keys', () => {
    expect(taskRow(task)).toEqual({
      ...task,
      PK: 'TASK#T1',
      SK: 'TASK',
      GSI1PK: 'GROUP#G1#TASKLIST',
      GSI1SK: '1#2026-07-01#T1',
      GSI2PK: 'GROUP#G1#TASKS',
      GSI2SK: 'S1#r00#T1',
      GSI3PK: 'DEADLINES',
      GSI3SK: '2026-07-01#T1',
      ...marks('task'),
    });
  });

  it('a completed task outside any group carries no index keys', () => {
    const { groupId: _g, stageId: _s, ...alone } = task;
    const row = taskRow({ ...alone, status: 'completed' });
    expect(Object.keys(row).filter((k) => k.startsWith('GSI'))).toEqual([]);
  });

  it('role rows: by role always, open by role while open, deadlines on the first role only', () => {
    expect(roleRow(task, { userId: 'r1', role: 'responsible' })).toEqual({
      PK: 'TASK#T1',
      SK: 'ROLE#r1#responsible',
      GSI1PK: 'USER#r1#responsible',
      GSI1SK: '1#2026-07-01#T1',
      GSI2PK: 'USER#r1#responsible#OPEN',
      GSI2SK: '2026-07-01#T1',
      GSI3PK: 'USER#r1#OPEN',
      GSI3SK: '2026-07-01#T1',
      userId: 'r1',
      role: 'responsible',
      taskId: 'T1',
      title: 'Ship it',
      status: 'in_progress',
      deadline: '2026-07-01',
      highPriority: false,
      groupId: 'G1',
      stageId: 'S1',
      responsibleId: 'r1',
      creatorId: 'c1',
      requireResult: true,
      requireApproval: false,
      ...marks('taskRole'),
    });
    const closed = roleRow({ ...task, status: 'completed' }, { userId: 'p1', role: 'participant' });
    expect(closed).toMatchObject({ GSI1PK: 'USER#p1#participant', GSI1SK: '5#2026-07-01#T1' });
    expect(closed).not.toHaveProperty('GSI2PK');
    expect(closed).not.toHaveProperty('GSI3PK');
  });

  it('child, history and timer items', () => {
    expect(itemOf(childPut({ ...task, parentId: 'P1' }))).toMatchObject({
      PK: 'TASK#P1',
      SK: 'CHILD#T1',
      parentId: 'P1',
      taskId: 'T1',
      ...marks('taskChild'),
    });
    expect(
      itemOf(historyWrite({ taskId: 'T1', historyId: 'H1', userId: 'u', at: 'a', field: 'f', from: null, to: 'x' })),
    ).toEqual({
      PK: 'TASK#T1',
      SK: 'HIST#H1',
      taskId: 'T1',
      historyId: 'H1',
      userId: 'u',
      at: 'a',
      field: 'f',
      from: null,
      to: 'x',
      ...marks('taskHistory'),
    });
    expect(
      itemOf(Timers.put({ userId: 'u1', taskId: 'T1', taskTitle: 'Ship it', state: 'paused', version: 1 })),
    ).toEqual({
      PK: 'USER#u1',
      SK: 'TIMER',
      userId: 'u1',
      taskId: 'T1',
      taskTitle: 'Ship it',
      state: 'paused',
      version: 1,
      ...marks('taskTimer'),
    });
  });
});
