/**
 * CRM intake (issue 7, helper H3): web forms, sales queues (round-robin routing), CSV import/export jobs
 * and the reports. Schemas (zod) and answers shared by functions/crm-intake, functions/crm-jobs, the SPA
 * (web/src/crm) and the embeddable form page (web/src/crm-form).
 *
 * Routes (functions/crm-intake; every route `employee` unless marked):
 *   GET    /crm/forms                                admin  forms (ONE GSI1 Query)                      → Page<FormView>
 *   POST   /crm/forms                                admin  FormBody                                    → 201 FormCreated (view + key + snippet, shown once)
 *   PATCH  /crm/forms/{formId}                       admin  FormPatch (versioned; stale → 409 with current) → FormView
 *   POST   /crm/forms/{formId}/key                   admin  rotate the key (old snippets stop working)  → FormKeyAnswer
 *   GET    /public/crm/forms/{formId}?k=             public config + ticket                             → PublicFormConfig
 *   POST   /public/crm/forms/{formId}/submit         public SubmitBody (8 KiB)                          → 202 SubmitAnswer
 *   GET    /crm/queues                               queues (ONE GSI1 Query)                            → Page<QueueView>
 *   POST   /crm/queues                               admin  QueueBody                                   → 201 QueueView
 *   PATCH  /crm/queues/{queueId}                     admin  QueuePatch (versioned)                      → QueueView
 *   POST   /crm/imports                              CreateImportBody                                   → 201 ImportCreated (presigned PUT)
 *   GET    /crm/imports?cursor=                      my import/export jobs (ONE GSI1 Query)             → Page<JobView>
 *   GET    /crm/imports/{jobId}                      a job (mine; admin: any)                           → JobView
 *   POST   /crm/imports/{jobId}/preview              first 64 KiB: encoding, delimiter, columns, rows   → ImportPreview
 *   POST   /crm/imports/{jobId}/start                StartImportBody                                    → JobView (queued)
 *   POST   /crm/imports/{jobId}/cancel               cancel a queued/running job                        → JobView
 *   GET    /crm/imports/{jobId}/errors?cursor=       the error rows (ONE Query)                         → Page<JobErrorView>
 *   GET    /crm/imports/{jobId}/report               errors.csv                                         → DownloadAnswer
 *   POST   /crm/exports                              CreateExportBody                                   → 201 JobView
 *   GET    /crm/exports/{jobId}                      job view (+ url when done)                         → JobView
 *   GET    /crm/reports/funnel?pipelineId&scope&from&to                                                 → FunnelReport
 *   GET    /crm/reports/won?year&scope&by=month|salesperson                                             → WonReport
 *
 * WebSocket frame to the job owner after each slice: `crm.job.progress` (JobProgressFrame).
 */
import * as z from 'zod';
import { pipelineId, scopeParam } from './contract';

export { scopeParam };

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const USER_ID_RE = /^[A-Za-z0-9-]{1,64}$/;
export const formId = z.string().regex(ULID_RE, { message: 'not a form id' });
export const queueId = z.string().regex(ULID_RE, { message: 'not a queue id' });
export const jobId = z.string().regex(ULID_RE, { message: 'not a job id' });
export const userId = z.string().regex(USER_ID_RE, { message: 'not a user id' });

export const INTAKE_LIMITS = {
  formName: 100,
  consentText: 2000,
  successMessage: 500,
  queueMembers: 50,
  /** Public submit body. */
  submitBytes: 8 * 1024,
  fieldName: 200,
  fieldCompany: 200,
  fieldEmail: 254,
  fieldPhone: 40,
  fieldMessage: 4000,
  importBytes: 512 * 1024 * 1024,
  fileName: 200,
  importColumns: 200,
  previewRows: 20,
  /** Ticket age window (ms): younger = a bot, older = a stale page. */
  ticketMinMs: 3_000,
  ticketMaxMs: 2 * 60 * 60 * 1000,
  /** Rate limits of the public submit. */
  perIp: { limit: 5, windowSeconds: 600 },
  perForm: { limit: 200, windowSeconds: 3600 },
} as const;

