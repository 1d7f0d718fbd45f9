/**
 * The CRM job worker: ONE slice per stream record of a queued/running job (design §6).
 *
 * Import slice: ranged GetObject from `byteOffset` → csv-parse (shared/crm/csv.ts) → batches of 100 rows: row →
 * draft (shared/crm/import-rows.ts), duplicate lookups (ONE Query per distinct key, ≤ 16 in flight, plus an
 * in-slice map), decide (skip | create | update), rows built with H1's builders (shared/crm/records.ts) and
 * written by BatchWrite 25 (UnprocessedItems retried), error rows `ERR#{row}`. After 5 s (CRM_JOB_SLICE_MS) or
 * 5,000 rows, at a record boundary: ONE TransactWriteItems = the job update (byteOffset, counts, slice + 1,
 * heartbeat) conditioned on `slice = :k` + the slice's counter ADDs + the queue pointer. That MODIFY starts the
 * next slice. Record ids are deterministic (ULID time of the job start + hash of jobId/row), so a replayed slice
 * rewrites the same items, and its counters/counts land once (the condition).
 *
 * Export slice: ONE Query page (GSI2 of the scope, or GSI3 prefix when `q`) + ONE BatchGet of the records per
 * 100 rows → CSV text; ≥ 8 MiB → one multipart part; what is left at the slice's end is carried in
 * `carry-{slice+1}.csv` (each slice reads its own carry, so a replay is idempotent). The last slice uploads the
 * last part and completes the upload (or one PutObject when it never reached a part).
 *
 * Order and duplicates: a stream record only says "look at job X"; the slice to run is read from the job item
 * itself (consistent GetItem) and runs only when the record's `slice` is still the stored one, so a duplicate, a
 * late record of an earlier slice or a record overtaken by a newer one does nothing. A slice that does run twice
 * (a retry after a timeout) rewrites the same deterministic items, and its end is ONE transaction conditioned on
 * `slice = :k`: counts, counter ADDs, the queue pointer and the "done" notification land once.
 */
import { itemOf, transaction, type EntityWrite } from '../../shared/data/transaction';
import { Queues } from '../../shared/crm/queue-entity';
import { Jobs } from '../../shared/crm/job-entity';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { s3Client } from '../../shared/aws/s3-client';
import { db, strip, type Raw } from '../../shared/data/document';
import { isConditionFailure } from '../../shared/data/versioning';
import { notify } from '../../shared/notifications/notify';
import { sendToUser } from '../../shared/realtime/notify';
import { readPresence, presenceState } from '../../shared/realtime/presence-entity';
import type { JobContext, StreamChange } from '../../shared/runtime/feature-handler';
import { readRecords, toCsv, type SliceProblem, type SliceRecord } from '../../shared/crm/csv';
import { matchedOn, type DupKey } from '../../shared/crm/dedupe';
import { isProblem, rowToDraft, type Draft } from '../../shared/crm/import-rows';
import type { JobProgressFrame } from '../../shared/crm/intake-contract';
import {
  ACTIVE_JOBS_PK,
  INTAKE_ENTITIES,
  JOB_ERROR_PREFIX,
  isActive,
  jobErrorRow,
  jobErrorsKey,
  jobKey,
  type JobItem,
} from '../../shared/crm/intake-entity';
import { T, batchPut, bucket, getEntity, putCsv, sleep } from '../../shared/crm/intake-store';
import { batchGet } from '../../shared/data/batch-get';
import { query, queryAll } from '../../shared/data/query';
import { dupPk, recordPk, searchKey, typeKey, type ScopeKey } from '../../shared/crm/keys';
import {
  activityRow,
  counterDeltas,
  counterUpdates,
  dupKeysOfRecord,
  isRecordRow,
  recordFromRow,
  recordKey,
  recordRows,
  recordWriteItems,
  CRM_COMMIT,
  type CounterDelta,
  type CrmRecord,
  type TxItem,
} from '../../shared/crm/records';
import { readSettings } from '../../shared/crm/settings-entity';
import {
  defaultIsAvailable,
  displayName,
  isEligible,
  pickNext,
  readQueue,
  type MemberProfile,
} from '../../shared/crm/routing';

