/** Server state of the drive pages (TanStack Query hooks) and the upload transport; shapes from shared/drive/contract.ts. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NodeView, PrincipalType, Right, SortField, UploadSession } from '../../../shared/drive/contract';
import { LIMITS } from '../../../shared/drive/contract';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import i18n from '../i18n';
import { useApi } from '../services';
import { formatBytes } from './format';
import type { ResumeState, StartedUpload, UploadProblem, UploadTransport } from './upload';

export const dkeys = {
  all: ['drive'] as const,
  drives: ['drive', 'drives'] as const,
  quota: ['drive', 'quota'] as const,
  node: (id: string) => ['drive', 'node', id] as const,
  children: (id: string, sort: SortField, order: 'asc' | 'desc') => ['drive', 'children', id, sort, order] as const,
  childrenOf: (id: string) => ['drive', 'children', id] as const,
  search: (driveId: string, q: string) => ['drive', 'search', driveId, q] as const,
  trash: (driveId: string) => ['drive', 'trash', driveId] as const,
  shared: ['drive', 'shared'] as const,
  versions: (id: string) => ['drive', 'versions', id] as const,
  shares: (id: string) => ['drive', 'shares', id] as const,
  links: (id: string) => ['drive', 'links', id] as const,
  thumb: (id: string, v: string | null) => ['drive', 'thumb', id, v] as const,
};

const notFoundStops = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export function useDrives() {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.drives,
    queryFn: ({ signal }) => api.drive.drives({ signal }),
    staleTime: 60_000,
    meta: { errorKey: 'drive.errors.list' },
  });
}

export function useQuota() {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.quota,
    queryFn: ({ signal }) => api.drive.quota({ signal }),
    staleTime: 30_000,
  });
}

export function useNode(nodeId: string) {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.node(nodeId),
    queryFn: ({ signal }) => api.drive.node({ params: { nodeId }, signal }),
    enabled: nodeId !== '',
    retry: notFoundStops,
  });
}

export function useChildren(nodeId: string, sort: SortField, order: 'asc' | 'desc', enabled = true) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: dkeys.children(nodeId, sort, order),
    queryFn: ({ pageParam, signal }) => {
      return api.drive.children({ params: { nodeId }, query: { sort, order, limit: 50, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: enabled && nodeId !== '',
    retry: notFoundStops,
    // Thumbnails are made just after an upload lands: look again shortly while a fresh image has none yet.
    refetchInterval: (q) => {
      const fresh = Date.now() - 90_000;
      const waiting = q.state.data?.pages.some((p) =>
        p.items.some(
          (n) =>
            n.kind === 'file' &&
            !n.hasThumbnail &&
            (n.contentType ?? '').startsWith('image/') &&
            n.size <= LIMITS.thumbnailSourceMaxBytes &&
            Date.parse(n.updatedAt) > fresh,
        ),
      );
      return waiting ? 3000 : false;
    },
  });
}

export function useSearch(driveId: string, q: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: dkeys.search(driveId, q),
    queryFn: ({ pageParam, signal }) => {
      return api.drive.search({ query: { driveId, q, limit: 50, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: driveId !== '' && q !== '',
    meta: { errorKey: 'drive.errors.list' },
  });
}

export function useTrash(driveId: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: dkeys.trash(driveId),
    queryFn: ({ pageParam, signal }) => {
      return api.drive.listTrash({ query: { driveId, limit: 50, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: driveId !== '',
    meta: { errorKey: 'drive.errors.list' },
  });
}

export function useSharedWithMe() {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: dkeys.shared,
    queryFn: ({ pageParam, signal }) => {
      return api.drive.sharedWithMe({ query: { limit: 50, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    meta: { errorKey: 'drive.errors.list' },
  });
}

/** A node's versions, newest first (the drive's dialog and the document editor's history share this cache). */
export function useVersions(nodeId: string, enabled: boolean, errorKey = 'drive.errors.list') {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: dkeys.versions(nodeId),
    queryFn: ({ pageParam, signal }) => {
      return api.drive.versions({ params: { nodeId }, query: { limit: 50, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: enabled && nodeId !== '',
    meta: { errorKey },
  });
}

export function useShares(nodeId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.shares(nodeId),
    queryFn: ({ signal }) => api.drive.shares({ params: { nodeId }, signal }),
    enabled: enabled && nodeId !== '',
    meta: { errorKey: 'drive.errors.list' },
  });
}

export function useLinks(nodeId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.links(nodeId),
    queryFn: ({ signal }) => api.drive.links({ params: { nodeId }, signal }),
    enabled: enabled && nodeId !== '',
    meta: { errorKey: 'drive.errors.list' },
  });
}

/** The image thumbnail's short-lived URL (refetched before it expires). */
export function useThumbnail(node: NodeView, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.thumb(node.nodeId, node.currentVersionId),
    queryFn: ({ signal }) => api.drive.thumbnail({ params: { nodeId: node.nodeId }, signal }),
    enabled: enabled && node.hasThumbnail,
    staleTime: 200_000,
    refetchInterval: 240_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

export function downloadUrl(api: ApiClient, nodeId: string, opts: { versionId?: string; inline?: boolean } = {}) {
  return api.drive.download({
    params: { nodeId },
    query: { versionId: opts.versionId, inline: opts.inline ? 'true' : undefined },
  });
}

/** Opens a presigned download in the browser (the URL's Content-Disposition names the file). */
export function startDownload(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Every mutation here invalidates the drive's cached lists (folder contents, trash, quota). */
function useDriveMutation<V, R>(fn: (api: ApiClient, v: V) => Promise<R>, errorKey = 'drive.errors.action') {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => fn(api, v),
    onSettled: () => qc.invalidateQueries({ queryKey: dkeys.all }),
    meta: { errorKey },
  });
}

