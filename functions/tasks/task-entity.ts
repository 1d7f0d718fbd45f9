/**
 * Tasks' items on the single table, each written by its ElectroDB entity (this file: `Tasks`; role-entity.ts,
 * child-entity.ts, comment-entity.ts, history-entity.ts, time-entity.ts, timer-entity.ts, attachment-entity.ts),
 * one TransactWriteItems per change (task-service.ts `commit`). Computed and sparse GSI keys are attributes
 * (./index-keys.ts) so the stored strings stay exactly the ones below; `__edb_e__` lets stream consumers filter.
 *
 * | access pattern                               | how                                                                 |
 * |----------------------------------------------|---------------------------------------------------------------------|
 * | a task                                       | GetItem PK=TASK#{t} SK=TASK                                         |
 * | my tasks by role + status + deadline         | ONE Query GSI1 GSI1PK=USER#{me}#{role}, GSI1SK={statusRank}#{deadline|~}#{t} (cursor) |
 * | my open tasks of a role by deadline range    | ONE Query GSI2 GSI2PK=USER#{me}#{role}#OPEN, GSI2SK={deadline|~}#{t} range (overdue, |
 * |   (list filters: overdue/today/week/none)    |   today, this week, later, no deadline, explicit range)             |
 * | a project's tasks by status + deadline       | ONE Query GSI1 GSI1PK=GROUP#{g}#TASKLIST, GSI1SK={statusRank}#{deadline|~}#{t} |
 * |   (list filter: project; my role = filter)   |                                                                     |
 * | my open tasks by deadline (deadlines view,   | ONE Query GSI3 GSI3PK=USER#{me}#OPEN, GSI3SK={deadline}#{t} range   |
 * |   overdue counter: Select COUNT)             |                                                                     |
 * | a group's board by stage                     | ONE Query GSI2 GSI2PK=GROUP#{g}#TASKS, GSI2SK={stageId}#{rank}#{t}  |
 * | all open tasks by deadline (schedule)        | Query GSI3 GSI3PK=DEADLINES, GSI3SK={deadline}#{t} range            |
 * | subtasks of a task                           | ONE Query PK=TASK#{parent} begins_with CHILD#                       |
 * | comments / history / time entries of a task  | ONE Query PK=TASK#{t} begins_with COMMENT# / HIST# / TIME#          |
 * | my timer                                     | GetItem PK=USER#{me} SK=TIMER                                       |
 *
 *   Task       PK=TASK#{t} SK=TASK                 the task; GSI1 (project list) and GSI2 (board) when in a group; GSI3 DEADLINES
 *                                                  while open with a deadline
 *   TaskRole   PK=TASK#{t} SK=ROLE#{u}#{role}      list summary; GSI1 always; GSI2 USER#{u}#{role}#OPEN while open; GSI3 USER#{u}#OPEN on
 *                                                  ONE of u's rows while open with a deadline
 *   Child      PK=TASK#{parent} SK=CHILD#{t}       the subtask's list summary
 *   Comment    PK=TASK#{t} SK=COMMENT#{ulid}       authorId, text (sanitised HTML), mentions
 *   History    PK=TASK#{t} SK=HIST#{ulid}          userId, at, field, from, to (written in the change's transaction)
 *   TimeEntry  PK=TASK#{t} SK=TIME#{ulid}          userId, seconds, startedAt, endedAt, comment, source, version, edits
 *   Timer      PK=USER#{u} SK=TIMER                taskId, taskTitle, state running|paused, startedAt, version
 *
 * Role rows, child rows and deadline keys are rewritten in the SAME transaction as the task, so lists are never stale.
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import {
  STATUS_RANK,
  TASK_STATUSES,
  isOpen,
  type ChecklistItem,
  type PeopleMap,
  type TaskRole,
  type TaskStatus,
  type TaskSummary,
} from '../../shared/tasks/contract';
import { boardPk, boardSk } from '../../shared/tasks/board-keys';
import { rolesOf } from '../../shared/tasks/policy';
import type { Raw } from '../../shared/data/document';
import { SERVICE, entityConfig } from '../../shared/data/electro';
import { gsi1, gsi2, gsi3, indexKeyAttributes, type IndexKeys } from './index-keys';

export const E = {
  task: 'task',
  role: 'taskRole',
  child: 'taskChild',
  comment: 'taskComment',
  history: 'taskHistory',
  time: 'taskTime',
  timer: 'taskTimer',
} as const;

export const taskPk = (taskId: string) => `TASK#${taskId}`;
export const TASK_SK = 'TASK';
export const taskKey = (taskId: string) => ({ PK: taskPk(taskId), SK: TASK_SK });
export const roleSk = (userId: string, role: TaskRole) => `ROLE#${userId}#${role}`;
export const childSk = (taskId: string) => `CHILD#${taskId}`;
export const commentSk = (id: string) => `COMMENT#${id}`;
export const histSk = (id: string) => `HIST#${id}`;
export const timeSk = (id: string) => `TIME#${id}`;
export const timerKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'TIMER' });
export const byRolePk = (userId: string, role: TaskRole) => `USER#${userId}#${role}`;
export const openPk = (userId: string) => `USER#${userId}#OPEN`;
export const roleOpenPk = (userId: string, role: TaskRole) => `USER#${userId}#${role}#OPEN`;
export const projectListPk = (groupId: string) => `GROUP#${groupId}#TASKLIST`;
/** {statusRank}#{deadline|~}#{taskId}: status first, deadline order inside a status. */
export const statusDeadlineSk = (t: { status: TaskStatus; deadline?: string | undefined; taskId: string }) =>
  `${STATUS_RANK[t.status]}#${t.deadline ?? NO_DEADLINE}#${t.taskId}`;
