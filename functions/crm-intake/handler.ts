import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import { createForm, listForms, rotateKey, updateForm } from './form-service';
import {
  cancelJob,
  createExport,
  createImport,
  getExport,
  getImport,
  importReport,
  jobErrors,
  listJobs,
  previewImport,
  startImport,
} from './job-service';
import { publicConfig, submitForm } from './public-service';
import { createQueue, listQueues, updateQueue } from './queue-service';
import { funnelReport, wonReport } from './report-service';
import { crmIntakeFeature } from './routes';

export const handler = createFeatureHandler(crmIntakeFeature, {
  http: {
    listForms: ({ query }) => listForms(query.cursor, query.limit),
    createForm: async ({ user, body }) => reply(201, await createForm(user, body)),
    updateForm: ({ params, body }) => updateForm(params.formId, body),
    rotateFormKey: ({ params }) => rotateKey(params.formId),
    publicForm: ({ params, query }) => publicConfig(params.formId, query.k),
    submitForm: async ({ params, body, event }) => reply(202, await submitForm(params.formId, body, event)),
    listQueues: ({ query }) => listQueues(query.cursor, query.limit),
    createQueue: async ({ body }) => reply(201, await createQueue(body)),
    updateQueue: ({ params, body }) => updateQueue(params.queueId, body),
    createImport: async ({ user, body }) => reply(201, await createImport(user, body)),
    listImports: ({ user, query }) => listJobs(user, query.cursor, query.limit),
    getImport: ({ user, params }) => getImport(user, params.jobId),
    previewImport: ({ user, params }) => previewImport(user, params.jobId),
    startImport: ({ user, params, body }) => startImport(user, params.jobId, body),
    cancelImport: ({ user, params }) => cancelJob(user, params.jobId),
    importErrors: ({ user, params, query }) => jobErrors(user, params.jobId, query.cursor, query.limit),
    importReport: ({ user, params }) => importReport(user, params.jobId),
    createExport: async ({ user, body }) => reply(201, await createExport(user, body)),
    getExport: ({ user, params }) => getExport(user, params.jobId),
    funnel: ({ user, query }) => funnelReport(user, query),
    won: ({ user, query }) => wonReport(user, query),
  },
});
