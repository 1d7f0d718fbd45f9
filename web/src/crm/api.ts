/**
 * The CRM API as the pages use it (TanStack Query hooks over shared/crm/contract.ts, documents-contract.ts and
 * intake-contract.ts). A write answers the whole record: it replaces the cached record; lists and boards
 * (index rows on the server) are refetched.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  ActivityView,
  CoreType,
  DuplicatesView,
  LinkView,
  ProductView,
  RecordSummary,
} from '../../../shared/crm/contract';
import { apiPaths, type ApiQuery } from '../../../shared/api/client';
import { useApi } from '../services';
import { ck, useCursorList, useOne } from './api-base';
import {
  activitiesPath,
  duplicatesPath,
  getRecord,
  linksPath,
  listPath,
  listRecords,
  recordPath,
} from './record-calls';

export { recordPath };

/** The SPA's page of each record type (react-router paths, not API calls). */
export const TYPE_ROUTE: Record<string, string> = {
  lead: '/crm/leads',
  contact: '/crm/contacts',
  company: '/crm/companies',
  deal: '/crm/deals',
  invoice: '/crm/invoices',
  quote: '/crm/quotes',
};
export const routeOf = (type: string, id: string) => `${TYPE_ROUTE[type] ?? '/crm'}/${id}`;

/** After any CRM write: lists and boards are stale (their rows are the server's index rows). */
export function invalidateLists(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ['crm', 'list'] });
  void qc.invalidateQueries({ queryKey: ['crm', 'board'] });
}

export function useSettings() {
  const api = useApi();
  return useQuery({
    queryKey: ck.one(apiPaths.crm.getSettings()),
    queryFn: ({ signal }) => api.crm.getSettings({ signal }),
    staleTime: 60_000,
  });
}

export function usePipelines() {
  const api = useApi();
  return useQuery({
    queryKey: ck.one(apiPaths.crm.listPipelines()),
    queryFn: ({ signal }) =>
      api.crm.listPipelines({ signal }).then((r) => [...r.items].sort((a, b) => a.order - b.order)),
    staleTime: 60_000,
  });
}

export function useBoard(scope: string, pipelineId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ck.board(scope, pipelineId),
    queryFn: ({ signal }) => api.crm.board({ query: { scope, pipelineId, limit: 20 }, signal }),
    refetchInterval: 30_000,
    meta: { errorKey: 'crm.errors.load' },
  });
}

export const useRecordList = (type: CoreType, params: Record<string, string>, enabled = true) =>
  useCursorList<RecordSummary>(listPath(type), params, (api, query, signal) => listRecords(api, type, query, signal), {
    enabled,
  });

export const useRecord = <T>(type: CoreType, id: string) =>
  useOne<T>(
    id ? recordPath(type, id) : '',
    // the caller names the record type it asked for (T is that type's view)
    (api, signal) => getRecord(api, type, id, signal) as Promise<T>,
  );

export const useTimeline = (recordId: string) =>
  useCursorList<ActivityView>(
    activitiesPath(recordId),
    {},
    (api, query, signal) => api.crm.listActivities({ params: { recordId }, query, signal }),
    { limit: 20 },
  );
export const useLinks = (recordId: string, type?: string) =>
  useCursorList<LinkView>(
    linksPath(recordId),
    type ? { type } : {},
    (api, query, signal) =>
      api.crm.listLinks({ params: { recordId }, query: query as ApiQuery<'crm', 'listLinks'>, signal }),
    { limit: 50 },
  );
export const useRecordDuplicates = (recordId: string, enabled = true) =>
  useOne<DuplicatesView>(
    duplicatesPath(recordId),
    (api, signal) => api.crm.recordDuplicates({ params: { recordId }, signal }),
    enabled,
  );
export const useProducts = (q: string, archived = false) =>
  useCursorList<ProductView>(
    apiPaths.crm.listProducts(),
    { ...(q ? { q } : {}), archived: String(archived) },
    (api, query, signal) => api.crm.listProducts({ query: query as ApiQuery<'crm', 'listProducts'>, signal }),
    { limit: 50 },
  );

export function useQueues() {
  const api = useApi();
  return useQuery({
    queryKey: ck.one(apiPaths.crmIntake.listQueues()),
    queryFn: ({ signal }) => api.crmIntake.listQueues({ query: { limit: 100 }, signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

/** Put the server's current copy (from a 409) into the cache so the page shows it. */
export function useAdoptCurrent() {
  const qc = useQueryClient();
  return (path: string, current: unknown) => {
    if (current) qc.setQueryData(ck.one(path), current);
    else void qc.invalidateQueries({ queryKey: ck.one(path) });
  };
}
