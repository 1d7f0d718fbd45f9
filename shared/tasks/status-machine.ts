/**
 * The task status machine (pure): which action moves a task from which status to which, who may take it,
 * and what it needs. Shared by functions/tasks (enforced there) and the SPA (which buttons to show).
 *
 *   start     pending                          → in_progress        responsible
 *   pause     in_progress                      → pending            responsible
 *   complete  pending | in_progress            → completed, or awaiting_control when the task requires
 *                                                approval and the responsible person is not its creator
 *                                                (needs `result` when the task requires one)   responsible
 *   accept    awaiting_control                 → completed          creator
 *   return    awaiting_control                 → in_progress        creator, with a `comment`
 *   defer     pending | in_progress            → deferred           responsible
 *   decline   pending | in_progress | deferred → declined           responsible, with a `reason`
 *   renew     deferred | completed | declined  → pending            responsible or creator
 *
 * Admins may take any action the status allows.
 */
import type { StatusAction, TaskStatus } from './contract';

export interface MachineTask {
  status: TaskStatus;
  creatorId: string;
  responsibleId: string;
  requireApproval: boolean;
  requireResult: boolean;
}

export interface MachineActor {
  userId: string;
  isAdmin: boolean;
}

export interface MachineInput {
  comment?: string | undefined;
  reason?: string | undefined;
  result?: string | undefined;
}

export type Transition =
  | { ok: true; to: TaskStatus }
  /** status: 403 (not yours to take), 422 (not from this status), 400 (a required field is missing). */
  | { ok: false; status: 400 | 403 | 422; message: string; field?: string };

const DONE: Record<StatusAction, string> = {
  start: 'started',
  pause: 'paused',
  complete: 'completed',
  accept: 'accepted',
  return: 'returned',
  defer: 'deferred',
  decline: 'declined',
  renew: 'renewed',
};

type Who = 'responsible' | 'creator' | 'either';
const RULES: Record<StatusAction, { from: readonly TaskStatus[]; who: Who; to: TaskStatus }> = {
  start: { from: ['pending'], who: 'responsible', to: 'in_progress' },
  pause: { from: ['in_progress'], who: 'responsible', to: 'pending' },
  complete: { from: ['pending', 'in_progress'], who: 'responsible', to: 'completed' },
  accept: { from: ['awaiting_control'], who: 'creator', to: 'completed' },
  return: { from: ['awaiting_control'], who: 'creator', to: 'in_progress' },
  defer: { from: ['pending', 'in_progress'], who: 'responsible', to: 'deferred' },
  decline: { from: ['pending', 'in_progress', 'deferred'], who: 'responsible', to: 'declined' },
  renew: { from: ['deferred', 'completed', 'declined'], who: 'either', to: 'pending' },
};

export const actionsFrom = (status: TaskStatus): StatusAction[] =>
  (Object.keys(RULES) as StatusAction[]).filter((a) => RULES[a].from.includes(status));

function mayTake(who: Who, task: MachineTask, actor: MachineActor): boolean {
  if (actor.isAdmin) return true;
  const resp = actor.userId === task.responsibleId;
  const creator = actor.userId === task.creatorId;
  return who === 'responsible' ? resp : who === 'creator' ? creator : resp || creator;
}

const blank = (s: string | undefined) => !s || !s.trim();

export function transition(
  task: MachineTask,
  action: StatusAction,
  actor: MachineActor,
  input: MachineInput = {},
): Transition {
  const rule = RULES[action];
  if (!mayTake(rule.who, task, actor)) {
    const who =
      rule.who === 'either'
        ? 'the responsible person or the creator'
        : rule.who === 'creator'
          ? 'the creator'
          : 'the responsible person';
    return { ok: false, status: 403, message: `Only ${who} may ${action} this task` };
  }
  if (!rule.from.includes(task.status)) {
    return {
      ok: false,
      status: 422,
      message: `A task that is ${task.status.replace('_', ' ')} cannot be ${DONE[action]}`,
      field: 'params.action',
    };
  }
  if (action === 'decline' && blank(input.reason))
    return { ok: false, status: 400, message: 'Say why you decline the task', field: 'reason' };
  if (action === 'return' && blank(input.comment))
    return { ok: false, status: 400, message: 'Say why the task goes back', field: 'comment' };
  if (action === 'complete' && task.requireResult && blank(input.result)) {
    return { ok: false, status: 400, message: 'This task needs a written result to complete', field: 'result' };
  }
  if (
    action === 'complete' &&
    task.requireApproval &&
    actor.userId !== task.creatorId &&
    task.responsibleId !== task.creatorId
  ) {
    return { ok: true, to: 'awaiting_control' };
  }
  return { ok: true, to: rule.to };
}

/** The actions this person may take now (for the SPA's buttons and TaskView.actions). */
export function availableActions(task: MachineTask, actor: MachineActor): StatusAction[] {
  return actionsFrom(task.status).filter((a) => mayTake(RULES[a].who, task, actor));
}
