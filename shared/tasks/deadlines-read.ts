/**
 * "My open tasks with a deadline in [from, to)" for other features (the calendar shows them as read-only entries).
 * ONE Query of the tasks' own deadline index: GSI3 GSI3PK=USER#{me}#OPEN, GSI3SK={deadline}#{taskId} — the role
 * row that carries it (one per person and task, see functions/tasks/task-entity.ts) holds the task's summary.
 */
import { query } from '../data/query';

export interface TaskDeadline {
  taskId: string;
  title: string;
  deadline: string;
}

/** At most `limit` of my open tasks due in [fromUtc, toUtc), earliest first: ONE Query. */
export async function myTaskDeadlines(
  userId: string,
  fromUtc: string,
  toUtc: string,
  limit = 200,
): Promise<TaskDeadline[]> {
  const page = await query({
    IndexName: 'GSI3',
    // `{to}#…` sorts after `to`, so BETWEEN from AND to keeps exactly the deadlines before `to`.
    KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `USER#${userId}#OPEN`, ':from': fromUtc, ':to': toUtc },
    Limit: limit,
  });
  return page.items.flatMap((r) =>
    typeof r.taskId === 'string' && typeof r.deadline === 'string' && r.deadline < toUtc
      ? [{ taskId: r.taskId, title: typeof r.title === 'string' ? r.title : '', deadline: r.deadline }]
      : [],
  );
}
