/**
 * Notifications from the table's stream and a schedule, through shared/notifications notify():
 *  - task INSERT/MODIFY: people newly on the task → task.assigned; a status change → task.status to its
 *    people except whoever changed it, but the responsible person hears a control step in its own words:
 *    task.accepted (awaiting control → completed) or task.returned (awaiting control → in progress); everyone on it gets a `task.changed` frame (boards refetch);
 *  - comment INSERT: task.mention to the mentioned, task.comment to the task's other people;
 *  - schedule (hourly): open tasks due within a day → task.deadline to the responsible person; overdue →
 *    task.overdue to the responsible person and the creator. Idempotent per task, person and day (dedupe key
 *    and a fixed `at`: the same day's run never notifies twice).
 * Names for the texts: ONE BatchGet of the actors' profiles per batch.
 *
 * Order and duplicates (stream consumer `taskEvents`): it relies on no order between records. Each record is
 * judged on its own old and new images (who is newly on the task, whether the status changed), and every
 * notification carries a dedupe key naming the task version or the comment (`task.assigned:{t}:{u}:{role}:{v}`,
 * `task.status|accepted|returned:{t}:{v}:{u}`, `task.mention|comment:{commentId}:{u}`), so a record delivered twice notifies once
 * and a late record still notifies about exactly its own change (the id is built from that key and the record's own
 * updatedAt/createdAt, never the time of delivery). The `task.changed` frame carries the version:
 * a repeated or late frame only makes a board refetch.
 */
import { notify } from '../../shared/notifications/notify';
import { sendToUsers } from '../../shared/realtime/notify';
import type { JobContext, StreamChange } from '../../shared/runtime/feature-handler';
import type { TaskFrame, TaskStatus } from '../../shared/tasks/contract';
import { isOpen } from '../../shared/tasks/contract';
import { plainOf } from './sanitize';
import { batchGet, queryAll } from '../../shared/data';
import { profileKey, readTask } from './store';
import { DEADLINES_PK, E, type TaskItem } from './task-entity';

const peopleOf = (t: TaskItem) => [
  ...new Set([t.creatorId, t.responsibleId, ...(t.participantIds ?? []), ...(t.observerIds ?? [])]),
];

async function namesOf(ids: string[]): Promise<Map<string, string>> {
  const rows = await batchGet([...new Set(ids)].map(profileKey));
  return new Map(
    rows.map((r) => [r.userId as string, `${(r.firstName as string) ?? ''} ${(r.lastName as string) ?? ''}`.trim()]),
  );
}

export async function taskEvents(changes: StreamChange[], ctx: JobContext): Promise<void> {
  const actors = changes
    .map((c) =>
      c.entity === E.comment ? (c.newImage?.authorId as string) : ((c.newImage ?? c.oldImage)?.lastActorId as string),
    )
    .filter(Boolean);
  const names = await namesOf(actors);
  const nameOf = (id: string) => names.get(id) || '';
  for (const c of changes) {
    try {
      if (c.entity === E.task) await onTask(c, nameOf);
      else if (c.entity === E.comment && c.eventName === 'INSERT') await onComment(c.newImage!, nameOf);
    } catch (e) {
      ctx.logger.error('task event failed', { error: e as Error });
      throw e;
    }
  }
}

