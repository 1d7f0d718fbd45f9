/**
 * The messenger's contract: request bodies (zod), what the API answers, and the frames pushed over the
 * WebSocket. Shared by functions/messenger (and its helpers) and the SPA (web/src/messenger) so they
 * cannot drift. Routes themselves are declared in functions/messenger/routes.ts.
 *
 * HTTP (all `employee` or `user` access; membership checked on every route; a chat you are not in is 404):
 *   GET    /chats?cursor=&limit=                      my chats, most recent activity first        → Page<ChatSummary>
 *   GET    /chats/unread                                total unread and the chats that have some  → UnreadView
 *   POST   /chats                                       create a group chat                          → ChatDetail (201)
 *   POST   /chats/direct                                open (idempotently) a 1:1 chat with someone → ChatDetail
 *   GET    /chats/{chatId}                              chat + members (+ their read position)      → ChatDetail
 *   PATCH  /chats/{chatId}                              rename (owner or admin; versioned)          → ChatDetail
 *   PUT    /chats/{chatId}/avatar                       group picture from an upload (owner/admin; versioned) → ChatDetail
 *   DELETE /chats/{chatId}/avatar?version=              remove the group picture (owner/admin; versioned) → ChatDetail
 *   GET    /chats/{chatId}/avatar                       presigned GET (5 min) of the picture        → { url }
 *   POST   /chats/{chatId}/members                      add members (owner or admin)                → ChatDetail
 *   DELETE /chats/{chatId}/members/{userId}             remove (owner/admin) or leave (self)        → 204
 *   GET    /chats/{chatId}/messages?before=|after=&limit= history: newest first (before) or oldest first (after) → Page<MessageView>
 *          (its `cursor` is a message id: pass it as `before` — or as `after` on after= pages — for the next page; null = no more)
 *   POST   /chats/{chatId}/messages                     send (idempotent on clientMessageId)        → MessageView (201; 200 on a repeat)
 *   PATCH  /chats/{chatId}/messages/{messageId}         edit own text (versioned)                   → MessageView
 *   DELETE /chats/{chatId}/messages/{messageId}         delete own (admin, group owner: any)        → MessageView (tombstone)
 *   PUT    /chats/{chatId}/messages/{messageId}/reactions/{emoji}   add my reaction             → MessageView
 *   DELETE /chats/{chatId}/messages/{messageId}/reactions/{emoji}   remove my reaction          → MessageView
 *   PUT    /chats/{chatId}/pins/{messageId}             pin                                          → ChatDetail
 *   DELETE /chats/{chatId}/pins/{messageId}             unpin                                        → ChatDetail
 *   POST   /chats/{chatId}/read                          I have read up to messageId                 → { unread } (0 when read to the newest)
 *   GET    /chats/{chatId}/messages/{messageId}/readers  who has read this message                  → { readers: ReaderView[] }
 *   POST   /chats/{chatId}/attachments                   presigned PUT for one file                 → AttachmentUpload
 *   GET    /chats/{chatId}/attachments/{fileId}          presigned GET (5 min)                      → AttachmentUrls { url, thumbUrl? }
 *   GET    /chats/{chatId}/search?q=&cursor=             search this chat's messages                → Page<MessageView>
 *   GET    /messages/search?q=&cursor=                   search across my chats                      → Page<MessageHit>
 *   GET    /presence?userIds=a,b,c                        presence of up to 100 people (realtime feature) → PresenceList
 *
 * WebSocket actions (client → server): `typing` {chatId}, `presence` {state}.
 * Server frames: see `MessengerFrame` below. Frames stay under API Gateway's 32 KB frame limit: a message
 * whose frame would be larger is pushed as `message.new` with `truncated: true` and the client fetches it.
 */
import * as z from 'zod';
import { fileName } from '../security/text-rules';