const sliceMs = () => Number(process.env.CRM_JOB_SLICE_MS ?? 5000);
const MAX_ROWS = () => Number(process.env.CRM_JOB_SLICE_ROWS ?? 5000);
const BATCH = 100;
const QUERY_PARALLEL = () => Number(process.env.CRM_JOB_QUERY_PARALLEL ?? 16);
const WRITE_PARALLEL = () => Number(process.env.CRM_JOB_WRITE_PARALLEL ?? 8);
/** Export parts: S3 wants ≥ 5 MiB for every part but the last. */
const PART_BYTES = () => Number(process.env.CRM_EXPORT_PART_BYTES ?? 8 * 1024 * 1024);

export async function onJobChanges(changes: StreamChange[], ctx: JobContext): Promise<void> {
  for (const c of changes) {
    if (c.entity !== INTAKE_ENTITIES.job || !c.newImage) continue;
    const seen = strip<JobItem>(c.newImage);
    if (!isActive(seen.status)) continue;
    // The freshest state: a duplicate or late record of an earlier slice is dropped here.
    const job = await getEntity<JobItem>(jobKey(seen.jobId), INTAKE_ENTITIES.job, true);
    if (!job || !isActive(job.status) || job.slice !== seen.slice) continue;
    try {
      if (job.kind === 'import') await importSlice(job, ctx);
      else if (job.kind === 'export') await exportSlice(job, ctx);
    } catch (e) {
      const retries = (job.retries ?? 0) + 1;
      ctx.logger.error('crm job slice failed', {
        jobId: job.jobId,
        slice: job.slice,
        retries,
        error: (e as Error).message,
      });
      // A transient failure (throttling, a lost connection) reruns the slice from its stored offset: the retry
      // counter's MODIFY record is the trigger. The third failure in a row fails the job.
      if (retries < MAX_RETRIES) await retrySlice(job, retries);
      else await failJob(job, (e as Error).message);
    }
  }
}

/** Active jobs whose heartbeat is older than 2 minutes: touch the heartbeat (MODIFY → the slice reruns). */
export async function watchdog(ctx: JobContext): Promise<void> {
  const cutoff = new Date(Date.now() - 2 * 60_000).toISOString();
  const r = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :cut',
      ExpressionAttributeValues: { ':pk': ACTIVE_JOBS_PK, ':cut': cutoff },
      Limit: 25,
    }),
  );
  for (const row of (r.Items ?? []) as Raw[]) {
    const now = new Date().toISOString();
    const jobId = row.jobId as string;
    const slice = row.slice as number;
    await Jobs()
      .patch({ jobId })
      .set({ heartbeatAt: now, GSI2SK: `${now}#${jobId}` })
      .where((a, { eq }) => `${eq(a.slice, slice)} AND (${eq(a.status, 'queued')} OR ${eq(a.status, 'running')})`)
      .go()
      .catch((e) => (isConditionFailure(e) ? undefined : Promise.reject(e)));
    ctx.logger.info('crm job restarted by the watchdog', { jobId: row.jobId });
  }
}

const MAX_RETRIES = 3;

async function retrySlice(job: JobItem, retries: number): Promise<void> {
  await sleep(500 * retries);
  const now = new Date().toISOString();
  await Jobs()
    .patch({ jobId: job.jobId })
    .set({ retries, heartbeatAt: now })
    .where((a, { eq }) => `${eq(a.slice, job.slice)} AND (${eq(a.status, 'queued')} OR ${eq(a.status, 'running')})`)
    .go()
    .catch((e) => (isConditionFailure(e) ? undefined : Promise.reject(e)));
}

async function failJob(job: JobItem, message: string): Promise<void> {
  await Jobs()
    .patch({ jobId: job.jobId })
    .set({ status: 'failed', message: message.slice(0, 500), finishedAt: new Date().toISOString() })
    .remove(['GSI2PK', 'GSI2SK'])
    .where((a, { eq }) => eq(a.slice, job.slice))
    .go()
    .catch(() => undefined);
  await progress({ ...job, status: 'failed' });
}

