/**
 * Yearly document number sequences (entity crmSeq): the last number taken of a kind in a year.
 *
 *   PK = CRMSEQ#{INV|QUO}#{yyyy}   SK = SEQ   last
 *
 * The key is carried as the key attribute itself ("attributes as indexes"): kind and year are not stored.
 *
 * | access pattern   | how |
 * |---|---|
 * | the last number  | GetItem (consistent) |
 * | take the next    | update SET last where last = :seen (or the item does not exist yet), in the numbering transaction |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const DOC_SEQUENCE_ENTITY = 'crmSeq';

const buildDocSequences = () =>
  new Entity(
    {
      model: { entity: DOC_SEQUENCE_ENTITY, version: '1', service: SERVICE },
      attributes: {
        sequenceKey: { type: 'string', required: true, field: 'PK' },
        last: { type: 'number' },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['sequenceKey'], template: '${sequenceKey}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'SEQ', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildDocSequences> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const DocSequences = () => (built ??= buildDocSequences());

export type DocSequenceItem = EntityItem<ReturnType<typeof DocSequences>>;