export const LIMITS = {
  /** Characters of one message's text (a frame carries at most FRAME_TEXT_CHARS of it). */
  textChars: 10_000,
  frameTextChars: 4_000,
  titleChars: 100,
  groupMembers: 500,
  /** Members one POST may add (one transaction). */
  addMembersAtOnce: 50,
  attachmentsPerMessage: 10,
  attachmentBytes: 100 * 1024 * 1024,
  mentionsPerMessage: 50,
  pinsPerChat: 50,
  forwardTargets: 10,
  pageSize: 50,
  searchQueryChars: 100,
} as const;

/** Server-generated ids are ULIDs (sortable by time); the General chat's id is fixed. */
export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const GENERAL_CHAT_ID = 'general';
/**
 * Chat ids: a ULID (groups), `general`, `dm-` + 26 base32 chars derived from the two user ids, or `wg-` +
 * the workgroup's id (the chat of a workgroup: its members are the group's, kept in step by a stream consumer).
 */
export const CHAT_ID_RE = /^(?:[0-9A-HJKMNP-TV-Z]{26}|general|dm-[0-9a-z]{26}|wg-[0-9A-HJKMNP-TV-Z]{26})$/;
/** The chat of a workgroup (shared/workgroups): its id is derived from the group's, so the group page can link to it. */
export const workgroupChatId = (groupId: string): string => `wg-${groupId}`;
/** The workgroup a `wg-` chat belongs to, or null for any other chat. */
export const groupIdOfChat = (chatId: string): string | null => (chatId.startsWith('wg-') ? chatId.slice(3) : null);
export const USER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;

