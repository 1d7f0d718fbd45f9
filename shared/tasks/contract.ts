/**
 * Tasks (issue 5): request bodies (zod), what the API answers, the frames pushed over the WebSocket.
 * Shared by functions/tasks and the SPA so they cannot drift. Routes: functions/tasks/routes.ts.
 *
 * Who sees a task: its creator, responsible person, participants, observers, admins and members of its
 * workgroup. Anyone else gets 404 for it, exactly as if it did not exist.
 *
 * HTTP (access `user`: extranet people work only inside groups they belong to):
 *   POST   /tasks                                    create                                        → TaskView (201)
 *   GET    /tasks?role=&status=&due=&dueFrom=&dueTo=&groupId=&cursor=&limit=
 *                                                     my tasks by role, status, deadline, project — ONE Query, see below → TaskPage
 *   GET    /tasks/deadlines?bucket=&tzOffsetMinutes=&cursor=  my open tasks by deadline bucket (ONE GSI3 Query) → Page<TaskSummary>
 *   GET    /tasks/overdue-count                      my open overdue tasks (ONE GSI3 Query, COUNT)  → OverdueCount
 *   GET    /tasks/{taskId}                           task + my rights                              → TaskView
 *   PATCH  /tasks/{taskId}                           core fields (creator/admin; versioned, 409 + current) → TaskView
 *   DELETE /tasks/{taskId}                           (creator/admin)                               → 204
 *   POST   /tasks/{taskId}/actions/{action}          status change (see STATUS_ACTIONS)            → TaskView
 *   PUT    /tasks/{taskId}/stage                     move on the project board                     → TaskView
 *   POST   /tasks/{taskId}/checklist                 add items (creator/responsible/admin)         → TaskView
 *   PATCH  /tasks/{taskId}/checklist/{itemId}        tick / untick (participants too)              → TaskView
 *   DELETE /tasks/{taskId}/checklist/{itemId}        remove (creator/responsible/admin)            → TaskView
 *   GET    /tasks/{taskId}/comments?cursor=          oldest first                                  → Page<CommentView>
 *   POST   /tasks/{taskId}/comments                  sanitised rich text + mentions                → CommentView (201)
 *   GET    /tasks/{taskId}/history?cursor=           change history, newest first                  → Page<HistoryView>
 *   GET    /tasks/{taskId}/subtasks?cursor=          subtasks (ONE Query of the parent's partition) → Page<TaskSummary>
 *   GET    /tasks/{taskId}/time?cursor=              time entries + total vs planned               → TimeView
 *   POST   /tasks/{taskId}/time                      manual entry with a comment                   → TimeEntryView (201)
 *   PATCH  /tasks/{taskId}/time/{entryId}            edit my entry (versioned; keeps edit history) → TimeEntryView
 *   DELETE /tasks/{taskId}/time/{entryId}            delete my entry (admin: any)                  → 204
 *   POST   /tasks/{taskId}/timer/start               start my timer here (pauses my other one, one transaction) → TimerView
 *   GET    /timer                                    my timer                                      → TimerView
 *   POST   /timer/pause                              pause (records the running segment)           → TimerView
 *   POST   /timer/stop                               stop (records the running segment, clears)    → TimerView
 *   GET    /groups/{groupId}/tasks?stageId=&cursor=  the project board by stage (ONE GSI2 Query)   → Page<TaskSummary>
 *   GET    /tasks/{taskId}/attachments               drive files attached to the task (ONE Query)  → PeoplePage<AttachmentView>
 *   POST   /tasks/{taskId}/attachments               attach a drive file I may read (creator, responsible,
 *                                                     participants, admins; at most LIMITS.attachments) → AttachmentView (201)
 *   DELETE /tasks/{taskId}/attachments/{nodeId}      detach (who attached it, the creator, admins)  → 204
 *   GET    /tasks/{taskId}/attachments/{nodeId}/download  a 5-minute presigned GET of the file's current version for
 *                                                     anyone who may see the task (the drive's own rights are checked
 *                                                     when attaching)                               → DownloadView
 *
 * Which index answers GET /tasks (always ONE Query with a signed cursor, no second read):
 *   - no deadline filter, no project     GSI1 USER#{me}#{role}          {statusRank}#{deadline|~}#{t}  (status = key)
 *   - deadline filter or sort=deadline,  GSI2 USER#{me}#{role}#OPEN     {deadline|~}#{t}               (range = key)
 *     status open
 *   - deadline filter, one status        GSI1 as above, BETWEEN {rank}#{from} AND {rank}#{to}          (both = key)
 *   - project (groupId)                  GSI1 GROUP#{g}#TASKLIST       {statusRank}#{deadline|~}#{t}  (project + one status
 *                                        [+ deadline] = key; my role, and a deadline with status open/all, = filter;
 *                                        status order)
 *   `due`: overdue (open, deadline passed) | today | week | later (the viewer's day via tzOffsetMinutes) | none (no deadline);
 *   `dueFrom` / `dueTo` (ISO date-times): an explicit range [from, to). A deadline filter with status=all is refused (400).
 *
 * People: task views carry `people` (id → name, photo flag) for everyone they mention, so the SPA (and extranet people,
 * who cannot read the directory) need no per-person reads; list pages carry the names stored on the rows.
 *
 * Frames (server → client): `task.changed` to the task's people when it changes (boards and lists refetch).
 */
