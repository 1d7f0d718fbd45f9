/**
 * Links between records (entity crmLink), one row on each side, written together:
 *
 *   PK = CRM#{ownerId}   SK = LINK#{TYPE}#{id}   ownerId, the other end's summary (type, id, name, status, stageId,
 *                                               amountMinor, currency, number), linkedAt
 *
 * The sort key upper-cases the other end's type (keys.ts `linkSk`), so it is carried as the key attribute itself.
 *
 * | access pattern                  | how |
 * |---|---|
 * | a record's links (of a type)    | ONE Query PK = CRM#{id} begins_with LINK#[TYPE#] |
 * | link / unlink                   | Put / Delete both rows in ONE transaction |
 * | a deal's summary changed        | Update of its rows on the contact and company (records.ts), linkedAt kept |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const LINK_ENTITY = 'crmLink';

const buildLinks = () =>
  new Entity(
    {
      model: { entity: LINK_ENTITY, version: '1', service: SERVICE },
      attributes: {
        ownerId: { type: 'string', required: true },
        linkKey: { type: 'string', required: true, field: 'SK' },
        type: { type: 'string', required: true },
        id: { type: 'string', required: true },
        name: { type: 'string', required: true },
        status: { type: 'string' },
        stageId: { type: 'string' },
        amountMinor: { type: 'number' },
        currency: { type: 'string' },
        number: { type: 'string' },
        linkedAt: { type: 'string' },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['ownerId'], template: 'CRM#${ownerId}', casing: 'none' },
          sk: { field: 'SK', composite: ['linkKey'], template: '${linkKey}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildLinks> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Links = () => (built ??= buildLinks());

export type LinkItem = EntityItem<ReturnType<typeof Links>>;
