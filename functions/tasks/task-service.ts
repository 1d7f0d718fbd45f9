/**
 * Tasks: create, read, edit core fields (versioned), delete, status actions, board moves and checklists.
 * Every change is ONE TransactWriteItems: the task (version-conditioned), its role rows, its parent's
 * child row and one history row per changed field, so lists and history are never out of step.
 *
 * Reads per route: get = 1 GetItem (+1 GetItem of my group membership when I hold no role);
 * create = 1 BatchGet (people, group, memberships, parent) + 1 TransactWrite; edit = get + 1 BatchGet + 1 TransactWrite.
 */
import { monotonicFactory } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { batchGet, findByKey, query, queryAll, transaction, type EntityWrite, type Raw } from '../../shared/data';
import {
  AppError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
  type FieldProblem,
} from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import {
  LIMITS,
  type ChecklistItem,
  type CreateTaskBody,
  type PeopleMap,
  type StatusAction,
  type TaskRights,
  type TaskRole,
  type TaskView,
  type UpdateTaskBody,
} from '../../shared/tasks/contract';
import { rolesOf, taskRights } from '../../shared/tasks/policy';
import { availableActions, transition } from '../../shared/tasks/status-machine';
import type { GroupRole } from '../../shared/workgroups/contract';
import { groupFromRow, groupKey, isGroupRow, type GroupRecord } from '../../shared/workgroups/group-record';
import { groupPk, memberSk, membershipFromRow, membershipOf } from '../../shared/workgroups/membership-entity';
import { sanitizeRichText } from './sanitize';
import { isRace, peopleFromRows, peopleMap, profileKey, readTask } from './store';
import { CHILD_PREFIX, TaskChildren, childPut } from './child-entity';
import { collectionDelete } from './collection';
import { TaskComments } from './comment-entity';
import { historyWrite } from './history-entity';
import { TaskRoles, rolePut } from './role-entity';
import {
  Tasks,
  roleRefs,
  roleSk,
  summaryOf,
  taskFromRow,
  taskIndexKeys,
  taskKey,
  taskPk,
  taskPut,
  type TaskItem,
} from './task-entity';

export const newId = monotonicFactory();
/** Default board position: later tasks sort after earlier ones. */
export const newRank = () => Date.now().toString(36).padStart(9, '0');

export interface Ctx {
  task: TaskItem;
  roles: TaskRole[];
  groupRole: GroupRole | null;
  rights: TaskRights;
}

export const taskNotFound = () => new NotFoundError('Task not found');

/** The task as this person may see it, or 404 (missing, or not theirs to see). */
export async function access(user: UserContext, taskId: string): Promise<Ctx> {
  const task = await readTask(taskId);
  if (!task) throw taskNotFound();
  return contextFor(user, task);
}

export async function contextFor(user: UserContext, task: TaskItem): Promise<Ctx> {
  const roles = rolesOf(task, user.sub);
  // Membership matters only when it could add a right: seeing (no role) or moving on the board.
  const needGroup = !!task.groupId && !user.isAdmin && !roles.includes('creator') && !roles.includes('responsible');
  const groupRole = needGroup ? ((await membershipOf(task.groupId!, user.sub))?.role ?? null) : null;
  const rights = taskRights(user, task, groupRole);
  if (!rights.see) throw taskNotFound();
  return { task, roles, groupRole, rights };
}

export function taskView(ctx: Ctx, user: UserContext): TaskView {
  const t = ctx.task;
  return {
    taskId: t.taskId,
    title: t.title,
    description: t.description ?? '',
    creatorId: t.creatorId,
    responsibleId: t.responsibleId,
    participantIds: t.participantIds ?? [],
    observerIds: t.observerIds ?? [],
    deadline: t.deadline ?? null,
    highPriority: !!t.highPriority,
    tags: t.tags ?? [],
    plannedMinutes: t.plannedMinutes ?? null,
    groupId: t.groupId ?? null,
    stageId: t.stageId ?? null,
    parentId: t.parentId ?? null,
    checklist: t.checklist ?? [],
    requireApproval: !!t.requireApproval,
    requireResult: !!t.requireResult,
    result: t.result ?? null,
    status: t.status,
    declineReason: t.declineReason ?? null,
    timeSpentSeconds: t.timeSpentSeconds ?? 0,
    version: t.version,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    myRoles: ctx.roles,
    rights: ctx.rights,
    actions: availableActions(t, { userId: user.sub, isAdmin: user.isAdmin }),
    people: {},
  };
}

