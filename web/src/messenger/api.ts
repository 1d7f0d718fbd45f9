/**
 * Server state of the messenger (TanStack Query) and the cache surgery the live frames and optimistic
 * sends need. Shapes come from shared/messenger/contract.ts so the SPA and the API cannot drift.
 *
 * Cache layout:
 *   ['messenger','chats']                 infinite Page<ChatSummary> (most recent activity first)
 *   ['messenger','unread']                UnreadView (total → sidebar badge)
 *   ['messenger','chat',id]               ChatDetail (members + their read position, pins)
 *   ['messenger','messages',id]           infinite Page<MessageView>, pages newest first; page 0 holds the newest
 *   ['messenger','readers',id,messageId]  ReaderView[]
 *   ['messenger','file',id,fileId]        presigned GET
 */
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { AttachmentUpload, ChatDetail, ChatSummary, MessageView, Page, ReaderView, UnreadView } from '../../../shared/messenger/contract';
import { LIMITS } from '../../../shared/messenger/contract';
import type { Api } from '../api/client';
import { ApiError } from '../api/client';
import { useApi } from '../services';

export type Pages<T> = InfiniteData<Page<T>, string>;

export const mkeys = {
  all: ['messenger'] as const,
  chats: ['messenger', 'chats'] as const,
  unread: ['messenger', 'unread'] as const,
  chat: (id: string) => ['messenger', 'chat', id] as const,
  messagesAll: ['messenger', 'messages'] as const,
  messages: (id: string) => ['messenger', 'messages', id] as const,
  readers: (id: string, messageId: string) => ['messenger', 'readers', id, messageId] as const,
  file: (id: string, fileId: string) => ['messenger', 'file', id, fileId] as const,
};

export const HISTORY_PAGE = 30;

const enc = encodeURIComponent;

export function useChats() {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: mkeys.chats,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: String(LIMITS.pageSize) });
      if (pageParam) p.set('cursor', pageParam);
      return api<Page<ChatSummary>>(`/chats?${p.toString()}`, { signal });
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
    queryFn: ({ signal }) => api<UnreadView>('/chats/unread', { signal }),
    enabled,
    staleTime: 60_000,
    retry: 1,
  });
}

export function useChat(chatId: string) {
  const api = useApi();
  return useQuery({
    queryKey: mkeys.chat(chatId),
    queryFn: ({ signal }) => api<ChatDetail>(`/chats/${enc(chatId)}`, { signal }),
    enabled: chatId !== '',
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

/** History newest first: each page asks for messages `before` the oldest one already loaded. */
export function useMessages(chatId: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: mkeys.messages(chatId),
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: String(HISTORY_PAGE) });
      if (pageParam) p.set('before', pageParam);
      return api<Page<MessageView>>(`/chats/${enc(chatId)}/messages?${p.toString()}`, { signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => {
      const oldest = last.items.at(-1);
      if (!oldest) return undefined;
      // a short page without a cursor is the beginning of the chat
      if (last.items.length < HISTORY_PAGE && !last.cursor) return undefined;
      return oldest.messageId;
    },
    enabled: chatId !== '',
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
    queryFn: ({ signal }) => api<{ readers: ReaderView[] }>(`/chats/${enc(chatId)}/messages/${enc(messageId)}/readers`, { signal }),
    enabled,
    staleTime: 5_000,
  });
}

export function useFileUrl(chatId: string, fileId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: mkeys.file(chatId, fileId),
    queryFn: ({ signal }) => api<{ url: string }>(`/chats/${enc(chatId)}/attachments/${enc(fileId)}`, { signal }),
    enabled,
    staleTime: 4 * 60_000,
  });
}

// ---------- cache surgery ----------

/** Every message of a chat's cache, newest first. */
export function cachedMessages(qc: QueryClient, chatId: string): MessageView[] {
  return qc.getQueryData<Pages<MessageView>>(mkeys.messages(chatId))?.pages.flatMap((p) => p.items) ?? [];
}

