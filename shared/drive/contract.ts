/**
 * Drive and documents (issue 6): request bodies (zod), what the API answers. Shared by functions/drive
 * and the SPA (web/src/drive, web/src/documents) so they cannot drift. Routes: functions/drive/routes.ts.
 *
 * Model. A drive is `user:{sub}` (My Drive; system folders Uploaded / Created / Saved made on first use),
 * `company`, or `group:{groupId}`. Every drive has a root folder node; everything else is a node
 * (file | folder | document) under a parent folder. Nodes are addressed by id only; `GET /drive/drives`
 * tells the SPA the root of each drive it may open. Files and documents have versions (their own items,
 * each with its own S3 object under a key made of server ids only).
 *
 * Rights (`read` < `edit` < `full`), the highest that applies:
 *   - My Drive: its owner `full`. Company drive: employees `edit`, extranet nothing. Group drive: members
 *     of the workgroup `edit`, its owner/moderators `full`. Admins: `full` everywhere.
 *   - Shares on a node (to a person or a department) apply to it and everything under it.
 *   `read`: list, open, download, versions. `edit`: + upload, create, rename, move, copy, trash, restore,
 *   save documents. `full`: + share, public links, delete from trash for good.
 * Someone with no right on a node gets 404 for it, as if it did not exist.
 *
 * HTTP (access `user` unless marked; public ones need no sign-in):
 *   GET    /drive/drives                                   drives I may open (+ their root ids)        → DriveView[]
 *   GET    /drive/quota                                    my usage, quota, max file size              → QuotaView
 *   GET    /drive/nodes/{nodeId}                           node + breadcrumbs + my right               → NodeDetail
 *   GET    /drive/nodes/{nodeId}/children?sort=&order=&cursor=&limit=  a folder's children (ONE Query)  → Page<NodeView>
 *   POST   /drive/folders                                  create a folder                             → NodeView (201)
 *   PATCH  /drive/nodes/{nodeId}                           rename (versioned; 409 + current)           → NodeView
 *   POST   /drive/nodes/{nodeId}/move                      move to another folder of the same drive    → NodeView
 *   POST   /drive/nodes/{nodeId}/copy                      copy a file/document (current version)      → NodeView (201)
 *   DELETE /drive/nodes/{nodeId}?version=                  to the trash (with everything under it)     → NodeView
 *   POST   /drive/nodes/{nodeId}/restore                   back from the trash                          → NodeView
 *   GET    /drive/trash?driveId=&cursor=                   trashed items of a drive                     → Page<NodeView>
 *   DELETE /drive/trash/{nodeId}                           delete one trashed item for good (full)      → 204
 *   DELETE /drive/trash?driveId=                           empty a drive's trash (full)                 → EmptyTrashResult
 *   GET    /drive/search?driveId=&q=&cursor=               by name inside a drive                        → Page<NodeView>
 *   GET    /drive/shared-with-me?cursor=                   nodes shared with me or my departments       → Page<SharedNodeView>
 *   GET    /drive/nodes/{nodeId}/download?versionId=&inline= short presigned GET                        → DownloadView
 *   GET    /drive/nodes/{nodeId}/thumbnail                 presigned GET of the image thumbnail (404 none) → DownloadView
 *   GET    /drive/nodes/{nodeId}/versions?cursor=          history, newest first                        → Page<VersionView>
 *   POST   /drive/nodes/{nodeId}/versions/{versionId}/restore  restore = a new version (edit)          → NodeView
 *   POST   /drive/uploads                                  start an upload (single or multipart)        → UploadSession (201)
 *   GET    /drive/uploads/{uploadId}                       resume: parts already stored + URLs for the missing ones → UploadSession
 *   PUT    /drive/uploads/{uploadId}/parts/{partNumber} multipart: report a stored part (its ETag) so a resume
 *                                                   knows it even where S3 ListParts is unavailable     → 204
 *   POST   /drive/uploads/{uploadId}/complete              finalize (size + type checked, one transaction) → NodeView
 *   DELETE /drive/uploads/{uploadId}                       abort                                         → 204
 *   POST   /drive/documents                                create a document                            → DocumentView (201)
 *   GET    /drive/documents/{nodeId}?versionId=            content of the current (or a given) version  → DocumentView
 *   PUT    /drive/documents/{nodeId}/content               save = a new version; stale base → 409 { current: DocumentView } → DocumentView
 *   GET    /drive/nodes/{nodeId}/shares                    direct shares of a node (full)               → ShareView[]
 *   PUT    /drive/nodes/{nodeId}/shares                    add or change one share (full)               → ShareView[]
 *   DELETE /drive/nodes/{nodeId}/shares/{principalType}/{principalId}  remove one (full)               → ShareView[]
 *   GET    /drive/nodes/{nodeId}/links                     public links of a node (full)                → PublicLinkView[]
 *   POST   /drive/nodes/{nodeId}/links                     new public link; the token is shown once     → CreatedPublicLink (201)
 *   DELETE /drive/nodes/{nodeId}/links/{linkId}            revoke                                        → 204
 *   POST   /public/drive/links/{token}                     (public) open: metadata, counts one access   → PublicNodeView
 *   POST   /public/drive/links/{token}/children            (public) a shared folder's children          → Page<PublicNodeView>
 *   POST   /public/drive/links/{token}/download            (public) short presigned GET                 → DownloadView
 *   Public routes take `{ password? }` in the body (never in the URL). Unknown, revoked or expired token → 404;
 *   missing/wrong password → 401 `{ passwordRequired: true }`; 429 with Retry-After when rate limited (10 tries per
 *   link and IP in 5 min) or when the link is locked (`LINK_LOCKED`: 10 wrong passwords in 15 min from any addresses
 *   lock it for 1 min, then 2, 4 … up to 1 h; even the right password waits). Link passwords have 8+ characters.
 *
 * Errors: `{ error: { code, message, fields?: [{ path, reason }] } }`; 400/422 name the field (`name`, `size`, `parentId`,
 * `params.nodeId`, `query.driveId` ...); 413 `FILE_TOO_LARGE` naming `size` (with `maxFileBytes`); 409 `CONFLICT`
 * (stale version: `current` = the NodeView / DocumentView now stored; name taken: `fields` names `name`) or
 * `QUOTA_EXCEEDED` (with `usedBytes`, `quotaBytes`); 403 = you may see it but lack the right; 404 = not there for you.
 */
