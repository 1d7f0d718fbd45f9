/**
 * Workgroups and projects (issue 5): request bodies (zod), what the API answers. Shared by
 * functions/workgroups, functions/tasks (group membership and stages) and the SPA, so they cannot drift.
 * Routes are declared in functions/workgroups/routes.ts.
 *
 * HTTP (a closed group you are not in, or any group when you are extranet and not in it, answers 404):
 *   POST   /groups                                   create (employee; I become owner)          → GroupDetail (201)
 *   GET    /groups?cursor=&limit=                     my groups by name (one GSI1 Query)          → Page<GroupSummary>
 *   GET    /groups/open?q=&cursor=&limit=             directory of open groups (employee; one Query) → Page<GroupSummary>
 *   GET    /groups/{groupId}                          the group, my role, my pending request      → GroupDetail
 *   PATCH  /groups/{groupId}                          edit (owner/moderator/admin; versioned, 409) → GroupDetail
 *   GET    /groups/{groupId}/members?cursor=&limit=   members (members; anyone employee for open) → Page<MemberView>
 *   POST   /groups/{groupId}/members                  add people (owner/moderator/admin); extranet
 *                                                     people are added as extranet members (they see only
 *                                                     this group)                                  → { added: MemberView[] }
 *   PATCH  /groups/{groupId}/members/{userId}         change role (owner/admin; 'owner' transfers)  → MemberView
 *   DELETE /groups/{groupId}/members/{userId}         remove (owner/moderator/admin) or leave (self; the owner cannot) → 204
 *   POST   /groups/{groupId}/join                     open: join now; closed: request             → JoinAnswer
 *   GET    /groups/{groupId}/requests                 pending join requests (owner/moderator/admin) → { items: JoinRequestView[] }
 *   POST   /groups/{groupId}/requests/{userId}/{decision}  approve | reject (owner/moderator/admin) → 204
 *   POST   /groups/{groupId}/stages                   add a Kanban stage (owner/moderator/admin; versioned) → GroupDetail
 *   PATCH  /groups/{groupId}/stages/{stageId}         rename a stage (versioned)                   → GroupDetail
 *   PUT    /groups/{groupId}/stages                   reorder: every stage id once (versioned)     → GroupDetail
 *   DELETE /groups/{groupId}/stages/{stageId}?version= delete an empty stage (409 when it holds tasks) → GroupDetail
 */
import * as z from 'zod';

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const USER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;

export const GROUP_KINDS = ['group', 'project'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const GROUP_VISIBILITIES = ['open', 'closed'] as const;
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];
export const GROUP_ROLES = ['owner', 'moderator', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const LIMITS = {
  nameChars: 100,
  descriptionChars: 5_000,
  stageTitleChars: 60,
  stages: 20,
  /** People one POST /groups/{id}/members (or create) may add: one transaction. */
  addMembersAtOnce: 40,
  pageSize: 50,
} as const;

/** New groups start with these stages (titles are data: the owner renames them). */
export const DEFAULT_STAGES = ['New', 'In progress', 'Done'] as const;

/** Trimmed plain text without control characters (shown as text, never as HTML). */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `at most ${max} characters` })
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), {
      message: 'contains characters that are not allowed',
    });
const required = (max: number) => plainText(max).pipe(z.string().min(1, { message: 'required' }));

export const userId = z.string().regex(USER_ID_RE, { message: 'not a user id' });
export const groupId = z.string().regex(ULID_RE, { message: 'not a group id' });
export const stageId = z.string().regex(ULID_RE, { message: 'not a stage id' });
/** A calendar date, YYYY-MM-DD. */
export const isoDate = z.iso.date({ message: 'not a date (YYYY-MM-DD)' });
const version = z.number().int().min(1);

const datesInOrder = (b: { projectStart?: string | null; projectEnd?: string | null }) =>
  !b.projectStart || !b.projectEnd || b.projectStart <= b.projectEnd;

