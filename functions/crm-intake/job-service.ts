/**
 * Import/export jobs, the API side (the work runs in functions/crm-jobs, started by the job item's stream record).
 *
 * | route                                 | DynamoDB / S3                                                            |
 * |---------------------------------------|--------------------------------------------------------------------------|
 * | POST /crm/imports                     | create the job (uploaded) + presign a PUT (Content-Length signed, 15 min)|
 * | GET /crm/imports                      | ONE Query GSI1 CRMJOBS#{me} (newest first)                               |
 * | GET /crm/imports/{jobId}              | GetItem (mine, or any for admins; else 404)                              |
 * | POST …/preview                        | GetItem + ranged GET of 64 KiB + patch (columns, encoding…)              |
 * | POST …/start                          | GetItem + (profile GetItem / queue GetItem) + patch (queued) where      |
 * |                                       |   status = uploaded AND version = :v                                     |
 * | POST …/cancel                         | patch where queued/running/uploaded                                      |
 * | GET …/errors                          | GetItem + ONE Query PK=CRMJOB#{id} begins_with ERR#                      |
 * | GET …/report                          | GetItem + presign GET of errors.csv                                      |
 * | POST /crm/exports                     | visibility (scope check) + create the job (queued → the worker starts)   |
 * | GET /crm/exports/{jobId}              | GetItem (+ presign GET when done)                                        |
 */
import { ulid } from 'ulid';
import type { UserContext } from '../../shared/auth/claims';
import { Jobs } from '../../shared/crm/job-entity';
import { isConditionFailure } from '../../shared/data/versioning';
import { AppError, BadRequestError, ConflictError, NotFoundError, UnprocessableError } from '../../shared/http/errors';
import { previewCsv } from '../../shared/crm/csv';
import { mappingProblems, suggestMapping } from '../../shared/crm/import-mapping';
import {
  IMPORT_FIELDS,
  type CreateExportBody,
  type CreateImportBody,
  type DownloadAnswer,
  type ImportCreated,
  type ImportPreview,
  type JobErrorView,
  type JobView,
  type StartImportBody,
} from '../../shared/crm/intake-contract';
import {
  INTAKE_ENTITIES,
  activeKeys,
  JOB_ERROR_PREFIX,
  jobErrorsKey,
  jobExportKey,
  jobCreate,
  jobKey,
  jobSourceKey,
  jobsPk,
  type JobItem,
} from '../../shared/crm/intake-entity';
import {
  UPLOAD_TTL_SECONDS,
  URL_TTL_SECONDS,
  expiry,
  getEntity,
  getRange,
  getRaw,
  presignCsvGet,
  presignCsvPut,
  queryPage,
} from '../../shared/crm/intake-store';
import { isEligible, readQueue, type MemberProfile } from '../../shared/crm/routing';
import { parseScope, scopeAllowed, visibility } from '../../shared/crm/policy';

const PREVIEW_BYTES = 64 * 1024;

export function jobView(j: JobItem, url?: string): JobView {
  return {
    jobId: j.jobId,
    kind: j.kind,
    type: j.type,
    status: j.status,
    ownerId: j.ownerId,
    fileName: j.fileName,
    size: j.size,
    bytesDone: j.kind === 'import' ? Math.min(j.byteOffset ?? 0, j.size) : j.size,
    ...(j.encoding ? { encoding: j.encoding } : {}),
    ...(j.delimiter ? { delimiter: j.delimiter } : {}),
    ...(j.columns ? { columns: j.columns } : {}),
    ...(j.duplicates ? { duplicates: j.duplicates } : {}),
    rowsDone: j.rowsDone ?? 0,
    created: j.created ?? 0,
    updated: j.updated ?? 0,
    skipped: j.skipped ?? 0,
    failed: j.failed ?? 0,
    slice: j.slice ?? 0,
    createdAt: j.createdAt,
    ...(j.startedAt ? { startedAt: j.startedAt } : {}),
    ...(j.finishedAt ? { finishedAt: j.finishedAt } : {}),
    ...(j.message ? { message: j.message } : {}),
    ...(url ? { url } : {}),
    hasErrorReport: !!j.errorsKey,
    version: j.version,
  };
}

/** The job if it is mine (admins: anyone's) and of the kind asked; else 404. */
async function myJob(
  user: UserContext,
  jobId: string,
  kind: 'import' | 'export',
  consistent = false,
): Promise<JobItem> {
  const j = await getEntity<JobItem>(jobKey(jobId), INTAKE_ENTITIES.job, consistent);
  if (!j || j.kind !== kind || (j.ownerId !== user.sub && !user.isAdmin)) throw new NotFoundError('No such job');
  return j;
}