export const DEADLINES_PK = 'DEADLINES';
/** Sorts after any ISO date: tasks without a deadline come last. */
export const NO_DEADLINE = '~';

export const Tasks = new Entity(
  {
    model: { entity: 'task', version: '1', service: SERVICE },
    attributes: {
      taskId: { type: 'string', required: true, readOnly: true },
      title: { type: 'string', required: true },
      description: { type: 'string', required: true },
      creatorId: { type: 'string', required: true },
      responsibleId: { type: 'string', required: true },
      participantIds: { type: 'list', items: { type: 'string' }, required: true },
      observerIds: { type: 'list', items: { type: 'string' }, required: true },
      deadline: { type: 'string' },
      highPriority: { type: 'boolean', required: true },
      tags: { type: 'list', items: { type: 'string' }, required: true },
      plannedMinutes: { type: 'number' },
      groupId: { type: 'string' },
      stageId: { type: 'string' },
      rank: { type: 'string' },
      parentId: { type: 'string' },
      checklist: { type: CustomAttributeType<ChecklistItem[]>('any'), required: true },
      requireApproval: { type: 'boolean', required: true },
      requireResult: { type: 'boolean', required: true },
      result: { type: 'string' },
      status: { type: TASK_STATUSES, required: true },
      declineReason: { type: 'string' },
      timeSpentSeconds: { type: 'number', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: { type: 'string', required: true },
      /** Who made the latest change (notifications skip them). */
      lastActorId: { type: 'string', required: true },
      /** Names of the creator and the responsible person when last written (list rows carry them). */
      names: { type: CustomAttributeType<PeopleMap>('any') },
      ...indexKeyAttributes,
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['taskId'], template: 'TASK#${taskId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: TASK_SK, casing: 'none' },
      },
      projectList: gsi1,
      board: gsi2,
      deadlines: gsi3,
    },
  },
  entityConfig(),
);

export type TaskItem = Omit<EntityItem<typeof Tasks>, keyof IndexKeys>;

/** The index keys of a task: project list and board while in a group, all deadlines while open with one. */
export function taskIndexKeys(t: TaskItem): IndexKeys {
  return {
    ...(t.groupId ? { GSI1PK: projectListPk(t.groupId), GSI1SK: statusDeadlineSk(t) } : {}),
    ...(t.groupId && t.stageId
      ? { GSI2PK: boardPk(t.groupId), GSI2SK: boardSk(t.stageId, t.rank ?? '0', t.taskId) }
      : {}),
    ...(isOpen(t.status) && t.deadline ? { GSI3PK: DEADLINES_PK, GSI3SK: `${t.deadline}#${t.taskId}` } : {}),
  };
}