async function progress(job: JobItem): Promise<void> {
  const frame: JobProgressFrame = {
    type: 'crm.job.progress',
    jobId: job.jobId,
    kind: job.kind,
    status: job.status,
    rowsDone: job.rowsDone,
    bytesDone: job.kind === 'import' ? Math.min(job.byteOffset, job.size) : job.size,
    totalBytes: job.size,
    created: job.created,
    updated: job.updated,
    skipped: job.skipped,
    failed: job.failed,
  };
  await sendToUser(job.ownerId, frame).catch(() => undefined);
}

// ---- assignment ----------------------------------------------------------------------------------------

interface Assignee {
  userId: string;
  name: string;
  deptId?: string;
}
interface Assigner {
  next(): Assignee;
  /** The queue pointer after this slice (queues only). */
  pointerItem(): TxItem | null;
}

/** A fixed responsible, or the queue's round-robin computed in memory for the whole slice (ONE read of the queue + members). */
async function assigner(job: JobItem): Promise<Assigner> {
  const a = job.assign!;
  if ('responsibleId' in a) {
    const [p] = await batchGet<MemberProfile>([{ PK: `USER#${a.responsibleId}`, SK: 'PROFILE' }]);
    const who: Assignee = {
      userId: a.responsibleId,
      name: displayName(p, a.responsibleId),
      ...(p?.departmentIds?.[0] ? { deptId: p.departmentIds[0] } : {}),
    };
    return { next: () => who, pointerItem: () => null };
  }
  const q = await readQueue(a.queueId);
  if (!q) throw new Error('the sales queue of this import no longer exists');
  const profiles = new Map(
    (
      await batchGet<MemberProfile>(
        [...q.memberIds, q.fallbackUserId].map((id) => ({ PK: `USER#${id}`, SK: 'PROFILE' })),
      )
    ).map((p) => [p.userId, p]),
  );
  const presence = q.skipOffline && q.memberIds.length ? await readPresence(q.memberIds) : new Map<string, Raw>();
  let pointer = q.pointer ?? '';
  const moved = { yes: false };
  const toAssignee = (id: string): Assignee => {
    const p = profiles.get(id);
    return { userId: id, name: displayName(p, id), ...(p?.departmentIds?.[0] ? { deptId: p.departmentIds[0] } : {}) };
  };
  return {
    next() {
      const pick = pickNext(
        q.memberIds,
        pointer,
        (id) => isEligible(profiles.get(id)),
        (id) => !q.skipOffline || defaultIsAvailable(profiles.get(id)!, presenceState(presence.get(id))),
      );
      if (!pick) return toAssignee(q.fallbackUserId);
      pointer = pick.userId;
      moved.yes = true;
      return toAssignee(pick.userId);
    },
    pointerItem: () =>
      moved.yes
        ? itemOf(Queues().patch({ queueId: q.queueId }).set({ pointer, lastAssignedAt: new Date().toISOString() }))
        : null,
  };
}

// ---- import ----------------------------------------------------------------------------------------------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** ULID time of the job's start + 16 base32 chars of sha256(jobId, row): the same row always gets the same id. */
export function rowRecordId(job: Pick<JobItem, 'jobId' | 'startedAt' | 'createdAt'>, row: number): string {
  const t = Date.parse(job.startedAt ?? job.createdAt);
  const h = createHash('sha256').update(`${job.jobId}|${row}`).digest();
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[h[i]! & 31];
  return encodeTime(t, 10) + rand;
}

async function sourceStream(key: string, from: number): Promise<Readable> {
  const r = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: key, Range: `bytes=${from}-` }));
  return r.Body as Readable;
}

