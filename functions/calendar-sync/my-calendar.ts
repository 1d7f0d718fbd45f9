/**
 * What the feed and CalDAV read: my `user-…` calendar partition in ONE Query (GSI1 CAL#user-{sub}, GSI1SK ≥
 * END#{from}: what has not ended before `from`, series included whole), which holds my own events and the copies
 * of the meetings I am invited to; and my open tasks' deadlines in ONE Query (GSI3 USER#{sub}#OPEN, the index the
 * tasks feature keeps for "my open tasks by deadline"; read by its keys, nothing imported from functions/tasks).
 */
import { attendeeFromRow, type AttendeeItem } from '../../shared/calendar/attendee-entity';
import { userCalendarId } from '../../shared/calendar/contract';
import { calendarPartition, endKeyFrom, eventFromRow, type EventItem } from '../../shared/calendar/event-entity';
import { queryAll } from '../../shared/data';
import type { Raw } from '../../shared/data/document';

/** How far back the feed and CalDAV reach (everything in the future is included). */
export const WINDOW_MONTHS_BACK = 6;
/** A bound on one person's partition read (a Query page is 1 MB; this is many pages of events). */
const MAX_ROWS = 5_000;

export function windowStartUtc(now: Date = new Date()): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - WINDOW_MONTHS_BACK);
  return d.toISOString();
}

export interface MyCalendar {
  /** My own events (masters, single events, overrides) in my `user-…` calendar. */
  events: EventItem[];
  /** Invitations I accepted or answered tentatively. */
  invitations: AttendeeItem[];
}

export async function readMyCalendar(userId: string, fromUtc: string = windowStartUtc()): Promise<MyCalendar> {
  const rows = await queryAll<Raw>(
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :from',
      ExpressionAttributeValues: { ':pk': calendarPartition(userCalendarId(userId)), ':from': endKeyFrom(fromUtc) },
    },
    { maxItems: MAX_ROWS },
  );
  const events: EventItem[] = [];
  const invitations: AttendeeItem[] = [];
  for (const row of rows) {
    const event = eventFromRow(row);
    if (event) {
      if (!event.cancelled) events.push(event);
      continue;
    }
    const invitation = attendeeFromRow(row);
    if (
      invitation &&
      invitation.userId === userId &&
      (invitation.state === 'accepted' || invitation.state === 'tentative')
    )
      invitations.push(invitation);
  }
  return { events, invitations };
}

export interface DeadlineRow {
  taskId: string;
  title: string;
  deadline: string;
}

/** My open tasks with a deadline from `fromUtc` on (ONE Query of the tasks' GSI3 rows). */
export async function readMyDeadlines(userId: string, fromUtc: string = windowStartUtc()): Promise<DeadlineRow[]> {
  const rows = await queryAll<Raw>(
    {
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK >= :from',
      ExpressionAttributeValues: { ':pk': `USER#${userId}#OPEN`, ':from': fromUtc },
      ProjectionExpression: 'taskId, title, deadline',
    },
    { maxItems: MAX_ROWS },
  );
  return rows.flatMap((r) =>
    typeof r.taskId === 'string' && typeof r.title === 'string' && typeof r.deadline === 'string'
      ? [{ taskId: r.taskId, title: r.title, deadline: r.deadline }]
      : [],
  );
}
