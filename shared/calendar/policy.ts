/**
 * Who may do what with a calendar and its events (issue 14). Every calendar route asks here; a calendar or event the
 * person may not see answers 404 (never 403, so ids do not leak).
 *
 * Calendars (by id):
 *   - `user-{sub}`: its person is the owner; others read or edit it through a share to them or to one of their
 *     departments; extranet partners get no shares.
 *   - `group-{g}`: members edit; in an open group other employees read; closed: members only; extranet: members only.
 *   - a ULID: a company calendar (employees read, admins edit) or an extra personal one (owner + shares, as above).
 * Events: editors of the event's calendar and the organiser edit and delete; attendees see it and answer; a private
 * event seen by anyone else (e.g. a shared reader) shows only "busy" (no title, place or description).
 *
 * Cost: ONE BatchGet for any number of calendars (calendar items, my profile, my shares, memberships and groups; none
 * for my own calendar alone), plus ONE BatchGet of my departments' shares when those could decide.
 */
import type { UserContext } from '../auth/claims';
import { batchGet, findByKey, type Raw } from '../data';
import { groupKey, isGroupRow } from '../workgroups/group-record';
import { groupPk, memberSk, membershipFromRow } from '../workgroups/membership-entity';
import { calendarFromRow, calendarKey, calendarPk, type CalendarItem } from './calendar-entity';
import { CALENDAR_ID_RE, ULID_RE, type CalendarAccess, type CalendarKind } from './contract';
import type { EventItem } from './event-entity';
import { shareFromRow, shareSk, type ShareItem } from './share-entity';

export type AccessLevel = CalendarAccess | 'none';
export type Viewer = Pick<UserContext, 'sub' | 'isAdmin' | 'isExtranet' | 'groups'>;

/** Extranet partners, and people with no role yet: their own calendar and their groups' only. */
export const isLimited = (v: Viewer) => v.isExtranet || !(v.groups.includes('admin') || v.groups.includes('employee'));

const RANK: Record<AccessLevel, number> = { none: 0, read: 1, edit: 2, owner: 3 };
export const atLeast = (a: AccessLevel, b: AccessLevel) => RANK[a] >= RANK[b];
const best = (levels: AccessLevel[]): AccessLevel => levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'none');

export const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
export const shareKey = (calendarId: string, target: 'user' | 'dept', id: string) => ({
  PK: calendarPk(calendarId),
  SK: shareSk(target, id),
});

/** What a calendar id says about its kind and owner / group. */
export function parseCalendarId(
  calendarId: string,
): { kind: 'user'; ownerId: string } | { kind: 'group'; groupId: string } | { kind: 'stored' } | null {
  if (!CALENDAR_ID_RE.test(calendarId)) return null;
  if (calendarId.startsWith('user-')) return { kind: 'user', ownerId: calendarId.slice(5) };
  if (calendarId.startsWith('group-')) return { kind: 'group', groupId: calendarId.slice(6) };
  return ULID_RE.test(calendarId) ? { kind: 'stored' } : null;
}

export interface CalendarAccessInfo {
  calendarId: string;
  kind: CalendarKind;
  access: AccessLevel;
  /** The stored item (ULID calendars; a renamed `user-…` one), when read. */
  item: CalendarItem | null;
  ownerId?: string;
  groupId?: string;
  /** The group's name (group calendars, when I may see it). */
  groupName?: string;
}

/** A share's access for me: to me, or to one of my departments. */
function sharedAccess(shares: (ShareItem | null)[]): AccessLevel {
  return best(shares.filter((s): s is ShareItem => !!s).map((s) => s.access));
}

/** Departments a person is in, from their profile row. */
export const departmentsOf = (profile: Raw | undefined): string[] =>
  Array.isArray(profile?.departmentIds)
    ? (profile.departmentIds as unknown[]).filter((d): d is string => typeof d === 'string')
    : [];

const memberKey = (groupId: string, sub: string) => ({ PK: groupPk(groupId), SK: memberSk(sub) });

/** The keys one BatchGet reads to decide my access to these calendars. */
function accessKeys(viewer: Viewer, ids: string[], withItem: boolean): Raw[] {
  const keys: Raw[] = [];
  let personalOfOthers = false;
  for (const id of ids) {
    const parsed = parseCalendarId(id);
    if (!parsed) continue;
    if (parsed.kind === 'group') keys.push(memberKey(parsed.groupId, viewer.sub), groupKey(parsed.groupId));
    else if (parsed.kind === 'user' && parsed.ownerId === viewer.sub) {
      if (withItem) keys.push(calendarKey(id));
    } else {
      keys.push(calendarKey(id), shareKey(id, 'user', viewer.sub));
      personalOfOthers = true;
    }
  }
  if (personalOfOthers) keys.push(profileKey(viewer.sub));
  return keys;
}

