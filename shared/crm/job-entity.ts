/**
 * Import / export jobs of the CRM (entity crmJob), run slice by slice by functions/crm-jobs.
 *
 *   PK = CRMJOB#{jobId}   SK = JOB
 *   GSI1 CRMJOBS#{ownerId} / {createdAt}#{jobId}          my jobs, newest first
 *   GSI2 CRMJOBS#ACTIVE / {heartbeatAt}#{jobId}           sparse: only while queued or running (the watchdog)
 *   kind, type, ownerId, status, fileName, s3Key, size, encoding, delimiter, columns, mapping, duplicates, assign,
 *   dataOffset, byteOffset, rowsDone, created, updated, skipped, failed, slice, heartbeatAt, retries, scope, q, cursor,
 *   exportUploadId, parts, exportKey, errorsKey, message, createdAt, startedAt, finishedAt, version
 *
 * GSI2's keys are the key attributes themselves ("attributes as indexes"): set while the job is active (`jobPut`,
 * start, slice ends), removed when it finishes, so the watchdog reads active jobs only.
 *
 * | access pattern                  | how |
 * |---|---|
 * | a job                           | GetItem |
 * | my jobs (newest first)          | ONE Query GSI1 CRMJOBS#{ownerId} |
 * | stalled jobs (watchdog)         | ONE Query GSI2 CRMJOBS#ACTIVE, GSI2SK < {now − 2 min} |
 * | create                          | create (attribute_not_exists) |
 * | preview / start / cancel        | patch where status = … (AND version = :v) |
 * | a slice finishes                | ONE transaction: patch where slice = :k + counter ADDs (crm-jobs) |
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';
import {
  DELIMITERS,
  DUPLICATE_MODES,
  ENCODINGS,
  IMPORT_TYPES,
  JOB_KINDS,
  JOB_STATUSES,
  type ImportField,
} from './intake-contract';

export const JOB_ENTITY = 'crmJob';

export type JobAssign = { responsibleId: string } | { queueId: string };
/** One uploaded part of an export's multipart upload. */
export interface ExportPart {
  n: number;
  etag: string;
}

const buildJobs = () =>
  new Entity(
    {
      model: { entity: JOB_ENTITY, version: '1', service: SERVICE },
      attributes: {
        jobId: { type: 'string', required: true },
        kind: { type: JOB_KINDS, required: true },
        type: { type: IMPORT_TYPES, required: true },
        ownerId: { type: 'string', required: true },
        status: { type: JOB_STATUSES, required: true },
        fileName: { type: 'string', required: true },
        s3Key: { type: 'string', required: true },
        /** Import: the uploaded file's size; export: bytes written so far. */
        size: { type: 'number', required: true },
        encoding: { type: ENCODINGS },
        delimiter: { type: DELIMITERS },
        columns: { type: 'list', items: { type: 'string' } },
        mapping: { type: CustomAttributeType<(ImportField | null)[]>('any') },
        duplicates: { type: DUPLICATE_MODES },
        assign: { type: CustomAttributeType<JobAssign>('any') },
        /** First byte after the header line (BOM included). */
        dataOffset: { type: 'number' },
        /** Where the next slice starts reading (absolute source offset). */
        byteOffset: { type: 'number', required: true },
        rowsDone: { type: 'number', required: true },
        created: { type: 'number', required: true },
        updated: { type: 'number', required: true },
        skipped: { type: 'number', required: true },
        failed: { type: 'number', required: true },
        slice: { type: 'number', required: true },
        heartbeatAt: { type: 'string', required: true },
        /** Failed runs of the current slice in a row (the third fails the job). */
        retries: { type: 'number' },
        /** Export: the scope and search, and the list cursor of the next slice. */
        scope: { type: 'string' },
        q: { type: 'string' },
        cursor: { type: 'string' },
        exportUploadId: { type: 'string' },
        parts: { type: CustomAttributeType<ExportPart[]>('any') },
        exportKey: { type: 'string' },
        errorsKey: { type: 'string' },
        message: { type: 'string' },
        createdAt: { type: 'string', required: true },
        startedAt: { type: 'string' },
        finishedAt: { type: 'string' },
        version: { type: 'number', required: true },
        GSI2PK: { type: 'string', hidden: true },
        GSI2SK: { type: 'string', hidden: true },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['jobId'], template: 'CRMJOB#${jobId}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'JOB', casing: 'none' },
        },
        mine: {
          index: 'GSI1',
          pk: { field: 'GSI1PK', composite: ['ownerId'], template: 'CRMJOBS#${ownerId}', casing: 'none' },
          sk: { field: 'GSI1SK', composite: ['createdAt', 'jobId'], template: '${createdAt}#${jobId}', casing: 'none' },
        },
        active: {
          index: 'GSI2',
          pk: { field: 'GSI2PK', composite: ['GSI2PK'], template: '${GSI2PK}', casing: 'none' },
          sk: { field: 'GSI2SK', composite: ['GSI2SK'], template: '${GSI2SK}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildJobs> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Jobs = () => (built ??= buildJobs());

/** A job as the features use it (the watchdog keys are written by `jobPut` and the slice updates only). */
export type JobItem = Omit<EntityItem<ReturnType<typeof Jobs>>, 'GSI2PK' | 'GSI2SK'>;