/** Runs `fn` over items with at most `n` in flight. */
async function pool<I, O>(items: I[], n: number, fn: (i: I) => Promise<O>): Promise<O[]> {
  const out = new Array<O>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

interface Candidate {
  row: number;
  raw: string;
  draft: Draft;
  id: string;
  keys: DupKey[];
}

function buildRecord(job: JobItem, c: Candidate, who: Assignee, at: string): CrmRecord {
  const base = {
    id: c.id,
    version: 1,
    responsibleId: who.userId,
    responsibleName: who.name,
    ...(who.deptId ? { deptId: who.deptId } : {}),
    createdBy: job.ownerId,
    createdAt: at,
    updatedAt: at,
    lastActorId: job.ownerId,
    importJobId: job.jobId,
  };
  return { ...c.draft, ...base } as CrmRecord;
}

/** Fills the empty fields of `old` from the row (`duplicates: update`); null when nothing changes. */
function fillEmpty(old: CrmRecord, d: Draft, at: string, actor: string): CrmRecord | null {
  const next = { ...old } as Record<string, unknown>;
  let changed = false;
  for (const [k, v] of Object.entries(d)) {
    if (k === 'type' || k === 'status' || k === 'source' || v === undefined) continue;
    const cur = next[k];
    const empty = cur === undefined || cur === null || cur === '' || (Array.isArray(cur) && cur.length === 0);
    if (empty && !(Array.isArray(v) && v.length === 0)) {
      next[k] = v;
      changed = true;
    }
  }
  if (!changed) return null;
  return { ...(next as unknown as CrmRecord), version: old.version + 1, updatedAt: at, lastActorId: actor };
}

async function importSlice(job: JobItem, ctx: JobContext): Promise<void> {
  const t0 = Date.now();
  const at = new Date().toISOString();
  const [settings, assign] = await Promise.all([readSettings(), assigner(job)]);
  const start = job.byteOffset;
  const counts = { rows: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
  const deltas: CounterDelta[] = [];
  const sliceKeys = new Map<string, string>(); // dup key → record id made earlier in this slice
  const timing = { query: 0, write: 0 };
  const delimiter = job.delimiter!;
  let consumed = 0;
  let finished = start >= job.size;

  /** Rows → drafts and the duplicate Queries (runs while the previous batch is being written). */
  const lookupBatch = async (batch: SliceRecord[], problems: SliceProblem[]) => {
    const errors: Raw[] = [];
    for (const p of problems) {
      const row = job.rowsDone + ++counts.rows;
      counts.failed++;
      errors.push(
        jobErrorRow({
          jobId: job.jobId,
          row,
          field: '(row)',
          reason: `malformed CSV: ${p.message.slice(0, 200)}`,
          raw: '',
        }),
      );
    }
    const candidates: Candidate[] = [];
    for (const rec of batch) {
      const row = job.rowsDone + ++counts.rows;
      const raw = rec.fields.join(delimiter === '\t' ? '\t' : delimiter);
      const d = rowToDraft(job.type, job.mapping!, rec.fields, settings.defaultPhoneCountry);
      if (isProblem(d)) {
        counts.failed++;
        errors.push(jobErrorRow({ jobId: job.jobId, row, field: d.field, reason: d.reason, raw }));
        continue;
      }
      const id = rowRecordId(job, row);
      const keys = dupKeysOfRecord({
        ...(d as object),
        id,
        responsibleId: '',
        responsibleName: '',
      } as unknown as CrmRecord);
      candidates.push({ row, raw, draft: d, id, keys });
    }
    // Existing records of this type per key: ONE Query per distinct key not already known from this slice.
    const lookups = [...new Set(candidates.flatMap((c) => c.keys.map((k) => `${k.kind}#${k.norm}`)))].filter(
      (k) => !sliceKeys.has(k),
    );
    const found = new Map<string, { id: string; ids: Set<string> }>();
    const tq = Date.now();
    await pool(lookups, QUERY_PARALLEL(), async (k) => {
      const kind = k.slice(0, 1) as DupKey['kind'];
      const r = await db().send(
        new QueryCommand({
          TableName: T(),
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :t)',
          ExpressionAttributeValues: { ':pk': dupPk(kind, k.slice(2)), ':t': `${job.type}#` },
          ProjectionExpression: '#id',
          ExpressionAttributeNames: { '#id': 'id' },
          Limit: 5,
        }),
      );
      const ids = ((r.Items ?? []) as Raw[]).map((x) => x.id as string);
      if (ids.length) found.set(k, { id: ids[0]!, ids: new Set(ids) });
    });
    timing.query += Date.now() - tq;
    return { candidates, errors, found };
  };

  /** Decisions (in order, against this slice's keys and the Query results), then the writes. */
  const decideAndWrite = async ({ candidates, errors, found }: Awaited<ReturnType<typeof lookupBatch>>) => {
    const items: Raw[] = [];
    const updates: { c: Candidate; matchId: string }[] = [];
    for (const c of candidates) {
      let match: { id: string; key: DupKey } | null = null;
      for (const k of c.keys) {
        const ks = `${k.kind}#${k.norm}`;
        const inSlice = sliceKeys.get(ks);
        if (inSlice && inSlice !== c.id) match = { id: inSlice, key: k };
        const f = found.get(ks);
        const other = f ? [...f.ids].find((x) => x !== c.id) : undefined;
        if (!match && other) match = { id: other, key: k };
        if (match) break;
      }
      if (match && job.duplicates === 'skip') {
        counts.skipped++;
        errors.push(
          jobErrorRow({
            jobId: job.jobId,
            row: c.row,
            field: matchedOn(match.key.kind),
            reason: `duplicate of ${job.type} ${match.id} (skipped)`,
            raw: c.raw,
          }),
        );
        continue;
      }
      if (match && job.duplicates === 'update') {
        updates.push({ c, matchId: match.id });
        continue;
      }
      const rec = buildRecord(job, c, assign.next(), at);
      if (match) rec.possibleDuplicateOf = match.id;
      items.push(...recordRows(rec));
      items.push(
        activityRow({
          recordId: rec.id,
          activityId: rec.id,
          kind: 'created',
          by: job.ownerId,
          byName: '',
          at,
          meta: { source: 'import', jobId: job.jobId },
        }),
      );
      deltas.push(...counterDeltas(null, rec));
      for (const k of c.keys) sliceKeys.set(`${k.kind}#${k.norm}`, rec.id);
      counts.created++;
    }
    const tw = Date.now();
    await batchPut([...items, ...errors], WRITE_PARALLEL());
    timing.write += Date.now() - tw;
    if (updates.length) await applyUpdates(job, updates, at, counts);
  };

  if (!finished) {
    const problems: SliceProblem[] = [];
    const it = readRecords(await sourceStream(job.s3Key, start), {
      delimiter,
      encoding: job.encoding ?? 'utf-8',
      onProblem: (p) => problems.push(p),
    })[Symbol.asyncIterator]();
    // Pipelined: batch N+1 is read and looked up while batch N is written; decisions stay in row order (the
    // keys of batch N are in `sliceKeys` before batch N+1's Queries start).
    let writing: Promise<void> | null = null;
    try {
      for (;;) {
        const batch: SliceRecord[] = [];
        let end = false;
        while (batch.length < BATCH) {
          const n = await it.next();
          if (n.done) {
            end = true;
            break;
          }
          batch.push(n.value);
        }
        const looked = await lookupBatch(batch, problems.splice(0));
        if (writing) await writing;
        writing = decideAndWrite(looked);
        if (batch.length) consumed = batch[batch.length - 1]!.bytes;
        if (end) {
          finished = true;
          break;
        }
        if (Date.now() - t0 >= sliceMs() || counts.rows >= MAX_ROWS()) break;
      }
      await writing;
    } finally {
      await it.return?.(undefined);
      await writing?.catch(() => undefined);
    }
  }

  const next: JobItem = {
    ...job,
    status: finished ? 'done' : 'running',
    byteOffset: finished ? job.size : start + consumed,
    rowsDone: job.rowsDone + counts.rows,
    created: job.created + counts.created,
    updated: job.updated + counts.updated,
    skipped: job.skipped + counts.skipped,
    failed: job.failed + counts.failed,
    slice: job.slice + 1,
  };
  if (finished && next.failed + next.skipped > 0) {
    next.errorsKey = jobErrorsKey(job.jobId);
    await writeErrorReport(job.jobId, next.errorsKey);
  }
  const extra = [...counterUpdates(deltas), ...[assign.pointerItem()].filter((x): x is TxItem => !!x)];
  const landed = await endSlice(job, next, extra, finished);
  if (!landed) return;
  ctx.logger.info('crm import slice', {
    jobId: job.jobId,
    slice: job.slice,
    rows: counts.rows,
    ms: Date.now() - t0,
    queryMs: timing.query,
    writeMs: timing.write,
    finished,
  });
  await progress(landed);
  if (landed.status === 'done') {
    await notify(job.ownerId, {
      kind: 'crm.import.done',
      actorId: null,
      params: {
        created: String(landed.created),
        updated: String(landed.updated),
        skipped: String(landed.skipped),
        failed: String(landed.failed),
        fileName: landed.fileName,
      },
      link: `/crm/import?job=${job.jobId}`,
      dedupeKey: `crm-import#${job.jobId}`,
    });
  }
}

/** `duplicates: update`: fill the matched records' empty fields, one versioned transaction each (≤ 8 at once). */
async function applyUpdates(
  job: JobItem,
  updates: { c: Candidate; matchId: string }[],
  at: string,
  counts: { updated: number; skipped: number; failed: number },
) {
  const olds = new Map(
    (await batchGet([...new Set(updates.map((u) => u.matchId))].map(recordKey)))
      .filter((r) => isRecordRow(r))
      .map((r) => [r.id as string, recordFromRow(r)]),
  );
  const errors: Raw[] = [];
  await pool(updates, 8, async ({ c, matchId }) => {
    const old = olds.get(matchId);
    const next = old ? fillEmpty(old, c.draft, at, job.ownerId) : null;
    if (!old || !next) {
      counts.skipped++;
      errors.push(
        jobErrorRow({
          jobId: job.jobId,
          row: c.row,
          field: '(row)',
          reason: `duplicate of ${job.type} ${matchId}: nothing to fill (skipped)`,
          raw: c.raw,
        }),
      );
      return;
    }
    try {
      await transaction()
        .addItems(...recordWriteItems(old, next))
        .commit(CRM_COMMIT);
      olds.set(matchId, next);
      counts.updated++;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      counts.skipped++;
      errors.push(
        jobErrorRow({
          jobId: job.jobId,
          row: c.row,
          field: '(row)',
          reason: `duplicate of ${job.type} ${matchId} changed meanwhile (skipped)`,
          raw: c.raw,
        }),
      );
    }
  });
  if (errors.length) await batchPut(errors);
}

/** errors.csv from the job's ERR# rows (Query pages), UTF-8 with a BOM; toCsv guards every cell against formulas. */
async function writeErrorReport(jobId: string, key: string): Promise<void> {
  const rows: (string | number)[][] = [['row', 'field', 'reason', 'raw']];
  const errors = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
    ExpressionAttributeValues: { ':pk': jobKey(jobId).PK, ':p': JOB_ERROR_PREFIX },
  });
  for (const e of errors) rows.push([e.row as number, e.field as string, e.reason as string, e.raw as string]);
  await putCsv(key, toCsv(rows, { bom: true }));
}

