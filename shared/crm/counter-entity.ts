/**
 * Column counters (entity crmCounter): how many records of a type sit in each list column of a scope, and their
 * amounts per currency. Kept by ADD updates inside the transaction of every record change (records.ts), never
 * recounted.
 *
 *   PK = CRMTOT#{scope}#{type}#{group}   SK = {bucket}   n, A_{CUR} (minor units), scope, type, group, bucket
 *
 * | access pattern                 | how |
 * |---|---|
 * | a board's column totals        | ONE Query PK = CRMTOT#{scope}#deal#{pipelineId} |
 * | a status list's totals         | ONE Query PK = CRMTOT#{scope}#{lead|quote|invoice}#_ |
 * | change with a record           | Update ADD n, A_{CUR} SET scope, type, group, bucket (in the record's transaction) |
 * | is a stage empty (pipeline edit) | ConditionCheck on the ALL-scope row: n = 0 or absent |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';
import { CURRENCY_CODES } from './currencies';
import { amountAttr } from './keys';

export const COUNTER_ENTITY = 'crmCounter';

/** One number attribute per ISO currency: the amounts a counter can carry (`A_RON`, `A_EUR`, …). */
const amountAttributes = Object.fromEntries(CURRENCY_CODES.map((c) => [amountAttr(c), { type: 'number' } as const]));

const buildCounters = () =>
  new Entity(
    {
      model: { entity: COUNTER_ENTITY, version: '1', service: SERVICE },
      attributes: {
        scope: { type: 'string', required: true },
        type: { type: 'string', required: true },
        group: { type: 'string', required: true },
        bucket: { type: 'string', required: true },
        n: { type: 'number' },
        ...amountAttributes,
      },
      indexes: {
        primary: {
          pk: {
            field: 'PK',
            composite: ['scope', 'type', 'group'],
            template: 'CRMTOT#${scope}#${type}#${group}',
            casing: 'none',
          },
          sk: { field: 'SK', composite: ['bucket'], template: '${bucket}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildCounters> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Counters = () => (built ??= buildCounters());

export type CounterItem = EntityItem<ReturnType<typeof Counters>>;
