/**
 * CRM intake rows on the single table (helper H3): web forms, sales queues, import/export jobs and their
 * error rows. Each kind is an ElectroDB entity (form-entity.ts, queue-entity.ts, job-entity.ts,
 * job-error-entity.ts); this file holds their keys, the row builders and the S3 keys of a job's files.
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
import { putItemOf } from '../data/transaction';
import type { JobStatus } from './intake-contract';
import { FORM_ENTITY, Forms, type FormItem } from './form-entity';
import { JOB_ENTITY, Jobs, type JobAssign, type JobItem } from './job-entity';
import { JOB_ERROR_ENTITY, JobErrors, type JobErrorItem } from './job-error-entity';
import { QUEUE_ENTITY, Queues, type QueueItem } from './queue-entity';

export const INTAKE_ENTITIES = {
  form: FORM_ENTITY,
  queue: QUEUE_ENTITY,
  job: JOB_ENTITY,
  jobError: JOB_ERROR_ENTITY,
} as const;
export type { FormItem, JobAssign, JobErrorItem, JobItem, QueueItem };
export { FORMS_PK } from './form-entity';
export { QUEUES_PK } from './queue-entity';

export const formKey = (formId: string) => ({ PK: `CRMFORM#${formId}`, SK: 'FORM' });
export const queueKey = (queueId: string) => ({ PK: `CRMQUEUE#${queueId}`, SK: 'QUEUE' });
export const jobKey = (jobId: string) => ({ PK: `CRMJOB#${jobId}`, SK: 'JOB' });
export const jobsPk = (ownerId: string) => `CRMJOBS#${ownerId}`;
export const ACTIVE_JOBS_PK = 'CRMJOBS#ACTIVE';
export const jobErrorSk = (row: number) => `ERR#${String(row).padStart(10, '0')}`;
export const JOB_ERROR_PREFIX = 'ERR#';
/** S3 keys of a job's files. */
export const jobSourceKey = (jobId: string) => `crm/jobs/${jobId}/source.csv`;
export const jobErrorsKey = (jobId: string) => `crm/jobs/${jobId}/errors.csv`;
export const jobExportKey = (jobId: string) => `crm/jobs/${jobId}/export.csv`;

export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'running'];
export const isActive = (s: JobStatus) => ACTIVE_STATUSES.includes(s);

/** The watchdog keys of an active job (GSI2), as a job write sets them. */
export const activeKeys = (jobId: string, heartbeatAt: string) => ({
  GSI2PK: ACTIVE_JOBS_PK,
  GSI2SK: `${heartbeatAt}#${jobId}`,
});

/** A new form (attribute_not_exists). */
export const formCreate = (f: FormItem) => Forms().create(f);
export const formRow = (f: FormItem): Raw => putItemOf(Forms().put(f));

/** A new queue (attribute_not_exists). */
export const queueCreate = (q: QueueItem) => Queues().create(q);
export const queueRow = (q: QueueItem): Raw => putItemOf(Queues().put(q));

/** A new job (attribute_not_exists) with, while active, the watchdog keys. */
export const jobCreate = (j: JobItem) =>
  Jobs().create({ ...j, ...(isActive(j.status) ? activeKeys(j.jobId, j.heartbeatAt) : {}) });
export const jobRow = (j: JobItem): Raw =>
  putItemOf(Jobs().put({ ...j, ...(isActive(j.status) ? activeKeys(j.jobId, j.heartbeatAt) : {}) }));

export const MAX_RAW_ERROR = 2048;
export const jobErrorRow = (e: JobErrorItem): Raw =>
  putItemOf(
    JobErrors().put({
      ...e,
      errorSlot: jobErrorSk(e.row),
      raw: e.raw.length > MAX_RAW_ERROR ? e.raw.slice(0, MAX_RAW_ERROR) : e.raw,
    }),
  );
