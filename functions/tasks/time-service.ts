/**
 * Time tracking: one timer per person (PK=USER#{me} SK=TIMER), time entries in the task's partition,
 * and the task's running total. Starting a timer while another runs records the running segment on the
 * other task and moves the timer in ONE transaction. Totals bump the task's version (a concurrent edit
 * of the task then answers 409 instead of losing the added time).
 */
import type { UserContext } from '../../shared/auth/claims';
import { openKey, sealKey } from '../../shared/data/document';
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import { LIMITS, type TimeEntryView, type TimeView, type TimerView } from '../../shared/tasks/contract';
import {
  batchGet,
  findByKey as find,
  isConditionFailure,
  query,
  transaction,
  type EntityWrite,
} from '../../shared/data';
import { peopleMap } from './store';
import { Tasks, taskFromRow, taskKey, taskPk, timerKey } from './task-entity';
import { TimeEntries, type TimeEntryItem } from './time-entity';
import { Timers, type TimerItem } from './timer-entity';
import { access, contextFor, newId, taskNotFound } from './task-service';

/** The task's total time (and version) move with every entry written (condition: the task exists). */
const addTime = (taskId: string, seconds: number): EntityWrite =>
  Tasks.patch({ taskId }).add({ timeSpentSeconds: seconds, version: 1 }).set({ updatedAt: new Date().toISOString() });

/** My timer, written only over the version read (or created when there was none). */
const timerPut = (timer: TimerItem | null, next: TimerItem): EntityWrite =>
  timer ? Timers.put(next).where((a, o) => o.eq(a.version, timer.version)) : Timers.create(next);

function entryView(e: TimeEntryItem): TimeEntryView {
  return {
    entryId: e.entryId,
    userId: e.userId,
    seconds: e.seconds,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    comment: e.comment ?? '',
    source: e.source,
    version: e.version,
    edits: e.edits ?? [],
  };
}

function timerView(t: TimerItem | null, recorded: TimerView['recorded'] = null): TimerView {
  if (!t) return { state: 'idle', taskId: null, taskTitle: null, startedAt: null, recorded };
  return {
    state: t.state,
    taskId: t.taskId,
    taskTitle: t.taskTitle,
    startedAt: t.state === 'running' ? (t.startedAt ?? null) : null,
    recorded,
  };
}

/** The running segment of a timer as a time entry + the total on its task (empty when paused or under a second). */
function segment(
  userId: string,
  t: TimerItem | null,
  now: Date,
): { items: EntityWrite[]; recorded: TimerView['recorded'] } {
  if (!t || t.state !== 'running' || !t.startedAt) return { items: [], recorded: null };
  const seconds = Math.min(LIMITS.entrySeconds, Math.floor((now.getTime() - Date.parse(t.startedAt)) / 1000));
  if (seconds < 1) return { items: [], recorded: null };
  const entry: TimeEntryItem = {
    taskId: t.taskId,
    entryId: newId(),
    userId,
    seconds,
    startedAt: t.startedAt,
    endedAt: now.toISOString(),
    comment: '',
    source: 'timer',
    version: 1,
    edits: [],
  };
  return {
    items: [TimeEntries.put(entry), addTime(t.taskId, seconds)],
    recorded: { taskId: t.taskId, seconds },
  };
}

const readTimer = async (userId: string): Promise<TimerItem | null> => (await Timers.get({ userId }).go()).data;

/** Writes; when the timer's task was deleted meanwhile the segment is dropped and the write retried once. */
async function writeTimer(build: (withSegment: boolean) => EntityWrite[]): Promise<boolean> {
  try {
    await transaction()
      .add(...build(true))
      .commit();
    return true;
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    try {
      await transaction()
        .add(...build(false))
        .commit();
      return false;
    } catch (e2) {
      if (isConditionFailure(e2)) throw new ConflictError('Your timer changed meanwhile (another tab?); reload it');
      throw e2;
    }
  }
}

export async function startTimer(user: UserContext, taskId: string): Promise<TimerView> {
  // ONE BatchGet: the task and my timer.
  const rows = await batchGet([taskKey(taskId), timerKey(user.sub)]);
  const task = taskFromRow(find(rows, taskKey(taskId)));
  if (!task) throw taskNotFound();
  const ctx = await contextFor(user, task);
  if (!ctx.rights.trackTime)
    throw new ForbiddenError('Only the task’s creator, responsible person and participants track time on it');
  const timerRaw = find(rows, timerKey(user.sub));
  const timer = timerRaw ? Timers.parse({ Item: timerRaw }).data : null;
  if (timer?.state === 'running' && timer.taskId === taskId) return timerView(timer);
  const now = new Date();
  const seg = segment(user.sub, timer, now);
  const next: TimerItem = {
    userId: user.sub,
    taskId,
    taskTitle: task.title,
    state: 'running',
    startedAt: now.toISOString(),
    version: (timer?.version ?? 0) + 1,
  };
  const recordedOk = await writeTimer((withSegment) => [...(withSegment ? seg.items : []), timerPut(timer, next)]);
  return timerView(next, recordedOk ? seg.recorded : null);
}

