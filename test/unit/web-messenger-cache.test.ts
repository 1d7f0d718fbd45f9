/**
 * The messenger SPA's cache logic (web/src/messenger/cache.ts): live frames into the TanStack Query
 * cache, de-duplication by messageId / clientMessageId, optimistic pending sends, catch-up after a
 * reconnect and loading older history up to a message — against a real QueryClient, no React.
 */
import { QueryClient } from '@tanstack/query-core';
import { createApiClient } from '../../shared/api/client';
import type { ChatSummary, MessageView, MessengerFrame, Page, UnreadView } from '../../shared/messenger/contract';
import {
  appendOlder,
  applyFrame,
  applyMessageToChats,
  cachedMessages,
  catchUp,
  lastMessageOf,
  loadUntil,
  mergeMessages,
  mkeys,
  withPending,
  type Pages,
} from '../../web/src/messenger/cache';
import type { PendingMessage } from '../../web/src/messenger/stores';

const ME = 'me';
const CHAT = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
// ULIDs sort by time: id(5) < id(6)
const id = (n: number) => `01J${String(n).padStart(23, '0')}`;

function msg(n: number, over: Partial<MessageView> = {}): MessageView {
  return {
    messageId: id(n),
    chatId: CHAT,
    authorId: 'ana',
    clientMessageId: `client-${n}-xxxx`,
    text: `message ${n}`,
    mentions: [],
    replyTo: null,
    forwardedFrom: null,
    attachments: [],
    reactions: {},
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, n)).toISOString(),
    editedAt: null,
    deletedAt: null,
    version: 1,
    ...over,
  };
}

function summary(over: Partial<ChatSummary> = {}): ChatSummary {
  return {
    chatId: CHAT,
    kind: 'group',
    title: 'Team',
    lastMessage: null,
    unread: 0,
    lastReadMessageId: '',
    lastActivityAt: '2025-01-01T00:00:00.000Z',
    memberCount: 3,
    ...over,
  };
}

/** Pages newest first, as useMessages keeps them. */
function pages(...ps: number[][]): Pages<MessageView> {
  return {
    pages: ps.map((ns, i) => ({ items: ns.map((n) => msg(n)), cursor: i === ps.length - 1 ? null : id(ns.at(-1)!) })),
    pageParams: ps.map((_, i) => (i === 0 ? '' : id(ps[i - 1]!.at(-1)!))),
  };
}

const ids = (d: Pages<MessageView> | undefined) =>
  d?.pages.map((p) => p.items.map((m) => Number(m.messageId.slice(3))));

function pending(clientMessageId: string, over: Partial<PendingMessage> = {}): PendingMessage {
  return {
    clientMessageId,
    chatId: CHAT,
    text: 'hi',
    mentions: [],
    attachments: [],
    createdAt: '2025-01-01T12:00:59.000Z',
    status: 'sending',
    attempts: 1,
    ...over,
  };
}

function client(opts: { messages?: Pages<MessageView>; chats?: ChatSummary[]; unread?: UnreadView } = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  if (opts.messages) qc.setQueryData(mkeys.messages(CHAT), opts.messages);
  if (opts.chats) qc.setQueryData(mkeys.chats, { pages: [{ items: opts.chats, cursor: null }], pageParams: [''] });
  if (opts.unread) qc.setQueryData(mkeys.unread, opts.unread);
  return qc;
}
const chatsOf = (qc: QueryClient) => qc.getQueryData<Pages<ChatSummary>>(mkeys.chats)!.pages.flatMap((p) => p.items);
const unreadOf = (qc: QueryClient) => qc.getQueryData<UnreadView>(mkeys.unread);
const frameNew = (m: MessageView, extra: Partial<{ truncated: boolean }> = {}): MessengerFrame => ({
  type: 'message.new',
  chatId: m.chatId,
  message: m,
  ...extra,
});