/** The write of a whole task with its index keys. */
export const taskPut = (t: TaskItem) => Tasks.put({ ...t, ...taskIndexKeys(t) });

/** The stored item of a task (seeding tests and benches): exactly what `taskPut` writes. */
export const taskRow = (t: TaskItem): Raw => (taskPut(t).params() as { Item: Raw }).Item;

/** A stored row → the task, or null when it is another kind of item. */
export const taskFromRow = (row: Raw | undefined): TaskItem | null =>
  row && row.__edb_e__ === E.task ? Tasks.parse({ Item: row }).data : null;

/** What list rows carry (so lists need no second read). */
export function summaryOf(t: TaskItem) {
  return {
    taskId: t.taskId,
    title: t.title,
    status: t.status,
    ...(t.deadline ? { deadline: t.deadline } : {}),
    highPriority: t.highPriority,
    ...(t.groupId ? { groupId: t.groupId } : {}),
    ...(t.stageId ? { stageId: t.stageId } : {}),
    responsibleId: t.responsibleId,
    creatorId: t.creatorId,
    requireResult: !!t.requireResult,
    requireApproval: !!t.requireApproval,
    ...(t.names ? { names: t.names } : {}),
  };
}

export interface RoleRef {
  userId: string;
  role: TaskRole;
}

/** Every (person, role) of a task; one person may hold several roles. */
export function roleRefs(t: TaskItem): RoleRef[] {
  const people = new Set([t.creatorId, t.responsibleId, ...t.participantIds, ...t.observerIds]);
  return [...people].flatMap((userId) => rolesOf(t, userId).map((role) => ({ userId, role })));
}

/** The index keys of a role row: my list by role always, open lists while open, deadlines on my first role. */
export function roleIndexKeys(t: TaskItem, ref: RoleRef): IndexKeys {
  // The deadlines row (GSI3) goes on the person's first role only, so nobody sees a task twice there.
  const first = rolesOf(t, ref.userId)[0] === ref.role;
  return {
    GSI1PK: byRolePk(ref.userId, ref.role),
    GSI1SK: statusDeadlineSk(t),
    ...(isOpen(t.status)
      ? { GSI2PK: roleOpenPk(ref.userId, ref.role), GSI2SK: `${t.deadline ?? NO_DEADLINE}#${t.taskId}` }
      : {}),
    ...(first && isOpen(t.status) && t.deadline
      ? { GSI3PK: openPk(ref.userId), GSI3SK: `${t.deadline}#${t.taskId}` }
      : {}),
  };
}

export function summaryView(row: Raw, now = new Date().toISOString()): TaskSummary {
  const status = row.status as TaskStatus;
  const deadline = (row.deadline as string | undefined) ?? null;
  // Only task rows (the board) carry a rank in GSI2SK; role rows' GSI2SK is {deadline}#{t}.
  const rank = row.__edb_e__ === E.task && typeof row.GSI2SK === 'string' ? row.GSI2SK.split('#')[1] : undefined;
  return {
    taskId: row.taskId as string,
    title: row.title as string,
    status,
    deadline,
    highPriority: !!row.highPriority,
    groupId: (row.groupId as string | undefined) ?? null,
    stageId: (row.stageId as string | undefined) ?? null,
    responsibleId: row.responsibleId as string,
    creatorId: row.creatorId as string,
    requireResult: !!row.requireResult,
    requireApproval: !!row.requireApproval,
    overdue: isOpen(status) && !!deadline && deadline < now,
    ...(rank !== undefined ? { rank } : {}),
  };
}

/** The names list rows carry (responsible and creator), from rows of one page. */
export function namesOfRows(rows: Raw[]): PeopleMap {
  const out: PeopleMap = {};
  for (const r of rows) Object.assign(out, (r.names as PeopleMap | undefined) ?? {});
  return out;
}