/**
 * The slice's end: ONE transaction of the job update (condition slice = :k, still active) + `extra` (counters,
 * queue pointer). A transaction holds 100 items: counters past 99 go in follow-up transactions (only with a very
 * large queue spread over many departments). Returns the job as stored, or null when another run got there first.
 */
async function endSlice(job: JobItem, next: JobItem, extra: TxItem[], finished: boolean): Promise<JobItem | null> {
  const now = new Date().toISOString();
  const update = (stillActive: boolean): EntityWrite => {
    const optional = {
      cursor: next.cursor,
      exportUploadId: next.exportUploadId,
      parts: next.parts,
      errorsKey: next.errorsKey,
      exportKey: next.exportKey,
    };
    const sets = {
      byteOffset: next.byteOffset,
      rowsDone: next.rowsDone,
      created: next.created,
      updated: next.updated,
      skipped: next.skipped,
      failed: next.failed,
      slice: next.slice,
      heartbeatAt: now,
      size: next.size,
      retries: 0,
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
      ...(stillActive ? { status: next.status } : {}),
      ...(stillActive && finished ? { finishedAt: now } : {}),
      ...(stillActive && !finished ? { GSI2SK: `${now}#${job.jobId}` } : {}),
    };
    const removes: ('cursor' | 'GSI2PK' | 'GSI2SK')[] = [];
    if (next.cursor === undefined && job.cursor !== undefined) removes.push('cursor');
    if (stillActive && finished) removes.push('GSI2PK', 'GSI2SK');
    const write = Jobs().update({ jobId: job.jobId }).set(sets);
    return (removes.length ? write.remove(removes) : write).where((a, { eq }) =>
      stillActive
        ? `${eq(a.slice, job.slice)} AND (${eq(a.status, 'queued')} OR ${eq(a.status, 'running')})`
        : eq(a.slice, job.slice),
    );
  };
  const head = extra.slice(0, 99);
  const tail = extra.slice(99);
  try {
    await transaction()
      .add(update(true))
      .addItems(...head)
      .commit();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    const cur = await getEntity<JobItem>(jobKey(job.jobId), INTAKE_ENTITIES.job, true);
    if (!cur || cur.slice !== job.slice) return null; // another run of this slice landed first
    // Cancelled during the slice: its rows exist, so its counts and counters still land (status stays cancelled).
    await transaction()
      .add(update(false))
      .addItems(...head)
      .commit();
    for (let i = 0; i < tail.length; i += 100)
      await transaction()
        .addItems(...tail.slice(i, i + 100))
        .commit(CRM_COMMIT);
    return { ...next, status: cur.status };
  }
  for (let i = 0; i < tail.length; i += 100)
    await transaction()
      .addItems(...tail.slice(i, i + 100))
      .commit(CRM_COMMIT);
  return next;
}

