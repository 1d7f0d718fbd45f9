/**
 * The messenger's cache surgery: how live frames, optimistic sends, catch-up pages and "jump to a
 * message" loads land in the TanStack Query cache. The data transformations are pure functions (unit
 * tested in test/unit/web-messenger-cache.test.ts); the QueryClient wrappers below only apply them.
 *
 * Cache layout:
 *   ['messenger','chats']                 infinite Page<ChatSummary> (most recent activity first)
 *   ['messenger','unread']                UnreadView (total → sidebar badge)
 *   ['messenger','chat',id]               ChatDetail (members + their read position, pins)
 *   ['messenger','messages',id]           infinite Page<MessageView>, pages newest first; page 0 holds the newest.
 *                                         The loaded pages are always one contiguous stretch of history
 *                                         (newest … oldest loaded): catch-up and scroll-back rely on it.
 *   ['messenger','readers',id,messageId]  ReaderView[]
 *   ['messenger','file',id,fileId]        presigned GET
 */
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type {
  ChatDetail,
  ChatSummary,
  LastMessageView,
  MessageView,
  MessengerFrame,
  Page,
  UnreadView,
} from '../../../shared/messenger/contract';
import type { ApiClient } from '../../../shared/api/client';
import type { PendingMessage } from './stores';

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
  searchChat: (id: string, q: string) => ['messenger', 'search', id, q] as const,
  searchAll: (q: string) => ['messenger', 'search', '*', q] as const,
};

const newestFirst = (a: MessageView, b: MessageView) =>
  a.messageId < b.messageId ? 1 : a.messageId > b.messageId ? -1 : 0;

// ---------- pure: message pages ----------

/**
 * Inserts or replaces messages in the pages (newest first). A message already there is replaced only
 * by an equal or higher version (a late, older frame never undoes an edit); one not there goes into
 * page 0 in id order — unless it is older than everything loaded: it belongs to history not fetched
 * yet, and scrolling back will load it (adding it would make a hole in the contiguous stretch).
 * Never duplicates; returns the same object when nothing changed.
 */
export function mergeMessages(
  old: Pages<MessageView> | undefined,
  incoming: MessageView[],
): Pages<MessageView> | undefined {
  if (!old || old.pages.length === 0 || incoming.length === 0) return old;
  const fresh = new Map<string, MessageView>();
  for (const m of incoming) {
    const prev = fresh.get(m.messageId);
    if (!prev || prev.version <= m.version) fresh.set(m.messageId, m);
  }
  let changed = false;
  const pages = old.pages.map((page) => {
    let pageChanged = false;
    const items = page.items.map((m) => {
      const f = fresh.get(m.messageId);
      if (!f) return m;
      fresh.delete(m.messageId);
      if (f.version < m.version || f === m) return m;
      pageChanged = true;
      return f;
    });
    if (!pageChanged) return page;
    changed = true;
    return { ...page, items };
  });
  if (fresh.size > 0) {
    const oldestLoaded = oldestId({ ...old, pages });
    const add = [...fresh.values()].filter((m) => !oldestLoaded || m.messageId > oldestLoaded);
    if (add.length > 0) {
      const first = pages[0]!;
      pages[0] = { ...first, items: [...first.items, ...add].sort(newestFirst) };
      changed = true;
    }
  }
  return changed ? { ...old, pages } : old;
}

/** The newest message id in the pages ("" when none). */
export function newestId(data: Pages<MessageView> | undefined): string {
  return data?.pages[0]?.items[0]?.messageId ?? '';
}

/** The oldest message id loaded ("" when none). */
export function oldestId(data: Pages<MessageView> | undefined): string {
  for (const page of [...(data?.pages ?? [])].reverse()) {
    const last = page.items.at(-1);
    if (last) return last.messageId;
  }
  return '';
}

/**
 * Older history fetched with `before=<oldest loaded>` (e.g. to reach a search hit or a quoted message):
 * appended as one more page, keeping the stretch contiguous. `cursor` null = the beginning of the chat.
 */
export function appendOlder(
  old: Pages<MessageView> | undefined,
  page: Page<MessageView>,
): Pages<MessageView> | undefined {
  if (!old) return old;
  const have = new Set(old.pages.flatMap((p) => p.items.map((m) => m.messageId)));
  const items = page.items.filter((m) => !have.has(m.messageId)).sort(newestFirst);
  const before = oldestId(old);
  return { pages: [...old.pages, { items, cursor: page.cursor }], pageParams: [...old.pageParams, before] };
}

