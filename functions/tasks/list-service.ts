/**
 * Lists, each ONE Query with a signed cursor and no second read (rows carry the task's summary):
 *  - my tasks by role (+ status filter, deadline order inside a status) on GSI1; with a deadline filter on GSI2
 *    (open tasks of a role by deadline) or GSI1 inside one status; with a project on the project's GSI1 rows,
 *  - my open tasks by deadline bucket, and the overdue count (Select COUNT), on GSI3,
 *  - a group's board by stage on GSI2 (after ONE GetItem of my membership).
 */
import type { UserContext } from '../../shared/auth/claims';
import { openKey, sealKey } from '../../shared/data/document';
import { NotFoundError } from '../../shared/http/errors';
import { boardPk, stagePrefix } from '../../shared/tasks/board-keys';
import {
  LIMITS,
  STATUS_RANK,
  isOpen,
  type DeadlineBucket,
  type DueFilter,
  type OverdueCount,
  type TaskPage,
  type TaskRole,
  type TaskStatus,
} from '../../shared/tasks/contract';
import { membershipOf } from '../../shared/workgroups/membership-entity';
import { countAll, query } from '../../shared/data';
import { NO_DEADLINE, byRolePk, namesOfRows, openPk, projectListPk, roleOpenPk, summaryView } from './task-entity';

type PageQ = { cursor?: string | undefined; limit?: number | undefined };

type ListQ = PageQ & {
  role?: TaskRole | undefined;
  status?: 'open' | 'all' | TaskStatus | undefined;
  due?: DueFilter | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  groupId?: string | undefined;
  tzOffsetMinutes?: number | undefined;
  sort?: 'status' | 'deadline' | undefined;
};

/** The deadline filter as a range [from, to) of ISO strings, `none` (no deadline), or nothing. */
function dueRange(
  q: ListQ,
  now: Date,
): { from?: string | undefined; to?: string | undefined; none?: true; open?: true } | null {
  if (q.due === 'none') return { none: true };
  if (q.due)
    return {
      ...bucketRange(q.due, now, q.tzOffsetMinutes ?? 0),
      ...(q.due === 'overdue' ? { open: true as const } : {}),
    };
  if (q.dueFrom || q.dueTo)
    return { from: q.dueFrom && new Date(q.dueFrom).toISOString(), to: q.dueTo && new Date(q.dueTo).toISOString() };
  return null;
}

/** Who holds `role` on a task row (the project list's role filter). */
const ROLE_FILTER: Record<TaskRole, string> = {
  responsible: 'responsibleId = :me',
  participant: 'contains(participantIds, :me)',
  creator: 'creatorId = :me',
  observer: 'contains(observerIds, :me)',
};

/**
 * My tasks: ONE Query whichever filters are set (see the index table in shared/tasks/contract.ts):
 * status on GSI1 (role rows), a deadline range of open tasks on GSI2 (role rows), a project on GSI1 (task rows).
 */
