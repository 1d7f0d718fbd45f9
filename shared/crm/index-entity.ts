/**
 * CRM index rows (entity crmIndex): one per scope a record lists under (A, U#{responsibleId}, D#{deptId}), carrying
 * the record's list summary, so every list, board and search is ONE Query on a GSI (records carry no GSI keys).
 *
 *   PK = CRM#{id}   SK = IX#{scope}
 *   GSI1 CRMS#{scope}#{type}#{pipelineId|_}#{stageId|status}   {movedAt|updatedAt}#{id}   (deals, leads, documents)
 *   GSI2 CRMS#{scope}#{type}                                   {updatedAt}#{id}
 *   GSI3 CRMS#{scope}#{type}                                   {closeDate|~ | number | sort name}#{id}  (absent for an
 *                                                                                               unnumbered document)
 *   scope, deptId, the summary (id, type, name, status, pipelineId, stageId, amountMinor, currency, responsibleId/Name,
 *   companyName, contactName, email, phone, number, closeDate, movedAt, updatedAt, version; null fields left out) and,
 *   on quotes and invoices, dealId, dealTitle, buyerName, issueDate, dueDate.
 *
 * The GSI keys are computed (records.ts `indexRows`) and carried as the key attributes themselves ("attributes as
 * indexes"), so GSI1 and GSI3 stay sparse: a row without them is simply not in that index.
 *
 * | access pattern                          | how |
 * |---|---|
 * | a board column / status list (a scope)  | ONE Query GSI1 CRMS#{scope}#{type}#{group}#{bucket} |
 * | a type's records, newest first          | ONE Query GSI2 CRMS#{scope}#{type} |
 * | by name / close date / number, prefix   | ONE Query GSI3 CRMS#{scope}#{type} [begins_with] |
 * | a record's change                       | Put current scopes / Delete dropped scopes in the record's transaction |
 */
import { Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';

export const INDEX_ENTITY = 'crmIndex';

const buildIndexes = () =>
  new Entity(
    {
      model: { entity: INDEX_ENTITY, version: '1', service: SERVICE },
      attributes: {
        id: { type: 'string', required: true },
        scope: { type: 'string', required: true },
        columnKey: { type: 'string', field: 'GSI1PK' },
        columnSort: { type: 'string', field: 'GSI1SK' },
        typeKey: { type: 'string', required: true, field: 'GSI2PK' },
        updatedSort: { type: 'string', required: true, field: 'GSI2SK' },
        sortTypeKey: { type: 'string', field: 'GSI3PK' },
        sortKey: { type: 'string', field: 'GSI3SK' },
        // the record summary (RecordSummary without its nulls)
        type: { type: 'string', required: true },
        name: { type: 'string' },
        status: { type: 'string' },
        pipelineId: { type: 'string' },
        stageId: { type: 'string' },
        amountMinor: { type: 'number' },
        currency: { type: 'string' },
        responsibleId: { type: 'string' },
        responsibleName: { type: 'string' },
        companyName: { type: 'string' },
        contactName: { type: 'string' },
        email: { type: 'string' },
        phone: { type: 'string' },
        number: { type: 'string' },
        closeDate: { type: 'string' },
        movedAt: { type: 'string' },
        updatedAt: { type: 'string' },
        version: { type: 'number' },
        deptId: { type: 'string' },
        // quotes and invoices (functions/crm-docs)
        dealId: { type: 'string' },
        dealTitle: { type: 'string' },
        buyerName: { type: 'string' },
        issueDate: { type: 'string' },
        dueDate: { type: 'string' },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['id'], template: 'CRM#${id}', casing: 'none' },
          sk: { field: 'SK', composite: ['scope'], template: 'IX#${scope}', casing: 'none' },
        },
        byColumn: {
          index: 'GSI1',
          pk: { field: 'GSI1PK', composite: ['columnKey'], template: '${columnKey}', casing: 'none' },
          sk: { field: 'GSI1SK', composite: ['columnSort'], template: '${columnSort}', casing: 'none' },
        },
        byUpdated: {
          index: 'GSI2',
          pk: { field: 'GSI2PK', composite: ['typeKey'], template: '${typeKey}', casing: 'none' },
          sk: { field: 'GSI2SK', composite: ['updatedSort'], template: '${updatedSort}', casing: 'none' },
        },
        bySortKey: {
          index: 'GSI3',
          pk: { field: 'GSI3PK', composite: ['sortTypeKey'], template: '${sortTypeKey}', casing: 'none' },
          sk: { field: 'GSI3SK', composite: ['sortKey'], template: '${sortKey}', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildIndexes> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const RecordIndexes = () => (built ??= buildIndexes());

export type IndexItem = EntityItem<ReturnType<typeof RecordIndexes>>;
