/**
 * The CRM API as the pages use it (TanStack Query hooks over shared/crm/contract.ts, documents-contract.ts and
 * intake-contract.ts). A write answers the whole record: it replaces the cached record; lists and boards
 * (index rows on the server) are refetched.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  ActivityView,
  BoardView,
  CoreType,
  DuplicatesView,
  LinkView,
  PipelinesView,
  ProductView,
  RecordSummary,
  SettingsAnswer,
} from '../../../shared/crm/contract';
import type { QueueView } from '../../../shared/crm/intake-contract';
import { useApi } from '../services';
import { ck, enc, useCursorList, useOne, withQuery, type CursorPage } from './api-base';

export const TYPE_PATH: Record<CoreType, string> = {
  lead: '/crm/leads',
  contact: '/crm/contacts',
  company: '/crm/companies',
  deal: '/crm/deals',
};
export const TYPE_ROUTE: Record<string, string> = {
  lead: '/crm/leads',
  contact: '/crm/contacts',
  company: '/crm/companies',
  deal: '/crm/deals',
  invoice: '/crm/invoices',
  quote: '/crm/quotes',
};
export const recordPath = (type: CoreType, id: string) => `${TYPE_PATH[type]}/${enc(id)}`;
export const routeOf = (type: string, id: string) => `${TYPE_ROUTE[type] ?? '/crm'}/${id}`;

/** After any CRM write: lists and boards are stale (their rows are the server's index rows). */
export function invalidateLists(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ['crm', 'list'] });
  void qc.invalidateQueries({ queryKey: ['crm', 'board'] });
}

export function useSettings() {
  const api = useApi();
  return useQuery({
    queryKey: ck.one('/crm/settings'),
    queryFn: ({ signal }) => api<SettingsAnswer>('/crm/settings', { signal }),
    staleTime: 60_000,
  });
}

export function usePipelines() {
  const api = useApi();
  return useQuery({
    queryKey: ck.one('/crm/pipelines'),
    queryFn: ({ signal }) =>
      api<PipelinesView>('/crm/pipelines', { signal }).then((r) => [...r.items].sort((a, b) => a.order - b.order)),
    staleTime: 60_000,
  });
}

export function useBoard(scope: string, pipelineId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ck.board(scope, pipelineId),
    queryFn: ({ signal }) =>
      api<BoardView>(withQuery('/crm/deals/board', { scope, pipelineId, limit: 20 }), { signal }),
    refetchInterval: 30_000,
    meta: { errorKey: 'crm.errors.load' },
  });
}

export const useRecordList = (type: CoreType, params: Record<string, string>, enabled = true) =>
  useCursorList<RecordSummary>(TYPE_PATH[type], params, { enabled });

export const useRecord = <T>(type: CoreType, id: string) => useOne<T>(id ? recordPath(type, id) : '');

export const useTimeline = (recordId: string) =>
  useCursorList<ActivityView>(`/crm/records/${enc(recordId)}/activities`, {}, { limit: 20 });
export const useLinks = (recordId: string, type?: string) =>
  useCursorList<LinkView>(`/crm/records/${enc(recordId)}/links`, type ? { type } : {}, { limit: 50 });
export const useRecordDuplicates = (recordId: string, enabled = true) =>
  useOne<DuplicatesView>(`/crm/records/${enc(recordId)}/duplicates`, enabled);
export const useProducts = (q: string, archived = false) =>
  useCursorList<ProductView>('/crm/products', { ...(q ? { q } : {}), archived: String(archived) }, { limit: 50 });

export function useQueues() {
  const api = useApi();
  return useQuery({
    queryKey: ck.one('/crm/queues'),
    queryFn: ({ signal }) => api<CursorPage<QueueView>>('/crm/queues?limit=100', { signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

/**
 * A write on a record at `path` answering the record T: the cached copy is replaced, lists refetched; the
 * timeline too (most writes add an activity).
 */
export function useRecordWrite<T, V>(
  path: string,
  send: (v: V) => { path?: string; method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown },
  recordId?: string,
) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => {
      const r = send(v);
      return api<T>(r.path ?? path, { method: r.method, body: r.body });
    },
    onSuccess: (data) => {
      if (data && typeof data === 'object' && 'version' in data) qc.setQueryData(ck.one(path), data);
      invalidateLists(qc);
      if (recordId) void qc.invalidateQueries({ queryKey: ck.lists(`/crm/records/${enc(recordId)}/activities`) });
    },
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