/** Everyone a task view names: its people and whoever ticked checklist items. */
export const peopleIdsOf = (t: TaskItem) =>
  [
    t.creatorId,
    t.responsibleId,
    ...(t.participantIds ?? []),
    ...(t.observerIds ?? []),
    ...(t.checklist ?? []).map((i) => i.doneBy ?? ''),
  ].filter(Boolean);

/** The task view with its people's names (ONE BatchGet of their profiles). */
export async function present(ctx: Ctx, user: UserContext): Promise<TaskView> {
  return { ...taskView(ctx, user), people: await peopleMap(peopleIdsOf(ctx.task)) };
}

// ---- history -----------------------------------------------------------------------------------------

export interface Change {
  field: string;
  from: string | null;
  to: string | null;
}

const CLIP = 500;
const show = (v: unknown): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (Array.isArray(v)) return v.length ? v.join(', ') : null;
  const s = String(v);
  return s.length > CLIP ? `${s.slice(0, CLIP - 1)}…` : s;
};

const TRACKED = [
  'title',
  'description',
  'responsibleId',
  'participantIds',
  'observerIds',
  'deadline',
  'highPriority',
  'tags',
  'plannedMinutes',
  'groupId',
  'stageId',
  'parentId',
  'requireApproval',
  'requireResult',
  'status',
  'result',
  'declineReason',
] as const;

/** One change per tracked field whose value differs (lists compared as sets of values in order). */
export function diff(prev: TaskItem, next: TaskItem): Change[] {
  const out: Change[] = [];
  for (const f of TRACKED) {
    const a = show(prev[f]);
    const b = show(next[f]);
    if (a !== b) out.push({ field: f, from: a, to: b });
  }
  return out;
}

/** The history items of a change (written in the change's own transaction). */
export function historyPuts(taskId: string, userId: string, at: string, changes: Change[]): EntityWrite[] {
  return changes.map((c) => historyWrite({ taskId, historyId: newId(), userId, at, ...c }));
}

// ---- the one write ---------------------------------------------------------------------------------------

const peopleKey = (t: TaskItem) =>
  roleRefs(t)
    .map((r) => `${r.userId}#${r.role}`)
    .sort()
    .join(',');
const summaryKey = (t: TaskItem) => JSON.stringify(summaryOf(t));

/**
 * ONE TransactWriteItems: the task (new, or still at `prev.version`), its role rows (rewritten when the list
 * summary or the people changed; rows of people no longer on it deleted), the parent's child row, history.
 * A lost race → 409 with the current task.
 */
export async function commit(
  user: UserContext,
  prev: TaskItem | null,
  next: TaskItem,
  opts: { changes?: Change[]; extra?: EntityWrite[] } = {},
): Promise<void> {
  const tx = transaction().add(
    prev
      ? taskPut(next).where((a, o) => o.eq(a.version, prev.version))
      : Tasks.create({ ...next, ...taskIndexKeys(next) }),
  );
  const listChanged = !prev || summaryKey(prev) !== summaryKey(next) || peopleKey(prev) !== peopleKey(next);
  if (listChanged) {
    const keep = new Set(roleRefs(next).map((r) => roleSk(r.userId, r.role)));
    for (const r of roleRefs(next)) tx.add(rolePut(next, r));
    for (const r of prev ? roleRefs(prev) : []) {
      if (!keep.has(roleSk(r.userId, r.role)))
        tx.add(TaskRoles.delete({ taskId: next.taskId, userId: r.userId, role: r.role }));
    }
  }
  // The parent's child row: rewritten with the summary, and written when the task gets a (new) parent.
  const parentId = next.parentId;
  if (parentId && (listChanged || prev?.parentId !== parentId)) tx.add(childPut({ ...next, parentId }));
  if (prev?.parentId && prev.parentId !== next.parentId)
    tx.add(TaskChildren.delete({ parentId: prev.parentId, taskId: next.taskId }));
  tx.add(...historyPuts(next.taskId, user.sub, next.updatedAt, opts.changes ?? []));
  tx.add(...(opts.extra ?? []));
  try {
    await tx.commit();
  } catch (e) {
    if (!isRace(e)) throw e;
    const current = await readTask(next.taskId);
    throw new ConflictError('This task was changed by someone else meanwhile. Reload or merge, then save again.', {
      current: current
        ? await present(
            await contextFor(user, current).catch(() => ({
              task: current,
              roles: [],
              groupRole: null,
              rights: taskRights(user, current, null),
            })),
            user,
          )
        : null,
    });
  }
}

