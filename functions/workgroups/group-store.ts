/**
 * Workgroups' items and reads. Access patterns (single table):
 *
 * | pattern                                | how                                                                  |
 * |----------------------------------------|----------------------------------------------------------------------|
 * | a group + my membership + my request   | ONE BatchGet: GROUP#{g}/GROUP, GROUP#{g}/MEMBER#{me}, GROUP#{g}/REQUEST#{me} |
 * | my groups by name                      | ONE Query GSI1 GSI1PK=USER#{me}#GROUPS (shared membership entity)     |
 * | open groups by name (prefix)           | ONE Query GSI1 GSI1PK=GROUPS begins_with(nameKey) — sparse: open only  |
 * | members of a group                     | ONE Query PK=GROUP#{g} begins_with MEMBER# (+ ONE BatchGet of names)  |
 * | join requests of a group               | ONE Query PK=GROUP#{g} begins_with REQUEST#                          |
 * | does a stage hold tasks                | ONE Query GSI2 GSI2PK=GROUP#{g}#TASKS begins_with {stageId}# Limit 1 |
 *
 *   Group        PK=GROUP#{g} SK=GROUP          (shared/workgroups/group-record.ts)
 *   Membership   PK=GROUP#{g} SK=MEMBER#{u}     (shared/workgroups/membership-entity.ts)
 *   JoinRequest  PK=GROUP#{g} SK=REQUEST#{u}    (./request-entity.ts)
 */
import { batchGet, queryAll, type Raw } from '../../shared/data';
import { NotFoundError } from '../../shared/http/errors';
import { Profiles } from '../../shared/people/profile-entity';
import type { UserContext } from '../../shared/auth/claims';
import type { GroupDetail, GroupRole, GroupView } from '../../shared/workgroups/contract';
import { GROUP_SK, groupFromRow, groupKey, isGroupRow, type GroupRecord } from '../../shared/workgroups/group-record';
import { groupPk, memberSk, membershipFromRow, type MembershipItem } from '../../shared/workgroups/membership-entity';
import { requestSk } from './request-entity';

export { groupRow } from '../../shared/workgroups/group-record';

export interface Access {
  group: GroupRecord;
  me: MembershipItem | null;
  requested: boolean;
}

/** ONE BatchGet: the group, my membership and my join request. null when the group does not exist. */
export async function loadGroup(groupId: string, userId: string): Promise<Access | null> {
  const keys = [
    groupKey(groupId),
    { PK: groupPk(groupId), SK: memberSk(userId) },
    { PK: groupPk(groupId), SK: requestSk(userId) },
  ];
  const rows = await batchGet(keys);
  const group = rows.find((x) => x.SK === GROUP_SK);
  if (!isGroupRow(group)) return null;
  return {
    group: groupFromRow(group),
    me: membershipFromRow(rows.find((x) => x.SK === memberSk(userId))),
    requested: rows.some((x) => x.SK === requestSk(userId)),
  };
}

export const groupNotFound = () => new NotFoundError('Group not found');

/**
 * A group someone may look at: members and admins always; other employees only an open group. A closed group
 * (name, description, owner, stages, member count, and every sub-route) is 404 to them, as if it did not exist.
 */
export function visibleTo(a: Access, user: UserContext): boolean {
  if (user.isAdmin || a.me) return true;
  return !user.isExtranet && a.group.visibility === 'open';
}

/** The group for this person, or 404 (missing; closed and not a member; extranet and not a member). */
export async function groupFor(groupId: string, user: UserContext): Promise<Access> {
  const a = await loadGroup(groupId, user.sub);
  if (!a || !visibleTo(a, user)) throw groupNotFound();
  return a;
}

/**
 * The group for POST /join: also a closed one an employee is not in (asking to join needs only the id someone gave
 * them; the answer says `requested` and shows nothing of the group). Extranet non-members → 404.
 */
export async function groupToJoin(groupId: string, user: UserContext): Promise<Access> {
  const a = await loadGroup(groupId, user.sub);
  if (!a || (!a.me && !user.isAdmin && user.isExtranet)) throw groupNotFound();
  return a;
}

export const canManage = (a: Access, user: UserContext) =>
  user.isAdmin || a.me?.role === 'owner' || a.me?.role === 'moderator';
/** Members list: members, admins, and employees for open groups. */
export const canSeeMembers = (a: Access, user: UserContext) =>
  user.isAdmin || !!a.me || (a.group.visibility === 'open' && !user.isExtranet);

export function groupView(g: GroupRecord): GroupView {
  return {
    groupId: g.groupId,
    name: g.name,
    description: g.description ?? '',
    kind: g.kind,
    visibility: g.visibility,
    ownerId: g.ownerId,
    projectStart: g.projectStart ?? null,
    projectEnd: g.projectEnd ?? null,
    stages: g.stages ?? [],
    memberCount: g.memberCount ?? 0,
    version: g.version,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

export function groupDetail(a: Access, user: UserContext): GroupDetail {
  const role: GroupRole | null = a.me?.role ?? null;
  return {
    ...groupView(a.group),
    myRole: role,
    requested: a.requested && !a.me,
    rights: {
      edit: canManage(a, user),
      manageMembers: canManage(a, user),
      changeRoles: user.isAdmin || role === 'owner',
      join: !a.me && !user.isExtranet,
      leave: !!a.me && role !== 'owner',
    },
  };
}

export interface PersonRow {
  userId: string;
  firstName: string;
  lastName: string;
  role: string;
  status: string;
}

/** Profile keys for a BatchGet (mixed with other keys of the table). */
export const profileKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'PROFILE' });
export const PROFILE_ENTITY = Profiles.schema.model.entity;

export function personFrom(row: Raw): PersonRow {
  return {
    userId: row.userId as string,
    firstName: (row.firstName as string) ?? '',
    lastName: (row.lastName as string) ?? '',
    role: row.role as string,
    status: row.status as string,
  };
}

/** All of one item collection with a prefix (paged past 1 MB only). */
export const queryPrefix = (pk: string, prefix: string): Promise<Raw[]> =>
  queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
  });