// ---- export ----------------------------------------------------------------------------------------------

const COLUMNS = {
  lead: ['name', 'companyName', 'email', 'phone', 'comments', 'status', 'source', 'responsible', 'createdAt', 'id'],
  contact: [
    'firstName',
    'lastName',
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
    'responsible',
    'createdAt',
    'id',
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
    'responsible',
    'createdAt',
    'id',
  ],
} as const;

function exportCells(rec: CrmRecord, type: 'lead' | 'contact' | 'company'): string[] {
  const r = rec as unknown as Record<string, unknown> & {
    emails?: { value: string }[];
    phones?: { display: string }[];
    tags?: string[];
    responsibleName?: string;
    address?: { street?: string; city?: string; region?: string; postalCode?: string; country?: string };
  };
  const v: Record<string, string> = {
    email: (r.emails ?? []).map((e) => e.value).join(', '),
    phone: (r.phones ?? []).map((p) => p.display).join('; '),
    tags: (r.tags ?? []).join(', '),
    responsible: r.responsibleName ?? '',
    street: r.address?.street ?? '',
    city: r.address?.city ?? '',
    region: r.address?.region ?? '',
    postalCode: r.address?.postalCode ?? '',
    country: r.address?.country ?? '',
  };
  // Raw values: toCsv applies the formula guard to every cell.
  return COLUMNS[type].map((c) => String(c in v ? v[c] : ((r[c] as string | number | undefined) ?? '')));
}