// ---- people, group and parent checks (ONE BatchGet) ---------------------------------------------------

interface Refs {
  creatorId: string;
  responsibleId: string;
  participantIds: string[];
  observerIds: string[];
  groupId?: string | undefined;
  /**
   * The task's group when `groupId` is not given (an update that keeps it): new people's memberships are still read,
   * for the extranet rules, without re-checking the group.
   */
  teamGroupId?: string | undefined;
  parentId?: string | undefined;
  /** Only people new to the task are checked (someone deactivated later may stay on it). */
  known?: Set<string>;
  /** People to name in the answer without checking them (the task's known people, checklist tickers). */
  alsoName?: string[];
}

interface Checked {
  group: GroupRecord | null;
  parent: TaskItem | null;
  /** Names of the creator and the responsible person (for the list rows). */
  names: PeopleMap;
  /** Names of everyone whose profile was read. */
  people: PeopleMap;
}

async function checkRefs(user: UserContext, r: Refs): Promise<Checked> {
  const fresh = (id: string) => !r.known?.has(id);
  const people = [...new Set([r.responsibleId, ...r.participantIds, ...r.observerIds])].filter(fresh);
  // Everyone's profile rides along (the answer's people map; the creator's and responsible person's names are stored
  // on the list rows), in the same BatchGet: ≤ 32 people + ≤ 32 memberships + group, mine, parent stay under 100 keys.
  const keys: Raw[] = [...new Set([...people, ...(r.alsoName ?? []), r.creatorId, r.responsibleId])].map(profileKey);
  if (r.groupId)
    keys.push(
      groupKey(r.groupId),
      { PK: groupPk(r.groupId), SK: memberSk(user.sub) },
      ...people.map((p) => ({ PK: groupPk(r.groupId!), SK: memberSk(p) })),
    );
  const teamGroupId = r.groupId ?? r.teamGroupId;
  if (!r.groupId && teamGroupId) keys.push(...people.map((p) => ({ PK: groupPk(teamGroupId), SK: memberSk(p) })));
  if (r.parentId) keys.push(taskKey(r.parentId));
  const rows = await batchGet(keys);
  const find = findByKey;

  const problems: FieldProblem[] = [];
  const extranetOutside: FieldProblem[] = [];
  const outsideForExtranet: FieldProblem[] = [];
  const where = (id: string): string[] => {
    const out: string[] = [];
    if (id === r.responsibleId) out.push('responsibleId');
    r.participantIds.forEach((p, i) => p === id && out.push(`participantIds.${i}`));
    r.observerIds.forEach((p, i) => p === id && out.push(`observerIds.${i}`));
    return out;
  };
  for (const id of people) {
    const p = find(rows, profileKey(id));
    if (!p || p.status !== 'active') {
      for (const path of where(id)) problems.push({ path, reason: 'no such active person' });
      continue;
    }
    const member = teamGroupId ? membershipFromRow(find(rows, { PK: groupPk(teamGroupId), SK: memberSk(id) })) : null;
    if (p.role === 'extranet' && !member)
      for (const path of where(id))
        extranetOutside.push({ path, reason: 'an extranet person outside this task’s group' });
    // An extranet person sees only the members of their groups: they cannot put anyone else on a task.
    else if (user.isExtranet && teamGroupId && !member)
      for (const path of where(id)) outsideForExtranet.push({ path, reason: 'not a member of this task’s group' });
  }
  if (problems.length) throw new UnprocessableError(`Unknown or inactive person: ${problems[0]!.path}`, problems);

  let group: GroupRecord | null = null;
  if (r.groupId) {
    const g = find(rows, groupKey(r.groupId));
    if (!g) throw new UnprocessableError('No such group', [{ path: 'groupId', reason: 'no such group' }]);
    group = isGroupRow(g) ? groupFromRow(g) : null;
    if (!group) throw new UnprocessableError('No such group', [{ path: 'groupId', reason: 'no such group' }]);
    const mine = membershipFromRow(find(rows, { PK: groupPk(r.groupId), SK: memberSk(user.sub) }));
    if (!mine && !user.isAdmin)
      throw new UnprocessableError('You are not a member of this group', [{ path: 'groupId', reason: 'not a member' }]);
  } else if (user.isExtranet && !teamGroupId) {
    throw new ForbiddenError('Extranet people work on tasks inside their groups: choose a group');
  }
  if (extranetOutside.length)
    throw new UnprocessableError('Extranet people can only be on tasks of a group they belong to', extranetOutside);
  if (outsideForExtranet.length)
    throw new AppError(
      403,
      'FORBIDDEN',
      `Extranet people can only involve members of the task’s group: ${outsideForExtranet[0]!.path}`,
      outsideForExtranet,
    );

  let parent: TaskItem | null = null;
  if (r.parentId) {
    const p = find(rows, taskKey(r.parentId));
    parent = taskFromRow(p);
    const visible =
      parent &&
      (user.isAdmin ||
        rolesOf(parent, user.sub).length > 0 ||
        (!!parent.groupId && parent.groupId === r.groupId && !!group));
    if (!visible) throw new UnprocessableError('No such parent task', [{ path: 'parentId', reason: 'no such task' }]);
  }
  const all = peopleFromRows(rows);
  const names: PeopleMap = {};
  for (const id of [r.creatorId, r.responsibleId]) if (all[id]) names[id] = all[id];
  return { group, parent, names, people: all };
}