/**
 * What the conversation shows, oldest → newest: the server's messages, then my pending sends that the
 * server's copy has not replaced yet (matched by clientMessageId, so a send is never shown twice).
 */
export function withPending(server: MessageView[], pending: PendingMessage[], me: string) {
  const have = new Set(server.filter((m) => m.authorId === me).map((m) => m.clientMessageId));
  const oldestFirst = server.slice().sort((a, b) => -newestFirst(a, b));
  return [
    ...oldestFirst.map((m) => ({ kind: 'sent' as const, m })),
    ...pending.filter((p) => !have.has(p.clientMessageId)).map((p) => ({ kind: 'pending' as const, p })),
  ];
}

// ---------- pure: the chat list ----------

/** The list's summary of a message: same rules as the server's (functions/messenger/views.ts lastMessageOf). */
export function lastMessageOf(m: MessageView): LastMessageView {
  const flat = m.deletedAt ? '' : m.text.replace(/\s+/g, ' ').trim();
  const text = flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
  const files = m.deletedAt ? [] : m.attachments;
  return {
    messageId: m.messageId,
    authorId: m.authorId,
    preview: text,
    at: m.createdAt,
    deleted: m.deletedAt !== null,
    kind: m.system ? 'system' : !text && files.length > 0 ? 'attachment' : 'text',
    ...(m.system ? { system: m.system } : {}),
    ...(!m.system && files.length > 0 ? { attachment: { name: files[0]!.name, count: files.length } } : {}),
  };
}

const byActivity = (a: ChatSummary, b: ChatSummary) =>
  a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : 0;

/**
 * A message reached the list: a newer one becomes the preview and moves the chat up; the same message
 * again (an edit, a repeated frame) refreshes the preview in place. Unread grows only for a message that
 * is strictly newer than both the preview and my read position — a frame delivered twice, or one I have
 * already read elsewhere, is not counted twice. `counted` says whether it was.
 */
export function applyMessageToChats(
  items: ChatSummary[],
  m: MessageView,
  countUnread: boolean,
): { items: ChatSummary[]; found: boolean; counted: boolean } {
  let found = false;
  let counted = false;
  const next = items.map((c) => {
    if (c.chatId !== m.chatId) return c;
    found = true;
    const current = c.lastMessage?.messageId ?? '';
    const newer = m.messageId > current;
    const same = m.messageId === current;
    const count = countUnread && newer && m.messageId > c.lastReadMessageId && !m.system;
    if (count) counted = true;
    if (!newer && !same && !count) return c;
    return {
      ...c,
      lastMessage: newer || same ? lastMessageOf(m) : c.lastMessage,
      lastActivityAt: newer && m.createdAt > c.lastActivityAt ? m.createdAt : c.lastActivityAt,
      unread: c.unread + (count ? 1 : 0),
    };
  });
  return { items: found ? next.sort(byActivity) : items, found, counted };
}

export function addUnread(u: UnreadView | undefined, chatId: string, n: number): UnreadView | undefined {
  if (!u || n === 0) return u;
  const has = u.chats.some((c) => c.chatId === chatId);
  return {
    total: u.total + n,
    chats: has
      ? u.chats.map((c) => (c.chatId === chatId ? { ...c, unread: c.unread + n } : c))
      : [...u.chats, { chatId, unread: n }],
  };
}

export function clearUnread(u: UnreadView | undefined, chatId: string): UnreadView | undefined {
  if (!u) return u;
  const gone = u.chats.find((c) => c.chatId === chatId)?.unread ?? 0;
  return { total: Math.max(0, u.total - gone), chats: u.chats.filter((c) => c.chatId !== chatId) };
}

// ---------- applied to the QueryClient ----------

/** Every message of a chat's cache, newest first. */
export function cachedMessages(qc: QueryClient, chatId: string): MessageView[] {
  return qc.getQueryData<Pages<MessageView>>(mkeys.messages(chatId))?.pages.flatMap((p) => p.items) ?? [];
}

/** Inserts or replaces messages (see mergeMessages). */
export function upsertMessages(qc: QueryClient, chatId: string, incoming: MessageView[]) {
  if (incoming.length === 0 || !qc.getQueryData(mkeys.messages(chatId))) return;
  qc.setQueryData<Pages<MessageView>>(mkeys.messages(chatId), (old) => mergeMessages(old, incoming));
}

