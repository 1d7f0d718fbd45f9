/**
 * CRM records (entity crmRecord): leads, contacts, companies, deals, quotes and invoices, one REC row each.
 *
 *   PK = CRM#{id}   SK = REC   every field of the record (the fields differ by type, see below), no GSI keys
 *
 * The entity declares the union of what each record type stores (records.ts `LeadRecord` … `DocRecord`, and
 * functions/crm-docs `DocItem` for quotes and invoices): ElectroDB writes declared attributes only, so a field
 * missing here would be silently dropped — `recordPut` (records.ts) refuses such a record, and
 * test/unit/crm/entity-layout.test.ts puts a literal item of every type through the entity.
 *
 *   every type   id, type, version, responsibleId, responsibleName, deptId, createdBy, createdAt, updatedAt,
 *                lastActorId, importJobId, possibleDuplicateOf (an import's flag), mergedInto (a merged record's
 *                tombstone), comments
 *   lead         name, companyName, emails, phones, source, formId, status, junkReason, consent, repeatOf, convertedTo
 *   contact      firstName, lastName, emails, phones, address, tags, position, birthday, primaryCompanyId/Name
 *   company      name, legalName, vatId, regNo, emails, phones, address, website, industry, tags
 *   deal         title, pipelineId, stageId, stageKind, movedAt, probability, closeDate, currency, amountMinor, lines,
 *                contactId/Name, companyId/Name, maxReachedOrder, reachedStageIds, wonAt, wonAmountMinor, lostReason,
 *                createdMonth
 *   quote/invoice dealId, dealTitle, status, number, currency, language, priceMode, buyer, seller, lines, totals,
 *                notes, issueDate, dueDate, issuedAt, fromQuoteId, pdf, sentAt, sentTo, paidAt, cancelReason
 *
 * | access pattern              | how |
 * |---|---|
 * | a record                    | GetItem CRM#{id} / REC (lists read the index rows, index-entity.ts) |
 * | create                      | create (attribute_not_exists) in the change's transaction (records.ts) |
 * | change / delete             | put / delete where version = the read version, in the change's transaction |
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';
import type { Address, DealLine, EmailValue, PhoneValue } from './contract';
import type { LineView, Party, SellerSnapshot, Totals } from './documents-contract';

export const RECORD_ENTITY = 'crmRecord';

const buildRecords = () =>
  new Entity(
    {
      model: { entity: RECORD_ENTITY, version: '1', service: SERVICE },
      attributes: {
        // every type
        id: { type: 'string', required: true },
        type: { type: 'string', required: true },
        version: { type: 'number', required: true },
        responsibleId: { type: 'string', required: true },
        responsibleName: { type: 'string', required: true },
        deptId: { type: 'string' },
        createdBy: { type: 'string' },
        createdAt: { type: 'string' },
        updatedAt: { type: 'string' },
        lastActorId: { type: 'string' },
        importJobId: { type: 'string' },
        mergedInto: { type: 'string' },
        possibleDuplicateOf: { type: 'string' },
        comments: { type: 'string' },
        // leads, contacts, companies
        name: { type: 'string' },
        companyName: { type: 'string' },
        emails: { type: CustomAttributeType<EmailValue[]>('any') },
        phones: { type: CustomAttributeType<PhoneValue[]>('any') },
        address: { type: CustomAttributeType<Address>('any') },
        tags: { type: CustomAttributeType<string[]>('any') },
        source: { type: 'string' },
        formId: { type: 'string' },
        status: { type: 'string' },
        junkReason: { type: 'string' },
        consent: { type: CustomAttributeType<{ textHash: string; at: string; ip: string }>('any') },
        repeatOf: { type: CustomAttributeType<{ type: 'contact' | 'company'; id: string; name: string }>('any') },
        convertedTo: { type: CustomAttributeType<{ contactId?: string; companyId?: string; dealId?: string }>('any') },
        firstName: { type: 'string' },
        lastName: { type: 'string' },
        position: { type: 'string' },
        birthday: { type: 'string' },
        primaryCompanyId: { type: 'string' },
        primaryCompanyName: { type: 'string' },
        legalName: { type: 'string' },
        vatId: { type: 'string' },
        regNo: { type: 'string' },
        website: { type: 'string' },
        industry: { type: 'string' },
        // deals
        title: { type: 'string' },
        pipelineId: { type: 'string' },
        stageId: { type: 'string' },
        stageKind: { type: 'string' },
        movedAt: { type: 'string' },
        probability: { type: 'number' },
        closeDate: { type: 'string' },
        currency: { type: 'string' },
        amountMinor: { type: 'number' },
        lines: { type: CustomAttributeType<DealLine[] | LineView[]>('any') },
        contactId: { type: 'string' },
        contactName: { type: 'string' },
        companyId: { type: 'string' },
        maxReachedOrder: { type: 'number' },
        reachedStageIds: { type: CustomAttributeType<string[]>('any') },
        wonAt: { type: 'string' },
        wonAmountMinor: { type: 'number' },
        lostReason: { type: 'string' },
        createdMonth: { type: 'string' },
        // quotes and invoices
        dealId: { type: 'string' },
        dealTitle: { type: 'string' },
        number: { type: 'string' },
        language: { type: 'string' },
        priceMode: { type: 'string' },
        buyer: { type: CustomAttributeType<Party>('any') },
        seller: { type: CustomAttributeType<SellerSnapshot>('any') },
        totals: { type: CustomAttributeType<Totals>('any') },
        notes: { type: 'string' },
        issueDate: { type: 'string' },
        dueDate: { type: 'string' },
        issuedAt: { type: 'string' },
        fromQuoteId: { type: 'string' },
        pdf: { type: CustomAttributeType<{ key: string; hash: string; renderedAt: string }>('any') },
        sentAt: { type: 'string' },
        sentTo: { type: CustomAttributeType<string[]>('any') },
        paidAt: { type: 'string' },
        cancelReason: { type: 'string' },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['id'], template: 'CRM#${id}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'REC', casing: 'none' },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildRecords> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Records = () => (built ??= buildRecords());

export type RecordItem = EntityItem<ReturnType<typeof Records>>;
/** The attribute names a crmRecord row may carry (recordPut refuses a record with any other field). */
export const recordAttributes = (): ReadonlySet<string> => new Set(Object.keys(Records().schema.attributes));
