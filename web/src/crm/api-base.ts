/**
 * Plumbing of the CRM's server state (TanStack Query): query keys under ['crm', …], cursor lists, and the
 * "409 → the server's current version" helper. Shapes come from the three contracts in shared/crm/.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import { useApi } from '../services';

export const enc = encodeURIComponent;

export const ck = {
  all: ['crm'] as const,
  list: (path: string, params: Record<string, string>) => ['crm', 'list', path, params] as const,
  lists: (path: string) => ['crm', 'list', path] as const,
  one: (path: string) => ['crm', 'one', path] as const,
  board: (scope: string, pipelineId: string) => ['crm', 'board', scope, pipelineId] as const,
};

export interface CursorPage<T> {
  items: T[];
  cursor: string | null;
}

/** Build `path?a=b` from the non-empty params (links inside the SPA; API calls go through the typed client). */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

/** The query of one cursor-list page: the list's filters, the page size and the cursor. */
export type ListQuery = Record<string, string | number | undefined>;

/** Fetches one page of a cursor list through the typed client. */
export type ListCall<T> = (api: ApiClient, query: ListQuery, signal: AbortSignal) => Promise<CursorPage<T>>;

/**
 * A cursor list: pages flattened by `rows`. `path` (the route's path, from apiPaths) keys the cache; `load`
 * fetches a page.
 */
export function useCursorList<T>(
  path: string,
  params: Record<string, string>,
  load: ListCall<T>,
  opts: { enabled?: boolean; limit?: number } = {},
) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ck.list(path, params),
    queryFn: ({ pageParam, signal }) =>
      load(api, { ...params, limit: opts.limit ?? 30, cursor: pageParam || undefined }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: opts.enabled ?? true,
    meta: { errorKey: 'crm.errors.load' },
  });
}

export const rows = <T>(data: { pages: CursorPage<T>[] } | undefined): T[] => data?.pages.flatMap((p) => p.items) ?? [];

/** One record, keyed by its path (from apiPaths) and fetched by `load`; 404/403 are not retried. */
export function useOne<T>(path: string, load: (api: ApiClient, signal: AbortSignal) => Promise<T>, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ck.one(path),
    queryFn: ({ signal }) => load(api, signal),
    enabled: enabled && path !== '',
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

/** The server's current copy inside a 409 `{current}`, if that is what the error is. */
export function conflictCurrent<T extends { version: number }>(e: unknown): T | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const cur = (e.body as { current?: T } | undefined)?.current;
  return cur && typeof cur.version === 'number' ? cur : undefined;
}