const scopeKeyOfJob = (scope: string | undefined): ScopeKey =>
  !scope || scope === 'all'
    ? 'A'
    : scope.startsWith('dept:')
      ? `D#${scope.slice(5)}`
      : (`U#${scope.slice(5)}` as ScopeKey);
const carryKey = (jobId: string, slice: number) => `crm/jobs/${jobId}/carry-${slice}.csv`;

async function readCarry(key: string): Promise<string> {
  try {
    const r = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    return await r.Body!.transformToString('utf-8');
  } catch (e) {
    if (
      (e as { name?: string }).name === 'NoSuchKey' ||
      (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
    )
      return '';
    throw e;
  }
}

async function exportSlice(job: JobItem, ctx: JobContext): Promise<void> {
  const type = job.type;
  const t0 = Date.now();
  const scopeKey = scopeKeyOfJob(job.scope);
  let text =
    job.slice === 0
      ? `\uFEFF${toCsv([COLUMNS[type] as unknown as string[]])}`
      : await readCarry(carryKey(job.jobId, job.slice));
  let uploadId = job.exportUploadId;
  const parts = [...(job.parts ?? [])];
  let written = job.size;
  let rows = 0;
  let cursor: Record<string, unknown> | undefined = job.cursor
    ? (JSON.parse(job.cursor) as Record<string, unknown>)
    : undefined;
  let finished = false;

  const uploadPart = async (body: Buffer) => {
    uploadId ??= (
      await s3Client().send(
        new CreateMultipartUploadCommand({ Bucket: bucket(), Key: job.s3Key, ContentType: 'text/csv; charset=utf-8' }),
      )
    ).UploadId!;
    const n = parts.length + 1;
    const r = await s3Client().send(
      new UploadPartCommand({ Bucket: bucket(), Key: job.s3Key, UploadId: uploadId, PartNumber: n, Body: body }),
    );
    parts.push({ n, etag: r.ETag! });
  };

  for (;;) {
    const q = job.q ? searchKey(job.q) : '';
    // ONE page per step (not queryAll): the slice stops at its time/row budget and keeps the position.
    const page = await query<{ PK: string }>({
      IndexName: q ? 'GSI3' : 'GSI2',
      KeyConditionExpression: q ? 'GSI3PK = :pk AND begins_with(GSI3SK, :q)' : 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': typeKey(scopeKey, type), ...(q ? { ':q': q } : {}) },
      ScanIndexForward: !!q,
      ProjectionExpression: 'PK',
      Limit: BATCH,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    });
    const ids = page.items.map((r) => r.PK.slice(recordPk('').length));
    const recs = new Map(
      (await batchGet(ids.map(recordKey))).filter((r) => isRecordRow(r)).map((r) => [r.id as string, recordFromRow(r)]),
    );
    const lines = ids
      .map((id) => recs.get(id))
      .filter((r): r is CrmRecord => !!r && r.type === type)
      .map((r) => exportCells(r, type));
    if (lines.length) text += toCsv(lines);
    rows += lines.length;
    cursor = page.lastKey;
    if (Buffer.byteLength(text) >= PART_BYTES()) {
      const body = Buffer.from(text, 'utf-8');
      await uploadPart(body);
      written += body.length;
      text = '';
    }
    if (!cursor) {
      finished = true;
      break;
    }
    if (Date.now() - t0 >= sliceMs() || rows >= MAX_ROWS()) break;
  }

  const body = Buffer.from(text, 'utf-8');
  if (finished) {
    if (!parts.length) await putCsv(job.s3Key, body);
    else {
      if (body.length) await uploadPart(body);
      await s3Client().send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket(),
          Key: job.s3Key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.n, ETag: p.etag })) },
        }),
      );
    }
    written += body.length;
  } else {
    await putCsv(carryKey(job.jobId, job.slice + 1), body);
  }
  const next: JobItem = {
    ...job,
    status: finished ? 'done' : 'running',
    rowsDone: job.rowsDone + rows,
    created: job.created + rows,
    slice: job.slice + 1,
    size: written,
    ...(cursor ? { cursor: JSON.stringify(cursor) } : { cursor: undefined }),
    ...(uploadId ? { exportUploadId: uploadId } : {}),
    parts,
    ...(finished ? { exportKey: job.s3Key } : {}),
  };
  const landed = await endSlice(job, next, [], finished);
  if (job.slice > 0)
    await s3Client()
      .send(new DeleteObjectCommand({ Bucket: bucket(), Key: carryKey(job.jobId, job.slice) }))
      .catch(() => undefined);
  if (!landed) return;
  ctx.logger.info('crm export slice', { jobId: job.jobId, slice: job.slice, rows, ms: Date.now() - t0, finished });
  await progress(landed);
  if (landed.status === 'done') {
    await notify(job.ownerId, {
      kind: 'crm.export.ready',
      actorId: null,
      params: { type, rows: String(landed.rowsDone) },
      link: `/crm/import?job=${job.jobId}`,
      dedupeKey: `crm-export#${job.jobId}`,
    });
  }
}

export { sleep };