function stageFor(group: GroupRecord | null, stageId: string | undefined): string | undefined {
  if (!group) {
    if (stageId) throw new UnprocessableError('A stage needs a group', [{ path: 'stageId', reason: 'no group' }]);
    return undefined;
  }
  if (stageId && !group.stages?.some((s) => s.stageId === stageId))
    throw new UnprocessableError('No such stage in this group', [{ path: 'stageId', reason: 'no such stage' }]);
  return stageId ?? group.stages?.[0]?.stageId;
}

const checklistOf = (
  items: { text: string; done?: boolean | undefined }[],
  user: UserContext,
  now: string,
): ChecklistItem[] =>
  items.map((i) => ({
    itemId: newId(),
    text: i.text,
    done: !!i.done,
    doneBy: i.done ? user.sub : null,
    doneAt: i.done ? now : null,
  }));

const richOrEmpty = (html: string | undefined) => (html ? sanitizeRichText(html) : '');
const normalDate = (d: string) => new Date(d).toISOString();

// ---- routes ------------------------------------------------------------------------------------------

export async function createTask(user: UserContext, body: CreateTaskBody) {
  const participantIds = body.participantIds ?? [];
  const observerIds = body.observerIds ?? [];
  const { group, parent, names, people } = await checkRefs(user, {
    creatorId: user.sub,
    responsibleId: body.responsibleId,
    participantIds,
    observerIds,
    groupId: body.groupId,
    parentId: body.parentId,
  });
  const now = new Date().toISOString();
  const stageId = stageFor(group, body.stageId);
  const description = richOrEmpty(body.description);
  if (description.length > LIMITS.descriptionChars)
    throw new BadRequestError('The description is too long', [
      { path: 'description', reason: `at most ${LIMITS.descriptionChars} characters` },
    ]);
  const task: TaskItem = {
    taskId: newId(),
    title: body.title,
    description,
    creatorId: user.sub,
    responsibleId: body.responsibleId,
    participantIds,
    observerIds,
    ...(body.deadline ? { deadline: normalDate(body.deadline) } : {}),
    highPriority: !!body.highPriority,
    tags: body.tags ?? [],
    ...(body.plannedMinutes ? { plannedMinutes: body.plannedMinutes } : {}),
    ...(group ? { groupId: group.groupId } : {}),
    ...(stageId ? { stageId, rank: newRank() } : {}),
    ...(parent ? { parentId: parent.taskId } : {}),
    checklist: checklistOf(body.checklist ?? [], user, now),
    requireApproval: !!body.requireApproval,
    requireResult: !!body.requireResult,
    status: 'pending',
    timeSpentSeconds: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
    lastActorId: user.sub,
    names,
  };
  await commit(user, null, task, { changes: [{ field: 'created', from: null, to: task.title }] });
  return reply(201, { ...taskView(await contextFor(user, task), user), people });
}

