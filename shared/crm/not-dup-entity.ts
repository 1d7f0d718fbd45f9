/**
 * "Not a duplicate" marks (entity crmNotDup): two records someone said are different people/companies, one row on
 * each side, so the duplicate lookup of either leaves the other out.
 *
 *   PK = CRM#{recordId}   SK = NOTDUP#{otherId}   otherId, by, at
 *
 * The partition key is carried as the key attribute itself (`recordKey`, keys.ts `recordPk`), so no record id is
 * stored beside it, exactly as before.
 *
 * | access pattern                     | how |
 * |---|---|
 * | the records marked not-duplicate   | ONE Query PK = CRM#{id} begins_with NOTDUP# |
 * | mark a pair                        | Put both rows + ConditionCheck both records exist, ONE transaction |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const NOT_DUP_ENTITY = 'crmNotDup';

const buildNotDups = () =>
  new Entity(
    {
      model: { entity: NOT_DUP_ENTITY, version: '1', service: SERVICE },
      attributes: {
        recordKey: { type: 'string', required: true, field: 'PK' },
        otherId: { type: 'string', required: true },
        by: { type: 'string', required: true },
        at: { type: 'string', required: true },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['recordKey'], template: '${recordKey}', casing: 'none' },
          sk: { field: 'SK', composite: ['otherId'], template: 'NOTDUP#${otherId}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildNotDups> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const NotDups = () => (built ??= buildNotDups());

export type NotDupItem = EntityItem<ReturnType<typeof NotDups>>;