export const createGroupBody = z
  .strictObject({
    name: required(LIMITS.nameChars),
    description: plainText(LIMITS.descriptionChars).optional(),
    kind: z.enum(GROUP_KINDS).optional(),
    visibility: z.enum(GROUP_VISIBILITIES).optional(),
    projectStart: isoDate.nullable().optional(),
    projectEnd: isoDate.nullable().optional(),
    /** Added as members (moderators when also in moderatorIds). */
    memberIds: z
      .array(userId)
      .max(LIMITS.addMembersAtOnce, { message: `at most ${LIMITS.addMembersAtOnce} at once` })
      .optional(),
    moderatorIds: z
      .array(userId)
      .max(LIMITS.addMembersAtOnce, { message: `at most ${LIMITS.addMembersAtOnce} at once` })
      .optional(),
  })
  .refine(datesInOrder, { message: 'the project ends before it starts', path: ['projectEnd'] });

export const updateGroupBody = z
  .strictObject({
    version,
    name: required(LIMITS.nameChars).optional(),
    description: plainText(LIMITS.descriptionChars).optional(),
    visibility: z.enum(GROUP_VISIBILITIES).optional(),
    kind: z.enum(GROUP_KINDS).optional(),
    projectStart: isoDate.nullable().optional(),
    projectEnd: isoDate.nullable().optional(),
  })
  .refine(datesInOrder, { message: 'the project ends before it starts', path: ['projectEnd'] });

export const groupParams = z.strictObject({ groupId });
export const memberParams = z.strictObject({ groupId, userId });
export const stageParams = z.strictObject({ groupId, stageId });
export const requestParams = z.strictObject({ groupId, userId, decision: z.enum(['approve', 'reject']) });

export const addMembersBody = z.strictObject({
  userIds: z
    .array(userId)
    .min(1, { message: 'at least one person' })
    .max(LIMITS.addMembersAtOnce, { message: `at most ${LIMITS.addMembersAtOnce} at once` }),
  role: z.enum(['moderator', 'member']).optional(),
});
export const changeRoleBody = z.strictObject({ role: z.enum(GROUP_ROLES) });

export const createStageBody = z.strictObject({ title: required(LIMITS.stageTitleChars), version });
export const renameStageBody = z.strictObject({ title: required(LIMITS.stageTitleChars), version });
export const reorderStagesBody = z.strictObject({
  stageIds: z
    .array(stageId)
    .min(1)
    .max(LIMITS.stages, { message: `at most ${LIMITS.stages} stages` }),
  version,
});
export const deleteStageQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

export const pageQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const directoryQuery = z.strictObject({
  q: plainText(60).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

// ---- answers -------------------------------------------------------------------------------------------

export interface StageView {
  stageId: string;
  title: string;
}

export interface GroupView {
  groupId: string;
  name: string;
  description: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  ownerId: string;
  projectStart: string | null;
  projectEnd: string | null;
  /** Kanban stages in board order (the first is where new tasks land). */
  stages: StageView[];
  memberCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface GroupDetail extends GroupView {
  /** My role, or null when I am not a member (open groups are readable by employees). */
  myRole: GroupRole | null;
  /** I asked to join this closed group and nobody decided yet. */
  requested: boolean;
  /** What I may do here (the SPA shows only these actions). */
  rights: { edit: boolean; manageMembers: boolean; changeRoles: boolean; join: boolean; leave: boolean };
}

export interface GroupSummary {
  groupId: string;
  name: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  /** My role (my groups); null in the open directory when I am not a member. */
  myRole: GroupRole | null;
}

export interface MemberView {
  userId: string;
  role: GroupRole;
  /** An extranet (outside) person: sees only the groups they are in. */
  extranet: boolean;
  firstName: string;
  lastName: string;
  joinedAt: string;
}

export interface JoinRequestView {
  userId: string;
  firstName: string;
  lastName: string;
  requestedAt: string;
}

export interface JoinAnswer {
  status: 'joined' | 'requested';
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export type CreateGroupBody = z.infer<typeof createGroupBody>;
export type UpdateGroupBody = z.infer<typeof updateGroupBody>;