const trimmed = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `at most ${max} characters` });
const required = (max: number) => trimmed(max).pipe(z.string().min(1, { message: 'required' }));
const cursor = z.string().max(2048).optional();
const limit = z.coerce.number().int().min(1).max(100).optional();
export const pageQuery = z.strictObject({ cursor, limit });

// ---- forms -----------------------------------------------------------------------------------------

export const FORM_FIELDS = ['name', 'email', 'phone', 'company', 'message'] as const;
export type FormFieldName = (typeof FORM_FIELDS)[number];
export const FIELD_MODES = ['off', 'optional', 'required'] as const;
export type FieldMode = (typeof FIELD_MODES)[number];
export const FORM_LANGUAGES = ['en', 'ro'] as const;
export type FormLanguage = (typeof FORM_LANGUAGES)[number];

const fieldModes = z.strictObject({
  name: z.enum(FIELD_MODES),
  email: z.enum(FIELD_MODES),
  phone: z.enum(FIELD_MODES),
  company: z.enum(FIELD_MODES),
  message: z.enum(FIELD_MODES),
});
export type FormFields = z.infer<typeof fieldModes>;
const contactable = (f: FormFields) => f.email !== 'off' || f.phone !== 'off';

const formShape = {
  name: required(INTAKE_LIMITS.formName),
  fields: fieldModes.refine(contactable, { message: 'the e-mail or the phone field must be on' }),
  consentText: trimmed(INTAKE_LIMITS.consentText),
  consentRequired: z.boolean(),
  queueId,
  language: z.enum(FORM_LANGUAGES),
  successMessage: trimmed(INTAKE_LIMITS.successMessage),
  active: z.boolean(),
};
export const formBody = z
  .strictObject({ ...formShape, active: formShape.active.optional() })
  .refine((b) => !b.consentRequired || b.consentText.length > 0, {
    message: 'a required consent needs its text',
    path: ['consentText'],
  });
export type FormBody = z.infer<typeof formBody>;
export const formPatch = z
  .strictObject({
    version: z.number().int().min(1),
    name: formShape.name.optional(),
    fields: formShape.fields.optional(),
    consentText: formShape.consentText.optional(),
    consentRequired: formShape.consentRequired.optional(),
    queueId: queueId.optional(),
    language: formShape.language.optional(),
    successMessage: formShape.successMessage.optional(),
    active: formShape.active.optional(),
  })
  .refine((b) => Object.keys(b).length > 1, { message: 'nothing to change', path: ['version'] });
export type FormPatch = z.infer<typeof formPatch>;
export const formParams = z.strictObject({ formId });

export interface FormView {
  formId: string;
  name: string;
  fields: FormFields;
  consentText: string;
  consentRequired: boolean;
  queueId: string;
  language: FormLanguage;
  successMessage: string;
  active: boolean;
  keyRotatedAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}
/** The key is shown once (stored as SHA-256 only): the snippet embeds it. */
export interface FormKeyAnswer {
  formId: string;
  key: string;
  /** `{portal}/crm-form.html?f={formId}&k={key}` */
  url: string;
  snippet: string;
}
export type FormCreated = FormView & { key: FormKeyAnswer };

/** The embeddable page's URL and the iframe snippet of a form (portal origin without a trailing slash). */
export const formPageUrl = (portalOrigin: string, id: string, key: string) =>
  `${portalOrigin.replace(/\/+$/, '')}/crm-form.html?f=${encodeURIComponent(id)}&k=${encodeURIComponent(key)}`;
export const formSnippet = (portalOrigin: string, id: string, key: string, title: string) =>
  `<iframe src="${formPageUrl(portalOrigin, id, key)}" title="${title.replace(/[<>&"]/g, '')}" style="width:100%;border:0;min-height:560px" loading="lazy"></iframe>`;

// ---- public form -------------------------------------------------------------------------------------

/** Keys are 16 random bytes, base64url (22 characters). */
export const formKey = z.string().regex(/^[A-Za-z0-9_-]{22}$/, { message: 'not a form key' });
export const publicFormQuery = z.strictObject({ k: formKey });

export interface PublicFormConfig {
  formId: string;
  name: string;
  fields: FormFields;
  consentText: string;
  consentRequired: boolean;
  language: FormLanguage;
  successMessage: string;
  /** HMAC over formId + issuedAt: the submit must come 3 s – 2 h after this answer. */
  ticket: string;
}