export async function pauseTimer(user: UserContext): Promise<TimerView> {
  const timer = await readTimer(user.sub);
  if (!timer || timer.state === 'paused') return timerView(timer);
  const seg = segment(user.sub, timer, new Date());
  const next: TimerItem = {
    userId: user.sub,
    taskId: timer.taskId,
    taskTitle: timer.taskTitle,
    state: 'paused',
    version: timer.version + 1,
  };
  const ok = await writeTimer((withSegment) => [...(withSegment ? seg.items : []), timerPut(timer, next)]);
  return timerView(next, ok ? seg.recorded : null);
}

export async function stopTimer(user: UserContext): Promise<TimerView> {
  const timer = await readTimer(user.sub);
  if (!timer) return timerView(null);
  const seg = segment(user.sub, timer, new Date());
  const ok = await writeTimer((withSegment) => [
    ...(withSegment ? seg.items : []),
    Timers.delete({ userId: user.sub }).where((a, o) => o.eq(a.version, timer.version)),
  ]);
  return timerView(null, ok ? seg.recorded : null);
}

export async function getTimer(user: UserContext): Promise<TimerView> {
  return timerView(await readTimer(user.sub));
}

// ---- entries -------------------------------------------------------------------------------------------

export async function listTime(
  user: UserContext,
  taskId: string,
  q: { cursor?: string | undefined; limit?: number | undefined },
): Promise<TimeView> {
  const ctx = await access(user, taskId);
  const scope = `tasks:time:${taskId}`;
  const page = await query({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': taskPk(taskId), ':p': 'TIME#' },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const items = page.items
    .map((r) => TimeEntries.parse({ Item: r }).data)
    .filter((e): e is TimeEntryItem => !!e)
    .map(entryView);
  return {
    items,
    // Who logged or edited (ONE BatchGet; none when the page is empty).
    people: await peopleMap(items.flatMap((e) => [e.userId, ...e.edits.map((x) => x.by)])),
    cursor: await sealKey(page.lastKey, scope),
    totalSeconds: ctx.task.timeSpentSeconds ?? 0,
    plannedMinutes: ctx.task.plannedMinutes ?? null,
  };
}

export async function addTimeEntry(
  user: UserContext,
  taskId: string,
  body: { seconds: number; startedAt?: string | undefined; comment: string },
) {
  const ctx = await access(user, taskId);
  if (!ctx.rights.trackTime)
    throw new ForbiddenError('Only the task’s creator, responsible person and participants track time on it');
  const end = body.startedAt ? Date.parse(body.startedAt) + body.seconds * 1000 : Date.now();
  const entry: TimeEntryItem = {
    taskId,
    entryId: newId(),
    userId: user.sub,
    seconds: body.seconds,
    startedAt: new Date(end - body.seconds * 1000).toISOString(),
    endedAt: new Date(end).toISOString(),
    comment: body.comment,
    source: 'manual',
    version: 1,
    edits: [],
  };
  await transaction().add(TimeEntries.create(entry), addTime(taskId, entry.seconds)).commit();
  return reply(201, entryView(entry));
}

async function ownEntry(user: UserContext, taskId: string, entryId: string): Promise<TimeEntryItem> {
  await access(user, taskId);
  const { data: e } = await TimeEntries.get({ taskId, entryId }).go();
  if (!e) throw new NotFoundError('No such time entry');
  if (e.userId !== user.sub && !user.isAdmin)
    throw new ForbiddenError('Only its author or an administrator may change a time entry');
  return e;
}

export async function editTimeEntry(
  user: UserContext,
  taskId: string,
  entryId: string,
  body: { version: number; seconds?: number | undefined; comment?: string | undefined },
) {
  const e = await ownEntry(user, taskId, entryId);
  if (e.version !== body.version)
    throw new ConflictError('This entry was changed meanwhile. Reload, then save again.', { current: entryView(e) });
  const next: TimeEntryItem = {
    ...e,
    seconds: body.seconds ?? e.seconds,
    comment: body.comment ?? e.comment,
    version: e.version + 1,
    edits: [
      ...(e.edits ?? []),
      { at: new Date().toISOString(), by: user.sub, seconds: e.seconds, comment: e.comment ?? '' },
    ],
  };
  next.endedAt = new Date(Date.parse(next.startedAt) + next.seconds * 1000).toISOString();
  const delta = next.seconds - e.seconds;
  try {
    const tx = transaction().add(TimeEntries.put(next).where((a, o) => o.eq(a.version, e.version)));
    if (delta) tx.add(addTime(taskId, delta));
    await tx.commit();
  } catch (err) {
    if (isConditionFailure(err)) throw new ConflictError('This entry was changed meanwhile. Reload, then save again.');
    throw err;
  }
  return entryView(next);
}

export async function deleteTimeEntry(user: UserContext, taskId: string, entryId: string) {
  const e = await ownEntry(user, taskId, entryId);
  try {
    await transaction()
      .add(
        TimeEntries.delete({ taskId, entryId }).where((a, o) => o.eq(a.version, e.version)),
        addTime(taskId, -e.seconds),
      )
      .commit();
  } catch (err) {
    if (isConditionFailure(err)) throw new ConflictError('This entry was changed meanwhile; reload');
    throw err;
  }
  return reply(204);
}