describe('mergeMessages: messages into the pages, never twice', () => {
  it('a new message goes to the top of page 0, in id order', () => {
    expect(ids(mergeMessages(pages([5, 4], [3, 2]), [msg(6)]))).toEqual([
      [6, 5, 4],
      [3, 2],
    ]);
    // out of order arrival (two frames swapped in flight) still sorts
    expect(ids(mergeMessages(pages([7, 4]), [msg(6), msg(5)]))).toEqual([[7, 6, 5, 4]]);
  });

  it('the same message twice (frame + the send answer, or a repeated frame) is kept once', () => {
    const once = mergeMessages(pages([5, 4]), [msg(6)]);
    const twice = mergeMessages(once, [msg(6)]);
    expect(ids(twice)).toEqual([[6, 5, 4]]);
    expect(ids(mergeMessages(pages([5, 4]), [msg(6), msg(6)]))).toEqual([[6, 5, 4]]);
  });

  it('an edit replaces the message where it is; an older version arriving late does not undo it', () => {
    const edited = msg(4, { text: 'fixed', version: 2, editedAt: '2025-01-01T13:00:00.000Z' });
    const after = mergeMessages(pages([5, 4], [3]), [edited]);
    expect(after!.pages[0]!.items[1]!.text).toBe('fixed');
    const stale = mergeMessages(after, [msg(4, { text: 'message 4', version: 1 })]);
    expect(stale!.pages[0]!.items[1]!.text).toBe('fixed');
    expect(stale).toBe(after); // nothing changed → same object (no re-render)
  });

  it('a message older than everything loaded is left for scroll-back (no hole in the history)', () => {
    expect(ids(mergeMessages(pages([9, 8], [7, 6]), [msg(2)]))).toEqual([
      [9, 8],
      [7, 6],
    ]);
  });

  it('an empty chat takes the first message; an unopened chat (no cache) stays unopened', () => {
    expect(ids(mergeMessages({ pages: [{ items: [], cursor: null }], pageParams: [''] }, [msg(1)]))).toEqual([[1]]);
    expect(mergeMessages(undefined, [msg(1)])).toBeUndefined();
  });
});

describe('withPending: optimistic sends', () => {
  it('shows my pending sends after the history, oldest first, until the server copy with the same client id arrives', () => {
    const server = [msg(2), msg(1)]; // newest first, as cached
    const p1 = pending('client-mine-1');
    const p2 = pending('client-mine-2', { status: 'failed' });
    const shown = withPending(server, [p1, p2], ME);
    expect(shown.map((s) => (s.kind === 'sent' ? s.m.messageId : s.p.clientMessageId))).toEqual([
      id(1),
      id(2),
      'client-mine-1',
      'client-mine-2',
    ]);

    const arrived = msg(3, { authorId: ME, clientMessageId: 'client-mine-1' });
    const after = withPending([arrived, ...server], [p1, p2], ME);
    expect(
      after.filter((s) => s.kind === 'pending').map((s) => (s.kind === 'pending' ? s.p.clientMessageId : '')),
    ).toEqual(['client-mine-2']);
    expect(after.filter((s) => s.kind === 'sent')).toHaveLength(3);
  });

  it("someone else's message with the same client id does not hide my pending send", () => {
    const other = msg(3, { authorId: 'ana', clientMessageId: 'client-mine-1' });
    expect(withPending([other], [pending('client-mine-1')], ME).filter((s) => s.kind === 'pending')).toHaveLength(1);
  });
});

describe('the chat list', () => {
  it('summaries say what a text-less message is: files or an event', () => {
    const file = msg(1, {
      text: '',
      attachments: [
        { fileId: id(90), name: 'plan.pdf', size: 10, contentType: 'application/pdf' },
        { fileId: id(91), name: 'b.png', size: 1, contentType: 'image/png' },
      ],
    });
    expect(lastMessageOf(file)).toMatchObject({
      kind: 'attachment',
      preview: '',
      attachment: { name: 'plan.pdf', count: 2 },
    });
    const sys = msg(2, { text: '', system: { event: 'added', actorId: 'ana', userIds: ['bob'] } });
    expect(lastMessageOf(sys)).toMatchObject({ kind: 'system', system: { event: 'added', userIds: ['bob'] } });
    expect(lastMessageOf(sys).attachment).toBeUndefined();
    expect(lastMessageOf(msg(3, { text: '  two\n lines ' }))).toMatchObject({ kind: 'text', preview: 'two lines' });
    expect(lastMessageOf(msg(4, { text: '', deletedAt: '2025-01-02T00:00:00.000Z', attachments: [] }))).toMatchObject({
      kind: 'text',
      deleted: true,
    });
  });

  it('a newer message becomes the preview, moves the chat up and counts once', () => {
    const other = summary({ chatId: 'general', lastActivityAt: '2025-01-01T12:00:30.000Z' });
    const mine = summary({ lastMessage: lastMessageOf(msg(1)), lastActivityAt: msg(1).createdAt });
    const once = applyMessageToChats([other, mine], msg(40), true);
    expect(once.items.map((c) => c.chatId)).toEqual([CHAT, 'general']);
    expect(once.items[0]).toMatchObject({ unread: 1, lastMessage: { messageId: id(40) } });
    expect(once.counted).toBe(true);
    const again = applyMessageToChats(once.items, msg(40), true);
    expect(again.items[0]!.unread).toBe(1);
    expect(again.counted).toBe(false);
  });

  it('a message I have already read (another tab) or an older one is not counted', () => {
    const read = summary({ lastReadMessageId: id(9), lastMessage: lastMessageOf(msg(5)) });
    expect(applyMessageToChats([read], msg(9), true).items[0]!.unread).toBe(0);
    const newer = summary({ lastMessage: lastMessageOf(msg(9)) });
    const r = applyMessageToChats([newer], msg(8), true);
    expect(r.items[0]!.unread).toBe(0);
    expect(r.items[0]!.lastMessage!.messageId).toBe(id(9));
  });

  it('an edit of the last message refreshes the preview without counting', () => {
    const c = summary({ lastMessage: lastMessageOf(msg(5)), unread: 0 });
    const r = applyMessageToChats([c], msg(5, { text: 'edited', version: 2 }), true);
    expect(r.items[0]).toMatchObject({ unread: 0, lastMessage: { preview: 'edited' } });
  });
});