export async function createImport(user: UserContext, body: CreateImportBody): Promise<ImportCreated> {
  const now = new Date().toISOString();
  const jobId = ulid();
  const j: JobItem = {
    jobId,
    kind: 'import',
    type: body.type,
    ownerId: user.sub,
    status: 'uploaded',
    fileName: body.fileName,
    s3Key: jobSourceKey(jobId),
    size: body.size,
    byteOffset: 0,
    rowsDone: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    slice: 0,
    heartbeatAt: now,
    createdAt: now,
    version: 1,
  };
  const [url] = await Promise.all([presignCsvPut(j.s3Key, body.size), jobCreate(j).go()]);
  return { jobId, url, headers: { 'content-type': 'text/csv' }, expiresAt: expiry(UPLOAD_TTL_SECONDS) };
}

export async function listJobs(user: UserContext, cursor: string | undefined, limit = 20) {
  return queryPage<JobView>(
    {
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': jobsPk(user.sub) },
      ScanIndexForward: false,
    },
    { cursor, limit, cursorScope: `crm:jobs:${user.sub}`, map: (r) => jobView(r as unknown as JobItem) },
  );
}

export const getImport = async (user: UserContext, jobId: string) => jobView(await myJob(user, jobId, 'import'));

async function readHead(j: JobItem): Promise<Buffer> {
  try {
    return await getRange(j.s3Key, 0, PREVIEW_BYTES - 1);
  } catch (e) {
    const name = (e as { name?: string; Code?: string }).name;
    if (
      name === 'NoSuchKey' ||
      name === 'NotFound' ||
      (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
    ) {
      throw new AppError(409, 'NOT_UPLOADED', 'Upload the file first (PUT to the URL from POST /crm/imports)');
    }
    throw e;
  }
}

export async function previewImport(user: UserContext, jobId: string): Promise<ImportPreview> {
  const j = await myJob(user, jobId, 'import');
  if (j.status !== 'uploaded') throw new AppError(409, 'ALREADY_STARTED', 'This import has already started');
  const head = await readHead(j);
  const p = previewCsv(head, head.length >= j.size || head.length < PREVIEW_BYTES);
  if (!p.columns.length)
    throw new UnprocessableError('The file has no header line', [{ path: 'file', reason: 'no columns found' }]);
  try {
    await Jobs()
      .patch({ jobId })
      .set({
        columns: p.columns,
        encoding: p.encoding,
        delimiter: p.delimiter,
        dataOffset: p.dataOffset,
        byteOffset: p.dataOffset,
      })
      .where((a, { eq }) => eq(a.status, 'uploaded'))
      .go();
  } catch (e) {
    if (isConditionFailure(e)) throw new AppError(409, 'ALREADY_STARTED', 'This import has already started');
    throw e;
  }
  return { jobId, ...p, suggestedMapping: suggestMapping(j.type, p.columns), fields: IMPORT_FIELDS[j.type] };
}

export async function startImport(user: UserContext, jobId: string, body: StartImportBody): Promise<JobView> {
  const j = await myJob(user, jobId, 'import', true);
  if (j.status !== 'uploaded') throw new AppError(409, 'ALREADY_STARTED', 'This import has already started');
  if (!j.columns || j.dataOffset === undefined)
    throw new AppError(409, 'NOT_PREVIEWED', 'Preview the file first (POST …/preview)');
  const problems = mappingProblems(j.type, j.columns, body.mapping);
  if (problems.length)
    throw new BadRequestError(`Invalid input: ${problems[0]!.path}: ${problems[0]!.reason}`, problems);
  if ('responsibleId' in body.assign) {
    const p = (await getRaw({ PK: `USER#${body.assign.responsibleId}`, SK: 'PROFILE' })) as MemberProfile | undefined;
    if (!isEligible(p))
      throw new UnprocessableError('The responsible must be an active employee', [
        { path: 'assign.responsibleId', reason: 'not an active employee' },
      ]);
  } else if (!(await readQueue(body.assign.queueId))) {
    throw new UnprocessableError('There is no such sales queue', [{ path: 'assign.queueId', reason: 'no such queue' }]);
  }
  const now = new Date().toISOString();
  try {
    // The start is based on the job as read (version-checked): the next slice reads from its data offset.
    const dataOffset = j.dataOffset;
    const r = await Jobs()
      .patch({ jobId })
      .set({
        status: 'queued',
        mapping: body.mapping,
        encoding: body.encoding,
        delimiter: body.delimiter,
        duplicates: body.duplicates,
        assign: body.assign,
        byteOffset: dataOffset,
        startedAt: now,
        heartbeatAt: now,
        ...activeKeys(jobId, now),
      })
      .add({ version: 1 })
      .where((a, { eq }) => `${eq(a.status, 'uploaded')} AND ${eq(a.version, j.version)}`)
      .go({ response: 'all_new' });
    return jobView(r.data);
  } catch (e) {
    if (isConditionFailure(e))
      throw new ConflictError('This import was changed meanwhile (started twice?). Reload it.', {
        current: jobView((await myJob(user, jobId, 'import', true)) as JobItem),
      });
    throw e;
  }
}

export async function cancelJob(user: UserContext, jobId: string): Promise<JobView> {
  await myJob(user, jobId, 'import');
  try {
    const r = await Jobs()
      .patch({ jobId })
      .set({ status: 'cancelled', finishedAt: new Date().toISOString() })
      .add({ version: 1 })
      .remove(['GSI2PK', 'GSI2SK'])
      .where((a, { eq }) => `(${eq(a.status, 'uploaded')} OR ${eq(a.status, 'queued')} OR ${eq(a.status, 'running')})`)
      .go({ response: 'all_new' });
    return jobView(r.data);
  } catch (e) {
    if (isConditionFailure(e)) throw new AppError(409, 'FINISHED', 'This job has already finished');
    throw e;
  }
}

export async function jobErrors(user: UserContext, jobId: string, cursor: string | undefined, limit = 50) {
  await myJob(user, jobId, 'import');
  return queryPage<JobErrorView>(
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': jobKey(jobId).PK, ':p': JOB_ERROR_PREFIX },
    },
    {
      cursor,
      limit,
      cursorScope: `crm:job-errors:${jobId}`,
      map: (r) => ({
        row: r.row as number,
        field: r.field as string,
        reason: r.reason as string,
        raw: r.raw as string,
      }),
    },
  );
}

