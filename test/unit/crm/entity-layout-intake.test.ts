/**
 * Forms, queues, jobs and job errors are written by their ElectroDB entities exactly as the hand-built items were
 * (same keys, GSI strings, attribute names and `__edb_e__` markers): the job stream consumer, the watchdog's
 * sparse GSI2 and the list queries keep reading the rows already stored.
 */
import { Forms, type FormItem } from '../../../shared/crm/form-entity';
import { formRow, jobErrorRow, jobRow, queueRow, type JobItem } from '../../../shared/crm/intake-entity';
import { Jobs } from '../../../shared/crm/job-entity';
import { Queues } from '../../../shared/crm/queue-entity';
import { itemOf } from '../../../shared/data/transaction';

type Expressed = {
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
};
/** An expression with its placeholders replaced by the names and (JSON) values they stand for. */
const readable = (expression: string | undefined, p: Expressed) =>
  (expression ?? '')
    .replace(/#\w+/g, (n) => p.ExpressionAttributeNames?.[n] ?? n)
    .replace(/:\w+/g, (v) => JSON.stringify(p.ExpressionAttributeValues?.[v]));

const form: FormItem = {
  formId: 'F1',
  name: 'Contact us',
  fields: { name: 'required', email: 'optional', phone: 'optional', company: 'off', message: 'optional' },
  consentText: 'I agree',
  consentRequired: true,
  queueId: 'Q1',
  language: 'ro',
  successMessage: 'Thanks',
  keyHash: 'h',
  active: true,
  keyRotatedAt: 't0',
  createdBy: 'u1',
  createdAt: 't0',
  updatedAt: 't1',
  version: 2,
};

it('a form: CRMFORM#{id} / FORM, listed on GSI1 CRMFORMS / {createdAt}#{id}', () => {
  expect(formRow(form)).toEqual({
    PK: 'CRMFORM#F1',
    SK: 'FORM',
    GSI1PK: 'CRMFORMS',
    GSI1SK: 't0#F1',
    ...form,
    __edb_e__: 'crmForm',
    __edb_v__: '1',
  });
  // an edit SETs the changed fields on the version read, and never touches the list keys
  const edit = Forms()
    .patch({ formId: 'F1' })
    .set({ name: 'New', version: 3, updatedAt: 't2' })
    .where((a, { eq }) => eq(a.version, 2))
    .params() as Expressed;
  expect(readable(edit.UpdateExpression, edit)).toBe(
    'SET name = "New", version = 3, updatedAt = "t2", formId = "F1", __edb_e__ = "crmForm", __edb_v__ = "1"',
  );
  expect(readable(edit.ConditionExpression, edit)).toBe(
    'attribute_exists(PK) AND attribute_exists(SK) AND version = 2',
  );
});

it('a queue: CRMQUEUE#{id} / QUEUE on GSI1 CRMQUEUES; the pointer moves by SET/ADD on what was read', () => {
  const q = {
    queueId: 'Q1',
    name: 'Sales',
    memberIds: ['a', 'b'],
    pointer: '',
    assignments: 0,
    skipOffline: true,
    fallbackUserId: 'a',
    createdAt: 't0',
    updatedAt: 't0',
    version: 1,
  };
  expect(queueRow(q)).toEqual({
    PK: 'CRMQUEUE#Q1',
    SK: 'QUEUE',
    GSI1PK: 'CRMQUEUES',
    GSI1SK: 't0#Q1',
    ...q,
    __edb_e__: 'crmQueue',
    __edb_v__: '1',
  });
  const move = itemOf(
    Queues().patch({ queueId: 'Q1' }).set({ pointer: 'a', lastAssignedAt: 't1' }).add({ assignments: 1 }),
  ).Update!;
  expect(move.Key).toEqual({ PK: 'CRMQUEUE#Q1', SK: 'QUEUE' });
  expect(readable(move.UpdateExpression, move)).toBe(
    'SET pointer = "a", lastAssignedAt = "t1", queueId = "Q1", __edb_e__ = "crmQueue", __edb_v__ = "1" ADD assignments 1',
  );
});

const job: JobItem = {
  jobId: 'J1',
  kind: 'import',
  type: 'lead',
  ownerId: 'u1',
  status: 'queued',
  fileName: 'leads.csv',
  s3Key: 'crm/jobs/J1/source.csv',
  size: 100,
  encoding: 'utf-8',
  delimiter: ';',
  columns: ['Nume', 'Email'],
  mapping: ['name', null],
  duplicates: 'skip',
  assign: { queueId: 'Q1' },
  dataOffset: 3,
  byteOffset: 3,
  rowsDone: 0,
  created: 0,
  updated: 0,
  skipped: 0,
  failed: 0,
  slice: 0,
  heartbeatAt: 'h0',
  createdAt: 'c0',
  startedAt: 's0',
  version: 2,
};

it('a job: CRMJOB#{id} / JOB on GSI1 CRMJOBS#{owner}; only an active job is on GSI2 CRMJOBS#ACTIVE', () => {
  expect(jobRow(job)).toEqual({
    PK: 'CRMJOB#J1',
    SK: 'JOB',
    GSI1PK: 'CRMJOBS#u1',
    GSI1SK: 'c0#J1',
    GSI2PK: 'CRMJOBS#ACTIVE',
    GSI2SK: 'h0#J1',
    ...job,
    __edb_e__: 'crmJob',
    __edb_v__: '1',
  });
  const done = jobRow({ ...job, status: 'done' });
  expect(done).not.toHaveProperty('GSI2PK');
  expect(done).not.toHaveProperty('GSI2SK');
  expect(done).toMatchObject({ GSI1PK: 'CRMJOBS#u1', status: 'done' });
});

it('a job leaving the active states removes its GSI2 keys by their stored names', () => {
  const cancel = Jobs()
    .patch({ jobId: 'J1' })
    .set({ status: 'cancelled', finishedAt: 't9' })
    .add({ version: 1 })
    .remove(['GSI2PK', 'GSI2SK'])
    .params() as Expressed;
  expect(readable(cancel.UpdateExpression, cancel)).toBe(
    'SET status = "cancelled", finishedAt = "t9", jobId = "J1", __edb_e__ = "crmJob", __edb_v__ = "1" REMOVE GSI2PK, GSI2SK ADD version 1',
  );
});

it('a job error: CRMJOB#{id} / ERR#{row:0000000000}, raw text cut at 2 KB, no padded key stored beside row', () => {
  expect(jobErrorRow({ jobId: 'J1', row: 42, field: 'email', reason: 'invalid', raw: 'x'.repeat(3000) })).toEqual({
    PK: 'CRMJOB#J1',
    SK: 'ERR#0000000042',
    jobId: 'J1',
    row: 42,
    field: 'email',
    reason: 'invalid',
    raw: 'x'.repeat(2048),
    __edb_e__: 'crmJobError',
    __edb_v__: '1',
  });
});