export async function getTask(user: UserContext, taskId: string): Promise<TaskView> {
  return present(await access(user, taskId), user);
}

async function stale(ctx: Ctx, user: UserContext, version: number | undefined) {
  if (version !== undefined && version !== ctx.task.version) {
    throw new ConflictError('This task was changed by someone else meanwhile. Reload or merge, then save again.', {
      current: await present(ctx, user),
    });
  }
}

export async function updateTask(user: UserContext, taskId: string, body: UpdateTaskBody): Promise<TaskView> {
  const ctx = await access(user, taskId);
  if (!ctx.rights.edit) throw new ForbiddenError('Only the creator or an administrator may edit this task');
  await stale(ctx, user, body.version);
  const prev = ctx.task;
  const next: TaskItem = { ...prev, checklist: prev.checklist ?? [] };
  if (body.title !== undefined) next.title = body.title;
  if (body.description !== undefined) {
    next.description = richOrEmpty(body.description);
    if (next.description.length > LIMITS.descriptionChars)
      throw new BadRequestError('The description is too long', [
        { path: 'description', reason: `at most ${LIMITS.descriptionChars} characters` },
      ]);
  }
  if (body.responsibleId !== undefined) next.responsibleId = body.responsibleId;
  if (body.participantIds !== undefined) next.participantIds = body.participantIds;
  if (body.observerIds !== undefined) next.observerIds = body.observerIds;
  if (body.deadline !== undefined) {
    if (body.deadline === null) delete next.deadline;
    else next.deadline = normalDate(body.deadline);
  }
  if (body.highPriority !== undefined) next.highPriority = body.highPriority;
  if (body.tags !== undefined) next.tags = body.tags;
  if (body.plannedMinutes !== undefined) {
    if (body.plannedMinutes === null) delete next.plannedMinutes;
    else next.plannedMinutes = body.plannedMinutes;
  }
  if (body.requireApproval !== undefined) next.requireApproval = body.requireApproval;
  if (body.requireResult !== undefined) next.requireResult = body.requireResult;
  if (body.groupId !== undefined) {
    if (body.groupId === null) {
      delete next.groupId;
      delete next.stageId;
      delete next.rank;
    } else next.groupId = body.groupId;
  }
  if (body.parentId !== undefined) {
    if (body.parentId === null) delete next.parentId;
    else if (body.parentId === taskId)
      throw new UnprocessableError('A task cannot be its own parent', [
        { path: 'parentId', reason: 'the task itself' },
      ]);
    else next.parentId = body.parentId;
  }
  const groupChanged = (next.groupId ?? null) !== (prev.groupId ?? null);
  const known = new Set([prev.creatorId, prev.responsibleId, ...prev.participantIds, ...prev.observerIds]);
  // Moving to another group re-checks everyone's membership (extranet people), so nobody is "known" then.
  const { group, names, people } = await checkRefs(user, {
    alsoName: peopleIdsOf(next),
    creatorId: next.creatorId,
    responsibleId: next.responsibleId,
    participantIds: next.participantIds,
    observerIds: next.observerIds,
    groupId: groupChanged ? next.groupId : undefined,
    teamGroupId: next.groupId,
    parentId: next.parentId !== prev.parentId ? next.parentId : undefined,
    known: groupChanged ? new Set() : known,
  });
  if (groupChanged && group) {
    next.stageId = stageFor(group, undefined);
    next.rank = newRank();
  }
  const changes = diff(prev, next);
  if (!changes.length) return present(ctx, user);
  // The names on the list rows are refreshed with every edit (a rename shows on the rows after the next edit).
  next.names = names;
  next.version = prev.version + 1;
  next.updatedAt = new Date().toISOString();
  next.lastActorId = user.sub;
  await commit(user, prev, next, { changes });
  return { ...taskView(await contextFor(user, next), user), people };
}