export async function importReport(user: UserContext, jobId: string): Promise<DownloadAnswer> {
  const j = await myJob(user, jobId, 'import');
  if (!j.errorsKey)
    throw new AppError(
      409,
      'NO_REPORT',
      j.status === 'done' ? 'This import had no errors' : 'The error report is written when the import finishes',
    );
  return {
    url: await presignCsvGet(j.errorsKey, `${j.fileName.replace(/\.csv$/i, '')}-errors.csv`),
    expiresAt: expiry(URL_TTL_SECONDS),
  };
}

export async function createExport(user: UserContext, body: CreateExportBody): Promise<JobView> {
  const scope = parseScope(body.scope);
  const vis = await visibility(user, scope.kind === 'user' ? [scope.id] : []);
  const target =
    scope.kind === 'user' ? ((vis.profiles.get(scope.id) as { departmentIds?: string[] } | undefined) ?? null) : null;
  if (!scopeAllowed(vis, scope, target))
    throw new AppError(403, 'FORBIDDEN', 'You may not export this scope', [
      { path: 'scope', reason: 'not visible to you' },
    ]);
  const now = new Date();
  const at = now.toISOString();
  const jobId = ulid();
  const j: JobItem = {
    jobId,
    kind: 'export',
    type: body.type,
    ownerId: user.sub,
    status: 'queued',
    fileName: `${body.type === 'company' ? 'companies' : `${body.type}s`}-${at.slice(0, 10)}.csv`,
    s3Key: jobExportKey(jobId),
    size: 0,
    byteOffset: 0,
    rowsDone: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    slice: 0,
    heartbeatAt: at,
    scope: scope.kind === 'mine' ? `user:${user.sub}` : body.scope,
    ...(body.q ? { q: body.q } : {}),
    createdAt: at,
    startedAt: at,
    version: 1,
  };
  await jobCreate(j).go();
  return jobView(j);
}

export async function getExport(user: UserContext, jobId: string): Promise<JobView> {
  const j = await myJob(user, jobId, 'export');
  return jobView(j, j.status === 'done' ? await presignCsvGet(j.exportKey ?? j.s3Key, j.fileName) : undefined);
}

export { jobErrorsKey };
