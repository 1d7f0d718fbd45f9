/**
 * Lists, each ONE Query with a signed cursor and no second read (rows carry the task's summary):
 *  - my tasks by role (+ status filter, deadline order inside a status) on GSI1,
 *  - my open tasks by deadline bucket, and the overdue count (Select COUNT), on GSI3,
 *  - a group's board by stage on GSI2 (after ONE GetItem of my membership).
 */
import type { UserContext } from '../../shared/auth/claims';
import { openKey, sealKey } from '../../shared/data/document';
import { NotFoundError } from '../../shared/http/errors';
import { boardPk, stagePrefix } from '../../shared/tasks/board-keys';
import { LIMITS, STATUS_RANK, type DeadlineBucket, type OverdueCount, type Page, type TaskRole, type TaskStatus, type TaskSummary } from '../../shared/tasks/contract';
import { membershipOf } from '../../shared/workgroups/membership-entity';
import { queryPage } from './store';
import { byRolePk, openPk, summaryView } from './task-entity';

type PageQ = { cursor?: string | undefined; limit?: number | undefined };

export async function listMyTasks(user: UserContext, q: PageQ & { role?: TaskRole | undefined; status?: 'open' | 'all' | TaskStatus | undefined }): Promise<Page<TaskSummary>> {
  const role = q.role ?? 'responsible';
  const status = q.status ?? 'open';
  const scope = `tasks:mine:${user.sub}:${role}:${status}`;
  // Open statuses rank 1-4, finished ones 5-6 (STATUS_RANK): "open" is one range of the sort key.
  const cond =
    status === 'all'
      ? { expr: 'GSI1PK = :pk', values: {} }
      : status === 'open'
        ? { expr: 'GSI1PK = :pk AND GSI1SK < :end', values: { ':end': '5' } }
        : { expr: 'GSI1PK = :pk AND begins_with(GSI1SK, :r)', values: { ':r': `${STATUS_RANK[status]}#` } };
  const page = await queryPage({
    IndexName: 'GSI1',
    KeyConditionExpression: cond.expr,
    ExpressionAttributeValues: { ':pk': byRolePk(user.sub, role), ...cond.values },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const now = new Date().toISOString();
  return { items: page.items.map((r) => summaryView(r, now)), cursor: await sealKey(page.lastKey, scope) };
}

/** Bucket bounds (ISO, UTC) for a viewer `tzOffsetMinutes` east of UTC: [from, to). */
export function bucketRange(bucket: DeadlineBucket, now: Date, tzOffsetMinutes = 0): { from?: string; to?: string } {
  const local = new Date(now.getTime() + tzOffsetMinutes * 60_000);
  const startOfDay = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - tzOffsetMinutes * 60_000;
  const endOfToday = new Date(startOfDay + 86_400_000).toISOString();
  // The week ends on Sunday night (ISO weeks start on Monday).
  const daysToMonday = (8 - local.getUTCDay()) % 7 || 7;
  const endOfWeek = new Date(startOfDay + daysToMonday * 86_400_000).toISOString();
  const n = now.toISOString();
  if (bucket === 'overdue') return { to: n };
  if (bucket === 'today') return { from: n, to: endOfToday };
  if (bucket === 'week') return { from: endOfToday, to: endOfWeek };
  return { from: endOfWeek };
}

export async function listDeadlines(user: UserContext, q: PageQ & { bucket: DeadlineBucket; tzOffsetMinutes?: number | undefined }): Promise<Page<TaskSummary>> {
  const now = new Date();
  const { from, to } = bucketRange(q.bucket, now, q.tzOffsetMinutes ?? 0);
  const scope = `tasks:deadlines:${user.sub}:${q.bucket}:${q.tzOffsetMinutes ?? 0}`;
  const expr = from && to ? 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to' : from ? 'GSI3PK = :pk AND GSI3SK >= :from' : 'GSI3PK = :pk AND GSI3SK < :to';
  const page = await queryPage({
    IndexName: 'GSI3',
    KeyConditionExpression: expr,
    ExpressionAttributeValues: { ':pk': openPk(user.sub), ...(from ? { ':from': from } : {}), ...(to ? { ':to': to } : {}) },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const iso = now.toISOString();
  return { items: page.items.map((r) => summaryView(r, iso)), cursor: await sealKey(page.lastKey, scope) };
}

/** ONE Query (Select COUNT; pages only past 1 MB of keys). */
export async function overdueCount(user: UserContext): Promise<OverdueCount> {
  let overdue = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryPage({
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :now',
      ExpressionAttributeValues: { ':pk': openPk(user.sub), ':now': new Date().toISOString() },
      Select: 'COUNT',
      ExclusiveStartKey: start,
    });
    overdue += page.count;
    start = page.lastKey;
  } while (start);
  return { overdue };
}

export async function listBoard(user: UserContext, groupId: string, q: PageQ & { stageId?: string | undefined }): Promise<Page<TaskSummary>> {
  if (!user.isAdmin && !(await membershipOf(groupId, user.sub))) throw new NotFoundError('Group not found');
  const scope = `tasks:board:${groupId}:${q.stageId ?? ''}`;
  const page = await queryPage({
    IndexName: 'GSI2',
    KeyConditionExpression: q.stageId ? 'GSI2PK = :pk AND begins_with(GSI2SK, :p)' : 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': boardPk(groupId), ...(q.stageId ? { ':p': stagePrefix(q.stageId) } : {}) },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const now = new Date().toISOString();
  return { items: page.items.map((r) => summaryView(r, now)), cursor: await sealKey(page.lastKey, scope) };
}