import * as z from 'zod';
import { fileName } from '../security/text-rules';

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const USER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;
/** `user:{sub}` | `company` | `group:{groupId}`. */
export const DRIVE_ID_RE = /^(company|user:[A-Za-z0-9-]{1,64}|group:[0-9A-HJKMNP-TV-Z]{26})$/;
/** Public link tokens: 32 random bytes, base64url. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export const LIMITS = {
  /** Characters of a node name. */
  nameChars: 255,
  /** Folder depth under the root (keeps the permission check one BatchGet). */
  maxDepth: 20,
  /** Multipart: a part is 8 MiB (S3 minimum 5 MiB except the last); uploads of at most this size go as one PUT. */
  partSize: 8 * 1024 * 1024,
  singlePutMaxBytes: 16 * 1024 * 1024,
  maxParts: 10_000,
  /** Part URLs handed out per GET /drive/uploads/{id} (the client asks again for more). */
  partUrlsPerCall: 200,
  /** Presigned URLs (upload and download) expire after this many seconds. */
  urlTtlSeconds: 300,
  /** Upload sessions that were never completed are forgotten after a day. */
  uploadTtlSeconds: 24 * 3600,
  /** Trash keeps items this many days before the daily purge deletes them (items + S3 objects). */
  trashDays: 30,
  /** Characters of a document (HTML or Markdown source). */
  documentChars: 1_000_000,
  sharesPerNode: 50,
  linksPerNode: 10,
  /** Public-link passwords: short ones fall to guessing even with the per-link lockout. */
  passwordMinChars: 8,
  passwordMaxChars: 128,
  searchChars: 100,
  contentTypeChars: 127,
  pageSize: 50,
  /** Defaults of the portal settings (admins change them: PATCH /portal/settings driveMaxFileBytes / driveQuotaBytes). */
  defaultMaxFileBytes: 1024 * 1024 * 1024,
  defaultQuotaBytes: 10 * 1024 * 1024 * 1024,
  /** Upper bound of what an admin may set (S3: 10,000 parts × 8 MiB ≈ 78 GiB). */
  maxFileBytesCeiling: 10_000 * 8 * 1024 * 1024,
  thumbnailPx: 256,
  /** Images larger than this get no thumbnail. */
  thumbnailSourceMaxBytes: 25 * 1024 * 1024,
} as const;