import * as z from 'zod';
import { richText as sharedRichText } from '../security/text-rules';

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const USER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;

export const TASK_STATUSES = [
  'pending',
  'in_progress',
  'awaiting_control',
  'completed',
  'deferred',
  'declined',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Open = not completed and not declined: these count for deadlines and overdue. */
export const OPEN_STATUSES: readonly TaskStatus[] = ['pending', 'in_progress', 'awaiting_control', 'deferred'];
export const isOpen = (s: TaskStatus) => OPEN_STATUSES.includes(s);
/** List order inside a role: open work first, then finished; one digit, the first part of GSI1SK. */
export const STATUS_RANK: Record<TaskStatus, string> = {
  in_progress: '1',
  pending: '2',
  awaiting_control: '3',
  deferred: '4',
  completed: '5',
  declined: '6',
};

/** My relation to a task; the SPA labels them I do / I help / I created / I watch. */
export const TASK_ROLES = ['responsible', 'participant', 'creator', 'observer'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];

export const STATUS_ACTIONS = ['start', 'pause', 'complete', 'accept', 'return', 'defer', 'decline', 'renew'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

export const LIMITS = {
  titleChars: 250,
  /** Characters of the description's HTML (after sanitising). */
  descriptionChars: 20_000,
  tags: 20,
  tagChars: 40,
  /** Participants and observers each: a task write (task + role rows + history) stays one transaction (≤ 100 items). */
  participants: 15,
  observers: 15,
  checklistItems: 100,
  checklistTextChars: 500,
  commentChars: 10_000,
  mentions: 20,
  reasonChars: 2_000,
  plannedMinutes: 100_000,
  /** One time entry: at most a day. */
  entrySeconds: 86_400,
  entryCommentChars: 500,
  /** Drive files attached to one task. */
  attachments: 30,
  pageSize: 50,
} as const;

export const userId = z.string().regex(USER_ID_RE, { message: 'not a user id' });
export const taskId = z.string().regex(ULID_RE, { message: 'not a task id' });
export const groupId = z.string().regex(ULID_RE, { message: 'not a group id' });
export const stageId = z.string().regex(ULID_RE, { message: 'not a stage id' });
const itemId = z.string().regex(ULID_RE, { message: 'not a checklist item id' });
const entryId = z.string().regex(ULID_RE, { message: 'not a time entry id' });

const plain = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `at most ${max} characters` })
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), {
      message: 'contains characters that are not allowed',
    });
const required = (max: number) => plain(max).pipe(z.string().min(1, { message: 'required' }));
const unique = <T extends z.ZodType<string>>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max, { message: `at most ${max} ${what}` })
    .refine((a) => new Set(a).size === a.length, { message: 'lists someone twice' });

