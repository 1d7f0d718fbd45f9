/**
 * The four core record types (lead, contact, company, deal) through the typed API client: one place maps a
 * type to its routes. Paths come from `apiPaths`, so query keys stay the routes' paths (`/crm/leads/{id}`).
 */
import { apiPaths, type ApiBody, type ApiClient, type ApiQuery } from '../../../shared/api/client';
import type { CoreRecordView, CoreType, CreatedView, Page, RecordSummary } from '../../../shared/crm/contract';

/** The record's API path: also its cache key (`ck.one`). */
export function recordPath(type: CoreType, id: string): string {
  switch (type) {
    case 'lead':
      return apiPaths.crm.getLead({ params: { leadId: id } });
    case 'contact':
      return apiPaths.crm.getContact({ params: { contactId: id } });
    case 'company':
      return apiPaths.crm.getCompany({ params: { companyId: id } });
    case 'deal':
      return apiPaths.crm.getDeal({ params: { dealId: id } });
  }
}

/** The list's API path (`/crm/leads`): the key of its cursor lists. */
export function listPath(type: CoreType): string {
  switch (type) {
    case 'lead':
      return apiPaths.crm.listLeads();
    case 'contact':
      return apiPaths.crm.listContacts();
    case 'company':
      return apiPaths.crm.listCompanies();
    case 'deal':
      return apiPaths.crm.listDeals();
  }
}

export function getRecord(api: ApiClient, type: CoreType, id: string, signal?: AbortSignal): Promise<CoreRecordView> {
  switch (type) {
    case 'lead':
      return api.crm.getLead({ params: { leadId: id }, signal });
    case 'contact':
      return api.crm.getContact({ params: { contactId: id }, signal });
    case 'company':
      return api.crm.getCompany({ params: { companyId: id }, signal });
    case 'deal':
      return api.crm.getDeal({ params: { dealId: id }, signal });
  }
}

/** Filters as the list pages keep them (strings), with page size and cursor. */
type LooseQuery = Record<string, string | number | undefined>;

export function listRecords(
  api: ApiClient,
  type: CoreType,
  query: LooseQuery,
  signal?: AbortSignal,
): Promise<Page<RecordSummary>> {
  switch (type) {
    case 'lead':
      return api.crm.listLeads({ query: query as ApiQuery<'crm', 'listLeads'>, signal });
    case 'contact':
      return api.crm.listContacts({ query: query as ApiQuery<'crm', 'listContacts'>, signal });
    case 'company':
      return api.crm.listCompanies({ query: query as ApiQuery<'crm', 'listCompanies'>, signal });
    case 'deal':
      return api.crm.listDeals({ query: query as ApiQuery<'crm', 'listDeals'>, signal });
  }
}

/** The forms build bodies field by field; the server validates them against the type's schema. */
type LooseBody = Record<string, unknown>;

export function createRecord(api: ApiClient, type: CoreType, body: LooseBody): Promise<CreatedView<CoreRecordView>> {
  switch (type) {
    case 'lead':
      return api.crm.createLead({ body: body as ApiBody<'crm', 'createLead'> });
    case 'contact':
      return api.crm.createContact({ body: body as ApiBody<'crm', 'createContact'> });
    case 'company':
      return api.crm.createCompany({ body: body as ApiBody<'crm', 'createCompany'> });
    case 'deal':
      return api.crm.createDeal({ body: body as ApiBody<'crm', 'createDeal'> });
  }
}

export function patchRecord(api: ApiClient, type: CoreType, id: string, body: LooseBody): Promise<CoreRecordView> {
  switch (type) {
    case 'lead':
      return api.crm.patchLead({ params: { leadId: id }, body: body as ApiBody<'crm', 'patchLead'> });
    case 'contact':
      return api.crm.patchContact({ params: { contactId: id }, body: body as ApiBody<'crm', 'patchContact'> });
    case 'company':
      return api.crm.patchCompany({ params: { companyId: id }, body: body as ApiBody<'crm', 'patchCompany'> });
    case 'deal':
      return api.crm.patchDeal({ params: { dealId: id }, body: body as ApiBody<'crm', 'patchDeal'> });
  }
}

export function deleteRecord(api: ApiClient, type: CoreType, id: string, version: number): Promise<void> {
  const query = { version };
  switch (type) {
    case 'lead':
      return api.crm.deleteLead({ params: { leadId: id }, query });
    case 'contact':
      return api.crm.deleteContact({ params: { contactId: id }, query });
    case 'company':
      return api.crm.deleteCompany({ params: { companyId: id }, query });
    case 'deal':
      return api.crm.deleteDeal({ params: { dealId: id }, query });
  }
}

/** Cache keys of a record's side lists (paths of their routes). */
export const activitiesPath = (recordId: string) => apiPaths.crm.listActivities({ params: { recordId } });
export const linksPath = (recordId: string) => apiPaths.crm.listLinks({ params: { recordId } });
export const duplicatesPath = (recordId: string) => apiPaths.crm.recordDuplicates({ params: { recordId } });
