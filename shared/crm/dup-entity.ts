/**
 * Duplicate-lookup rows (entity crmDup): one per normalised e-mail, phone or name of a lead, contact or company.
 *
 *   PK = CRMDUP#{E|P|N}#{norm}   SK = {type}#{id}   id, type, kind, name, responsibleId, responsibleName, deptId
 *
 * The partition key is computed (keys.ts `dupPk`) and carried as the key attribute itself, so the normalised
 * value is not stored twice.
 *
 * | access pattern                    | how |
 * |---|---|
 * | records sharing an e-mail/phone/name | ONE Query PK = CRMDUP#{kind}#{norm} per key |
 * | a record's change                 | Put / Delete in the record's transaction (records.ts recordWriteItems) |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const DUP_ENTITY = 'crmDup';

const buildDups = () =>
  new Entity(
    {
      model: { entity: DUP_ENTITY, version: '1', service: SERVICE },
      attributes: {
        dupKey: { type: 'string', required: true, field: 'PK' },
        id: { type: 'string', required: true },
        type: { type: 'string', required: true },
        kind: { type: 'string', required: true },
        name: { type: 'string', required: true },
        responsibleId: { type: 'string', required: true },
        responsibleName: { type: 'string', required: true },
        deptId: { type: 'string' },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['dupKey'], template: '${dupKey}', casing: 'none' },
          sk: { field: 'SK', composite: ['type', 'id'], template: '${type}#${id}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildDups> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Dups = () => (built ??= buildDups());

export type DupItem = EntityItem<ReturnType<typeof Dups>>;