/** The newest message id in a chat's cache ("" when none). */
export function newestCachedId(qc: QueryClient, chatId: string): string {
  return newestId(qc.getQueryData<Pages<MessageView>>(mkeys.messages(chatId)));
}

/** Fetches everything after the newest cached message (reconnect, truncated frames): no loss, no duplicates. */
export async function catchUp(api: ApiClient, qc: QueryClient, chatId: string) {
  let after = newestCachedId(qc, chatId);
  if (!after) {
    await qc.invalidateQueries({ queryKey: mkeys.messages(chatId) });
    return;
  }
  for (let round = 0; round < 20; round++) {
    const page = await api.messenger.history({ params: { chatId }, query: { after, limit: 100 } });
    upsertMessages(qc, chatId, page.items);
    const newest = page.items.reduce((max, m) => (m.messageId > max ? m.messageId : max), after);
    if (page.items.length < 100 || newest === after) return;
    after = newest;
  }
}

/**
 * Loads older history until `messageId` is in the cache (a search hit, a quoted or pinned message far
 * back), in pages of 100 so a distant message costs few requests. True when it is there now.
 */
export async function loadUntil(
  api: ApiClient,
  qc: QueryClient,
  chatId: string,
  messageId: string,
  maxPages = 50,
): Promise<boolean> {
  const has = () => cachedMessages(qc, chatId).some((m) => m.messageId === messageId);
  for (let i = 0; i < maxPages && !has(); i++) {
    const data = qc.getQueryData<Pages<MessageView>>(mkeys.messages(chatId));
    const before = oldestId(data);
    if (!data || !before || before < messageId) return has();
    const last = data.pages.at(-1)!;
    if (last.items.length > 0 && !last.cursor && i > 0) return has();
    const page = await api.messenger.history({ params: { chatId }, query: { before, limit: 100 } });
    qc.setQueryData<Pages<MessageView>>(mkeys.messages(chatId), (old) => appendOlder(old, page));
    if (page.items.length === 0 || !page.cursor) break;
  }
  return has();
}

function mapChats(qc: QueryClient, fn: (items: ChatSummary[]) => ChatSummary[]) {
  qc.setQueryData<Pages<ChatSummary>>(mkeys.chats, (old) => {
    if (!old) return old;
    const all = fn(old.pages.flatMap((p) => p.items));
    // Everything in page 0, cursors as they were.
    return { ...old, pages: old.pages.map((p, i) => ({ ...p, items: i === 0 ? all : [] })) };
  });
}

export function chatSummary(qc: QueryClient, chatId: string): ChatSummary | undefined {
  return qc
    .getQueryData<Pages<ChatSummary>>(mkeys.chats)
    ?.pages.flatMap((p) => p.items)
    .find((c) => c.chatId === chatId);
}

/** A new (or edited) message moves its chat to the top with a fresh preview; unread +1 when asked and new. */
export function touchChatList(qc: QueryClient, m: MessageView, opts: { countUnread: boolean }) {
  const list = qc.getQueryData<Pages<ChatSummary>>(mkeys.chats);
  if (!list) {
    if (opts.countUnread && !m.system) qc.setQueryData<UnreadView>(mkeys.unread, (u) => addUnread(u, m.chatId, 1));
    return;
  }
  const r = applyMessageToChats(
    list.pages.flatMap((p) => p.items),
    m,
    opts.countUnread,
  );
  if (r.found) {
    mapChats(qc, () => r.items);
    if (r.counted) qc.setQueryData<UnreadView>(mkeys.unread, (u) => addUnread(u, m.chatId, 1));
    return;
  }
  // A chat the list does not have yet: fetch the list; if the server has not counted this message yet
  // (its stream consumer runs after the send), apply it on top once.
  void qc.invalidateQueries({ queryKey: mkeys.chats }).then(() => {
    const c = chatSummary(qc, m.chatId);
    if (c && (!c.lastMessage || c.lastMessage.messageId < m.messageId)) touchChatList(qc, m, opts);
    else if (opts.countUnread) void qc.invalidateQueries({ queryKey: mkeys.unread });
  });
}

