/**
 * The error rows of an import (entity crmJobError), in row order under their job.
 *
 *   PK = CRMJOB#{jobId}   SK = ERR#{row:0000000000}   jobId, row, field, reason, raw (≤ 2 KB)
 *
 * The sort key is the zero-padded row number, carried as the key attribute itself ("attributes as indexes"): the
 * padded string is not stored beside `row`.
 *
 * | access pattern                     | how |
 * |---|---|
 * | a job's error rows (in row order)  | ONE Query PK = CRMJOB#{jobId} begins_with ERR# |
 * | a slice's errors                   | BatchWrite of the rows `jobErrorRow` builds |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const JOB_ERROR_ENTITY = 'crmJobError';

const buildJobErrors = () =>
  new Entity(
    {
      model: { entity: JOB_ERROR_ENTITY, version: '1', service: SERVICE },
      attributes: {
        jobId: { type: 'string', required: true },
        errorSlot: { type: 'string', required: true, field: 'SK' },
        row: { type: 'number', required: true },
        field: { type: 'string', required: true },
        reason: { type: 'string', required: true },
        raw: { type: 'string', required: true },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['jobId'], template: 'CRMJOB#${jobId}', casing: 'none' },
          sk: { field: 'SK', composite: ['errorSlot'], template: '${errorSlot}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildJobErrors> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const JobErrors = () => (built ??= buildJobErrors());

export type JobErrorItem = Omit<EntityItem<ReturnType<typeof JobErrors>>, 'errorSlot'>;
