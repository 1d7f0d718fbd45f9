/**
 * The notifications ("the bell") contract: what the API answers and the frames pushed over the
 * WebSocket. Shared by functions/notifications, the features that notify (through `notify()` in
 * ./notify.ts) and the SPA's bell, so they cannot drift.
 *
 * HTTP (access `user`; a person only ever sees their own notifications):
 *   GET  /notifications?cursor=&limit=      newest first, one Query                      → Page<NotificationView>
 *   GET  /notifications/unread-count        one Query of the sparse unread index          → UnreadCountView
 *   POST /notifications/read                {ids} or {all: true}                          → UnreadCountView (after the change)
 *
 * Frames (server → client): `notification` when one arrives, `notifications.read` when some were
 * marked read (so every open tab updates its badge).
 *
 * Text is never stored rendered: `kind` picks the sentence in ./texts.ts (`notificationText()`, the one place of
 * every kind's words in en and ro, used by the bell and the e-mails) and `params` fills it
 * (e.g. en "{{actorName}} mentioned you in {{chatTitle}}", ro "{{actorName}} v-a menționat în {{chatTitle}}").
 * Params are plain text (render them as text, never as HTML); names are a snapshot taken when the
 * notification was made.
 */
import * as z from 'zod';

/** ULIDs: sortable by creation time. */
export const NOTIFICATION_ID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const NOTIFICATION_KINDS = [
  /** Someone mentioned me in a chat message. params: actorName, chatTitle, preview. link /messenger/{chatId}?message={messageId} */
  'chat.mention',
  /** Someone added me to a chat. params: actorName, chatTitle. link /messenger/{chatId} */
  'chat.added',
  /** A task was assigned to me (responsible, participant or observer). params: actorName, taskTitle, role. link /tasks/{taskId} */
  'task.assigned',
  /** A task of mine changed status. params: actorName, taskTitle, status (a TaskStatus). link /tasks/{taskId} */
  'task.status',
  /** A comment on a task of mine. params: actorName, taskTitle, preview. link /tasks/{taskId}?comment={commentId} */
  'task.comment',
  /** Someone mentioned me in a task comment. params: actorName, taskTitle, preview. link /tasks/{taskId}?comment={commentId} */
  'task.mention',
  /** A task of mine is due within a day (at most once a day). params: taskTitle, deadline (ISO). link /tasks/{taskId} */
  'task.deadline',
  /** A task of mine is overdue (at most once a day). params: taskTitle, deadline (ISO). link /tasks/{taskId} */
  'task.overdue',
  /** The creator accepted a task of mine that was awaiting control. params: actorName, taskTitle. link /tasks/{taskId} */
  'task.accepted',
  /** The creator returned a task of mine that was awaiting control. params: actorName, taskTitle (the reason is the task's comment written with it). link /tasks/{taskId} */
  'task.returned',
  /** A file, folder or document was shared with me or with my department (each member is told).
   * params: actorName, itemName, itemType (file|folder|document), right (read|edit|full), departmentName (only
   * for a department share). link /drive/folder/{id}, /drive/documents/{id}, or /drive/shared?open={id} for a file */
  'drive.shared',
  /** A CRM lead was assigned to me (by a person, a sales queue or the web form). params: actorName, leadName, source. link /crm/leads/{leadId} */
  'crm.lead.assigned',
  /** A CRM deal was assigned to me. params: actorName, dealTitle. link /crm/deals/{dealId} */
  'crm.deal.assigned',
  /** A CRM contact or company was assigned to me. params: actorName, recordName, type (contact|company). link /crm/contacts/{id} or /crm/companies/{id} */
  'crm.record.assigned',
  /** An invoice of my deal was marked paid. params: number, dealTitle. link /crm/invoices/{docId} */
  'crm.invoice.paid',
  /** My CSV import finished. params: created, skipped, failed (numbers as text). link /crm/import?job={jobId} */
  'crm.import.done',
  /** My CSV export is ready to download. params: type. link /crm/import?job={jobId} */
  'crm.export.ready',
  /** Someone I invited joined the portal. params: actorName (the new person). link /company/employees */
  'invitation.accepted',
  /** Someone asked to join a closed workgroup I own or moderate. params: actorName, groupName. link /workgroups/{groupId} */
  'workgroup.request',
  /** My request to join a workgroup was approved. params: actorName, groupName. link /workgroups/{groupId} */
  'workgroup.request.approved',
  /** My request to join a workgroup was declined. params: actorName, groupName. link /workgroups (a closed group stays closed to them) */
  'workgroup.request.declined',
  /** I was invited to a meeting. params: actorName (the organiser), eventTitle, startsAt (ISO, the first occurrence). link /calendar?event={eventId} */
  'calendar.invited',
  /** A meeting I am invited to moved or changed (time, place, recurrence, title). params: actorName, eventTitle, startsAt. link /calendar?event={eventId} */
  'calendar.changed',
  /** A meeting I was invited to was cancelled, or I was taken off it (`reason: removed`). params: actorName, eventTitle, reason?. link /calendar?event={eventId} */
  'calendar.cancelled',
  /** Someone answered my meeting's invitation. params: actorName (a colleague or an outside guest), eventTitle, answer (accepted|tentative|declined), comment?. link /calendar?event={eventId} */
  'calendar.answered',
  /** A meeting or event of mine starts soon. params: eventTitle, startsAt (ISO). link /calendar?event={eventId} */
  'calendar.reminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Values for the i18n string of a kind; every value plain text, at most 200 characters. */
export type NotificationParams = Record<string, string>;

export interface NotificationView {
  notificationId: string;
  kind: NotificationKind;
  /** Who caused it (a user id), or null for the system. */
  actorId: string | null;
  params: NotificationParams;
  /** An in-portal path (always starts with '/'), e.g. /messenger/{chatId}. */
  link: string;
  createdAt: string;
  /** null while unread. */
  readAt: string | null;
}

export interface UnreadCountView {
  unread: number;
}

export interface NotificationsPage {
  items: NotificationView[];
  cursor: string | null;
}

export const LIMITS = {
  pageSize: 20,
  maxPageSize: 50,
  /** Ids one POST /notifications/read may name (one transaction). */
  markReadIds: 50,
  paramChars: 200,
  /** Notifications disappear (TTL) after this many days. */
  keepDays: 90,
} as const;

const notificationId = z.string().regex(NOTIFICATION_ID_RE, { message: 'not a notification id' });

export const listQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxPageSize).optional(),
});

/** Exactly one of `ids` (1..50) or `all: true`. */
export const markReadBody = z
  .strictObject({
    ids: z
      .array(notificationId)
      .min(1, { message: 'at least one id' })
      .max(LIMITS.markReadIds, { message: `at most ${LIMITS.markReadIds} ids at once; use all: true for everything` })
      .optional(),
    all: z.literal(true, { message: 'must be true when given' }).optional(),
  })
  .refine((b) => (b.ids !== undefined) !== (b.all !== undefined), {
    message: 'send either ids or all: true',
    path: ['ids'],
  });

export type NotificationFrame =
  | { type: 'notification'; notification: NotificationView; unread: number }
  | { type: 'notifications.read'; ids: string[] | 'all'; unread: number };
