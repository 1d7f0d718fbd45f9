import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import {
  cancelInvoice,
  createDoc,
  getDoc,
  invoiceByNumber,
  issueInvoice,
  listDocs,
  markPaid,
  patchDoc,
  setQuoteStatus,
} from './doc-service';
import { invoicePaid } from './events';
import { pdfLink } from './pdf-store';
import { crmDocsFeature } from './routes';
import { sendDoc } from './send-service';

export const handler = createFeatureHandler(crmDocsFeature, {
  http: {
    listInvoices: ({ user, query }) => listDocs(user, 'invoice', query),
    listQuotes: ({ user, query }) => listDocs(user, 'quote', query),
    invoiceByNumber: ({ user, params }) => invoiceByNumber(user, params.number),
    createInvoice: async ({ user, body }) => reply(201, await createDoc(user, 'invoice', body)),
    createQuote: async ({ user, body }) => reply(201, await createDoc(user, 'quote', body)),
    getInvoice: ({ user, params }) => getDoc(user, 'invoice', params.docId),
    getQuote: ({ user, params }) => getDoc(user, 'quote', params.docId),
    patchInvoice: ({ user, params, body }) => patchDoc(user, 'invoice', params.docId, body),
    patchQuote: ({ user, params, body }) => patchDoc(user, 'quote', params.docId, body),
    issueInvoice: ({ user, params, body }) => issueInvoice(user, params.docId, body.version),
    sendInvoice: ({ user, params, body }) => sendDoc(user, 'invoice', params.docId, body),
    sendQuote: ({ user, params, body }) => sendDoc(user, 'quote', params.docId, body),
    paidInvoice: ({ user, params, body }) => markPaid(user, params.docId, body),
    cancelInvoice: ({ user, params, body }) => cancelInvoice(user, params.docId, body),
    quoteStatus: ({ user, params, body }) => setQuoteStatus(user, params.docId, body),
    invoicePdf: ({ user, params }) => pdfLink(user, 'invoice', params.docId),
    quotePdf: ({ user, params }) => pdfLink(user, 'quote', params.docId),
  },
  streams: {
    invoicePaid: (changes, ctx) => invoicePaid(changes, ctx),
  },
});