export async function listMyTasks(user: UserContext, q: ListQ): Promise<TaskPage> {
  const role = q.role ?? 'responsible';
  const status = q.status ?? 'open';
  const now = new Date();
  const range = dueRange(q, now);
  const scope = `tasks:mine:${user.sub}:${role}:${status}:${q.sort ?? ''}:${q.groupId ?? ''}:${q.due ?? ''}:${q.dueFrom ?? ''}:${q.dueTo ?? ''}:${q.tzOffsetMinutes ?? 0}`;
  // Overdue means open: with a finished status there is nothing to find (and no call to make).
  if (range?.open && status !== 'open' && !isOpen(status as TaskStatus)) return { items: [], people: {}, cursor: null };
  const values: Record<string, unknown> = {};
  let index: 'GSI1' | 'GSI2';
  let key: string;
  let filter: string | undefined;
  // A key range inside one status: {rank}#{from} .. {rank}#{to} (no deadline = {rank}#~).
  const inStatus = (attr: string, rank: string, r: NonNullable<typeof range>) => {
    if (r.none) {
      values[':p'] = `${rank}#${NO_DEADLINE}`;
      return `begins_with(${attr}, :p)`;
    }
    values[':lo'] = `${rank}#${r.from ?? ''}`;
    values[':hi'] = `${rank}#${r.to ?? NO_DEADLINE}`;
    return `${attr} BETWEEN :lo AND :hi`;
  };
  const statusKey = (attr: string) => {
    if (status === 'all') return '';
    if (status === 'open') {
      values[':end'] = '5';
      return ` AND ${attr} < :end`;
    }
    values[':r'] = `${STATUS_RANK[status]}#`;
    return ` AND begins_with(${attr}, :r)`;
  };
  if (q.groupId) {
    // The project's task rows: project (+ one status [+ deadline]) is the key; my role is a filter, so only my tasks come back.
    index = 'GSI1';
    values[':pk'] = projectListPk(q.groupId);
    values[':me'] = user.sub;
    const filters = [ROLE_FILTER[role]];
    if (range && status !== 'open' && status !== 'all')
      key = `GSI1PK = :pk AND ${inStatus('GSI1SK', STATUS_RANK[status], range)}`;
    else {
      key = `GSI1PK = :pk${statusKey('GSI1SK')}`;
      if (range?.none) filters.push('attribute_not_exists(deadline)');
      else if (range) {
        if (range.from) {
          values[':from'] = range.from;
          filters.push('deadline >= :from');
        }
        values[':to'] = range.to ?? NO_DEADLINE;
        filters.push('deadline < :to');
      }
    }
    filter = filters.join(' AND ');
  } else if ((range || q.sort === 'deadline') && status === 'open') {
    // My open tasks of this role by deadline: the range (if any) is the key.
    index = 'GSI2';
    values[':pk'] = roleOpenPk(user.sub, role);
    if (!range) key = 'GSI2PK = :pk';
    else if (range.none) {
      values[':p'] = NO_DEADLINE;
      key = 'GSI2PK = :pk AND begins_with(GSI2SK, :p)';
    } else if (!range.from) {
      values[':hi'] = range.to ?? NO_DEADLINE;
      key = 'GSI2PK = :pk AND GSI2SK < :hi';
    } else {
      values[':lo'] = range.from;
      values[':hi'] = range.to ?? NO_DEADLINE;
      key = 'GSI2PK = :pk AND GSI2SK BETWEEN :lo AND :hi';
    }
  } else {
    index = 'GSI1';
    values[':pk'] = byRolePk(user.sub, role);
    key =
      range && status !== 'open' && status !== 'all'
        ? `GSI1PK = :pk AND ${inStatus('GSI1SK', STATUS_RANK[status], range)}`
        : `GSI1PK = :pk${statusKey('GSI1SK')}`;
  }
  const page = await query({
    IndexName: index,
    KeyConditionExpression: key,
    ...(filter ? { FilterExpression: filter } : {}),
    ExpressionAttributeValues: values,
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const iso = now.toISOString();
  return {
    items: page.items.map((r) => summaryView(r, iso)),
    people: namesOfRows(page.items),
    cursor: await sealKey(page.lastKey, scope),
  };
}

/** Bucket bounds (ISO, UTC) for a viewer `tzOffsetMinutes` east of UTC: [from, to). */
export function bucketRange(bucket: DeadlineBucket, now: Date, tzOffsetMinutes = 0): { from?: string; to?: string } {
  const local = new Date(now.getTime() + tzOffsetMinutes * 60_000);
  const startOfDay =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - tzOffsetMinutes * 60_000;
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

export async function listDeadlines(
  user: UserContext,
  q: PageQ & { bucket: DeadlineBucket; tzOffsetMinutes?: number | undefined },
): Promise<TaskPage> {
  const now = new Date();
  const { from, to } = bucketRange(q.bucket, now, q.tzOffsetMinutes ?? 0);
  const scope = `tasks:deadlines:${user.sub}:${q.bucket}:${q.tzOffsetMinutes ?? 0}`;
  const expr =
    from && to
      ? 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to'
      : from
        ? 'GSI3PK = :pk AND GSI3SK >= :from'
        : 'GSI3PK = :pk AND GSI3SK < :to';
  const page = await query({
    IndexName: 'GSI3',
    KeyConditionExpression: expr,
    ExpressionAttributeValues: {
      ':pk': openPk(user.sub),
      ...(from ? { ':from': from } : {}),
      ...(to ? { ':to': to } : {}),
    },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const iso = now.toISOString();
  return {
    items: page.items.map((r) => summaryView(r, iso)),
    people: namesOfRows(page.items),
    cursor: await sealKey(page.lastKey, scope),
  };
}

/** ONE Query (Select COUNT; the paginator follows only past 1 MB of keys). */
export async function overdueCount(user: UserContext): Promise<OverdueCount> {
  const overdue = await countAll({
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :now',
    ExpressionAttributeValues: { ':pk': openPk(user.sub), ':now': new Date().toISOString() },
  });
  return { overdue };
}

export async function listBoard(
  user: UserContext,
  groupId: string,
  q: PageQ & { stageId?: string | undefined },
): Promise<TaskPage> {
  if (!user.isAdmin && !(await membershipOf(groupId, user.sub))) throw new NotFoundError('Group not found');
  const scope = `tasks:board:${groupId}:${q.stageId ?? ''}`;
  const page = await query({
    IndexName: 'GSI2',
    KeyConditionExpression: q.stageId ? 'GSI2PK = :pk AND begins_with(GSI2SK, :p)' : 'GSI2PK = :pk',
    ExpressionAttributeValues: { ':pk': boardPk(groupId), ...(q.stageId ? { ':p': stagePrefix(q.stageId) } : {}) },
    Limit: q.limit ?? LIMITS.pageSize,
    ExclusiveStartKey: await openKey(q.cursor, scope),
  });
  const now = new Date().toISOString();
  return {
    items: page.items.map((r) => summaryView(r, now)),
    people: namesOfRows(page.items),
    cursor: await sealKey(page.lastKey, scope),
  };
}