export const submitBody = z.strictObject({
  k: formKey,
  ticket: z.string().min(1, { message: 'required' }).max(200),
  fields: z.strictObject({
    name: trimmed(INTAKE_LIMITS.fieldName).optional(),
    email: trimmed(INTAKE_LIMITS.fieldEmail).optional(),
    phone: trimmed(INTAKE_LIMITS.fieldPhone).optional(),
    company: trimmed(INTAKE_LIMITS.fieldCompany).optional(),
    message: trimmed(INTAKE_LIMITS.fieldMessage).optional(),
  }),
  consent: z.boolean(),
  /** Honeypot: hidden from people; a value means a bot (202, nothing written). */
  website: z.string().max(500).optional(),
});
export type SubmitBody = z.infer<typeof submitBody>;
export interface SubmitAnswer {
  ok: true;
  message: string;
}

// ---- queues ----------------------------------------------------------------------------------------

const memberIds = z
  .array(userId)
  .max(INTAKE_LIMITS.queueMembers, { message: `at most ${INTAKE_LIMITS.queueMembers} members` })
  .refine((a) => new Set(a).size === a.length, { message: 'a member is listed twice' });
export const queueBody = z.strictObject({
  name: required(100),
  /** Round-robin order. */
  memberIds,
  /** Skip members whose presence is offline (when everybody is skipped, the next active member anyway). */
  skipOffline: z.boolean(),
  /** Who gets the lead when no member can (empty queue, everybody deactivated): an admin. */
  fallbackUserId: userId,
});
export type QueueBody = z.infer<typeof queueBody>;
export const queuePatch = z
  .strictObject({
    version: z.number().int().min(1),
    name: queueBody.shape.name.optional(),
    memberIds: memberIds.optional(),
    skipOffline: z.boolean().optional(),
    fallbackUserId: userId.optional(),
  })
  .refine((b) => Object.keys(b).length > 1, { message: 'nothing to change', path: ['version'] });
export type QueuePatch = z.infer<typeof queuePatch>;
export const queueParams = z.strictObject({ queueId });