/** ISO 8601 date-time with a zone (2025-03-01T17:00:00Z or +02:00); stored normalised to UTC. */
export const deadline = z.iso.datetime({
  offset: true,
  message: 'not an ISO 8601 date-time with a time zone (e.g. 2025-03-01T17:00:00Z)',
});
/**
 * Rich text (HTML); the server sanitises it (a safe subset of tags, no scripts, no event handlers). Control
 * characters are refused, as in plain fields (shared/security/text-rules.ts).
 */
const richText = sharedRichText;
const checklistText = required(LIMITS.checklistTextChars);
const tags = unique(required(LIMITS.tagChars), LIMITS.tags, 'tags');

export const createTaskBody = z.strictObject({
  title: required(LIMITS.titleChars),
  description: richText(LIMITS.descriptionChars).optional(),
  responsibleId: userId,
  participantIds: unique(userId, LIMITS.participants, 'participants').optional(),
  observerIds: unique(userId, LIMITS.observers, 'observers').optional(),
  deadline: deadline.optional(),
  highPriority: z.boolean().optional(),
  tags: tags.optional(),
  plannedMinutes: z.number().int().min(1).max(LIMITS.plannedMinutes).optional(),
  groupId: groupId.optional(),
  /** A stage of the group's board (default: its first stage). */
  stageId: stageId.optional(),
  parentId: taskId.optional(),
  checklist: z
    .array(z.strictObject({ text: checklistText, done: z.boolean().optional() }))
    .max(LIMITS.checklistItems, { message: `at most ${LIMITS.checklistItems} checklist items` })
    .optional(),
  /** The responsible person's Complete moves the task to awaiting control; the creator accepts or returns it. */
  requireApproval: z.boolean().optional(),
  /** Completing needs a written result. */
  requireResult: z.boolean().optional(),
});

/** Core fields (creator/admin). `null` clears an optional field. `version` is the one the client edited. */
export const updateTaskBody = z.strictObject({
  version: z.number().int().min(1),
  title: required(LIMITS.titleChars).optional(),
  description: richText(LIMITS.descriptionChars).optional(),
  responsibleId: userId.optional(),
  participantIds: unique(userId, LIMITS.participants, 'participants').optional(),
  observerIds: unique(userId, LIMITS.observers, 'observers').optional(),
  deadline: deadline.nullable().optional(),
  highPriority: z.boolean().optional(),
  tags: tags.optional(),
  plannedMinutes: z.number().int().min(1).max(LIMITS.plannedMinutes).nullable().optional(),
  groupId: groupId.nullable().optional(),
  parentId: taskId.nullable().optional(),
  requireApproval: z.boolean().optional(),
  requireResult: z.boolean().optional(),
});

export const taskParams = z.strictObject({ taskId });
export const actionParams = z.strictObject({ taskId, action: z.enum(STATUS_ACTIONS) });
export const checklistItemParams = z.strictObject({ taskId, itemId });
export const timeEntryParams = z.strictObject({ taskId, entryId });
export const boardParams = z.strictObject({ groupId });
const nodeId = z.string().regex(ULID_RE, { message: 'not a drive file id' });
export const attachmentParams = z.strictObject({ taskId, nodeId });
export const attachBody = z.strictObject({ nodeId });

/**
 * A status action. `comment` is required for `return`, `reason` for `decline`, `result` for `complete` when
 * the task requires a result. `version`, when given, must still be the stored one (else 409).
 */
export const statusActionBody = z.strictObject({
  version: z.number().int().min(1).optional(),
  comment: plain(LIMITS.reasonChars).optional(),
  reason: plain(LIMITS.reasonChars).optional(),
  result: plain(LIMITS.reasonChars).optional(),
});

export const moveStageBody = z.strictObject({
  stageId,
  /** Position inside the stage: any string of [0-9a-z] sorting between its neighbours' ranks (default: last). */
  rank: z
    .string()
    .regex(/^[0-9a-z]{1,32}$/, { message: 'not a rank (1-32 of 0-9 a-z)' })
    .optional(),
});

