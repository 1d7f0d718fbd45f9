/**
 * What an event's body names, checked and resolved before anything is written: attendees (people; departments
 * expanded to their active members at save time; outside e-mail addresses) and drive attachments (the drive's own
 * read check, as tasks do). Problems are 400s naming the field (`attendees.3.id`, `attachmentIds.0`).
 *
 * Calls: ONE BatchGet (the people named + the departments named), ONE directory Query (paged) when departments are
 * named, and the drive's check per NEW attachment.
 * The description is sanitised here too (cleanDescription).
 */
import type { UserContext } from '../../auth/claims';
import { LIMITS, type AttendeeRef } from '../contract';
import type { EventAttachment, EventDepartment, EventGuest, EventUser } from '../event-entity';
import { queryAll } from '../../data';
import { getDepartments } from '../../departments/department-entity';
import { readableFile } from '../../drive/access';
import { ValidationError, type FieldProblem } from '../../http/errors';
import { fullName, people } from './people-store';

export interface ResolvedAttendees {
  users: EventUser[];
  departments: EventDepartment[];
  guests: EventGuest[];
}

/** Active members of departments, by one paged directory Query filtered on their ids. */
async function membersOf(departmentIds: string[]): Promise<{ userId: string; name: string; departmentId: string }[]> {
  if (!departmentIds.length) return [];
  const values: Record<string, string> = { ':pk': 'DIRECTORY', ':off': 'deactivated' };
  departmentIds.forEach((d, i) => (values[`:d${i}`] = d));
  const rows = await queryAll({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: `(${departmentIds.map((_d, i) => `contains(departmentIds, :d${i})`).join(' OR ')}) AND #s <> :off`,
    ProjectionExpression: 'userId, firstName, lastName, departmentIds',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: values,
  });
  return rows.flatMap((r) => {
    const theirs = Array.isArray(r.departmentIds) ? (r.departmentIds as unknown[]) : [];
    const via = departmentIds.find((d) => theirs.includes(d));
    return typeof r.userId === 'string' && via ? [{ userId: r.userId, name: fullName(r), departmentId: via }] : [];
  });
}

/** The attendees a body names, checked; the organiser is never their own attendee. */
export async function resolveAttendees(refs: AttendeeRef[], organizerId: string): Promise<ResolvedAttendees> {
  const problems: FieldProblem[] = [];
  const userRefs = refs.flatMap((r, i) => (r.type === 'user' ? [{ id: r.id, i }] : []));
  const deptRefs = refs.flatMap((r, i) => (r.type === 'department' ? [{ id: r.id, i }] : []));
  const guests: EventGuest[] = refs.flatMap((r) =>
    r.type === 'email' ? [{ email: r.email, ...(r.name ? { name: r.name } : {}) }] : [],
  );
  if (deptRefs.length > LIMITS.departments)
    problems.push({ path: 'attendees', reason: `at most ${LIMITS.departments} departments` });
  if (guests.length > LIMITS.guests)
    problems.push({ path: 'attendees', reason: `at most ${LIMITS.guests} outside guests` });
  if (problems.length) throw new ValidationError(problems);
  const [found, departments] = await Promise.all([
    people(userRefs.map((r) => r.id)),
    getDepartments(deptRefs.map((r) => r.id)),
  ]);
  for (const r of userRefs)
    if (!found.get(r.id)?.active) problems.push({ path: `attendees.${r.i}.id`, reason: 'no such person' });
  for (const r of deptRefs)
    if (!departments.has(r.id)) problems.push({ path: `attendees.${r.i}.id`, reason: 'no such department' });
  if (problems.length) throw new ValidationError(problems);

  const users = new Map<string, EventUser>();
  for (const r of userRefs) if (r.id !== organizerId) users.set(r.id, { id: r.id, name: found.get(r.id)!.name });
  for (const m of await membersOf(deptRefs.map((r) => r.id)))
    if (m.userId !== organizerId && !users.has(m.userId))
      users.set(m.userId, { id: m.userId, name: m.name, departmentId: m.departmentId });
  if (users.size > LIMITS.attendees)
    throw new ValidationError([
      {
        path: 'attendees',
        reason: `at most ${LIMITS.attendees} people once departments are counted in (got ${users.size})`,
      },
    ]);
  return {
    users: [...users.values()],
    departments: deptRefs.map((r) => ({ id: r.id, name: departments.get(r.id)!.name })),
    guests,
  };
}

/** The attachments a body names: files already on the event stay; new ones must be drive files I may read. */
export async function resolveAttachments(
  user: UserContext,
  nodeIds: string[],
  existing: EventAttachment[] = [],
): Promise<EventAttachment[]> {
  const kept = new Map(existing.map((a) => [a.nodeId, a]));
  const checked = await Promise.all(
    nodeIds.map(async (nodeId, i) => {
      const already = kept.get(nodeId);
      if (already) return { i, attachment: already };
      const file = await readableFile(user, nodeId);
      return { i, attachment: file ? { nodeId, name: file.node.name, size: file.node.size } : null };
    }),
  );
  const problems = checked.flatMap((c) =>
    c.attachment ? [] : [{ path: `attachmentIds.${c.i}`, reason: 'no drive file you may read has this id' }],
  );
  if (problems.length) throw new ValidationError(problems);
  return checked.map((c) => c.attachment!);
}

/**
 * The description as stored: sanitised rich text, undefined when empty. sanitize-html (htmlparser2, postcss) is
 * loaded on the first description, not at cold start: most writes (drags, RSVPs' reloads, CalDAV moves) carry none.
 */
export async function cleanDescription(html: string | null | undefined): Promise<string | undefined> {
  if (html === null || html === undefined) return undefined;
  const { sanitizeRichText } = await import('../../security/rich-text-sanitize');
  return sanitizeRichText(html) || undefined;
}
