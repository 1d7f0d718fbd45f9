import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import {
  addActivity,
  linkContactCompany,
  listActivities,
  listLinks,
  patchActivity,
  unlinkContactCompany,
} from './activity-service';
import { moveDeal, setDealProducts } from './deal-service';
import { myAttention } from './attention-service';
import { crmEvents } from './events';
import { board, listDeals, listLeads, listNamed } from './list-service';
import { convertLead, lookupDuplicates, mergeRecords, notDuplicate, recordDuplicates } from './merge-service';
import {
  createPipeline,
  createProduct,
  getPipelines,
  getSettings,
  listProducts,
  patchPipeline,
  patchProduct,
  patchSettings,
} from './product-service';
import {
  assignRecord,
  createCompany,
  createContact,
  createDeal,
  createLead,
  deleteRecord,
  getRecord,
  leadStatus,
  patchCompany,
  patchContact,
  patchDeal,
  patchLead,
} from './record-service';
import { crmFeature } from './routes';

export const handler = createFeatureHandler(crmFeature, {
  http: {
    getSettings: ({ user }) => getSettings(user),
    patchSettings: ({ body }) => patchSettings(body),
    listPipelines: () => getPipelines(),
    createPipeline: ({ body }) => createPipeline(body),
    patchPipeline: ({ params, body }) => patchPipeline(params.pipelineId, body),

    listLeads: ({ user, query }) => listLeads(user, query),
    createLead: ({ user, body }) => createLead(user, body),
    getLead: ({ user, params }) => getRecord(user, params.leadId, 'lead'),
    patchLead: ({ user, params, body }) => patchLead(user, params.leadId, body),
    deleteLead: ({ user, params, query }) => deleteRecord(user, params.leadId, 'lead', query.version),
    leadStatus: ({ user, params, body }) => leadStatus(user, params.leadId, body),
    convertLead: ({ user, params, body }) => convertLead(user, params.leadId, body),
    myAttention: ({ user, query }) => myAttention(user, query),

    listContacts: ({ user, query }) => listNamed(user, 'contact', query),
    createContact: ({ user, body }) => createContact(user, body),
    getContact: ({ user, params }) => getRecord(user, params.contactId, 'contact'),
    patchContact: ({ user, params, body }) => patchContact(user, params.contactId, body),
    deleteContact: ({ user, params, query }) => deleteRecord(user, params.contactId, 'contact', query.version),
    linkCompany: ({ user, params }) => linkContactCompany(user, params.contactId, params.companyId),
    unlinkCompany: ({ user, params }) => unlinkContactCompany(user, params.contactId, params.companyId),

    listCompanies: ({ user, query }) => listNamed(user, 'company', query),
    createCompany: ({ user, body }) => createCompany(user, body),
    getCompany: ({ user, params }) => getRecord(user, params.companyId, 'company'),
    patchCompany: ({ user, params, body }) => patchCompany(user, params.companyId, body),
    deleteCompany: ({ user, params, query }) => deleteRecord(user, params.companyId, 'company', query.version),

    listDeals: ({ user, query }) => listDeals(user, query),
    board: ({ user, query }) => board(user, query),
    createDeal: ({ user, body }) => createDeal(user, body),
    getDeal: ({ user, params }) => getRecord(user, params.dealId, 'deal'),
    patchDeal: ({ user, params, body }) => patchDeal(user, params.dealId, body),
    deleteDeal: ({ user, params, query }) => deleteRecord(user, params.dealId, 'deal', query.version),
    moveDeal: ({ user, params, body }) => moveDeal(user, params.dealId, body),
    dealProducts: ({ user, params, body }) => setDealProducts(user, params.dealId, body),

    listActivities: ({ user, params, query }) => listActivities(user, params.recordId, query),
    addActivity: ({ user, params, body }) => addActivity(user, params.recordId, body),
    patchActivity: ({ user, params, body }) => patchActivity(user, params.recordId, params.activityId, body),
    listLinks: ({ user, params, query }) => listLinks(user, params.recordId, query),
    lookupDuplicates: ({ user, query }) => lookupDuplicates(user, query),
    recordDuplicates: ({ user, params }) => recordDuplicates(user, params.recordId),
    merge: ({ user, params, body }) => mergeRecords(user, params.recordId, body),
    notDuplicate: ({ user, params, body }) => notDuplicate(user, params.recordId, body.otherId),
    assign: ({ user, params, body }) => assignRecord(user, params.recordId, body),

    listProducts: ({ query }) => listProducts(query),
    createProduct: ({ user, body }) => createProduct(user, body),
    patchProduct: ({ user, params, body }) => patchProduct(user, params.productId, body),
  },
  streams: {
    crmEvents: (changes, ctx) => crmEvents(changes, ctx),
  },
});
