/**
 * Small client-side stores the query cache is not made for: messages being sent (optimistic, with their
 * client message id), who is typing, presence, and which chat is on screen. Each is a tiny external
 * store read with useSyncExternalStore.
 */
import { useSyncExternalStore } from 'react';
import type { AttachmentView, PresenceState } from '../../../shared/messenger/contract';

class Store<T> {
  private listeners = new Set<() => void>();
  constructor(private value: T) {}
  get = () => this.value;
  set(next: T) {
    this.value = next;
    for (const l of this.listeners) l();
  }
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  };
}

// ---------- pending (optimistic) sends ----------

export interface PendingMessage {
  clientMessageId: string;
  chatId: string;
  text: string;
  mentions: string[];
  replyTo?: string;
  attachments: AttachmentView[];
  forward?: { chatId: string; messageId: string };
  createdAt: string;
  status: 'sending' | 'failed';
  error?: string;
  attempts: number;
}

const pending = new Store<Record<string, PendingMessage[]>>({});
const EMPTY: PendingMessage[] = [];

export const pendingStore = {
  add(p: PendingMessage) {
    const all = pending.get();
    pending.set({ ...all, [p.chatId]: [...(all[p.chatId] ?? []), p] });
  },
  update(chatId: string, clientMessageId: string, patch: Partial<PendingMessage>) {
    const all = pending.get();
    pending.set({
      ...all,
      [chatId]: (all[chatId] ?? []).map((p) => (p.clientMessageId === clientMessageId ? { ...p, ...patch } : p)),
    });
  },
  remove(chatId: string, clientMessageId: string) {
    const all = pending.get();
    if (!(all[chatId] ?? []).some((p) => p.clientMessageId === clientMessageId)) return;
    pending.set({ ...all, [chatId]: (all[chatId] ?? []).filter((p) => p.clientMessageId !== clientMessageId) });
  },
  of(chatId: string): PendingMessage[] {
    return pending.get()[chatId] ?? EMPTY;
  },
  /** Every failed or still-sending message (retried on reconnect). */
  all(): PendingMessage[] {
    return Object.values(pending.get()).flat();
  },
};

export function usePending(chatId: string): PendingMessage[] {
  return useSyncExternalStore(pending.subscribe, () => pending.get()[chatId] ?? EMPTY);
}

// ---------- typing ----------

const TYPING_SHOWN_MS = 5_000;
const typing = new Store<Record<string, Record<string, number>>>({});
let typingTimer: ReturnType<typeof setTimeout> | undefined;

function pruneTyping() {
  const now = Date.now();
  const all = typing.get();
  let changed = false;
  const next: Record<string, Record<string, number>> = {};
  let soonest = Infinity;
  for (const [chatId, users] of Object.entries(all)) {
    const keep: Record<string, number> = {};
    for (const [u, until] of Object.entries(users)) {
      if (until > now) {
        keep[u] = until;
        soonest = Math.min(soonest, until);
      } else changed = true;
    }
    if (Object.keys(keep).length) next[chatId] = keep;
  }
  if (changed) typing.set(next);
  clearTimeout(typingTimer);
  if (soonest !== Infinity) typingTimer = setTimeout(pruneTyping, soonest - now + 20);
}

export const typingStore = {
  typed(chatId: string, userId: string) {
    const all = typing.get();
    typing.set({ ...all, [chatId]: { ...(all[chatId] ?? {}), [userId]: Date.now() + TYPING_SHOWN_MS } });
    pruneTyping();
  },
  /** Their message arrived: they stopped typing. */
  stopped(chatId: string, userId: string) {
    const all = typing.get();
    if (!all[chatId]?.[userId]) return;
    const users = { ...all[chatId] };
    delete users[userId];
    typing.set({ ...all, [chatId]: users });
  },
};

const NO_TYPING: Record<string, number> = {};
export function useTyping(chatId: string): string[] {
  const users = useSyncExternalStore(typing.subscribe, () => typing.get()[chatId] ?? NO_TYPING);
  return Object.keys(users);
}

// ---------- presence ----------

export interface Presence {
  state: PresenceState;
  lastSeenAt: string | null;
}
const presence = new Store<Record<string, Presence>>({});

export const presenceStore = {
  set(userId: string, p: Presence) {
    const cur = presence.get()[userId];
    if (cur && cur.state === p.state && cur.lastSeenAt === p.lastSeenAt) return;
    presence.set({ ...presence.get(), [userId]: p });
  },
  setMany(items: { userId: string; state: PresenceState; lastSeenAt: string | null }[]) {
    if (items.length === 0) return;
    const next = { ...presence.get() };
    for (const i of items) next[i.userId] = { state: i.state, lastSeenAt: i.lastSeenAt };
    presence.set(next);
  },
  has(userId: string) {
    return userId in presence.get();
  },
};

export function usePresence(userId: string | undefined): Presence | undefined {
  return useSyncExternalStore(presence.subscribe, () => (userId ? presence.get()[userId] : undefined));
}

// ---------- the chat on screen ----------

let activeChat: string | null = null;
export const activeChatStore = {
  set(chatId: string | null) {
    activeChat = chatId;
  },
  /** The chat open in this tab while the tab is visible (its messages are read as they arrive). */
  visible(): string | null {
    return typeof document !== 'undefined' && document.visibilityState === 'visible' ? activeChat : null;
  },
};

// ---------- names of people seen ----------

/**
 * Names of everyone seen in a chat's member list or as a direct chat's peer this session, so a system
 * line about someone who has since left ("Ana removed Cristina") still names them.
 */
const seenNames = new Map<string, { firstName: string; lastName: string }>();
export const peopleSeen = {
  remember(people: { userId: string; firstName: string; lastName: string }[]) {
    for (const p of people)
      if (p.firstName || p.lastName) seenNames.set(p.userId, { firstName: p.firstName, lastName: p.lastName });
  },
  get(userId: string) {
    return seenNames.get(userId);
  },
};
