/** Server state of the workgroups pages (TanStack Query hooks); shapes from shared/workgroups/contract.ts. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateGroupBody,
  GroupDetail,
  GroupSummary,
  JoinAnswer,
  JoinRequestView,
  MemberView,
  Page,
  UpdateGroupBody,
} from '../../../shared/workgroups/contract';
import { ApiError } from '../api/client';
import { useApi } from '../services';

const enc = encodeURIComponent;

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
      const p = new URLSearchParams({ limit: '50' });
      if (pageParam) p.set('cursor', pageParam);
      return api<Page<GroupSummary>>(`/groups?${p.toString()}`, { signal });
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
      const p = new URLSearchParams({ limit: '50' });
      if (q) p.set('q', q);
      if (pageParam) p.set('cursor', pageParam);
      return api<Page<GroupSummary>>(`/groups/open?${p.toString()}`, { signal });
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
    queryFn: ({ signal }) => api<GroupDetail>(`/groups/${enc(groupId)}`, { signal }),
    enabled: groupId !== '',
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function useMembers(groupId: string, enabled: boolean) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: gkeys.members(groupId),
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: '100' });
      if (pageParam) p.set('cursor', pageParam);
      return api<Page<MemberView>>(`/groups/${enc(groupId)}/members?${p.toString()}`, { signal });
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
    queryFn: ({ signal }) => api<{ items: JoinRequestView[] }>(`/groups/${enc(groupId)}/requests`, { signal }),
    enabled,
  });
}

export function useCreateGroup() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateGroupBody) => api<GroupDetail>('/groups', { method: 'POST', body }),
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
    mutationFn: (body: UpdateGroupBody) => api<GroupDetail>(`/groups/${enc(groupId)}`, { method: 'PATCH', body }),
    onSuccess: (g) => {
      qc.setQueryData(gkeys.group(groupId), g);
      void qc.invalidateQueries({ queryKey: gkeys.mine });
    },
  });
}

/** Any other group write: refetch the group, its members and requests, and my groups. */
export function useGroupWrite(groupId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      path,
      method,
      body,
    }: {
      path: string;
      method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      body?: unknown;
    }) => api<unknown>(`/groups/${enc(groupId)}${path}`, { method, body }),
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
    mutationFn: async ({
      path,
      method,
      body,
    }: {
      path: string;
      method: 'PUT' | 'PATCH' | 'DELETE';
      body?: unknown;
    }): Promise<{ saved: unknown } | { conflict: GroupDetail }> => {
      try {
        return { saved: await api<unknown>(`/groups/${enc(groupId)}${path}`, { method, body }) };
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
    mutationFn: () => api<JoinAnswer>(`/groups/${enc(groupId)}/join`, { method: 'POST' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: gkeys.group(groupId) });
      void qc.invalidateQueries({ queryKey: gkeys.mine });
    },
    meta: { errorKey: 'workgroups.errors.save' },
  });
}