export const checklistAddBody = z.strictObject({
  items: z
    .array(z.strictObject({ text: checklistText }))
    .min(1, { message: 'at least one item' })
    .max(LIMITS.checklistItems, { message: `at most ${LIMITS.checklistItems} checklist items` }),
});
export const checklistTickBody = z.strictObject({ done: z.boolean() });

export const commentBody = z.strictObject({
  text: richText(LIMITS.commentChars).pipe(z.string().trim().min(1, { message: 'required' })),
  /** People mentioned (notified when they can see the task). */
  mentions: unique(userId, LIMITS.mentions, 'mentions').optional(),
});

export const timeEntryBody = z.strictObject({
  seconds: z.number().int().min(1).max(LIMITS.entrySeconds, { message: 'at most 24 hours in one entry' }),
  /** When the work started (default: now minus seconds). */
  startedAt: deadline.optional(),
  comment: required(LIMITS.entryCommentChars),
});
export const editTimeEntryBody = z.strictObject({
  version: z.number().int().min(1),
  seconds: z.number().int().min(1).max(LIMITS.entrySeconds, { message: 'at most 24 hours in one entry' }).optional(),
  comment: required(LIMITS.entryCommentChars).optional(),
});

const cursor = z.string().max(2048).optional();
const limit = z.coerce.number().int().min(1).max(100).optional();