export const NODE_KINDS = ['file', 'folder', 'document'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
export const RIGHTS = ['read', 'edit', 'full'] as const;
export type Right = (typeof RIGHTS)[number];
export const RIGHT_RANK: Record<Right, number> = { read: 1, edit: 2, full: 3 };
export const atLeast = (have: Right | null, need: Right): boolean =>
  have !== null && RIGHT_RANK[have] >= RIGHT_RANK[need];
export const PRINCIPAL_TYPES = ['user', 'department'] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];
export const SORT_FIELDS = ['name', 'size', 'modified'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const DOCUMENT_FORMATS = ['html', 'markdown'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
/** Content types of document versions in S3. */
export const DOCUMENT_CONTENT_TYPES: Record<DocumentFormat, string> = { html: 'text/html', markdown: 'text/markdown' };
/** My Drive's system folders (made on first use). */
export const SYSTEM_FOLDERS = ['uploaded', 'created', 'saved'] as const;
export type SystemFolder = (typeof SYSTEM_FOLDERS)[number];
export const DRIVE_KINDS = ['user', 'company', 'group'] as const;
export type DriveKind = (typeof DRIVE_KINDS)[number];

export const userId = z.string().regex(USER_ID_RE, { message: 'not a user id' });
export const nodeId = z.string().regex(ULID_RE, { message: 'not a node id' });
export const versionId = z.string().regex(ULID_RE, { message: 'not a version id' });
export const uploadId = z.string().regex(ULID_RE, { message: 'not an upload id' });
export const linkId = z.string().regex(ULID_RE, { message: 'not a link id' });
export const departmentId = z.string().regex(ULID_RE, { message: 'not a department id' });
export const driveId = z.string().regex(DRIVE_ID_RE, { message: 'not a drive id (user:{id}, company or group:{id})' });
export const token = z.string().regex(TOKEN_RE, { message: 'not a link token' });

/**
 * A file or folder name: trimmed, 1–255 characters, no `/` or `\`, no control or bidi control characters, not
 * `.` or `..` (shared/security/text-rules.ts). Used for display only: S3 keys never contain it.
 */
export const nodeName = fileName(LIMITS.nameChars);

/** `type/subtype` (parameters such as `; charset=` are dropped by the server), lower-cased. */
export const contentType = z
  .string({ message: 'required' })
  .trim()
  .toLowerCase()
  .max(LIMITS.contentTypeChars, { message: `at most ${LIMITS.contentTypeChars} characters` })
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, { message: 'not a content type (type/subtype)' });

const version = z.number({ message: 'required' }).int().min(1);
const queryVersion = z.coerce.number({ message: 'required' }).int().min(1);
const cursor = z.string().max(2048).optional();
const limit = z.coerce.number().int().min(1).max(LIMITS.pageSize).optional();
const password = z
  .string()
  .min(LIMITS.passwordMinChars, { message: `at least ${LIMITS.passwordMinChars} characters` })
  .max(LIMITS.passwordMaxChars, { message: `at most ${LIMITS.passwordMaxChars} characters` });
const boolQuery = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// ---- params / queries -------------------------------------------------------------------------

export const nodeParams = z.strictObject({ nodeId });
export const versionParams = z.strictObject({ nodeId, versionId });
export const uploadParams = z.strictObject({ uploadId });
export const shareParams = z.strictObject({
  nodeId,
  principalType: z.enum(PRINCIPAL_TYPES),
  principalId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a user or department id' }),
});
export const linkParams = z.strictObject({ nodeId, linkId });
export const partParams = z.strictObject({ uploadId, partNumber: z.coerce.number().int().min(1).max(LIMITS.maxParts) });
export const reportPartBody = z.strictObject({ etag: z.string().min(1).max(200) });
export const tokenParams = z.strictObject({ token });

export const childrenQuery = z.strictObject({
  sort: z.enum(SORT_FIELDS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  cursor,
  limit,
});
export const pageQuery = z.strictObject({ cursor, limit });
export const trashQuery = z.strictObject({ driveId, cursor, limit });
export const emptyTrashQuery = z.strictObject({ driveId });
export const searchQuery = z.strictObject({
  driveId,
  q: z
    .string()
    .trim()
    .min(1, { message: 'required' })
    .max(LIMITS.searchChars, { message: `at most ${LIMITS.searchChars} characters` }),
  cursor,
  limit,
});
export const trashNodeQuery = z.strictObject({ version: queryVersion });
export const downloadQuery = z.strictObject({ versionId: versionId.optional(), inline: boolQuery.optional() });
export const documentQuery = z.strictObject({ versionId: versionId.optional() });

// ---- bodies -----------------------------------------------------------------------------------

export const createFolderBody = z.strictObject({ parentId: nodeId, name: nodeName });
export const renameBody = z.strictObject({ version, name: nodeName });
export const moveBody = z.strictObject({ version, parentId: nodeId });
export const copyBody = z.strictObject({ parentId: nodeId, name: nodeName.optional() });

export const createUploadBody = z.strictObject({
  /** Target folder; omitted = My Drive's "Uploaded" folder. */
  parentId: nodeId.optional(),
  name: nodeName,
  size: z
    .number({ message: 'required' })
    .int({ message: 'must be a whole number of bytes' })
    .min(0, { message: 'must not be negative' })
    .max(LIMITS.maxFileBytesCeiling, { message: 'too large' }),
  contentType,
  /** Force multipart (default: multipart above LIMITS.singlePutMaxBytes). */
  multipart: z.boolean().optional(),
});
export const completeUploadBody = z.strictObject({
  /** Multipart: the ETag S3 answered for each part (optional: the server lists the parts itself when omitted). */
  parts: z
    .array(
      z.strictObject({ partNumber: z.number().int().min(1).max(LIMITS.maxParts), etag: z.string().min(1).max(200) }),
    )
    .max(LIMITS.maxParts)
    .optional(),
});

export const createDocumentBody = z.strictObject({
  /** Target folder; omitted = My Drive's "Created" folder. */
  parentId: nodeId.optional(),
  name: nodeName,
  format: z.enum(DOCUMENT_FORMATS),
  content: z
    .string()
    .max(LIMITS.documentChars, { message: `at most ${LIMITS.documentChars} characters` })
    .optional(),
});
export const saveDocumentBody = z.strictObject({
  /** The version the editor started from; another save in between → 409 with the current content. */
  baseVersionId: versionId,
  content: z.string().max(LIMITS.documentChars, { message: `at most ${LIMITS.documentChars} characters` }),
});

export const putShareBody = z.strictObject({
  principalType: z.enum(PRINCIPAL_TYPES),
  principalId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'not a user or department id' }),
  right: z.enum(RIGHTS),
});