/** Inserts or replaces messages (by messageId, and by clientMessageId for my own); never duplicates. */
export function upsertMessages(qc: QueryClient, chatId: string, incoming: MessageView[]) {
  if (incoming.length === 0) return;
  qc.setQueryData<Pages<MessageView>>(mkeys.messages(chatId), (old) => {
    if (!old || old.pages.length === 0) return old;
    const fresh = new Map<string, MessageView>();
    for (const m of incoming) {
      const prev = fresh.get(m.messageId);
      if (!prev || prev.version <= m.version) fresh.set(m.messageId, m);
    }
    const pages = old.pages.map((page) => {
      let changed = false;
      const items = page.items.map((m) => {
        const f = fresh.get(m.messageId);
        if (!f) return m;
        fresh.delete(m.messageId);
        if (f.version < m.version) return m;
        changed = true;
        return f;
      });
      return changed ? { ...page, items } : page;
    });
    if (fresh.size > 0) {
      // New ones go to the newest page unless they are older than everything loaded (then they belong to
      // history not yet fetched: scrolling back will load them).
      const oldestLoaded = pages.at(-1)?.items.at(-1)?.messageId ?? '';
      const add = [...fresh.values()].filter((m) => m.messageId > oldestLoaded || !pages.at(-1)?.items.length);
      if (add.length > 0) {
        const first = pages[0]!;
        const items = [...first.items, ...add].sort((a, b) => (a.messageId < b.messageId ? 1 : a.messageId > b.messageId ? -1 : 0));
        pages[0] = { ...first, items };
      }
    }
    return { ...old, pages };
  });
}

/** The newest message id in a chat's cache ("" when none). */
export function newestCachedId(qc: QueryClient, chatId: string): string {
  const first = qc.getQueryData<Pages<MessageView>>(mkeys.messages(chatId))?.pages[0]?.items[0];
  return first?.messageId ?? '';
}

/** Fetches everything after the newest cached message (reconnect, truncated frames): no loss, no duplicates. */
export async function catchUp(api: Api, qc: QueryClient, chatId: string) {
  let after = newestCachedId(qc, chatId);
  if (!after) {
    await qc.invalidateQueries({ queryKey: mkeys.messages(chatId) });
    return;
  }
  for (let round = 0; round < 20; round++) {
    const p = new URLSearchParams({ after, limit: '100' });
    const page = await api<Page<MessageView>>(`/chats/${enc(chatId)}/messages?${p.toString()}`);
    upsertMessages(qc, chatId, page.items);
    const newest = page.items.reduce((max, m) => (m.messageId > max ? m.messageId : max), after);
    if (page.items.length < 100 || newest === after) return;
    after = newest;
  }
}

function mapChats(qc: QueryClient, fn: (items: ChatSummary[]) => ChatSummary[]) {
  qc.setQueryData<Pages<ChatSummary>>(mkeys.chats, (old) => {
    if (!old) return old;
    const all = fn(old.pages.flatMap((p) => p.items));
    // Keep the page boundaries' count roughly: everything in page 0, cursors as they were.
    return { ...old, pages: old.pages.map((p, i) => ({ ...p, items: i === 0 ? all : [] })) };
  });
}

export function chatSummary(qc: QueryClient, chatId: string): ChatSummary | undefined {
  return qc.getQueryData<Pages<ChatSummary>>(mkeys.chats)?.pages.flatMap((p) => p.items).find((c) => c.chatId === chatId);
}

/** A new (or edited) message moves its chat to the top with a fresh preview; unread +1 when asked. */
export function touchChatList(qc: QueryClient, m: MessageView, opts: { countUnread: boolean }) {
  let found = false;
  mapChats(qc, (items) => {
    const next = items.map((c) => {
      if (c.chatId !== m.chatId) return c;
      found = true;
      const isNewer = !c.lastMessage || c.lastMessage.messageId <= m.messageId;
      return {
        ...c,
        lastMessage: isNewer
          ? { messageId: m.messageId, authorId: m.authorId, preview: m.text.slice(0, 140), at: m.createdAt, deleted: m.deletedAt !== null }
          : c.lastMessage,
        lastActivityAt: isNewer && m.createdAt > c.lastActivityAt ? m.createdAt : c.lastActivityAt,
        unread: c.unread + (opts.countUnread ? 1 : 0),
      };
    });
    return next.sort((a, b) => (a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : 0));
  });
  if (opts.countUnread) {
    qc.setQueryData<UnreadView>(mkeys.unread, (u) => {
      if (!u) return u;
      const has = u.chats.some((c) => c.chatId === m.chatId);
      return {
        total: u.total + 1,
        chats: has ? u.chats.map((c) => (c.chatId === m.chatId ? { ...c, unread: c.unread + 1 } : c)) : [...u.chats, { chatId: m.chatId, unread: 1 }],
      };
    });
  }
  if (!found && qc.getQueryData(mkeys.chats)) {
    // A chat the list does not have yet: fetch the list; if the server has not counted this message yet
    // (its stream consumer runs after the send), apply it on top once.
    void qc.invalidateQueries({ queryKey: mkeys.chats }).then(() => {
      const c = chatSummary(qc, m.chatId);
      if (c && (!c.lastMessage || c.lastMessage.messageId < m.messageId)) touchChatList(qc, m, { countUnread: false });
      if (c && opts.countUnread && c.lastReadMessageId < m.messageId && (!c.lastMessage || c.lastMessage.messageId < m.messageId)) {
        mapChats(qc, (items) => items.map((x) => (x.chatId === m.chatId ? { ...x, unread: x.unread + 1 } : x)));
      }
    });
  }
}

