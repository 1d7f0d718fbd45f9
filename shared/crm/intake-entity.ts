/**
 * CRM intake rows on the single table (helper H3): web forms, sales queues, import/export jobs and their
 * error rows. Written raw (lib-dynamodb) with ElectroDB's markers so stream consumers filter by entity name
 * (`crmForm`, `crmQueue`, `crmJob`, `crmJobError`).
 *
 * | access pattern                               | how                                                                  |
 * |----------------------------------------------|----------------------------------------------------------------------|
 * | a form (admin edit, public config, submit)   | GetItem PK=CRMFORM#{formId} SK=FORM                                  |
 * | forms (admin list, newest first)             | ONE Query GSI1 GSI1PK=CRMFORMS, GSI1SK={createdAt}#{formId}          |
 * | a queue (routing: + ONE BatchGet of members' | GetItem PK=CRMQUEUE#{queueId} SK=QUEUE (consistent)                  |
 * |   profiles and presence)                     |                                                                      |
 * | queues (list)                                | ONE Query GSI1 GSI1PK=CRMQUEUES, GSI1SK={createdAt}#{queueId}        |
 * | the queue pointer moves                      | Update (condition pointer = :seen AND version = :v) inside the       |
 * |                                              |   lead's TransactWriteItems (shared/crm/routing.ts)                  |
 * | a job                                        | GetItem PK=CRMJOB#{jobId} SK=JOB                                     |
 * | my jobs (newest first)                       | ONE Query GSI1 GSI1PK=CRMJOBS#{ownerId}, GSI1SK={createdAt}#{jobId}  |
 * | stalled jobs (watchdog)                      | ONE Query GSI2 GSI2PK=CRMJOBS#ACTIVE, GSI2SK < {now − 2 min}         |
 * |                                              |   (sparse: only while queued/running)                               |
 * | a job's error rows (in row order)            | ONE Query PK=CRMJOB#{jobId} begins_with ERR#                         |
 * | a slice finishes                             | ONE TransactWriteItems: job update (condition slice = :k) + counter ADDs |
 *
 *   Form      PK=CRMFORM#{formId} SK=FORM     name, fields{name,email,phone,company,message: off|optional|required},
 *                                             consentText, consentRequired, queueId, language, successMessage, keyHash
 *                                             (SHA-256 of the key, base64url), active, keyRotatedAt, version
 *   Queue     PK=CRMQUEUE#{q} SK=QUEUE        name, memberIds[≤50], pointer (last assigned member, '' at first),
 *                                             assignments, lastAssignedAt?, skipOffline, fallbackUserId, version
 *   Job       PK=CRMJOB#{j} SK=JOB            kind, type, ownerId, status, fileName, s3Key, size, encoding, delimiter,
 *                                             columns, mapping, duplicates, assign, dataOffset, byteOffset, rowsDone,
 *                                             created, updated, skipped, failed, slice, heartbeatAt, cursor?, parts?,
 *                                             exportKey?, errorsKey?, message?, startedAt?, finishedAt?, version
 *   JobError  PK=CRMJOB#{j} SK=ERR#{row:010}  row, field, reason, raw (≤ 2 KB)
 */
import type { Raw } from '../data/document';
import type {
  Delimiter,
  DuplicateMode,
  Encoding,
  FieldMode,
  FormFields,
  FormLanguage,
  ImportField,
  ImportType,
  JobKind,
  JobStatus,
} from './intake-contract';

export const INTAKE_ENTITIES = { form: 'crmForm', queue: 'crmQueue', job: 'crmJob', jobError: 'crmJobError' } as const;

export const markers = (entity: string) => ({ __edb_e__: entity, __edb_v__: '1' });

