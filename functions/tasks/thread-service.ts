/** Comments (sanitised rich text, mentions), the change history and subtasks: each list is ONE Query of the task's partition. */
import type { UserContext } from '../../shared/auth/claims';
import { openKey, sealKey, strip, type Raw } from '../../shared/data/document';
import { BadRequestError, ForbiddenError } from '../../shared/http/errors';
import { reply } from '../../shared/runtime/feature-handler';
import {
  LIMITS,
  type CommentView,
  type HistoryView,
  type PeoplePage,
  type TaskSummary,
} from '../../shared/tasks/contract';
import { rolesOf } from '../../shared/tasks/policy';
import { groupPk, memberSk, membershipFromRow } from '../../shared/workgroups/membership-entity';
import { plainOf, sanitizeRichText } from './sanitize';
import { batchGet, findByKey as find, query, transaction } from '../../shared/data';
import { peopleMap } from './store';
import { TaskComments, type CommentItem } from './comment-entity';
import { namesOfRows, summaryView, taskPk } from './task-entity';
import { access, newId } from './task-service';

type PageQ = { cursor?: string | undefined; limit?: number | undefined };

async function partitionPage(taskId: string, prefix: string, scope: string, q: PageQ, newestFirst: boolean) {
  return query({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': taskPk(taskId), ':p': prefix },
    ScanIndexForward: !newestFirst,
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
}

const commentView = (r: Raw): CommentView => ({
  commentId: r.commentId as string,
  authorId: r.authorId as string,
  text: r.text as string,
  mentions: (r.mentions as string[]) ?? [],
  createdAt: r.createdAt as string,
});

export async function listComments(user: UserContext, taskId: string, q: PageQ): Promise<PeoplePage<CommentView>> {
  await access(user, taskId);
  const scope = `tasks:comments:${taskId}`;
  const page = await partitionPage(taskId, 'COMMENT#', scope, q, false);
  const items = page.items.map(commentView);
  // Authors and the mentioned (ONE BatchGet; none on an empty page).
  return {
    items,
    people: await peopleMap(items.flatMap((c) => [c.authorId, ...c.mentions])),
    cursor: await sealKey(page.lastKey, scope),
  };
}

export async function addComment(
  user: UserContext,
  taskId: string,
  body: { text: string; mentions?: string[] | undefined },
) {
  const ctx = await access(user, taskId);
  if (!ctx.rights.comment) throw new ForbiddenError('You may not comment on this task');
  const text = sanitizeRichText(body.text);
  if (!plainOf(text))
    throw new BadRequestError('The comment is empty', [{ path: 'text', reason: 'empty after removing markup' }]);
  const t = ctx.task;
  // Mentions notify only people who may see the task: its people, or members of its group (ONE BatchGet).
  const asked = [...new Set(body.mentions ?? [])].filter((id) => id !== user.sub);
  const outside = asked.filter((id) => rolesOf(t, id).length === 0);
  const rows =
    t.groupId && outside.length
      ? await batchGet(outside.map((id) => ({ PK: groupPk(t.groupId!), SK: memberSk(id) })))
      : [];
  const mentions = asked.filter(
    (id) =>
      rolesOf(t, id).length > 0 ||
      (t.groupId && membershipFromRow(find(rows, { PK: groupPk(t.groupId), SK: memberSk(id) }))),
  );
  const item: CommentItem = {
    taskId,
    commentId: newId(),
    authorId: user.sub,
    text,
    mentions,
    createdAt: new Date().toISOString(),
  };
  await transaction().add(TaskComments.create(item)).commit();
  return reply(201, commentView(item));
}

/** History values that are people (ids joined by ', '). */
const PERSON_FIELDS = new Set(['responsibleId', 'participantIds', 'observerIds']);

export async function listHistory(user: UserContext, taskId: string, q: PageQ): Promise<PeoplePage<HistoryView>> {
  await access(user, taskId);
  const scope = `tasks:history:${taskId}`;
  const page = await partitionPage(taskId, 'HIST#', scope, q, true);
  const items = page.items.map((r) => {
    const h = strip<Raw>(r);
    return {
      historyId: h.historyId as string,
      userId: h.userId as string,
      at: h.at as string,
      field: h.field as string,
      from: (h.from as string | null) ?? null,
      to: (h.to as string | null) ?? null,
    };
  });
  const ids = items.flatMap((h) => [
    h.userId,
    ...(PERSON_FIELDS.has(h.field) ? [h.from, h.to].flatMap((v) => (v ? v.split(', ') : [])) : []),
  ]);
  return { items, people: await peopleMap(ids), cursor: await sealKey(page.lastKey, scope) };
}

export async function listSubtasks(user: UserContext, taskId: string, q: PageQ): Promise<PeoplePage<TaskSummary>> {
  await access(user, taskId);
  const scope = `tasks:subtasks:${taskId}`;
  const page = await partitionPage(taskId, 'CHILD#', scope, q, false);
  return {
    items: page.items.map((r) => summaryView(r)),
    people: namesOfRows(page.items),
    cursor: await sealKey(page.lastKey, scope),
  };
}
