/**
 * Calendars: list, create, rename / recolour, delete (with their events), shares.
 *
 * | route                              | calls                                                                       |
 * |------------------------------------|-----------------------------------------------------------------------------|
 * | GET /calendar/calendars            | ONE GetItem-sized BatchGet (my profile) + ONE Query per source, in parallel: |
 * |                                    | my calendars (GSI1 USER#{me}#CALS), shares to me, shares to each of my      |
 * |                                    | departments, company calendars, my groups (memberships) — never per calendar |
 * | POST /calendar/calendars           | ONE Put (new id)                                                            |
 * | PATCH /calendar/calendars/{id}     | access + ONE transaction: the calendar (version = read) + its share rows     |
 * |                                    | (they carry its name and colour)                                            |
 * | PUT …/{id}/shares                  | access + ONE BatchGet (people, departments) + ONE transaction: the calendar |
 * |                                    | (version = read, holding the share list) + share rows put / deleted          |
 * | DELETE /calendar/calendars/{id}    | access + Query of its events + transactions of ≤ 100 deletes                 |
 *
 * A `user-…` calendar has no item until its owner renames it or shares it (version 0 until then).
 * The list holds the groups I belong to (as Bitrix24), not every open group; an open group's calendar is still read
 * by id (policy.ts calendarAccess: other employees read), see the contract's header.
 */
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import {
  Calendars,
  COMPANY_CALENDARS_PK,
  calendarFromRow,
  myCalendarsPk,
  type CalendarItem,
} from '../../shared/calendar/calendar-entity';
import {
  userCalendarId,
  type CalendarColor,
  type CalendarView,
  type CreateCalendarBody,
  type ShareView,
  type SharesBody,
  type UpdateCalendarBody,
} from '../../shared/calendar/contract';
import { calendarAccess, isLimited, type CalendarAccessInfo } from '../../shared/calendar/policy';
import { Shares, shareFromRow, sharedWithPk, type ShareItem } from '../../shared/calendar/share-entity';
import { isConditionFailure, query, transaction, TRANSACTION_MAX_ITEMS, type EntityWrite } from '../../shared/data';
import { getDepartments } from '../../shared/departments/department-entity';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/http/errors';
import { membershipFromRow, myGroupsPk, type MembershipItem } from '../../shared/workgroups/membership-entity';
import { deleteEventWrites, eventsOfCalendar } from '../../shared/calendar/writes/event-store';
import { people, person } from '../../shared/calendar/writes/people-store';

export const OWN_COLOR: CalendarColor = 'blue';
export const GROUP_COLOR: CalendarColor = 'grape';

type StoredShare = NonNullable<CalendarItem['shares']>[number];

const shareViews = (shares: StoredShare[] | undefined): ShareView[] =>
  (shares ?? []).map((s) => ({
    type: s.target === 'dept' ? 'department' : 'user',
    id: s.id,
    name: s.name,
    access: s.access,
  }));

function storedView(c: CalendarItem, access: CalendarView['access']): CalendarView {
  return {
    calendarId: c.calendarId,
    kind: c.kind === 'company' ? 'company' : 'user',
    name: c.name,
    color: c.color,
    ...(c.ownerId ? { ownerId: c.ownerId } : {}),
    access,
    ...(access === 'owner' ? { shares: shareViews(c.shares) } : {}),
    version: c.version,
  };
}

const ownDefault = (sub: string, name: string): CalendarView => ({
  calendarId: userCalendarId(sub),
  kind: 'user',
  name,
  color: OWN_COLOR,
  ownerId: sub,
  access: 'owner',
  shares: [],
  version: 0,
});

const groupView = (m: Pick<MembershipItem, 'groupId' | 'groupName'>, access: 'edit' | 'read'): CalendarView => ({
  calendarId: `group-${m.groupId}`,
  kind: 'group',
  name: m.groupName,
  color: GROUP_COLOR,
  groupId: m.groupId,
  access,
  version: 0,
});

function sharedView(s: ShareItem, access: 'read' | 'edit'): CalendarView {
  return {
    calendarId: s.calendarId,
    kind: 'user',
    name: s.calendarName,
    color: s.color,
    ownerId: s.ownerId,
    access,
    version: 0,
  };
}

const gsi1 = (pk: string) =>
  query({
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': pk },
  });