export const useCreateFolder = () =>
  useDriveMutation((api, v: { parentId: string; name: string }) => api.drive.createFolder({ body: v }));

export const useRename = () =>
  useDriveMutation((api, v: { node: NodeView; name: string }) =>
    api.drive.rename({ params: { nodeId: v.node.nodeId }, body: { name: v.name, version: v.node.version } }),
  );

export const useMove = () =>
  useDriveMutation((api, v: { node: NodeView; parentId: string }) =>
    api.drive.move({ params: { nodeId: v.node.nodeId }, body: { parentId: v.parentId, version: v.node.version } }),
  );

export const useCopy = () =>
  useDriveMutation((api, v: { node: NodeView; parentId: string }) =>
    api.drive.copy({ params: { nodeId: v.node.nodeId }, body: { parentId: v.parentId } }),
  );

export const useTrashNode = () =>
  useDriveMutation((api, node: NodeView) =>
    api.drive.trash({ params: { nodeId: node.nodeId }, query: { version: node.version } }),
  );

export const useRestoreNode = () =>
  useDriveMutation((api, node: NodeView) => api.drive.restore({ params: { nodeId: node.nodeId } }));

export const useDeleteForever = () =>
  useDriveMutation((api, node: NodeView) => api.drive.purgeOne({ params: { nodeId: node.nodeId } }));

export const useEmptyTrash = () =>
  useDriveMutation((api, driveId: string) => api.drive.emptyTrash({ query: { driveId } }));

export const useRestoreVersion = () =>
  useDriveMutation((api, v: { nodeId: string; versionId: string }) =>
    api.drive.restoreVersion({ params: { nodeId: v.nodeId, versionId: v.versionId } }),
  );

export const usePutShare = () =>
  useDriveMutation((api, v: { nodeId: string; principalType: PrincipalType; principalId: string; right: Right }) =>
    api.drive.putShare({
      params: { nodeId: v.nodeId },
      body: { principalType: v.principalType, principalId: v.principalId, right: v.right },
    }),
  );

export const useRemoveShare = () =>
  useDriveMutation((api, v: { nodeId: string; principalType: PrincipalType; principalId: string }) =>
    api.drive.removeShare({
      params: { nodeId: v.nodeId, principalType: v.principalType, principalId: v.principalId },
    }),
  );

export const useCreateLink = () =>
  useDriveMutation((api, v: { nodeId: string; expiresAt?: string; password?: string }) =>
    api.drive.createLink({
      params: { nodeId: v.nodeId },
      body: { expiresAt: v.expiresAt, password: v.password },
    }),
  );

export const useRevokeLink = () =>
  useDriveMutation((api, v: { nodeId: string; linkId: string }) =>
    api.drive.revokeLink({ params: { nodeId: v.nodeId, linkId: v.linkId } }),
  );

// ---- uploads ----------------------------------------------------------------------------------

function toStarted(s: UploadSession): StartedUpload {
  return {
    uploadId: s.uploadId,
    mode: s.mode,
    url: s.url,
    partSize: s.partSize,
    parts: s.parts,
    headers: { 'content-type': s.contentType },
  };
}

export function uploadTransport(api: ApiClient): UploadTransport {
  return {
    start: async (file, target, signal) =>
      toStarted(
        await api.drive.startUpload({
          body: { parentId: target.parentId, name: file.name, size: file.size, contentType: file.contentType },
          signal,
        }),
      ),
    resume: async (uploadId, signal): Promise<ResumeState> => {
      const s = await api.drive.getUpload({ params: { uploadId }, signal });
      return {
        ...toStarted(s),
        done: (s.uploadedParts ?? []).map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
      };
    },
    complete: async (uploadId, parts, signal) => {
      const n = await api.drive.completeUpload({
        params: { uploadId },
        body: parts.length ? { parts } : {},
        signal,
      });
      return { nodeId: n.nodeId };
    },
    reportPart: async (uploadId, partNumber, etag, signal) => {
      await api.drive.reportPart({ params: { uploadId, partNumber }, body: { etag }, signal });
    },
    abort: async (uploadId) => {
      await api.drive.abortUpload({ params: { uploadId } });
    },
  };
}

/** An upload error as a translatable problem (drive.upload.errors.*). */
export function describeUploadError(e: unknown): UploadProblem {
  if (e instanceof ApiError) {
    if (e.isNetwork) return { code: 'network', message: e.message };
    if (/quota/i.test(e.code)) return { code: 'quota', message: e.message };
    if (e.status === 413) {
      const max = typeof e.body?.maxFileBytes === 'number' ? formatBytes(e.body.maxFileBytes, i18n.language) : '';
      return max
        ? { code: 'tooLarge', message: e.message, values: { max } }
        : { code: 'tooLargeServer', message: e.message };
    }
    if (e.status === 403) return { code: 'forbidden', message: e.message };
    if (e.status === 404) return { code: 'notFound', message: e.message };
    if (e.status === 400 || e.status === 422 || e.status === 409)
      return { code: 'invalid', message: e.message, values: { message: e.message } };
    return { code: 'server', message: e.message, values: { message: `${e.status} ${e.message}` } };
  }
  const status = (e as { status?: number } | undefined)?.status;
  if (status === 0) return { code: 'network', message: 'network' };
  return { code: 'failed', message: (e as Error)?.message ?? String(e) };
}