/** I have read a chat up to messageId (here or in another tab). */
export function markReadLocally(qc: QueryClient, chatId: string, messageId: string) {
  mapChats(qc, (items) =>
    items.map((c) => (c.chatId === chatId ? { ...c, unread: 0, lastReadMessageId: messageId > c.lastReadMessageId ? messageId : c.lastReadMessageId } : c)),
  );
  qc.setQueryData<UnreadView>(mkeys.unread, (u) => {
    if (!u) return u;
    const gone = u.chats.find((c) => c.chatId === chatId)?.unread ?? 0;
    return { total: Math.max(0, u.total - gone), chats: u.chats.filter((c) => c.chatId !== chatId) };
  });
}

export function addChatToList(qc: QueryClient, chat: ChatSummary) {
  mapChats(qc, (items) => [chat, ...items.filter((c) => c.chatId !== chat.chatId)]);
}

export function removeChatFromList(qc: QueryClient, chatId: string) {
  mapChats(qc, (items) => items.filter((c) => c.chatId !== chatId));
  qc.setQueryData<UnreadView>(mkeys.unread, (u) => {
    if (!u) return u;
    const gone = u.chats.find((c) => c.chatId === chatId)?.unread ?? 0;
    return { total: Math.max(0, u.total - gone), chats: u.chats.filter((c) => c.chatId !== chatId) };
  });
  qc.removeQueries({ queryKey: mkeys.chat(chatId) });
  qc.removeQueries({ queryKey: mkeys.messages(chatId) });
}

/** Someone's read position moved: the receipts under my messages follow. */
export function setMemberRead(qc: QueryClient, chatId: string, userId: string, messageId: string) {
  qc.setQueryData<ChatDetail>(mkeys.chat(chatId), (c) =>
    c ? { ...c, members: c.members.map((m) => (m.userId === userId && messageId > m.lastReadMessageId ? { ...m, lastReadMessageId: messageId } : m)) } : c,
  );
  void qc.invalidateQueries({ queryKey: ['messenger', 'readers', chatId] });
}

export function setChatDetail(qc: QueryClient, chat: ChatDetail) {
  qc.setQueryData<ChatDetail>(mkeys.chat(chat.chatId), (old) => (old && old.version > chat.version ? old : chat));
  mapChats(qc, (items) => items.map((c) => (c.chatId === chat.chatId && c.kind !== 'direct' ? { ...c, title: chat.title, memberCount: chat.members.length } : c)));
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
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new ApiError(xhr.status, `HTTP_${xhr.status}`, xhr.statusText || 'Upload failed')));
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Upload failed'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export async function uploadAttachment(api: Api, chatId: string, file: File, onProgress: (f: number) => void, signal?: AbortSignal): Promise<string> {
  const contentType = file.type && /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream';
  const up = await api<AttachmentUpload>(`/chats/${enc(chatId)}/attachments`, { method: 'POST', body: { name: file.name.replace(/[/\\]/g, '_'), size: file.size, contentType } });
  const headers = Object.keys(up.headers).some((h) => h.toLowerCase() === 'content-type') ? up.headers : { 'content-type': contentType, ...up.headers };
  await putWithProgress(up.uploadUrl, file, headers, onProgress, signal);
  return up.fileId;
}

export function useInvalidateMessenger() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: mkeys.all });
}