export const createLinkBody = z.strictObject({
  /** ISO date-time with zone, in the future. */
  expiresAt: z.iso.datetime({ offset: true, message: 'not an ISO 8601 date-time with a time zone' }).optional(),
  password: password.optional(),
});

export const publicOpenBody = z.strictObject({ password: z.string().max(LIMITS.passwordMaxChars).optional() });
export const publicChildrenBody = z.strictObject({
  password: z.string().max(LIMITS.passwordMaxChars).optional(),
  /** A folder inside the shared folder (default: the shared folder itself). */
  nodeId: nodeId.optional(),
  cursor,
});
export const publicDownloadBody = z.strictObject({
  password: z.string().max(LIMITS.passwordMaxChars).optional(),
  /** A file inside the shared folder (default: the shared file itself). */
  nodeId: nodeId.optional(),
  inline: z.boolean().optional(),
});

// ---- views ------------------------------------------------------------------------------------

export interface DriveView {
  driveId: string;
  kind: DriveKind;
  /** My Drive / Company drive / the group's name. */
  name: string;
  rootId: string;
  myRight: Right;
  /** My Drive only: the system folders that exist so far. */
  systemFolders?: Partial<Record<SystemFolder, string>>;
}

export interface NodeView {
  nodeId: string;
  driveId: string;
  kind: NodeKind;
  name: string;
  /** null for a drive's root. */
  parentId: string | null;
  /** Ids from the root down to the parent. */
  ancestors: string[];
  /** Bytes of the current version (folders: 0). */
  size: number;
  contentType: string | null;
  /** Documents only. */
  format?: DocumentFormat;
  currentVersionId: string | null;
  /** Number of versions so far (files and documents). */
  versionCount: number;
  /** Optimistic version of the node's metadata (rename / move / trash send it back). */
  version: number;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /** Set while in the trash. */
  trashedAt: string | null;
  /** The trashed item this node went to the trash with (itself when trashed directly). */
  trashRootId?: string | null;
  hasThumbnail: boolean;
  systemFolder?: SystemFolder;
  /** Has shares or public links of its own. */
  shared: boolean;
}