/**
 * My access to each of these calendars (see the header), in order; `none` where one does not exist or I may not
 * see it. ONE BatchGet for all of them (none when they are all my own calendar), plus ONE BatchGet of my
 * departments' shares when those could raise someone else's calendar.
 */
export async function calendarsAccess(
  viewer: Viewer,
  calendarIds: string[],
  options: { withItem?: boolean } = {},
): Promise<CalendarAccessInfo[]> {
  const keys = accessKeys(viewer, calendarIds, options.withItem ?? false);
  const rows = keys.length ? await batchGet(keys) : [];
  const out = calendarIds.map((id) => decide(viewer, id, rows));
  // Personal calendars of others not already editable: my departments' shares may give more.
  const departments = departmentsOf(findByKey(rows, profileKey(viewer.sub)));
  const open = out.filter((a) => a.shared && a.access !== 'edit');
  if (!departments.length || !open.length || isLimited(viewer)) return out.map(({ shared: _s, ...a }) => a);
  const deptRows = await batchGet(open.flatMap((a) => departments.map((d) => shareKey(a.calendarId, 'dept', d))));
  return out.map(({ shared, ...a }) =>
    shared && a.access !== 'edit'
      ? {
          ...a,
          access: best([
            a.access,
            sharedAccess(departments.map((d) => shareFromRow(findByKey(deptRows, shareKey(a.calendarId, 'dept', d))))),
          ]),
        }
      : a,
  );
}

/** My access to one calendar (see calendarsAccess). */
export async function calendarAccess(
  viewer: Viewer,
  calendarId: string,
  options: { withItem?: boolean } = {},
): Promise<CalendarAccessInfo> {
  return (await calendarsAccess(viewer, [calendarId], options))[0]!;
}

/** The access the rows say; `shared`: someone else's personal calendar (department shares may raise it). */
function decide(viewer: Viewer, calendarId: string, rows: Raw[]): CalendarAccessInfo & { shared?: boolean } {
  const parsed = parseCalendarId(calendarId);
  const none = (kind: CalendarKind): CalendarAccessInfo => ({ calendarId, kind, access: 'none', item: null });
  if (!parsed) return none('user');
  if (parsed.kind === 'group') {
    const member = membershipFromRow(findByKey(rows, memberKey(parsed.groupId, viewer.sub)));
    const group = findByKey(rows, groupKey(parsed.groupId));
    const base = { calendarId, kind: 'group' as const, item: null, groupId: parsed.groupId };
    if (member) return { ...base, access: 'edit', groupName: member.groupName };
    if (!isGroupRow(group) || isLimited(viewer) || group.visibility !== 'open') return none('group');
    return { ...base, access: 'read', groupName: String(group.name) };
  }
  const item = calendarFromRow(findByKey(rows, calendarKey(calendarId)));
  const direct = isLimited(viewer)
    ? 'none'
    : sharedAccess([shareFromRow(findByKey(rows, shareKey(calendarId, 'user', viewer.sub)))]);
  if (parsed.kind === 'user') {
    const base = { calendarId, kind: 'user' as const, item, ownerId: parsed.ownerId };
    if (parsed.ownerId === viewer.sub) return { ...base, access: 'owner' };
    return { ...base, access: direct, shared: !isLimited(viewer) };
  }
  if (!item) return none('user');
  if (item.kind === 'company') {
    const access: AccessLevel = viewer.isAdmin ? 'edit' : isLimited(viewer) ? 'none' : 'read';
    return { calendarId, kind: 'company', item, access };
  }
  const base = { calendarId, kind: 'user' as const, item, ...(item.ownerId ? { ownerId: item.ownerId } : {}) };
  if (item.ownerId === viewer.sub) return { ...base, access: 'owner' };
  return { ...base, access: direct, shared: !isLimited(viewer) };
}

export interface EventAccess {
  /** May open it at all (else 404). */
  see: boolean;
  /** Sees title, place, description (false: a private event shown as busy). */
  details: boolean;
  edit: boolean;
  delete: boolean;
  rsvp: boolean;
}

type EventPeople = Pick<EventItem, 'organizerId' | 'users' | 'private'>;

export const isAttendee = (e: Pick<EventItem, 'users'>, sub: string) => e.users.some((u) => u.id === sub);

/** My rights on an event, given my access to its calendar. */
export function eventAccess(viewer: Viewer, e: EventPeople, calendar: AccessLevel): EventAccess {
  const editor = atLeast(calendar, 'edit');
  const organizer = e.organizerId === viewer.sub;
  const attendee = isAttendee(e, viewer.sub);
  const see = editor || organizer || attendee || atLeast(calendar, 'read');
  const edit = editor || organizer;
  return { see, details: !e.private || edit || attendee, edit, delete: edit, rsvp: attendee };
}
