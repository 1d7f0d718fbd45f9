/** Server state of the workgroups pages (TanStack Query hooks); shapes from shared/workgroups/contract.ts. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateGroupBody, GroupDetail, UpdateGroupBody } from '../../../shared/workgroups/contract';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import { useApi } from '../services';

export const gkeys = {
  all: ['groups'] as const,
  mine: ['groups', 'mine'] as const,
  open: (q: string) => ['groups', 'open', q] as const,
  group: (id: string) => ['groups', 'group', id] as const,
  members: (id: string) => ['groups', 'group', id, 'members'] as const,
  requests: (id: string) => ['groups', 'group', id, 'requests'] as const,
};

export function useMyGroups(enabled = true) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: gkeys.mine,
    queryFn: ({ pageParam, signal }) => {
      return api.workgroups.listMine({ query: { limit: 50, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled,
    staleTime: 60_000,
    meta: { errorKey: 'workgroups.errors.list' },
  });
}

export function useOpenGroups(q: string, enabled: boolean) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: gkeys.open(q),
    queryFn: ({ pageParam, signal }) => {
      return api.workgroups.listOpen({ query: { limit: 50, q, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled,
    meta: { errorKey: 'workgroups.errors.list' },
  });
}

export function useGroup(groupId: string) {
  const api = useApi();
  return useQuery({
    queryKey: gkeys.group(groupId),
    queryFn: ({ signal }) => api.workgroups.get({ params: { groupId }, signal }),
    enabled: groupId !== '',
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function useMembers(groupId: string, enabled: boolean) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: gkeys.members(groupId),
    queryFn: ({ pageParam, signal }) => {
      return api.workgroups.listMembers({ params: { groupId }, query: { limit: 100, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled,
  });
}

export function useRequests(groupId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: gkeys.requests(groupId),
    queryFn: ({ signal }) => api.workgroups.listRequests({ params: { groupId }, signal }),
    enabled,
  });
}

export function useCreateGroup() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateGroupBody) => api.workgroups.create({ body }),
    onSuccess: (g) => {
      qc.setQueryData(gkeys.group(g.groupId), g);
      void qc.invalidateQueries({ queryKey: gkeys.mine });
      void qc.invalidateQueries({ queryKey: ['groups', 'open'] });
    },
  });
}

export function conflictCurrentGroup(e: unknown): GroupDetail | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const cur = (e.body as { current?: GroupDetail } | undefined)?.current;
  return cur && typeof cur.version === 'number' ? cur : undefined;
}

export function useUpdateGroup(groupId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateGroupBody) => api.workgroups.update({ params: { groupId }, body }),
    onSuccess: (g) => {
      qc.setQueryData(gkeys.group(groupId), g);
      void qc.invalidateQueries({ queryKey: gkeys.mine });
    },
  });
}

/** One write to the group a hook serves, through the typed client: `(api, groupId) => api.workgroups.join(…)`. */
export type GroupCall = (api: ApiClient, groupId: string) => Promise<unknown>;

/** Any other group write: refetch the group, its members and requests, and my groups. */
export function useGroupWrite(groupId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (call: GroupCall) => call(api, groupId),
    onSuccess: (answer) => {
      if (answer && typeof answer === 'object' && 'stages' in answer)
        qc.setQueryData(gkeys.group(groupId), answer as GroupDetail);
      void qc.invalidateQueries({ queryKey: gkeys.group(groupId) });
      void qc.invalidateQueries({ queryKey: gkeys.mine });
    },
    meta: { errorKey: 'workgroups.errors.save' },
  });
}

/**
 * A versioned group write (edit, stages, roles) where a stale version is a result, not an error: a 409 with the
 * current group answers `{ conflict }` (the page shows it with reload / save mine on top); other errors are notified.
 */
export function useGroupVersionedWrite(groupId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (call: GroupCall): Promise<{ saved: unknown } | { conflict: GroupDetail }> => {
      try {
        return { saved: await call(api, groupId) };
      } catch (e) {
        const current = conflictCurrentGroup(e);
        if (current) return { conflict: current };
        throw e;
      }
    },
    onSuccess: (r) => {
      const answer = 'saved' in r ? r.saved : null;
      if (answer && typeof answer === 'object' && 'stages' in answer)
        qc.setQueryData(gkeys.group(groupId), answer as GroupDetail);
      void qc.invalidateQueries({ queryKey: gkeys.group(groupId) });
      void qc.invalidateQueries({ queryKey: gkeys.mine });
    },
    meta: { errorKey: 'workgroups.errors.save' },
  });
}

export function useJoin(groupId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.workgroups.join({ params: { groupId } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: gkeys.group(groupId) });
      void qc.invalidateQueries({ queryKey: gkeys.mine });
    },
    meta: { errorKey: 'workgroups.errors.save' },
  });
}