export async function listCalendars(user: UserContext): Promise<CalendarView[]> {
  const limited = isLimited(user);
  const [me, mine, groups, toMe, company] = await Promise.all([
    person(user.sub),
    gsi1(myCalendarsPk(user.sub)),
    gsi1(myGroupsPk(user.sub)),
    limited ? null : gsi1(sharedWithPk('user', user.sub)),
    limited ? null : gsi1(COMPANY_CALENDARS_PK),
  ]);
  const toDepartments = limited
    ? []
    : await Promise.all((me?.departmentIds ?? []).map((d) => gsi1(sharedWithPk('dept', d))));

  const out = new Map<string, CalendarView>();
  const own = userCalendarId(user.sub);
  out.set(own, ownDefault(user.sub, me?.name ?? ''));
  for (const c of mine.items.map(calendarFromRow))
    if (c && (!limited || c.calendarId === own)) out.set(c.calendarId, storedView(c, 'owner'));
  for (const c of (company?.items ?? []).map(calendarFromRow))
    if (c) out.set(c.calendarId, storedView(c, user.isAdmin ? 'edit' : 'read'));
  for (const m of groups.items.map(membershipFromRow)) if (m) out.set(`group-${m.groupId}`, groupView(m, 'edit'));
  const shares = [...(toMe?.items ?? []), ...toDepartments.flatMap((p) => p.items)].map(shareFromRow);
  for (const s of shares) {
    if (!s || out.get(s.calendarId)?.access === 'owner') continue;
    const seen = out.get(s.calendarId);
    const access = seen?.access === 'edit' || s.access === 'edit' ? 'edit' : 'read';
    out.set(s.calendarId, sharedView(s, access));
  }
  const order = { user: 0, group: 1, company: 2 } as const;
  return [...out.values()].sort(
    (a, b) =>
      Number(b.calendarId === own) - Number(a.calendarId === own) ||
      order[a.kind] - order[b.kind] ||
      a.name.localeCompare(b.name),
  );
}

