/**
 * CRM quotes and invoices (issue 7): made from a deal's product lines, numbered gap-free, rendered to PDF, e-mailed
 * with the PDF attached, paid (→ the deal won). Schemas and answers: shared/crm/documents-contract.ts. Every route is
 * `employee` (extranet 403, anonymous 401); a document or deal I may not see → 404.
 */
import { defineFeature } from '../../shared/manifest/types';
import {
  cancelBody,
  createInvoiceBody,
  createQuoteBody,
  docParams,
  invoiceListQuery,
  numberParams,
  paidBody,
  patchDocBody,
  quoteListQuery,
  quoteStatusBody,
  sendDocBody,
  versionBody,
} from '../../shared/crm/documents-contract';

const SMALL = 4 * 1024;
/** 50 lines with 300-character names. */
const LINES = 48 * 1024;

export const crmDocsFeature = defineFeature({
  feature: 'crm-docs',
  grants: ['table:read', 'table:write', 'bucket:read', 'bucket:write', 'ses:send', 'ws:manage', 'cursor-secret:read'],
  http: {
    listInvoices: {
      method: 'GET',
      path: '/crm/invoices',
      access: 'employee',
      summary: 'Invoices of a scope by update, status or number (ONE Query)',
      query: invoiceListQuery,
    },
    listQuotes: {
      method: 'GET',
      path: '/crm/quotes',
      access: 'employee',
      summary: 'Quotes of a scope by update, status or number (ONE Query)',
      query: quoteListQuery,
    },
    invoiceByNumber: {
      method: 'GET',
      path: '/crm/invoices/by-number/{number}',
      access: 'employee',
      summary: 'The invoice with this number (404 when unknown or not visible)',
      params: numberParams,
    },
    createInvoice: {
      method: 'POST',
      path: '/crm/invoices',
      access: 'employee',
      summary: 'A draft invoice from a deal’s lines (or one of its quotes)',
      body: createInvoiceBody,
      maxBodyBytes: SMALL,
    },
    createQuote: {
      method: 'POST',
      path: '/crm/quotes',
      access: 'employee',
      summary: 'A quote from a deal’s lines, numbered at once',
      body: createQuoteBody,
      maxBodyBytes: SMALL,
    },
    getInvoice: {
      method: 'GET',
      path: '/crm/invoices/{docId}',
      access: 'employee',
      summary: 'An invoice',
      params: docParams,
    },
    getQuote: { method: 'GET', path: '/crm/quotes/{docId}', access: 'employee', summary: 'A quote', params: docParams },
    patchInvoice: {
      method: 'PATCH',
      path: '/crm/invoices/{docId}',
      access: 'employee',
      summary: 'Edit a draft invoice (lines, buyer, due date, notes, language; versioned)',
      params: docParams,
      body: patchDocBody,
      maxBodyBytes: LINES,
    },
    patchQuote: {
      method: 'PATCH',
      path: '/crm/quotes/{docId}',
      access: 'employee',
      summary: 'Edit a draft quote (versioned)',
      params: docParams,
      body: patchDocBody,
      maxBodyBytes: LINES,
    },
    issueInvoice: {
      method: 'POST',
      path: '/crm/invoices/{docId}/issue',
      access: 'employee',
      summary: 'Issue a draft: the next gap-free number and the stored PDF',
      params: docParams,
      body: versionBody,
      maxBodyBytes: SMALL,
    },
    sendInvoice: {
      method: 'POST',
      path: '/crm/invoices/{docId}/send',
      access: 'employee',
      summary: 'E-mail the invoice with its PDF (a draft is issued first)',
      params: docParams,
      body: sendDocBody,
      maxBodyBytes: SMALL,
    },
    sendQuote: {
      method: 'POST',
      path: '/crm/quotes/{docId}/send',
      access: 'employee',
      summary: 'E-mail the quote with its PDF',
      params: docParams,
      body: sendDocBody,
      maxBodyBytes: SMALL,
    },
    paidInvoice: {
      method: 'POST',
      path: '/crm/invoices/{docId}/paid',
      access: 'employee',
      summary: 'Mark paid; by default also move the deal to its won stage (one transaction)',
      params: docParams,
      body: paidBody,
      maxBodyBytes: SMALL,
    },
    cancelInvoice: {
      method: 'POST',
      path: '/crm/invoices/{docId}/cancel',
      access: 'employee',
      summary: 'Cancel (an issued invoice keeps its number)',
      params: docParams,
      body: cancelBody,
      maxBodyBytes: SMALL,
    },
    quoteStatus: {
      method: 'POST',
      path: '/crm/quotes/{docId}/status',
      access: 'employee',
      summary: 'Quote accepted, declined or cancelled',
      params: docParams,
      body: quoteStatusBody,
      maxBodyBytes: SMALL,
    },
    invoicePdf: {
      method: 'GET',
      path: '/crm/invoices/{docId}/pdf',
      access: 'employee',
      summary: 'A 5-minute link to the PDF (drafts rendered now with a DRAFT mark)',
      params: docParams,
    },
    quotePdf: {
      method: 'GET',
      path: '/crm/quotes/{docId}/pdf',
      access: 'employee',
      summary: 'A 5-minute link to the PDF',
      params: docParams,
    },
  },
  streams: {
    invoicePaid: {
      summary: 'An invoice marked paid → bell notification to the deal’s responsible person',
      entities: ['crmRecord'],
      events: ['MODIFY'],
    },
  },
  // The PDF font files (DejaVu Sans) are read at run time: installed beside the bundle.
  nativeModules: ['dejavu-fonts-ttf'],
});