export const formKey = (formId: string) => ({ PK: `CRMFORM#${formId}`, SK: 'FORM' });
export const FORMS_PK = 'CRMFORMS';
export const queueKey = (queueId: string) => ({ PK: `CRMQUEUE#${queueId}`, SK: 'QUEUE' });
export const QUEUES_PK = 'CRMQUEUES';
export const jobKey = (jobId: string) => ({ PK: `CRMJOB#${jobId}`, SK: 'JOB' });
export const jobsPk = (ownerId: string) => `CRMJOBS#${ownerId}`;
export const ACTIVE_JOBS_PK = 'CRMJOBS#ACTIVE';
export const jobErrorSk = (row: number) => `ERR#${String(row).padStart(10, '0')}`;
export const JOB_ERROR_PREFIX = 'ERR#';
/** S3 keys of a job's files. */
export const jobSourceKey = (jobId: string) => `crm/jobs/${jobId}/source.csv`;
export const jobErrorsKey = (jobId: string) => `crm/jobs/${jobId}/errors.csv`;
export const jobExportKey = (jobId: string) => `crm/jobs/${jobId}/export.csv`;

export interface FormItem {
  formId: string;
  name: string;
  fields: Record<keyof FormFields, FieldMode>;
  consentText: string;
  consentRequired: boolean;
  queueId: string;
  language: FormLanguage;
  successMessage: string;
  keyHash: string;
  active: boolean;
  keyRotatedAt: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface QueueItem {
  queueId: string;
  name: string;
  memberIds: string[];
  pointer: string;
  assignments: number;
  lastAssignedAt?: string;
  skipOffline: boolean;
  fallbackUserId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type JobAssign = { responsibleId: string } | { queueId: string };

export interface JobItem {
  jobId: string;
  kind: JobKind;
  type: ImportType;
  ownerId: string;
  status: JobStatus;
  fileName: string;
  s3Key: string;
  /** Import: the uploaded file's size; export: bytes written so far. */
  size: number;
  encoding?: Encoding;
  delimiter?: Delimiter;
  columns?: string[];
  mapping?: (ImportField | null)[];
  duplicates?: DuplicateMode;
  assign?: JobAssign;
  /** First byte after the header line (BOM included). */
  dataOffset?: number;
  /** Where the next slice starts reading (absolute source offset). */
  byteOffset: number;
  rowsDone: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  slice: number;
  heartbeatAt: string;
  /** Failed runs of the current slice in a row (the third fails the job). */
  retries?: number;
  /** Export: the scope and search, and the list cursor of the next slice. */
  scope?: string;
  q?: string;
  cursor?: string;
  exportKey?: string;
  errorsKey?: string;
  message?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  version: number;
}

export interface JobErrorItem {
  jobId: string;
  row: number;
  field: string;
  reason: string;
  raw: string;
}

export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'running'];
export const isActive = (s: JobStatus) => ACTIVE_STATUSES.includes(s);

export const formRow = (f: FormItem): Raw => ({
  ...formKey(f.formId),
  ...markers(INTAKE_ENTITIES.form),
  GSI1PK: FORMS_PK,
  GSI1SK: `${f.createdAt}#${f.formId}`,
  ...f,
});

export const queueRow = (q: QueueItem): Raw => ({
  ...queueKey(q.queueId),
  ...markers(INTAKE_ENTITIES.queue),
  GSI1PK: QUEUES_PK,
  GSI1SK: `${q.createdAt}#${q.queueId}`,
  ...q,
});

/** The job item with its list key and, while active, the watchdog key. */
export const jobRow = (j: JobItem): Raw => ({
  ...jobKey(j.jobId),
  ...markers(INTAKE_ENTITIES.job),
  GSI1PK: jobsPk(j.ownerId),
  GSI1SK: `${j.createdAt}#${j.jobId}`,
  ...(isActive(j.status) ? { GSI2PK: ACTIVE_JOBS_PK, GSI2SK: `${j.heartbeatAt}#${j.jobId}` } : {}),
  ...j,
});

export const MAX_RAW_ERROR = 2048;
export const jobErrorRow = (e: JobErrorItem): Raw => ({
  PK: jobKey(e.jobId).PK,
  SK: jobErrorSk(e.row),
  ...markers(INTAKE_ENTITIES.jobError),
  ...e,
  raw: e.raw.length > MAX_RAW_ERROR ? e.raw.slice(0, MAX_RAW_ERROR) : e.raw,
});
