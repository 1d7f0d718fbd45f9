/**
 * GET /tasks/summary (Home's "My tasks" widget): three groups in one answer. Six bounded Queries run side by side,
 * no Scan, no read per row (rows carry the task's summary and names):
 *
 * | group            | rows (Limit SUMMARY_LIMITS.items)                      | count (Select COUNT, Limit SUMMARY_LIMITS.count) |
 * |------------------|--------------------------------------------------------|--------------------------------------------------|
 * | overdue          | GSI3 USER#{me}#OPEN, GSI3SK < now                      | same key                                         |
 * | today            | GSI3 USER#{me}#OPEN, GSI3SK BETWEEN now AND end of day | same key                                         |
 * | awaitingControl  | GSI1 USER#{me}#creator, begins_with(GSI1SK, {rank}#)   | same key                                         |
 *
 * GSI3 holds each open task with a deadline once per person (on their first role), as the Tasks page's deadline
 * buckets read it, so overdue/today here match those buckets.
 */
import type { UserContext } from '../../shared/auth/claims';
import { query, type QueryInput } from '../../shared/data';
import { STATUS_RANK } from '../../shared/tasks/contract';
import {
  SUMMARY_GROUPS,
  SUMMARY_LIMITS,
  summaryRanges,
  type SummaryGroup,
  type SummaryGroupName,
  type TaskHomeSummary,
} from '../../shared/tasks/summary';
import { byRolePk, namesOfRows, openPk, summaryView } from './task-entity';

type KeyQuery = Pick<QueryInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'>;

/** The key of each group's Query (pure: the unit tests check the ranges). */
export function summaryKeys(userId: string, timeZone: string, now: Date): Record<SummaryGroupName, KeyQuery> {
  const { now: n, endOfToday } = summaryRanges(timeZone, now);
  return {
    overdue: {
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :now',
      ExpressionAttributeValues: { ':pk': openPk(userId), ':now': n },
    },
    today: {
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :now AND :end',
      ExpressionAttributeValues: { ':pk': openPk(userId), ':now': n, ':end': endOfToday },
    },
    awaitingControl: {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :rank)',
      ExpressionAttributeValues: { ':pk': byRolePk(userId, 'creator'), ':rank': `${STATUS_RANK.awaiting_control}#` },
    },
  };
}

export async function taskSummary(user: UserContext, q: { timeZone?: string | undefined }): Promise<TaskHomeSummary> {
  const now = new Date();
  const keys = summaryKeys(user.sub, q.timeZone ?? 'UTC', now);
  // Per group: its first rows and its (bounded) count, all six side by side.
  const answers = await Promise.all(
    SUMMARY_GROUPS.map(async (g) => {
      const [rows, count] = await Promise.all([
        query({ ...keys[g], Limit: SUMMARY_LIMITS.items }),
        query({ ...keys[g], Select: 'COUNT', Limit: SUMMARY_LIMITS.count }),
      ]);
      return { rows: rows.items, count: count.count };
    }),
  );
  const iso = now.toISOString();
  const group = (i: number): SummaryGroup => {
    const a = answers[i] ?? { rows: [], count: 0 };
    return { items: a.rows.map((r) => summaryView(r, iso)), count: Math.max(a.count, a.rows.length) };
  };
  return {
    overdue: group(SUMMARY_GROUPS.indexOf('overdue')),
    today: group(SUMMARY_GROUPS.indexOf('today')),
    awaitingControl: group(SUMMARY_GROUPS.indexOf('awaitingControl')),
    people: namesOfRows(answers.flatMap((a) => a.rows)),
  };
}
