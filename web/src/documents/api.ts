/**
 * Server state of the document editor (TanStack Query). Shapes come from shared/drive/contract.ts.
 * A save is `PUT /drive/documents/{id}/content` with the version the editor started from; somebody else's
 * save in between answers 409 with theirs (`error.current`), which the editor turns into a merge view.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDocumentBody, DocumentView, SaveDocumentBody } from '../../../shared/drive/contract';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { dkeys as driveKeys, useVersions as useDriveVersions } from '../drive/api';

export const dkeys = {
  doc: (id: string) => ['documents', 'doc', id] as const,
  node: (id: string) => ['documents', 'node', id] as const,
  versions: driveKeys.versions,
  version: (id: string, versionId: string) => ['documents', 'version', id, versionId] as const,
};

export function useDocument(nodeId: string) {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.doc(nodeId),
    queryFn: ({ signal }) => api.drive.getDocument({ params: { nodeId }, signal }),
    enabled: nodeId !== '',
    // the editor owns the text once loaded (a background refetch must not replace what is being typed), and
    // every visit starts from the server's current version (nothing cached between visits)
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    meta: { errorKey: 'documents.errors.load' },
  });
}

export function useNodeDetail(nodeId: string) {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.node(nodeId),
    queryFn: ({ signal }) => api.drive.node({ params: { nodeId }, signal }),
    enabled: nodeId !== '',
    gcTime: 0,
    retry: false,
  });
}

/** A version's content (versions never change: cached for good). */
export function useVersionContent(nodeId: string, versionId: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: dkeys.version(nodeId, versionId ?? ''),
    queryFn: ({ signal }) =>
      api.drive.getDocument({ params: { nodeId }, query: { versionId: versionId ?? '' }, signal }),
    enabled: !!versionId,
    staleTime: Infinity,
    meta: { errorKey: 'documents.errors.version' },
  });
}

/** The drive's versions query (one cache for the drive dialog and this history), with the editor's message. */
export const useVersions = (nodeId: string, enabled: boolean) =>
  useDriveVersions(nodeId, enabled, 'documents.errors.versions');

/** The save call itself (the autosave hook drives it; errors are handled there, not as toasts). */
export function useSaveContent(nodeId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return async (body: SaveDocumentBody): Promise<DocumentView> => {
    const view = await api.drive.saveDocument({ params: { nodeId }, body });
    qc.setQueryData(dkeys.version(nodeId, view.versionId), view);
    void qc.invalidateQueries({ queryKey: dkeys.versions(nodeId) });
    return view;
  };
}

/** The other person's version carried by a 409, or undefined when the error is something else. */
export function conflictOf(e: unknown): DocumentView | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  const current = e.body?.current as DocumentView | undefined;
  return current && typeof current.content === 'string' && typeof current.versionId === 'string' ? current : undefined;
}

export function useRestoreVersion(nodeId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (versionId: string) => {
      await api.drive.restoreVersion({ params: { nodeId, versionId } });
      // the restored text is the new current version: read it back whole
      return api.drive.getDocument({ params: { nodeId } });
    },
    onSuccess: (view) => {
      qc.setQueryData(dkeys.version(nodeId, view.versionId), view);
      void qc.invalidateQueries({ queryKey: dkeys.versions(nodeId) });
    },
    meta: { errorKey: 'documents.errors.restore' },
  });
}

export function useCreateDocument() {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDocumentBody) => api.drive.createDocument({ body }),
    onSuccess: () => {
      // the drive browser's folder lists
      void qc.invalidateQueries({ queryKey: ['drive'] });
    },
    meta: { errorKey: 'documents.errors.create' },
  });
}

export function useRenameDocument(nodeId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; version: number }) => api.drive.rename({ params: { nodeId }, body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: dkeys.node(nodeId) });
      void qc.invalidateQueries({ queryKey: ['drive'] });
    },
  });
}