export interface QueueMemberView {
  userId: string;
  name: string;
  status: 'active' | 'deactivated' | 'unknown';
}
export interface QueueView {
  queueId: string;
  name: string;
  memberIds: string[];
  members: QueueMemberView[];
  skipOffline: boolean;
  fallbackUserId: string;
  /** The member who got the last assignment ('' before the first). */
  pointer: string;
  assignments: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

// ---- import / export ---------------------------------------------------------------------------------

export const IMPORT_TYPES = ['lead', 'contact', 'company'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

/** Target fields per type. `email` and `phone` may be mapped from several columns (≤ 5 each). */
export const IMPORT_FIELDS = {
  lead: ['name', 'companyName', 'email', 'phone', 'comments'],
  contact: [
    'firstName',
    'lastName',
    'fullName',
    'email',
    'phone',
    'position',
    'street',
    'city',
    'region',
    'postalCode',
    'country',
    'tags',
    'birthday',
  ],
  company: [
    'name',
    'legalName',
    'vatId',
    'regNo',
    'email',
    'phone',
    'website',
    'industry',
    'street',
    'city',
    'region',
    'postalCode',
    'country',
    'tags',
  ],
} as const satisfies Record<ImportType, readonly string[]>;
export type ImportField = (typeof IMPORT_FIELDS)[ImportType][number];
export const ALL_IMPORT_FIELDS = [...new Set(Object.values(IMPORT_FIELDS).flat())] as ImportField[];

export const ENCODINGS = ['utf-8', 'windows-1250'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export const DUPLICATE_MODES = ['skip', 'create', 'update'] as const;
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

export const createImportBody = z.strictObject({
  type: z.enum(IMPORT_TYPES),
  fileName: required(INTAKE_LIMITS.fileName),
  size: z
    .number()
    .int()
    .min(1, { message: 'the file is empty' })
    .max(INTAKE_LIMITS.importBytes, { message: `at most ${INTAKE_LIMITS.importBytes} bytes (512 MiB)` }),
});
export type CreateImportBody = z.infer<typeof createImportBody>;
export interface ImportCreated {
  jobId: string;
  /** Presigned PUT (15 min); send exactly `size` bytes with these headers. */
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

export const jobParams = z.strictObject({ jobId });

export const startImportBody = z.strictObject({
  /** One entry per column of the preview, in order: the field it fills, or null to ignore it. */
  mapping: z
    .array(z.enum(ALL_IMPORT_FIELDS as [ImportField, ...ImportField[]]).nullable())
    .min(1, { message: 'required' })
    .max(INTAKE_LIMITS.importColumns),
  encoding: z.enum(ENCODINGS),
  delimiter: z.enum(DELIMITERS),
  duplicates: z.enum(DUPLICATE_MODES),
  assign: z.union([z.strictObject({ responsibleId: userId }), z.strictObject({ queueId })]),
});
export type StartImportBody = z.infer<typeof startImportBody>;

export interface ImportPreview {
  jobId: string;
  encoding: Encoding;
  delimiter: Delimiter;
  /** Header names (as in the file). */
  columns: string[];
  /** First byte after the header line (BOM included). */
  dataOffset: number;
  rows: string[][];
  /** Suggested target field per column (null: ignore). */
  suggestedMapping: (ImportField | null)[];
  fields: readonly ImportField[];
}

export const JOB_KINDS = ['import', 'export', 'merge', 'redept'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['uploaded', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobCounts {
  rowsDone: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}
export interface JobView extends JobCounts {
  jobId: string;
  kind: JobKind;
  type: ImportType;
  status: JobStatus;
  ownerId: string;
  fileName: string;
  /** Source bytes (import) or written bytes so far (export). */
  size: number;
  bytesDone: number;
  encoding?: Encoding;
  delimiter?: Delimiter;
  columns?: string[];
  duplicates?: DuplicateMode;
  slice: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Why it failed (status failed). */
  message?: string;
  /** Export: presigned GET (5 min) once done. */
  url?: string;
  hasErrorReport: boolean;
  version: number;
}
export interface JobErrorView {
  row: number;
  field: string;
  reason: string;
  raw: string;
}
export interface DownloadAnswer {
  url: string;
  expiresAt: string;
}

export const createExportBody = z.strictObject({
  type: z.enum(IMPORT_TYPES),
  scope: scopeParam,
  q: trimmed(100).optional(),
});
export type CreateExportBody = z.infer<typeof createExportBody>;

export interface JobProgressFrame {
  type: 'crm.job.progress';
  jobId: string;
  kind: JobKind;
  status: JobStatus;
  rowsDone: number;
  bytesDone: number;
  totalBytes: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

// ---- reports -----------------------------------------------------------------------------------------

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'YYYY-MM' });
export const funnelQuery = z
  .strictObject({
    pipelineId: pipelineId.optional(),
    scope: scopeParam.optional(),
    from: month.optional(),
    to: month.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'to must not be before from', path: ['to'] })
  .refine((q) => !q.from || !q.to || q.from.slice(0, 4) === q.to.slice(0, 4), {
    message: 'from and to must be in the same year',
    path: ['to'],
  });
export type FunnelQuery = z.infer<typeof funnelQuery>;

export interface FunnelStage {
  stageId: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  order: number;
  /** Deals created in [from, to] that reached this stage (or a later one). */
  reached: number;
  /** reached(next open/won stage) / reached(this) in percent, one decimal; null for the last. */
  conversionPct: number | null;
  /** Deals in this stage now (the scope's counters). */
  current: { n: number; amounts: Record<string, number> };
}
export interface FunnelReport {
  pipelineId: string;
  scope: string;
  from: string;
  to: string;
  stages: FunnelStage[];
}

export const wonQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  scope: scopeParam.optional(),
  by: z.enum(['month', 'salesperson']).optional(),
});
export type WonQuery = z.infer<typeof wonQuery>;
export interface WonRow {
  /** YYYY-MM (by month) or the user id (by salesperson). */
  key: string;
  label: string;
  currency: string;
  n: number;
  amountMinor: number;
}
export interface WonReport {
  year: number;
  scope: string;
  by: 'month' | 'salesperson';
  rows: WonRow[];
  /** Sum per currency over the rows. */
  totals: Record<string, { n: number; amountMinor: number }>;
}