export const DEADLINE_BUCKETS = ['overdue', 'today', 'week', 'later'] as const;
export type DeadlineBucket = (typeof DEADLINE_BUCKETS)[number];
export const DUE_FILTERS = [...DEADLINE_BUCKETS, 'none'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export const listQuery = z
  .strictObject({
    role: z.enum(TASK_ROLES).optional(),
    /** `open` (default): pending, in progress, awaiting control, deferred; `all`; or one status. */
    status: z.enum(['open', 'all', ...TASK_STATUSES]).optional(),
    /** A deadline bucket, or `none` (tasks without a deadline). */
    due: z.enum(DUE_FILTERS).optional(),
    /** An explicit deadline range [dueFrom, dueTo) (not with `due`). */
    dueFrom: deadline.optional(),
    dueTo: deadline.optional(),
    /** Only tasks of this workgroup/project. */
    groupId: groupId.optional(),
    /** `status` (default): status, then deadline; `deadline`: open tasks by deadline, none last (not with status=all). */
    sort: z.enum(['status', 'deadline']).optional(),
    /** The viewer's offset from UTC in minutes (for `due=today|week|later`). */
    tzOffsetMinutes: z.coerce.number().int().min(-840).max(840).optional(),
    cursor,
    limit,
  })
  .refine((q) => !(q.due && (q.dueFrom || q.dueTo)), { message: 'use either due or dueFrom/dueTo', path: ['due'] })
  .refine((q) => !q.dueFrom || !q.dueTo || Date.parse(q.dueFrom) < Date.parse(q.dueTo), {
    message: 'dueTo must be after dueFrom',
    path: ['dueTo'],
  })
  .refine((q) => !((q.due || q.dueFrom || q.dueTo) && q.status === 'all'), {
    message: 'a deadline filter needs status open or one status',
    path: ['status'],
  })
  .refine((q) => !(q.sort === 'deadline' && q.status === 'all'), {
    message: 'deadline order needs status open or one status',
    path: ['sort'],
  });
export const deadlinesQuery = z.strictObject({
  bucket: z.enum(DEADLINE_BUCKETS),
  /** The viewer's offset from UTC in minutes (e.g. 120 for UTC+2): "today" and "this week" are theirs. */
  tzOffsetMinutes: z.coerce.number().int().min(-840).max(840).optional(),
  cursor,
  limit,
});
export const boardQuery = z.strictObject({ stageId: stageId.optional(), cursor, limit });
export const pageQuery = z.strictObject({ cursor, limit });

// ---- answers -------------------------------------------------------------------------------------------

export interface ChecklistItem {
  itemId: string;
  text: string;
  done: boolean;
  doneBy: string | null;
  doneAt: string | null;
}

/** A person a view mentions: display name and whether they have a profile photo (GET /people/{id}/photo). */
export interface PersonRef {
  name: string;
  hasPhoto: boolean;
}
/** id → person, for everyone a view mentions (people without a profile are absent: show "Someone"). */
export type PeopleMap = Record<string, PersonRef>;

export interface TaskRights {
  see: boolean;
  edit: boolean;
  delete: boolean;
  comment: boolean;
  tick: boolean;
  editChecklist: boolean;
  trackTime: boolean;
  move: boolean;
}

export interface TaskView {
  taskId: string;
  title: string;
  /** Sanitised HTML. */
  description: string;
  creatorId: string;
  responsibleId: string;
  participantIds: string[];
  observerIds: string[];
  deadline: string | null;
  highPriority: boolean;
  tags: string[];
  plannedMinutes: number | null;
  groupId: string | null;
  stageId: string | null;
  parentId: string | null;
  checklist: ChecklistItem[];
  requireApproval: boolean;
  requireResult: boolean;
  result: string | null;
  status: TaskStatus;
  declineReason: string | null;
  timeSpentSeconds: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** My relations to the task (empty for an admin or a group member with none). */
  myRoles: TaskRole[];
  rights: TaskRights;
  /** Status actions I may take now. */
  actions: StatusAction[];
  /** Names of the creator, responsible person, participants, observers and checklist tickers (ONE BatchGet). */
  people: PeopleMap;
}

/** A list row (from the denormalised role rows: no second read). */
export interface TaskSummary {
  taskId: string;
  title: string;
  status: TaskStatus;
  deadline: string | null;
  highPriority: boolean;
  groupId: string | null;
  stageId: string | null;
  responsibleId: string;
  creatorId: string;
  /** Completing needs a written result (the board asks for it before the drop). */
  requireResult: boolean;
  /** The responsible person's Complete goes to awaiting control. */
  requireApproval: boolean;
  /** Open with a deadline in the past. */
  overdue: boolean;
  /** Board order inside the stage (project board only). */
  rank?: string;
}

export interface CommentView {
  commentId: string;
  authorId: string;
  /** Sanitised HTML. */
  text: string;
  mentions: string[];
  createdAt: string;
}

export interface HistoryView {
  historyId: string;
  userId: string;
  at: string;
  field: string;
  /** Old and new values as display text (lists joined by ', '; long text clipped); null = empty. */
  from: string | null;
  to: string | null;
}

export interface TimeEntryEdit {
  at: string;
  by: string;
  seconds: number;
  comment: string;
}

export interface TimeEntryView {
  entryId: string;
  userId: string;
  seconds: number;
  startedAt: string;
  endedAt: string;
  comment: string;
  source: 'timer' | 'manual';
  version: number;
  /** Earlier values, oldest first. */
  edits: TimeEntryEdit[];
}

export interface TimeView {
  items: TimeEntryView[];
  /** Names of the people who logged or edited the entries. */
  people: PeopleMap;
  cursor: string | null;
  totalSeconds: number;
  plannedMinutes: number | null;
}

export interface TimerView {
  state: 'idle' | 'running' | 'paused';
  taskId: string | null;
  taskTitle: string | null;
  /** While running: when this segment started. */
  startedAt: string | null;
  /** A segment this call recorded (pause/stop/start-elsewhere), if any. */
  recorded: { taskId: string; seconds: number } | null;
}

/** A drive file attached to a task (name, size and type as when attached; the download is always the current version). */
export interface AttachmentView {
  nodeId: string;
  name: string;
  size: number;
  contentType: string;
  attachedBy: string;
  attachedAt: string;
  /** I may detach it (I attached it, or I am the task's creator or an admin). */
  canRemove: boolean;
}

export interface OverdueCount {
  overdue: number;
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

/** A page that names the people its items mention (tasks: responsible and creator; comments: authors and mentions; history: who). */
export interface PeoplePage<T> extends Page<T> {
  people: PeopleMap;
}
export type TaskPage = PeoplePage<TaskSummary>;

export type TaskFrame = {
  type: 'task.changed';
  taskId: string;
  status: TaskStatus;
  version: number;
  deleted?: boolean;
};

export type CreateTaskBody = z.infer<typeof createTaskBody>;
export type UpdateTaskBody = z.infer<typeof updateTaskBody>;
