/**
 * CRM intake (issue 7): web forms (admin) and their public config/submit, sales queues (round-robin routing),
 * CSV import/export jobs (the work itself runs in functions/crm-jobs) and the reports (funnel, won).
 * Schemas and answers: shared/crm/intake-contract.ts. Every route is `employee` unless marked; extranet → 403.
 */
import { defineFeature } from '../../shared/manifest/types';
import {
  INTAKE_LIMITS,
  createExportBody,
  createImportBody,
  formBody,
  formParams,
  formPatch,
  funnelQuery,
  jobParams,
  pageQuery,
  publicFormQuery,
  queueBody,
  queueParams,
  queuePatch,
  startImportBody,
  submitBody,
  wonQuery,
} from '../../shared/crm/intake-contract';

const SMALL = 8 * 1024;

export const crmIntakeFeature = defineFeature({
  feature: 'crm-intake',
  grants: ['table:read', 'table:write', 'bucket:read', 'bucket:write', 'cursor-secret:read'],
  http: {
    listForms: { method: 'GET', path: '/crm/forms', access: 'admin', summary: 'Web forms, newest first (ONE GSI1 Query)', query: pageQuery },
    createForm: { method: 'POST', path: '/crm/forms', access: 'admin', summary: 'Create a web form → its key and iframe snippet (shown once)', body: formBody, maxBodyBytes: SMALL },
    updateForm: { method: 'PATCH', path: '/crm/forms/{formId}', access: 'admin', summary: 'Edit a web form (versioned, stale → 409 with current)', params: formParams, body: formPatch, maxBodyBytes: SMALL },
    rotateFormKey: { method: 'POST', path: '/crm/forms/{formId}/key', access: 'admin', summary: 'New key and snippet (older snippets stop working)', params: formParams },
    publicForm: { method: 'GET', path: '/public/crm/forms/{formId}', access: 'public', summary: 'A form’s config and a submit ticket (key in ?k)', params: formParams, query: publicFormQuery },
    submitForm: {
      method: 'POST',
      path: '/public/crm/forms/{formId}/submit',
      access: 'public',
      summary: 'Submit a web form → a lead assigned round-robin from the form’s queue (ONE transaction with the queue pointer); honeypot, consent, ticket, rate limits',
      params: formParams,
      body: submitBody,
      maxBodyBytes: INTAKE_LIMITS.submitBytes,
    },
    listQueues: { method: 'GET', path: '/crm/queues', access: 'employee', summary: 'Sales queues with their members (ONE GSI1 Query + ONE BatchGet)', query: pageQuery },
    createQueue: { method: 'POST', path: '/crm/queues', access: 'admin', summary: 'Create a sales queue (members: active employees; fallback: an admin)', body: queueBody, maxBodyBytes: SMALL },
    updateQueue: { method: 'PATCH', path: '/crm/queues/{queueId}', access: 'admin', summary: 'Edit a sales queue (versioned)', params: queueParams, body: queuePatch, maxBodyBytes: SMALL },
    createImport: { method: 'POST', path: '/crm/imports', access: 'employee', summary: 'Start a CSV import: a job and a presigned PUT for the file (≤ 512 MiB)', body: createImportBody, maxBodyBytes: 2048 },
    listImports: { method: 'GET', path: '/crm/imports', access: 'employee', summary: 'My import and export jobs, newest first (ONE GSI1 Query)', query: pageQuery },
    getImport: { method: 'GET', path: '/crm/imports/{jobId}', access: 'employee', summary: 'An import job: status, progress and counts', params: jobParams },
    previewImport: { method: 'POST', path: '/crm/imports/{jobId}/preview', access: 'employee', summary: 'Read the file’s first 64 KiB: encoding, delimiter, columns, 20 rows, a suggested mapping', params: jobParams },
    startImport: { method: 'POST', path: '/crm/imports/{jobId}/start', access: 'employee', summary: 'Queue the import with its mapping and options (the worker runs in slices)', params: jobParams, body: startImportBody, maxBodyBytes: SMALL },
    cancelImport: { method: 'POST', path: '/crm/imports/{jobId}/cancel', access: 'employee', summary: 'Cancel a queued or running job (the next slice stops)', params: jobParams },
    importErrors: { method: 'GET', path: '/crm/imports/{jobId}/errors', access: 'employee', summary: 'The job’s error rows in row order (ONE Query)', params: jobParams, query: pageQuery },
    importReport: { method: 'GET', path: '/crm/imports/{jobId}/report', access: 'employee', summary: 'errors.csv of a finished import (presigned GET, 5 min)', params: jobParams },
    createExport: { method: 'POST', path: '/crm/exports', access: 'employee', summary: 'Export a scope’s leads, contacts or companies to CSV (a background job)', body: createExportBody, maxBodyBytes: 1024 },
    getExport: { method: 'GET', path: '/crm/exports/{jobId}', access: 'employee', summary: 'An export job (+ a presigned GET once done)', params: jobParams },
    funnel: { method: 'GET', path: '/crm/reports/funnel', access: 'employee', summary: 'Funnel: deals created in [from, to] that reached each stage, conversion, current totals', query: funnelQuery },
    won: { method: 'GET', path: '/crm/reports/won', access: 'employee', summary: 'Won amount per currency by month or by salesperson (ONE Query)', query: wonQuery },
  },
});
