/**
 * Server state of the messenger (TanStack Query hooks). Shapes come from shared/messenger/contract.ts
 * so the SPA and the API cannot drift; the cache layout and the surgery live frames and optimistic sends
 * need are in cache.ts (re-exported here).
 */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { LIMITS } from '../../../shared/messenger/contract';
import type { ApiClient } from '../../../shared/api/client';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { mkeys } from './cache';

export * from './cache';

export const HISTORY_PAGE = 30;

export function useChats() {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: mkeys.chats,
    queryFn: ({ pageParam, signal }) => {
      return api.messenger.listChats({ query: { limit: LIMITS.pageSize, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    meta: { errorKey: 'messenger.errors.chats' },
  });
}

export function useUnread(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: mkeys.unread,
    queryFn: ({ signal }) => api.messenger.unread({ signal }),
    enabled,
    staleTime: 60_000,
    retry: 1,
  });
}

export function useChat(chatId: string) {
  const api = useApi();
  return useQuery({
    queryKey: mkeys.chat(chatId),
    queryFn: ({ signal }) => api.messenger.getChat({ params: { chatId }, signal }),
    enabled: chatId !== '',
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

/**
 * History newest first: each page asks for messages `before` the oldest one already loaded. `enabled`: a workgroup
 * chat's history waits for its detail (GET /chats/wg-… creates a chat no event reached yet).
 */
export function useMessages(chatId: string, enabled = true) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: mkeys.messages(chatId),
    queryFn: ({ pageParam, signal }) => {
      return api.messenger.history({ params: { chatId }, query: { limit: HISTORY_PAGE, before: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => {
      const oldest = last.items.at(-1);
      if (!oldest) return undefined;
      // a short page without a cursor is the beginning of the chat
      if (last.items.length < HISTORY_PAGE && !last.cursor) return undefined;
      return oldest.messageId;
    },
    enabled: chatId !== '' && enabled,
    // live frames keep it fresh; a reconnect fetches `after=` the newest id (see live.ts)
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function useReaders(chatId: string, messageId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: mkeys.readers(chatId, messageId),
    queryFn: ({ signal }) => api.messenger.readers({ params: { chatId, messageId }, signal }),
    enabled,
    staleTime: 5_000,
  });
}

/** Presigned URLs of a chat file (and its thumbnail once made: `thumb` is part of the key, so the announcement refetches). */
export function useFileUrl(chatId: string, fileId: string, enabled = true, thumb = false) {
  const api = useApi();
  return useQuery({
    queryKey: [...mkeys.file(chatId, fileId), thumb ? 'thumb' : 'full'],
    queryFn: ({ signal }) => api.messenger.getAttachment({ params: { chatId, fileId }, signal }),
    enabled,
    staleTime: 4 * 60_000,
  });
}

/** Messages of one chat matching q (every word, prefixes; ≥ 2 characters), newest first. */
export function useChatSearch(chatId: string, q: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: mkeys.searchChat(chatId, q),
    queryFn: ({ pageParam, signal }) => {
      return api.messenger.searchChat({ params: { chatId }, query: { q, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: chatId !== '' && q.trim().length >= 2,
    staleTime: 30_000,
    meta: { errorKey: 'messenger.errors.search' },
  });
}

/** Messages matching q across all my chats. */
export function useMessageSearch(q: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: mkeys.searchAll(q),
    queryFn: ({ pageParam, signal }) => {
      return api.messenger.searchAll({ query: { q, cursor: pageParam }, signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: q.trim().length >= 2,
    staleTime: 30_000,
    meta: { errorKey: 'messenger.errors.search' },
  });
}

// ---------- uploads ----------

/** PUT with upload progress (fetch cannot report it; XMLHttpRequest can). */
export function putWithProgress(
  url: string,
  file: Blob,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError(xhr.status, `HTTP_${xhr.status}`, xhr.statusText || 'Upload failed'));
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Upload failed'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export async function uploadAttachment(
  api: ApiClient,
  chatId: string,
  file: File,
  onProgress: (f: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const contentType = file.type && /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream';
  const up = await api.messenger.startAttachment({
    params: { chatId },
    body: { name: file.name.replace(/[/\\]/g, '_'), size: file.size, contentType },
  });
  const headers = Object.keys(up.headers).some((h) => h.toLowerCase() === 'content-type')
    ? up.headers
    : { 'content-type': contentType, ...up.headers };
  await putWithProgress(up.uploadUrl, file, headers, onProgress, signal);
  return up.fileId;
}

export function useInvalidateMessenger() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: mkeys.all });
}
