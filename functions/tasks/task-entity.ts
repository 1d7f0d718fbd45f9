/**
 * Tasks' items on the single table. Writes are raw (one TransactWriteItems per change, see writes.ts);
 * every item carries ElectroDB's markers (`__edb_e__`) so stream consumers filter by entity name.
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
import {
  STATUS_RANK,
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

export interface TaskItem {
  taskId: string;
  title: string;
  description: string;
  creatorId: string;
  responsibleId: string;
  participantIds: string[];
  observerIds: string[];
  deadline?: string;
  highPriority: boolean;
  tags: string[];
  plannedMinutes?: number;
  groupId?: string;
  stageId?: string;
  rank?: string;
  parentId?: string;
  checklist: ChecklistItem[];
  requireApproval: boolean;
  requireResult: boolean;
  result?: string;
  status: TaskStatus;
  declineReason?: string;
  timeSpentSeconds: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Who made the latest change (notifications skip them). */
  lastActorId: string;
  /** Names of the creator and the responsible person when last written (list rows carry them: lists need no second read). */
  names?: PeopleMap;
}

export interface TimerItem {
  userId: string;
  taskId: string;
  taskTitle: string;
  state: 'running' | 'paused';
  startedAt?: string;
  version: number;
}

export interface TimeEntryItem {
  taskId: string;
  entryId: string;
  userId: string;
  seconds: number;
  startedAt: string;
  endedAt: string;
  comment: string;
  source: 'timer' | 'manual';
  version: number;
  edits: { at: string; by: string; seconds: number; comment: string }[];
}

const mark = (entity: string) => ({ __edb_e__: entity, __edb_v__: '1' });

export function taskRow(t: TaskItem): Raw {
  return {
    ...taskKey(t.taskId),
    ...(t.groupId ? { GSI1PK: projectListPk(t.groupId), GSI1SK: statusDeadlineSk(t) } : {}),
    ...(t.groupId && t.stageId
      ? { GSI2PK: boardPk(t.groupId), GSI2SK: boardSk(t.stageId, t.rank ?? '0', t.taskId) }
      : {}),
    ...(isOpen(t.status) && t.deadline ? { GSI3PK: DEADLINES_PK, GSI3SK: `${t.deadline}#${t.taskId}` } : {}),
    ...t,
    ...mark(E.task),
  };
}

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

export function roleRow(t: TaskItem, ref: RoleRef): Raw {
  // The deadlines row (GSI3) goes on the person's first role only, so nobody sees a task twice there.
  const first = rolesOf(t, ref.userId)[0] === ref.role;
  return {
    PK: taskPk(t.taskId),
    SK: roleSk(ref.userId, ref.role),
    GSI1PK: byRolePk(ref.userId, ref.role),
    GSI1SK: statusDeadlineSk(t),
    ...(isOpen(t.status)
      ? { GSI2PK: roleOpenPk(ref.userId, ref.role), GSI2SK: `${t.deadline ?? NO_DEADLINE}#${t.taskId}` }
      : {}),
    ...(first && isOpen(t.status) && t.deadline
      ? { GSI3PK: openPk(ref.userId), GSI3SK: `${t.deadline}#${t.taskId}` }
      : {}),
    userId: ref.userId,
    role: ref.role,
    ...summaryOf(t),
    ...mark(E.role),
  };
}

export function childRow(t: TaskItem): Raw {
  return { PK: taskPk(t.parentId!), SK: childSk(t.taskId), parentId: t.parentId, ...summaryOf(t), ...mark(E.child) };
}

export function timerRow(t: TimerItem): Raw {
  return { ...timerKey(t.userId), ...t, ...mark(E.timer) };
}

export function timeRow(e: TimeEntryItem): Raw {
  return { PK: taskPk(e.taskId), SK: timeSk(e.entryId), ...e, ...mark(E.time) };
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