/** I have read a chat up to messageId (here or in another tab). */
export function markReadLocally(qc: QueryClient, chatId: string, messageId: string) {
  mapChats(qc, (items) =>
    items.map((c) =>
      c.chatId === chatId
        ? { ...c, unread: 0, lastReadMessageId: messageId > c.lastReadMessageId ? messageId : c.lastReadMessageId }
        : c,
    ),
  );
  qc.setQueryData<UnreadView>(mkeys.unread, (u) => clearUnread(u, chatId));
}

export function addChatToList(qc: QueryClient, chat: ChatSummary) {
  mapChats(qc, (items) => [chat, ...items.filter((c) => c.chatId !== chat.chatId)].sort(byActivity));
}

export function removeChatFromList(qc: QueryClient, chatId: string) {
  mapChats(qc, (items) => items.filter((c) => c.chatId !== chatId));
  qc.setQueryData<UnreadView>(mkeys.unread, (u) => clearUnread(u, chatId));
  qc.removeQueries({ queryKey: mkeys.chat(chatId) });
  qc.removeQueries({ queryKey: mkeys.messages(chatId) });
}

/** Someone's read position moved: the receipts under my messages follow. */
export function setMemberRead(qc: QueryClient, chatId: string, userId: string, messageId: string) {
  qc.setQueryData<ChatDetail>(mkeys.chat(chatId), (c) =>
    c
      ? {
          ...c,
          members: c.members.map((m) =>
            m.userId === userId && messageId > m.lastReadMessageId ? { ...m, lastReadMessageId: messageId } : m,
          ),
        }
      : c,
  );
  void qc.invalidateQueries({ queryKey: ['messenger', 'readers', chatId] });
}

/** A chat's detail (from an answer or a chat.updated frame): an older version never replaces a newer one. */
export function setChatDetail(qc: QueryClient, chat: ChatDetail) {
  qc.setQueryData<ChatDetail>(mkeys.chat(chat.chatId), (old) => (old && old.version > chat.version ? old : chat));
  mapChats(qc, (items) =>
    items.map((c) => {
      if (c.chatId !== chat.chatId || c.kind === 'direct') return c;
      const { avatar: _old, ...rest } = c;
      return {
        ...rest,
        title: chat.title,
        memberCount: chat.members.length,
        ...(chat.avatar ? { avatar: chat.avatar } : {}),
      };
    }),
  );
}

/**
 * One server frame into the cache (messages, chat list, unread, read positions, chat details). What is
 * not cache — typing, presence, pending sends, browser notifications, navigation — stays with the
 * caller (useMessengerLive); the answer says what it has to do: fetch a truncated message's chat
 * (`catchUp`), or leave a chat I was removed from (`left`).
 */
export function applyFrame(
  qc: QueryClient,
  f: MessengerFrame,
  ctx: { me: string; visibleChatId: string | null },
): { catchUp?: boolean; left?: boolean } {
  switch (f.type) {
    case 'message.new': {
      const m = f.message;
      if (!f.truncated) upsertMessages(qc, f.chatId, [m]);
      const mine = m.authorId === ctx.me;
      touchChatList(qc, m, { countUnread: !mine && ctx.visibleChatId !== f.chatId && !m.system });
      return f.truncated ? { catchUp: true } : {};
    }
    case 'message.updated':
      // a long edited text does not fit a frame: refetch the loaded pages (catch-up only fetches newer ones)
      if (f.truncated) {
        void qc.invalidateQueries({ queryKey: mkeys.messages(f.chatId) });
        return {};
      }
      {
        upsertMessages(qc, f.chatId, [f.message]);
        // a late, older version (the history knows a newer one) does not go back into the list preview either
        const known = cachedMessages(qc, f.chatId).find((m) => m.messageId === f.message.messageId);
        const stale = !!known && known.version > f.message.version;
        if (!stale && chatSummary(qc, f.chatId)?.lastMessage?.messageId === f.message.messageId)
          touchChatList(qc, f.message, { countUnread: false });
        return {};
      }
    case 'chat.read':
      if (f.userId === ctx.me) markReadLocally(qc, f.chatId, f.messageId);
      setMemberRead(qc, f.chatId, f.userId, f.messageId);
      return {};
    case 'chat.updated':
      setChatDetail(qc, f.chat);
      return {};
    case 'chat.added':
      addChatToList(qc, f.chat);
      if (f.chat.unread > 0) void qc.invalidateQueries({ queryKey: mkeys.unread });
      return {};
    case 'chat.removed':
      removeChatFromList(qc, f.chatId);
      return { left: true };
    default:
      return {};
  }
}