export interface Breadcrumb {
  nodeId: string;
  name: string;
  /** Uploaded / Created / Saved: the SPA shows these in the reader's language, not the stored name. */
  systemFolder?: SystemFolder;
}

export interface NodeDetail {
  node: NodeView;
  /** Root first, then each folder down to the parent (only those I may see). */
  breadcrumbs: Breadcrumb[];
  myRight: Right;
}

export interface SharedNodeView {
  node: NodeView;
  right: Right;
  sharedBy: string;
  sharedAt: string;
  /** How it reached me. */
  via: { principalType: PrincipalType; principalId: string };
}

export interface VersionView {
  versionId: string;
  nodeId: string;
  /** 1, 2, 3 ... in order of creation. */
  number: number;
  size: number;
  contentType: string;
  authorId: string;
  createdAt: string;
  /** Made by restoring this version. */
  restoredFrom?: string;
  current: boolean;
}

export interface ShareView {
  nodeId: string;
  principalType: PrincipalType;
  principalId: string;
  /** Person's name or department's name when known. */
  principalName: string | null;
  right: Right;
  sharedBy: string;
  sharedAt: string;
}

export interface PublicLinkView {
  linkId: string;
  nodeId: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  hasPassword: boolean;
  accessCount: number;
  lastAccessAt: string | null;
}

export interface CreatedPublicLink extends PublicLinkView {
  /** Shown once (the server stores only its hash). */
  token: string;
  /** Path of the SPA's public page: `/p/drive/{token}`. */
  path: string;
}

export interface PublicNodeView {
  nodeId: string;
  kind: NodeKind;
  name: string;
  size: number;
  contentType: string | null;
  updatedAt: string;
  /** Open: the linked node is a folder (its children via /children). */
  isRoot?: boolean;
}

export interface DownloadView {
  url: string;
  expiresAt: string;
  name: string;
  contentType: string;
  size: number;
}

export interface UploadPart {
  partNumber: number;
  url: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

export interface UploadSession {
  uploadId: string;
  nodeId: string;
  versionId: string;
  /** The node is new (false: a new version of an existing file with that name). */
  newNode: boolean;
  parentId: string;
  name: string;
  size: number;
  contentType: string;
  mode: 'single' | 'multipart';
  /** single: PUT the bytes here with the same Content-Type (and Content-Length) as declared. */
  url?: string;
  /** multipart: bytes per part (the last may be smaller); part n covers [(n-1)·partSize, n·partSize). */
  partSize?: number;
  partCount?: number;
  /** multipart: URLs of parts not yet stored (at most LIMITS.partUrlsPerCall per answer). */
  parts?: UploadPart[];
  /** multipart (GET): parts S3 already has. */
  uploadedParts?: UploadedPart[];
  expiresAt: string;
}

export interface QuotaView {
  usedBytes: number;
  quotaBytes: number;
  maxFileBytes: number;
}

export interface DocumentView {
  node: NodeView;
  versionId: string;
  format: DocumentFormat;
  content: string;
}

/** 409 of PUT /drive/documents/{id}/content: the version somebody else saved meanwhile. */
export interface DocumentConflict {
  error: string;
  current: DocumentView;
}

export interface EmptyTrashResult {
  /** Items deleted for good now. */
  deleted: number;
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export type CreateFolderBody = z.infer<typeof createFolderBody>;
export type RenameBody = z.infer<typeof renameBody>;
export type MoveBody = z.infer<typeof moveBody>;
export type CopyBody = z.infer<typeof copyBody>;
export type CreateUploadBody = z.infer<typeof createUploadBody>;
export type CompleteUploadBody = z.infer<typeof completeUploadBody>;
export type CreateDocumentBody = z.infer<typeof createDocumentBody>;
export type SaveDocumentBody = z.infer<typeof saveDocumentBody>;
export type PutShareBody = z.infer<typeof putShareBody>;
export type CreateLinkBody = z.infer<typeof createLinkBody>;
export type ChildrenQuery = z.infer<typeof childrenQuery>;
export type SearchQuery = z.infer<typeof searchQuery>;

/** Where the SPA's public page lives for a link token. */
export const publicLinkPath = (t: string) => `/p/drive/${t}`;
/** Which part numbers a size needs. */
export const partCountFor = (size: number, partSize: number = LIMITS.partSize) =>
  Math.max(1, Math.ceil(size / partSize));