describe('applyFrame: live frames into the cache', () => {
  it('message.new from someone: in the history and the list, +1 unread in the list and the sidebar total — once even if delivered twice', () => {
    const qc = client({
      messages: pages([2, 1]),
      chats: [summary({ lastMessage: lastMessageOf(msg(2)) })],
      unread: { total: 0, chats: [] },
    });
    const f = frameNew(msg(3));
    applyFrame(qc, f, { me: ME, visibleChatId: null });
    applyFrame(qc, f, { me: ME, visibleChatId: null });
    expect(cachedMessages(qc, CHAT).map((m) => m.messageId)).toEqual([id(3), id(2), id(1)]);
    expect(chatsOf(qc)[0]).toMatchObject({ unread: 1, lastMessage: { preview: 'message 3' } });
    expect(unreadOf(qc)).toEqual({ total: 1, chats: [{ chatId: CHAT, unread: 1 }] });
  });

  it('a message in the chat on screen, my own message, and system events are not unread', () => {
    const qc = client({ messages: pages([1]), chats: [summary()], unread: { total: 0, chats: [] } });
    applyFrame(qc, frameNew(msg(2)), { me: ME, visibleChatId: CHAT });
    applyFrame(qc, frameNew(msg(3, { authorId: ME })), { me: ME, visibleChatId: null });
    applyFrame(qc, frameNew(msg(4, { text: '', system: { event: 'joined', actorId: 'bob' } })), {
      me: ME,
      visibleChatId: null,
    });
    expect(chatsOf(qc)[0]!.unread).toBe(0);
    expect(chatsOf(qc)[0]!.lastMessage).toMatchObject({ kind: 'system', system: { event: 'joined' } });
    expect(unreadOf(qc)!.total).toBe(0);
    expect(cachedMessages(qc, CHAT)).toHaveLength(4);
  });

  it('a truncated message is not put in the history: the caller catches up', () => {
    const qc = client({ messages: pages([1]), chats: [summary()] });
    expect(
      applyFrame(qc, frameNew(msg(2, { text: 'x'.repeat(10) }), { truncated: true }), { me: ME, visibleChatId: null }),
    ).toEqual({ catchUp: true });
    expect(cachedMessages(qc, CHAT)).toHaveLength(1);
  });

  it('message.updated: the newer version wins; a stale one is ignored', () => {
    const qc = client({ messages: pages([2, 1]), chats: [summary({ lastMessage: lastMessageOf(msg(2)) })] });
    applyFrame(
      qc,
      { type: 'message.updated', chatId: CHAT, message: msg(2, { text: 'v3', version: 3 }) },
      { me: ME, visibleChatId: null },
    );
    applyFrame(
      qc,
      { type: 'message.updated', chatId: CHAT, message: msg(2, { text: 'v2', version: 2 }) },
      { me: ME, visibleChatId: null },
    );
    expect(cachedMessages(qc, CHAT)[0]!.text).toBe('v3');
    expect(chatsOf(qc)[0]!.lastMessage!.preview).toBe('v3');
  });

  it('chat.read by me clears the unread everywhere; by someone else moves their receipt', () => {
    const qc = client({
      chats: [summary({ unread: 3 })],
      unread: {
        total: 5,
        chats: [
          { chatId: CHAT, unread: 3 },
          { chatId: 'general', unread: 2 },
        ],
      },
    });
    qc.setQueryData(mkeys.chat(CHAT), { chatId: CHAT, members: [{ userId: 'bob', lastReadMessageId: id(1) }] });
    applyFrame(
      qc,
      { type: 'chat.read', chatId: CHAT, userId: ME, messageId: id(7), at: '' },
      { me: ME, visibleChatId: null },
    );
    expect(chatsOf(qc)[0]).toMatchObject({ unread: 0, lastReadMessageId: id(7) });
    expect(unreadOf(qc)).toEqual({ total: 2, chats: [{ chatId: 'general', unread: 2 }] });
    applyFrame(
      qc,
      { type: 'chat.read', chatId: CHAT, userId: 'bob', messageId: id(6), at: '' },
      { me: ME, visibleChatId: null },
    );
    applyFrame(
      qc,
      { type: 'chat.read', chatId: CHAT, userId: 'bob', messageId: id(4), at: '' },
      { me: ME, visibleChatId: null },
    ); // older: ignored
    expect(
      qc.getQueryData<{ members: { lastReadMessageId: string }[] }>(mkeys.chat(CHAT))!.members[0]!.lastReadMessageId,
    ).toBe(id(6));
  });

  it('chat.removed drops the chat, its history and its unread; the caller leaves the page', () => {
    const qc = client({
      messages: pages([1]),
      chats: [summary({ unread: 2 })],
      unread: { total: 2, chats: [{ chatId: CHAT, unread: 2 }] },
    });
    expect(applyFrame(qc, { type: 'chat.removed', chatId: CHAT }, { me: ME, visibleChatId: null })).toEqual({
      left: true,
    });
    expect(chatsOf(qc)).toEqual([]);
    expect(unreadOf(qc)!.total).toBe(0);
    expect(qc.getQueryData(mkeys.messages(CHAT))).toBeUndefined();
  });
});