/** Subtasks a delete detaches in its one transaction (2 items each: the subtask and its history row). */
export const MAX_DETACH = 45;

export async function deleteTask(user: UserContext, taskId: string) {
  const ctx = await access(user, taskId);
  if (!ctx.rights.delete) throw new ForbiddenError('Only the creator or an administrator may delete this task');
  const t = ctx.task;
  // Its subtasks (ONE Query of the CHILD# rows) lose their parentId in the same transaction as the delete.
  const children = await query<{ taskId: string }>({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :c)',
    ExpressionAttributeValues: { ':pk': taskPk(taskId), ':c': CHILD_PREFIX },
    ProjectionExpression: 'taskId',
    Limit: MAX_DETACH + 1,
  });
  if (children.items.length > MAX_DETACH) {
    throw new ConflictError(
      `This task has more than ${MAX_DETACH} subtasks: detach or delete some of them first (a delete detaches at most ${MAX_DETACH} in one step)`,
    );
  }
  const now = new Date().toISOString();
  const detach: EntityWrite[] = children.items.flatMap((c) => [
    Tasks.patch({ taskId: c.taskId })
      .remove(['parentId'])
      .set({ updatedAt: now, lastActorId: user.sub })
      .add({ version: 1 })
      .where((a, o) => o.eq(a.parentId, taskId)),
    ...historyPuts(c.taskId, user.sub, now, [{ field: 'parentId', from: taskId, to: null }]),
  ]);
  // The task (conditioned on its version: a concurrent edit wins and this answers 409), then its collection.
  try {
    const tx = transaction().add(Tasks.delete({ taskId }).where((a, o) => o.eq(a.version, t.version)));
    if (t.parentId) tx.add(TaskChildren.delete({ parentId: t.parentId, taskId }));
    await tx.add(...detach).commit();
  } catch (e) {
    if (isRace(e))
      throw new ConflictError('This task or one of its subtasks was changed meanwhile; reload and try again');
    throw e;
  }
  // The rest of its collection (comments, history, time, roles, attachments…): every kind, by its entity.
  const rest = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': taskPk(taskId) },
  });
  const deletes = rest.flatMap((row) => collectionDelete(row));
  for (let i = 0; i < deletes.length; i += 100)
    await transaction()
      .add(...deletes.slice(i, i + 100))
      .commit();
  return reply(204);
}

