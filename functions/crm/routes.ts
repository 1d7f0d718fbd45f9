/**
 * CRM core (issue 7): settings, pipelines, leads, contacts, companies, deals (Kanban, stage moves, products),
 * activities, links, duplicates (lookup, merge, not-a-duplicate), conversion and assignment. Schemas and answers:
 * shared/crm/contract.ts; rows: shared/crm/records.ts; who sees what: shared/crm/policy.ts. Every route is
 * `employee` (extranet 403); a record I may not see answers 404. Quotes/invoices: functions/crm-docs; forms,
 * queues, import/export, reports: functions/crm-intake + crm-jobs.
 */
import { defineFeature } from '../../shared/manifest/types';
import {
  activitiesQuery,
  activityCreateBody,
  activityParams,
  activityPatchBody,
  assignBody,
  boardQuery,
  companiesQuery,
  companyCreateBody,
  companyParams,
  companyPatchBody,
  contactCompanyParams,
  contactCreateBody,
  contactParams,
  contactPatchBody,
  contactsQuery,
  convertBody,
  dealCreateBody,
  dealParams,
  dealPatchBody,
  dealProductsBody,
  dealsQuery,
  duplicatesQuery,
  leadCreateBody,
  leadParams,
  leadPatchBody,
  leadStatusBody,
  leadsQuery,
  linksQuery,
  mergeBody,
  notDuplicateBody,
  pipelineCreateBody,
  pipelineParams,
  pipelinePatchBody,
  productCreateBody,
  productParams,
  productPatchBody,
  productsQuery,
  recordParams,
  settingsPatchBody,
  stageMoveBody,
  versionQuery,
} from '../../shared/crm/contract';

const SMALL = 8 * 1024;
const RECORD = 48 * 1024;