export const CHAT_KINDS = ['direct', 'group', 'general', 'workgroup'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];
export const CHAT_ROLES = ['owner', 'member'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

/** The reactions offered; a closed set keeps keys short and the UI consistent. */
export const REACTIONS = ['like', 'heart', 'laugh', 'wow', 'sad', 'fire', 'check', 'thumbsdown'] as const;
export type Reaction = (typeof REACTIONS)[number];
export const REACTION_EMOJI: Record<Reaction, string> = {
  like: '👍',
  heart: '❤️',
  laugh: '😂',
  wow: '😮',
  sad: '😢',
  fire: '🔥',
  check: '✅',
  thumbsdown: '👎',
};

export const PRESENCE_STATES = ['online', 'away', 'offline'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Message text: newlines and tabs allowed, other control characters refused; never empty after trim. */
export const messageText = z
  .string()
  .max(LIMITS.textChars, { message: `at most ${LIMITS.textChars} characters` })
  .refine((s) => s.trim().length > 0, { message: 'required: a message cannot be empty' })
  .refine((s) => !CONTROL.test(s), { message: 'contains characters that are not allowed' });

const title = z
  .string()
  .trim()
  .min(1, { message: 'required' })
  .max(LIMITS.titleChars, { message: `at most ${LIMITS.titleChars} characters` })
  .refine((s) => !CONTROL.test(s), { message: 'contains characters that are not allowed' });

const userId = z.string().regex(USER_ID_RE, { message: 'not a user id' });
const ulid = z.string().regex(ULID_RE, { message: 'not a message id' });
const chatId = z.string().regex(CHAT_ID_RE, { message: 'not a chat id' });
/** Client-made id that makes a send idempotent (a UUID or ULID from the browser). */
export const clientMessageId = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, { message: 'not a client message id (8-64 letters, digits, -)' });

export const chatIdParams = z.strictObject({ chatId });
export const messageParams = z.strictObject({ chatId, messageId: ulid });
export const reactionParams = z.strictObject({ chatId, messageId: ulid, emoji: z.enum(REACTIONS) });
export const memberParams = z.strictObject({ chatId, userId });
export const attachmentParams = z.strictObject({ chatId, fileId: ulid });

export const createGroupBody = z.strictObject({
  title,
  memberIds: z
    .array(userId)
    .min(1, { message: 'at least one other member' })
    .max(LIMITS.addMembersAtOnce - 1, {
      message: `at most ${LIMITS.addMembersAtOnce - 1} members at creation; add more later`,
    }),
});

export const directChatBody = z.strictObject({ userId });

export const updateChatBody = z.strictObject({ title, version: z.number().int().min(1) });

/** A group's picture: an image uploaded with POST …/attachments (png, jpeg or webp, ≤ 10 MB), made a 256 px square. */
export const CHAT_AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const CHAT_AVATAR_MAX_BYTES = 10 * 1024 * 1024;
export const chatAvatarBody = z.strictObject({
  fileId: z.string().regex(ULID_RE, { message: 'not a file id' }),
  version: z.number().int().min(1),
});
export const chatAvatarQuery = z.strictObject({ version: z.coerce.number().int().min(1) });

export const addMembersBody = z.strictObject({
  userIds: z
    .array(userId)
    .min(1)
    .max(LIMITS.addMembersAtOnce, { message: `at most ${LIMITS.addMembersAtOnce} at once` }),
});

export const attachmentRef = z.strictObject({ fileId: ulid });

export const sendMessageBody = z
  .strictObject({
    clientMessageId,
    /** Optional when the message forwards another one or carries attachments. */
    text: messageText.optional(),
    mentions: z.array(userId).max(LIMITS.mentionsPerMessage).optional(),
    replyTo: ulid.optional(),
    attachments: z.array(attachmentRef).max(LIMITS.attachmentsPerMessage).optional(),
    /** Forward: copy a message (text + attachments) from a chat I am in. */
    forward: z.strictObject({ chatId, messageId: ulid }).optional(),
  })
  .refine((b) => b.text !== undefined || (b.attachments?.length ?? 0) > 0 || b.forward !== undefined, {
    message: 'required: text, attachments or forward',
    path: ['text'],
  });

export const editMessageBody = z.strictObject({
  text: messageText,
  mentions: z.array(userId).max(LIMITS.mentionsPerMessage).optional(),
  version: z.number().int().min(1),
});

export const readBody = z.strictObject({ messageId: ulid });

export const historyQuery = z
  .strictObject({
    before: ulid.optional(),
    after: ulid.optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .refine((q) => !(q.before && q.after), { message: 'use before or after, not both', path: ['after'] });

export const pageQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** GET /presence?userIds=a,b,c (1..100 comma-separated user ids) → PresenceList. */
export const presenceQuery = z.strictObject({
  userIds: z
    .string()
    .max(100 * 65)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(userId).min(1, { message: 'at least one user id' }).max(100, { message: 'at most 100 user ids' })),
});

export const searchQuery = z.strictObject({
  q: z.string().trim().min(2, { message: 'at least 2 characters' }).max(LIMITS.searchQueryChars),
  cursor: z.string().max(2048).optional(),
});

export const attachmentBody = z.strictObject({
  name: fileName(255),
  size: z
    .number()
    .int()
    .min(1, { message: 'must be at least 1 byte' })
    .max(LIMITS.attachmentBytes, { message: 'file too large (max 100 MB)' }),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, { message: 'not a content type' })
    .max(127),
});

/** WebSocket actions. */
export const typingAction = z.object({ action: z.literal('typing'), chatId });
export const presenceAction = z.object({ action: z.literal('presence'), state: z.enum(['online', 'away']) });

// ---------- what the API answers ----------

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface PersonRef {
  userId: string;
  firstName: string;
  lastName: string;
  hasPhoto: boolean;
}

export interface LastMessageView {
  messageId: string;
  authorId: string;
  /** First 140 characters, plain text; "" for attachment-only messages. */
  preview: string;
  at: string;
  deleted: boolean;
  /**
   * What the message is, so the list can say "📎 plan.pdf" or "Ana added Bogdan" instead of a blank:
   * text (has text), attachment (files only), system (a membership / rename event). Absent on rows
   * written before this field existed: treat as 'text'.
   */
  kind?: 'text' | 'attachment' | 'system';
  /** Messages with files: the first file’s name and how many files the message carries. */
  attachment?: { name: string; count: number };
  /** system: the event, as on the message. */
  system?: MessageView['system'];
}

export interface ChatSummary {
  chatId: string;
  kind: ChatKind;
  /** Group title; for a direct chat the other person's name (per viewer). */
  title: string;
  /** Direct chats: the other person. */
  peer?: PersonRef;
  lastMessage: LastMessageView | null;
  unread: number;
  /** The newest message id I have read ("" when none). */
  lastReadMessageId: string;
  lastActivityAt: string;
  memberCount: number;
  /** Group chats with a picture: its id (changes with each new picture; GET /chats/{chatId}/avatar). */
  avatar?: string;
}

export interface MemberView extends PersonRef {
  role: ChatRole;
  lastReadMessageId: string;
  joinedAt: string;
}

export interface PinView {
  messageId: string;
  preview: string;
  authorId: string;
  pinnedBy: string;
  pinnedAt: string;
}

export interface ChatDetail {
  chatId: string;
  kind: ChatKind;
  title: string;
  ownerId: string | null;
  members: MemberView[];
  pins: PinView[];
  /** What I may do here: the SPA hides what the API would refuse. */
  can: { rename: boolean; manageMembers: boolean; leave: boolean };
  /** Group chats: the picture's id (GET /chats/{chatId}/avatar), null when none. Changed by those who may rename. */
  avatar: string | null;
  version: number;
  createdAt: string;
}

export interface AttachmentView {
  fileId: string;
  name: string;
  size: number;
  contentType: string;
  /** Images: the natural size when known (layout before the image loads). */
  width?: number;
  height?: number;
  /**
   * Images: a thumbnail (webp, at most 480 px a side) exists: GET …/attachments/{fileId} answers its
   * `thumbUrl`. Set shortly after the send by a stream consumer, announced with `message.updated`.
   */
  thumb?: boolean;
}

/** GET /chats/{chatId}/attachments/{fileId}: presigned GETs (5 min) of the file and, for images, its thumbnail. */
export interface AttachmentUrls {
  url: string;
  thumbUrl?: string;
}

export interface MessageView {
  messageId: string;
  chatId: string;
  authorId: string;
  clientMessageId: string;
  /** "" when deleted. */
  text: string;
  mentions: string[];
  replyTo: { messageId: string; authorId: string; preview: string } | null;
  forwardedFrom: { authorId: string; chatId: string; messageId: string } | null;
  attachments: AttachmentView[];
  /** reaction → user ids */
  reactions: Partial<Record<Reaction, string[]>>;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** System messages (member added/left, chat renamed): rendered centred, not editable. */
  system?: {
    event: 'created' | 'joined' | 'left' | 'added' | 'removed' | 'renamed';
    actorId: string;
    userIds?: string[];
    title?: string;
  };
  version: number;
}

/** One person's presence: online (a live connection that is not away), away (all live connections idle/hidden), offline. */
export interface PresenceView {
  userId: string;
  state: PresenceState;
  /** When they were last connected or active; null when never seen. */
  lastSeenAt: string | null;
}

export interface PresenceList {
  items: PresenceView[];
}

export interface MessageHit {
  chatId: string;
  chatTitle: string;
  message: MessageView;
}

export interface ReaderView extends PersonRef {
  readAt: string;
}

export interface UnreadView {
  total: number;
  chats: { chatId: string; unread: number }[];
}

export interface AttachmentUpload {
  fileId: string;
  /** Presigned PUT (5 min); send Content-Type exactly as given. */
  uploadUrl: string;
  headers: Record<string, string>;
}

// ---------- frames pushed over the WebSocket ----------

export type MessengerFrame =
  | { type: 'message.new'; chatId: string; message: MessageView; truncated?: boolean }
  | { type: 'message.updated'; chatId: string; message: MessageView; truncated?: boolean }
  | { type: 'chat.read'; chatId: string; userId: string; messageId: string; at: string }
  | { type: 'chat.updated'; chatId: string; chat: ChatDetail }
  | { type: 'chat.added'; chatId: string; chat: ChatSummary }
  | { type: 'chat.removed'; chatId: string }
  | { type: 'typing'; chatId: string; userId: string }
  | { type: 'presence'; userId: string; state: PresenceState; lastSeenAt: string | null };