export async function statusAction(
  user: UserContext,
  taskId: string,
  action: StatusAction,
  body: {
    version?: number | undefined;
    comment?: string | undefined;
    reason?: string | undefined;
    result?: string | undefined;
  },
) {
  const ctx = await access(user, taskId);
  const prev = ctx.task;
  const t = transition(prev, action, { userId: user.sub, isAdmin: user.isAdmin }, body);
  if (!t.ok) {
    if (t.status === 403) throw new ForbiddenError(t.message);
    if (t.status === 400) throw new BadRequestError(t.message, [{ path: t.field ?? '(body)', reason: 'required' }]);
    throw new UnprocessableError(t.message, [
      { path: t.field ?? 'params.action', reason: `not allowed from ${prev.status}` },
    ]);
  }
  await stale(ctx, user, body.version);
  const now = new Date().toISOString();
  const next: TaskItem = { ...prev, status: t.to, version: prev.version + 1, updatedAt: now, lastActorId: user.sub };
  if (action === 'complete' && body.result) next.result = body.result;
  if (action === 'decline') next.declineReason = body.reason!;
  if (action === 'renew') delete next.declineReason;
  const extra: EntityWrite[] = [];
  if (action === 'return' && body.comment) {
    extra.push(
      TaskComments.put({
        taskId,
        commentId: newId(),
        authorId: user.sub,
        text: sanitizeRichText(`<p>${escapeHtml(body.comment)}</p>`),
        mentions: [],
        createdAt: now,
      }),
    );
  }
  await commit(user, prev, next, { changes: diff(prev, next), extra });
  return present({ ...ctx, task: next }, user);
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function moveStage(
  user: UserContext,
  taskId: string,
  body: { stageId: string; rank?: string | undefined },
) {
  const ctx = await access(user, taskId);
  if (!ctx.rights.move) throw new ForbiddenError('You may not move this task on the board');
  const prev = ctx.task;
  if (!prev.groupId)
    throw new UnprocessableError('This task is on no group board', [
      { path: 'stageId', reason: 'the task has no group' },
    ]);
  const [g] = await batchGet([groupKey(prev.groupId)]);
  const group = isGroupRow(g) ? groupFromRow(g) : null;
  if (!group?.stages?.some((s) => s.stageId === body.stageId))
    throw new UnprocessableError('No such stage in this group', [{ path: 'stageId', reason: 'no such stage' }]);
  const next: TaskItem = {
    ...prev,
    stageId: body.stageId,
    rank: body.rank ?? newRank(),
    version: prev.version + 1,
    updatedAt: new Date().toISOString(),
    lastActorId: user.sub,
  };
  await commit(user, prev, next, { changes: diff(prev, next) });
  return present({ ...ctx, task: next }, user);
}

// ---- checklist: small patches, retried on a concurrent change (they commute) -------------------------------

async function patchChecklist(
  user: UserContext,
  taskId: string,
  apply: (ctx: Ctx, list: ChecklistItem[]) => { list: ChecklistItem[]; change: Change },
): Promise<TaskView> {
  for (let attempt = 0; ; attempt++) {
    const ctx = await access(user, taskId);
    const prev = ctx.task;
    const { list, change } = apply(ctx, [...(prev.checklist ?? [])]);
    const next: TaskItem = {
      ...prev,
      checklist: list,
      version: prev.version + 1,
      updatedAt: new Date().toISOString(),
      lastActorId: user.sub,
    };
    try {
      await commit(user, prev, next, { changes: [change] });
      return present({ ...ctx, task: next }, user);
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= 2) throw e;
    }
  }
}

export const addChecklistItems = (user: UserContext, taskId: string, items: { text: string }[]) =>
  patchChecklist(user, taskId, (ctx, list) => {
    if (!ctx.rights.editChecklist)
      throw new ForbiddenError('Only the creator, the responsible person or an administrator may change the checklist');
    if (list.length + items.length > LIMITS.checklistItems) {
      throw new UnprocessableError(`A checklist has at most ${LIMITS.checklistItems} items (${list.length} already)`, [
        { path: 'items', reason: 'too many items' },
      ]);
    }
    const added = checklistOf(items, user, new Date().toISOString());
    return {
      list: [...list, ...added],
      change: { field: 'checklist', from: null, to: `+ ${added.map((i) => i.text).join(', ')}`.slice(0, CLIP) },
    };
  });

const itemOf = (list: ChecklistItem[], itemId: string) => {
  const i = list.findIndex((x) => x.itemId === itemId);
  if (i < 0) throw new NotFoundError('No such checklist item');
  return i;
};

export const tickChecklistItem = (user: UserContext, taskId: string, itemId: string, done: boolean) =>
  patchChecklist(user, taskId, (ctx, list) => {
    if (!ctx.rights.tick)
      throw new ForbiddenError(
        'Only the creator, the responsible person, participants or an administrator may tick the checklist',
      );
    const i = itemOf(list, itemId);
    const item = list[i]!;
    list[i] = done
      ? { ...item, done: true, doneBy: user.sub, doneAt: new Date().toISOString() }
      : { ...item, done: false, doneBy: null, doneAt: null };
    return {
      list,
      change: {
        field: 'checklist',
        from: `${item.done ? '☑' : '☐'} ${item.text}`,
        to: `${done ? '☑' : '☐'} ${item.text}`,
      },
    };
  });

export const removeChecklistItem = (user: UserContext, taskId: string, itemId: string) =>
  patchChecklist(user, taskId, (ctx, list) => {
    if (!ctx.rights.editChecklist)
      throw new ForbiddenError('Only the creator, the responsible person or an administrator may change the checklist');
    const i = itemOf(list, itemId);
    const [gone] = list.splice(i, 1);
    return { list, change: { field: 'checklist', from: gone!.text, to: null } };
  });