export const crmFeature = defineFeature({
  feature: 'crm',
  grants: ['table:read', 'table:write', 'ses:send', 'ws:manage', 'cursor-secret:read'],
  http: {
    getSettings: { method: 'GET', path: '/crm/settings', access: 'employee', summary: 'CRM settings (defaults until an admin saves)' },
    patchSettings: { method: 'PATCH', path: '/crm/settings', access: 'admin', summary: 'Edit CRM settings (versioned)', body: settingsPatchBody, maxBodyBytes: 16 * 1024 },
    listPipelines: { method: 'GET', path: '/crm/pipelines', access: 'employee', summary: 'Deal pipelines with their stages (ONE Query; the default one made lazily)' },
    createPipeline: { method: 'POST', path: '/crm/pipelines', access: 'admin', summary: 'Create a pipeline', body: pipelineCreateBody, maxBodyBytes: 16 * 1024 },
    patchPipeline: { method: 'PATCH', path: '/crm/pipelines/{pipelineId}', access: 'admin', summary: 'Rename / add / reorder / remove stages (a stage holding deals → 409 STAGE_NOT_EMPTY)', params: pipelineParams, body: pipelinePatchBody, maxBodyBytes: 16 * 1024 },

    listLeads: { method: 'GET', path: '/crm/leads', access: 'employee', summary: 'Leads of a scope by status / recently changed / name prefix (ONE Query, signed cursor)', query: leadsQuery },
    createLead: { method: 'POST', path: '/crm/leads', access: 'employee', summary: 'Create a lead (duplicates answered, repeat customer detected; one transaction)', body: leadCreateBody, maxBodyBytes: RECORD },
    getLead: { method: 'GET', path: '/crm/leads/{leadId}', access: 'employee', summary: 'A lead', params: leadParams },
    patchLead: { method: 'PATCH', path: '/crm/leads/{leadId}', access: 'employee', summary: 'Edit a lead (versioned)', params: leadParams, body: leadPatchBody, maxBodyBytes: RECORD },
    deleteLead: { method: 'DELETE', path: '/crm/leads/{leadId}', access: 'employee', summary: 'Delete a lead (responsible or admin)', params: leadParams, query: versionQuery },
    leadStatus: { method: 'POST', path: '/crm/leads/{leadId}/status', access: 'employee', summary: 'Change a lead’s status (junk needs a reason)', params: leadParams, body: leadStatusBody, maxBodyBytes: SMALL },
    convertLead: { method: 'POST', path: '/crm/leads/{leadId}/convert', access: 'employee', summary: 'Convert a lead to any of contact, company, deal (ONE transaction)', params: leadParams, body: convertBody, maxBodyBytes: SMALL },

    listContacts: { method: 'GET', path: '/crm/contacts', access: 'employee', summary: 'Contacts of a scope (recently changed or by name; ONE Query)', query: contactsQuery },
    createContact: { method: 'POST', path: '/crm/contacts', access: 'employee', summary: 'Create a contact', body: contactCreateBody, maxBodyBytes: RECORD },
    getContact: { method: 'GET', path: '/crm/contacts/{contactId}', access: 'employee', summary: 'A contact', params: contactParams },
    patchContact: { method: 'PATCH', path: '/crm/contacts/{contactId}', access: 'employee', summary: 'Edit a contact (versioned)', params: contactParams, body: contactPatchBody, maxBodyBytes: RECORD },
    deleteContact: { method: 'DELETE', path: '/crm/contacts/{contactId}', access: 'employee', summary: 'Delete a contact (responsible or admin)', params: contactParams, query: versionQuery },
    linkCompany: { method: 'PUT', path: '/crm/contacts/{contactId}/companies/{companyId}', access: 'employee', summary: 'Link a contact and a company (both LINK rows)', params: contactCompanyParams },
    unlinkCompany: { method: 'DELETE', path: '/crm/contacts/{contactId}/companies/{companyId}', access: 'employee', summary: 'Unlink a contact and a company', params: contactCompanyParams },

    listCompanies: { method: 'GET', path: '/crm/companies', access: 'employee', summary: 'Companies of a scope (ONE Query)', query: companiesQuery },
    createCompany: { method: 'POST', path: '/crm/companies', access: 'employee', summary: 'Create a company', body: companyCreateBody, maxBodyBytes: RECORD },
    getCompany: { method: 'GET', path: '/crm/companies/{companyId}', access: 'employee', summary: 'A company', params: companyParams },
    patchCompany: { method: 'PATCH', path: '/crm/companies/{companyId}', access: 'employee', summary: 'Edit a company (versioned)', params: companyParams, body: companyPatchBody, maxBodyBytes: RECORD },
    deleteCompany: { method: 'DELETE', path: '/crm/companies/{companyId}', access: 'employee', summary: 'Delete a company (responsible or admin)', params: companyParams, query: versionQuery },

    listDeals: { method: 'GET', path: '/crm/deals', access: 'employee', summary: 'Deals of a scope: a stage column, recently changed, by close date (ONE Query)', query: dealsQuery },
    board: { method: 'GET', path: '/crm/deals/board', access: 'employee', summary: 'Kanban first page: totals + one Query per stage, all in parallel', query: boardQuery },
    createDeal: { method: 'POST', path: '/crm/deals', access: 'employee', summary: 'Create a deal', body: dealCreateBody, maxBodyBytes: RECORD },
    getDeal: { method: 'GET', path: '/crm/deals/{dealId}', access: 'employee', summary: 'A deal', params: dealParams },
    patchDeal: { method: 'PATCH', path: '/crm/deals/{dealId}', access: 'employee', summary: 'Edit a deal (versioned)', params: dealParams, body: dealPatchBody, maxBodyBytes: RECORD },
    deleteDeal: { method: 'DELETE', path: '/crm/deals/{dealId}', access: 'employee', summary: 'Delete a deal (responsible or admin)', params: dealParams, query: versionQuery },
    moveDeal: { method: 'POST', path: '/crm/deals/{dealId}/stage', access: 'employee', summary: 'Move a deal to a stage of its pipeline (conditional; counters, funnel, won report)', params: dealParams, body: stageMoveBody, maxBodyBytes: SMALL },
    dealProducts: { method: 'PUT', path: '/crm/deals/{dealId}/products', access: 'employee', summary: 'Replace a deal’s product lines (amount = lines’ net total, computed server-side)', params: dealParams, body: dealProductsBody, maxBodyBytes: 64 * 1024 },

    listActivities: { method: 'GET', path: '/crm/records/{recordId}/activities', access: 'employee', summary: 'A record’s timeline, newest first (ONE Query)', params: recordParams, query: activitiesQuery },
    addActivity: { method: 'POST', path: '/crm/records/{recordId}/activities', access: 'employee', summary: 'Add a call, meeting, todo or comment', params: recordParams, body: activityCreateBody, maxBodyBytes: 16 * 1024 },
    patchActivity: { method: 'PATCH', path: '/crm/records/{recordId}/activities/{activityId}', access: 'employee', summary: 'Tick a todo or edit my activity’s text (versioned)', params: activityParams, body: activityPatchBody, maxBodyBytes: 16 * 1024 },
    listLinks: { method: 'GET', path: '/crm/records/{recordId}/links', access: 'employee', summary: 'Records linked to this one (ONE Query)', params: recordParams, query: linksQuery },
    lookupDuplicates: { method: 'GET', path: '/crm/duplicates', access: 'employee', summary: 'Records matching an e-mail, phone or name + company (one Query per key, in parallel)', query: duplicatesQuery },
    recordDuplicates: { method: 'GET', path: '/crm/records/{recordId}/duplicates', access: 'employee', summary: 'Possible duplicates of a record (minus pairs marked not duplicate)', params: recordParams },
    merge: { method: 'POST', path: '/crm/records/{recordId}/merge', access: 'employee', summary: 'Merge another record into this one (chosen field values; the other is tombstoned)', params: recordParams, body: mergeBody, maxBodyBytes: SMALL },
    notDuplicate: { method: 'POST', path: '/crm/records/{recordId}/not-duplicate', access: 'employee', summary: 'Mark a pair as not duplicates', params: recordParams, body: notDuplicateBody, maxBodyBytes: 1024 },
    assign: { method: 'POST', path: '/crm/records/{recordId}/assign', access: 'employee', summary: 'Give a record to a person or to the next free person of a sales queue', params: recordParams, body: assignBody, maxBodyBytes: 1024 },

    listProducts: { method: 'GET', path: '/crm/products', access: 'employee', summary: 'Product catalog by name (live or archived; ONE Query)', query: productsQuery },
    createProduct: { method: 'POST', path: '/crm/products', access: 'admin', summary: 'Add a product', body: productCreateBody, maxBodyBytes: 16 * 1024 },
    patchProduct: { method: 'PATCH', path: '/crm/products/{productId}', access: 'admin', summary: 'Edit or archive a product (versioned)', params: productParams, body: productPatchBody, maxBodyBytes: 16 * 1024 },
  },
  streams: {
    crmEvents: {
      summary: 'Record changes → crm.record.changed frames to the old and new responsible; a new responsible (not the actor, not an import) → bell notification + e-mail in their language',
      entities: ['crmRecord'],
    },
  },
});