export async function createCalendar(user: UserContext, body: CreateCalendarBody): Promise<CalendarView> {
  if (body.company && !user.isAdmin) throw new ForbiddenError('Only administrators create company calendars');
  if (!body.company && isLimited(user))
    throw new ForbiddenError('Extranet partners have their own calendar and their groups’ calendars only');
  const now = new Date().toISOString();
  const item: CalendarItem = {
    calendarId: ulid(),
    kind: body.company ? 'company' : 'user',
    ...(body.company ? {} : { ownerId: user.sub }),
    name: body.name,
    color: body.color,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await Calendars.create(item).go();
  return storedView(item, body.company ? 'edit' : 'owner');
}

/** My access, or 404 when I may not see the calendar. */
async function visible(user: UserContext, calendarId: string): Promise<CalendarAccessInfo> {
  const info = await calendarAccess(user, calendarId, { withItem: true });
  if (info.access === 'none') throw new NotFoundError('No such calendar');
  return info;
}

/** The item to write for a calendar I may change (a `user-…` one that has none yet starts at version 0). */
async function editable(
  user: UserContext,
  info: CalendarAccessInfo,
  myName: () => Promise<string>,
): Promise<CalendarItem> {
  if (info.kind === 'group')
    throw new ForbiddenError('A group’s calendar is named after its group; rename the group instead');
  const mayEdit = info.kind === 'company' ? user.isAdmin : info.access === 'owner';
  if (!mayEdit) throw new ForbiddenError('Only the calendar’s owner (company calendars: administrators) may change it');
  if (info.item) return info.item;
  const now = new Date().toISOString();
  return {
    calendarId: info.calendarId,
    kind: 'user',
    ownerId: user.sub,
    name: await myName(),
    color: OWN_COLOR,
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** The write of the calendar at its next version, conditioned on the version the client saw. */
function calendarWrite(next: CalendarItem, expected: number): EntityWrite {
  return expected === 0 ? Calendars.create(next) : Calendars.put(next).where((a, o) => o.eq(a.version, expected));
}

const conflictWith = async (user: UserContext, calendarId: string): Promise<never> => {
  const info = await calendarAccess(user, calendarId, { withItem: true });
  const current = info.item ? storedView(info.item, info.access === 'none' ? 'read' : info.access) : null;
  throw new ConflictError('This calendar was changed by someone else meanwhile. Reload, then save again.', {
    current,
  });
};

async function commitVersioned(user: UserContext, calendarId: string, tx: ReturnType<typeof transaction>) {
  try {
    await tx.commit();
  } catch (e) {
    if (isConditionFailure(e)) await conflictWith(user, calendarId);
    throw e;
  }
}

/** Share rows carry the calendar's name and colour: rewritten with it. */
const shareRowsOf = (c: CalendarItem, createdAt: string): ShareItem[] =>
  (c.shares ?? []).map((s) => ({
    calendarId: c.calendarId,
    target: s.target,
    targetId: s.id,
    access: s.access,
    targetName: s.name,
    calendarName: c.name,
    color: c.color,
    ownerId: c.ownerId ?? '',
    createdAt,
  }));

export async function updateCalendar(
  user: UserContext,
  calendarId: string,
  body: UpdateCalendarBody,
): Promise<CalendarView> {
  const info = await visible(user, calendarId);
  const base = await editable(user, info, async () => (await person(user.sub))?.name ?? '');
  if (base.version !== body.version) await conflictWith(user, calendarId);
  const now = new Date().toISOString();
  const next: CalendarItem = {
    ...base,
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.color !== undefined ? { color: body.color } : {}),
    version: base.version + 1,
    updatedAt: now,
  };
  const tx = transaction().add(calendarWrite(next, body.version));
  if (next.kind === 'user') for (const s of shareRowsOf(next, now)) tx.add(Shares.put(s));
  await commitVersioned(user, calendarId, tx);
  return storedView(next, next.kind === 'company' ? 'edit' : 'owner');
}

export async function shareCalendar(user: UserContext, calendarId: string, body: SharesBody): Promise<CalendarView> {
  const info = await visible(user, calendarId);
  if (info.kind !== 'user' || info.access !== 'owner')
    throw new ForbiddenError('Only the calendar’s owner may share it');
  const userIds = body.shares.filter((s) => s.type === 'user').map((s) => s.id);
  const deptIds = body.shares.filter((s) => s.type === 'department').map((s) => s.id);
  const problems = body.shares.flatMap((s, i) =>
    s.type === 'user' && s.id === user.sub ? [{ path: `shares.${i}.id`, reason: 'it is your own calendar' }] : [],
  );
  if (problems.length) throw new ValidationError(problems);
  const [found, departments] = await Promise.all([people([...userIds, user.sub]), getDepartments(deptIds)]);
  const unknown = body.shares.flatMap((s, i) =>
    (s.type === 'user' ? found.has(s.id) : departments.has(s.id))
      ? []
      : [{ path: `shares.${i}.id`, reason: s.type === 'user' ? 'no such person' : 'no such department' }],
  );
  if (unknown.length) throw new ValidationError(unknown);
  const base = await editable(user, info, async () => found.get(user.sub)?.name ?? '');
  if (base.version !== body.version) await conflictWith(user, calendarId);
  const now = new Date().toISOString();
  const shares: StoredShare[] = body.shares.map((s) => ({
    target: s.type === 'user' ? 'user' : 'dept',
    id: s.id,
    name: s.type === 'user' ? (found.get(s.id)?.name ?? '') : (departments.get(s.id)?.name ?? ''),
    access: s.access,
  }));
  const next: CalendarItem = { ...base, shares, version: base.version + 1, updatedAt: now };
  const kept = new Set(shares.map((s) => `${s.target}#${s.id}`));
  const removed = (base.shares ?? []).filter((s) => !kept.has(`${s.target}#${s.id}`));
  if (1 + shares.length + removed.length > TRANSACTION_MAX_ITEMS)
    throw new ValidationError([{ path: 'shares', reason: 'too many changes at once: remove some shares first' }]);
  const tx = transaction().add(calendarWrite(next, body.version));
  for (const s of shareRowsOf(next, now)) tx.add(Shares.put(s));
  for (const s of removed) tx.add(Shares.delete({ calendarId, target: s.target, targetId: s.id }));
  await commitVersioned(user, calendarId, tx);
  return storedView(next, 'owner');
}

export async function deleteCalendar(user: UserContext, calendarId: string): Promise<void> {
  if (calendarId.startsWith('user-'))
    throw new ValidationError([{ path: 'calendarId', reason: 'your own calendar cannot be deleted' }]);
  const info = await visible(user, calendarId);
  if (info.kind === 'group') throw new ForbiddenError('A group’s calendar goes with its group');
  const mayDelete = info.kind === 'company' ? user.isAdmin : info.access === 'owner';
  if (!mayDelete || !info.item)
    throw new ForbiddenError('Only the calendar’s owner (company calendars: administrators) may delete it');
  const item = info.item;
  // Events first (each with its attendee copies' source gone, the stream consumer removes the copies), then the
  // calendar with its shares in one transaction, so a half-finished delete can simply be repeated.
  const events = await eventsOfCalendar(calendarId);
  for (const e of events)
    await transaction()
      .add(...deleteEventWrites(e))
      .commit();
  const tx = transaction().add(Calendars.delete({ calendarId }).where((a, o) => o.eq(a.version, item.version)));
  for (const s of item.shares ?? []) tx.add(Shares.delete({ calendarId, target: s.target, targetId: s.id }));
  await commitVersioned(user, calendarId, tx);
}