/** A fake API over a list of messages: answers ?after= and ?before= like the server (limit, cursor). */
function fakeApi(all: MessageView[]) {
  const calls: string[] = [];
  const api = createApiClient(async (path: string) => {
    calls.push(path);
    const u = new URL(path, 'http://x');
    const limit = Number(u.searchParams.get('limit') ?? 30);
    const after = u.searchParams.get('after');
    const before = u.searchParams.get('before');
    const sorted = all.slice().sort((a, b) => (a.messageId < b.messageId ? -1 : 1));
    if (after) {
      const items = sorted.filter((m) => m.messageId > after).slice(0, limit);
      return { items, cursor: items.length === limit ? items.at(-1)!.messageId : null } satisfies Page<MessageView>;
    }
    const older = sorted.filter((m) => !before || m.messageId < before).reverse();
    const items = older.slice(0, limit);
    return { items, cursor: older.length > limit ? items.at(-1)!.messageId : null } satisfies Page<MessageView>;
  });
  return { api, calls };
}

describe('catch-up after a reconnect and loading older history', () => {
  it('fetches only what came after the newest cached message: the missed ones appear once, in order', async () => {
    const server = Array.from({ length: 6 }, (_, i) => msg(i + 1));
    const qc = client({ messages: pages([3, 2, 1]) });
    // one of the missed messages arrived live just before the drop
    applyFrame(qc, frameNew(msg(4)), { me: ME, visibleChatId: CHAT });
    const { api, calls } = fakeApi(server);
    await catchUp(api, qc, CHAT);
    expect(calls).toEqual([`/chats/${CHAT}/messages?after=${id(4)}&limit=100`]);
    expect(cachedMessages(qc, CHAT).map((m) => m.messageId)).toEqual([6, 5, 4, 3, 2, 1].map(id));
    // a second reconnect with nothing new adds nothing
    await catchUp(api, qc, CHAT);
    expect(cachedMessages(qc, CHAT)).toHaveLength(6);
  });

  it('pages through a long gap (more than 100 missed)', async () => {
    const server = Array.from({ length: 250 }, (_, i) => msg(i + 1));
    const qc = client({ messages: pages([1]) });
    const { api, calls } = fakeApi(server);
    await catchUp(api, qc, CHAT);
    expect(calls).toHaveLength(3);
    const got = cachedMessages(qc, CHAT).map((m) => m.messageId);
    expect(got).toHaveLength(250);
    expect(new Set(got).size).toBe(250);
  });

  it('loadUntil reaches a message far back in big contiguous pages; appendOlder never duplicates', async () => {
    const server = Array.from({ length: 300 }, (_, i) => msg(i + 1));
    const qc = client({
      messages: { pages: [{ items: server.slice(-30).reverse(), cursor: id(271) }], pageParams: [''] },
    });
    const { api, calls } = fakeApi(server);
    expect(await loadUntil(api, qc, CHAT, id(150))).toBe(true);
    expect(calls).toEqual([
      `/chats/${CHAT}/messages?before=${id(271)}&limit=100`,
      `/chats/${CHAT}/messages?before=${id(171)}&limit=100`,
    ]);
    const got = cachedMessages(qc, CHAT).map((m) => m.messageId);
    expect(got).toEqual(Array.from({ length: 230 }, (_, i) => id(300 - i))); // 300 … 71, contiguous, newest first
    // an unknown (or deleted-from-history) id stops at the beginning of the chat
    expect(await loadUntil(api, qc, CHAT, id(0))).toBe(false);
    expect(cachedMessages(qc, CHAT)).toHaveLength(300);
    const d = qc.getQueryData<Pages<MessageView>>(mkeys.messages(CHAT));
    expect(ids(appendOlder(d, { items: [msg(1), msg(2)], cursor: null }))!.at(-1)).toEqual([]);
  });
});
