/**
 * Issued document numbers (entity crmDocNo): one item per number, written in the issuing transaction with
 * attribute_not_exists, so a number is never given twice; also the lookup from a number to its document.
 *
 *   PK = CRMDOCNO#{INV|QUO}#{number}   SK = NO   docId, number, kind
 *
 * | access pattern          | how |
 * |---|---|
 * | invoice by its number   | GetItem → GetItem the document |
 * | issue                   | create (attribute_not_exists) in the numbering transaction (numbering.ts) |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const DOC_NUMBER_ENTITY = 'crmDocNo';
export const SEQ_KINDS = ['INV', 'QUO'] as const;

const buildDocNumbers = () =>
  new Entity(
    {
      model: { entity: DOC_NUMBER_ENTITY, version: '1', service: SERVICE },
      attributes: {
        kind: { type: SEQ_KINDS, required: true },
        number: { type: 'string', required: true },
        docId: { type: 'string', required: true },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['kind', 'number'], template: 'CRMDOCNO#${kind}#${number}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'NO', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildDocNumbers> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const DocNumbers = () => (built ??= buildDocNumbers());

export type DocNumberItem = EntityItem<ReturnType<typeof DocNumbers>>;