async function onTask(c: StreamChange, nameOf: (id: string) => string) {
  const n = c.newImage as TaskItem | undefined;
  const o = c.oldImage as TaskItem | undefined;
  const t = (n ?? o)!;
  const frame: TaskFrame = {
    type: 'task.changed',
    taskId: t.taskId,
    status: t.status,
    version: t.version,
    ...(n ? {} : { deleted: true }),
  };
  await sendToUsers([...new Set([...(n ? peopleOf(n) : []), ...(o ? peopleOf(o) : [])])], frame);
  if (!n) return;
  const actor = n.lastActorId;
  const at = new Date(n.updatedAt);
  const link = `/tasks/${n.taskId}`;
  const roleOf = (id: string) =>
    id === n.responsibleId
      ? 'responsible'
      : n.participantIds.includes(id)
        ? 'participant'
        : n.observerIds.includes(id)
          ? 'observer'
          : null;
  for (const id of peopleOf(n)) {
    const role = roleOf(id);
    if (!role || id === actor) continue;
    const was =
      o &&
      (role === 'responsible'
        ? o.responsibleId === id
        : role === 'participant'
          ? o.participantIds.includes(id)
          : o.observerIds.includes(id));
    if (was) continue;
    await notify(id, {
      kind: 'task.assigned',
      actorId: actor,
      params: { actorName: nameOf(actor), taskTitle: n.title, role },
      link,
      at,
      dedupeKey: `task.assigned:${n.taskId}:${id}:${role}:${n.version}`,
    });
  }
  if (o && o.status !== n.status) {
    for (const id of peopleOf(n)) {
      if (
        id === actor ||
        (n.observerIds.includes(id) && id !== n.creatorId && id !== n.responsibleId && !n.participantIds.includes(id))
      )
        continue;
      const kind = id === n.responsibleId ? (controlStep(o.status, n.status) ?? 'task.status') : 'task.status';
      await notify(id, {
        kind,
        actorId: actor,
        params: { actorName: nameOf(actor), taskTitle: n.title, status: n.status },
        link,
        at,
        dedupeKey: `${kind}:${n.taskId}:${n.version}:${id}`,
      });
    }
  }
}

/**
 * The control steps (shared/tasks/status-machine.ts): a task awaiting control that the creator accepts
 * (→ completed) or returns (→ in progress). The responsible person hears them in those words.
 */
export function controlStep(from: TaskStatus, to: TaskStatus): 'task.accepted' | 'task.returned' | null {
  if (from !== 'awaiting_control') return null;
  return to === 'completed' ? 'task.accepted' : to === 'in_progress' ? 'task.returned' : null;
}

async function onComment(row: Record<string, unknown>, nameOf: (id: string) => string) {
  const task = await readTask(row.taskId as string);
  if (!task) return;
  const author = row.authorId as string;
  const mentions = new Set((row.mentions as string[]) ?? []);
  const at = new Date(row.createdAt as string);
  const link = `/tasks/${task.taskId}?comment=${row.commentId as string}`;
  const preview = plainOf(row.text as string).slice(0, 140);
  const params = { actorName: nameOf(author), taskTitle: task.title, preview };
  for (const id of mentions) {
    if (id !== author)
      await notify(id, {
        kind: 'task.mention',
        actorId: author,
        params,
        link,
        at,
        dedupeKey: `task.mention:${row.commentId as string}:${id}`,
      });
  }
  // A return for rework writes its reason as a comment in the same change: the responsible person hears
  // "returned" (onTask) and not also "commented".
  const returnReason = task.status === 'in_progress' && task.lastActorId === author && task.updatedAt === row.createdAt;
  for (const id of peopleOf(task)) {
    if (id === author || mentions.has(id) || (returnReason && id === task.responsibleId)) continue;
    await notify(id, {
      kind: 'task.comment',
      actorId: author,
      params,
      link,
      at,
      dedupeKey: `task.comment:${row.commentId as string}:${id}`,
    });
  }
}

/** Hourly: due within a day → task.deadline; overdue → task.overdue. Same task, person and day → one notification. */
export async function deadlineReminders(ctx: JobContext, now = new Date()): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const at = new Date(`${day}T00:00:00.000Z`);
  const iso = now.toISOString();
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString();
  let sent = 0;
  for (const [kind, expr, values] of [
    ['task.deadline', 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to', { ':from': iso, ':to': tomorrow }],
    ['task.overdue', 'GSI3PK = :pk AND GSI3SK < :to', { ':to': iso }],
  ] as const) {
    // Every page (the SDK's paginator): a schedule, not a request path.
    const due = await queryAll<TaskItem>({
      IndexName: 'GSI3',
      KeyConditionExpression: expr,
      ExpressionAttributeValues: { ':pk': DEADLINES_PK, ...values },
    });
    for (const t of due) {
      if (!isOpen(t.status) || !t.deadline) continue;
      const to = kind === 'task.overdue' ? [...new Set([t.responsibleId, t.creatorId])] : [t.responsibleId];
      for (const id of to) {
        const r = await notify(id, {
          kind,
          actorId: null,
          params: { taskTitle: t.title, deadline: t.deadline },
          link: `/tasks/${t.taskId}`,
          at,
          dedupeKey: `${kind}:${t.taskId}:${id}:${day}`,
        });
        if (r) sent++;
      }
    }
  }
  ctx.logger.info('deadline reminders', { sent });
}
