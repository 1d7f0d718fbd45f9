/**
 * The messenger's side of the live connection, mounted once in the portal layout: server frames update
 * the query cache (messages, chat list, unread total, read positions, typing, presence), a (re)connect
 * fetches what was missed (`after=` the newest cached id of every chat in the cache, and the chat list),
 * and a message arriving while the tab is hidden shows a browser notification when that was allowed.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useContext, useEffect } from 'react';
import { useNavigate } from 'react-router';
import type { MessengerFrame, PresenceState } from '../../../shared/messenger/contract';
import i18n from '../i18n';
import { LiveContext, useApi } from '../services';
import { applyFrame, catchUp, chatSummary, mkeys } from './api';
import { retryFailedSends } from './send';
import { activeChatStore, pendingStore, presenceStore, typingStore } from './stores';

const FRAME_TYPES = new Set([
  'message.new',
  'message.updated',
  'chat.read',
  'chat.updated',
  'chat.added',
  'chat.removed',
  'typing',
  'presence',
]);

export function browserNotificationsAllowed() {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

export function useMessengerLive(me: string) {
  const live = useContext(LiveContext);
  const qc = useQueryClient();
  const api = useApi();
  const navigate = useNavigate();

  useEffect(() => {
    if (!live) return;
    const offFrame = live.onFrame((raw) => {
      if (!FRAME_TYPES.has(raw.type)) return;
      const f = raw as unknown as MessengerFrame;
      const onScreen = activeChatStore.visible();
      const effect = applyFrame(qc, f, { me, visibleChatId: onScreen });
      if (effect.catchUp && 'chatId' in f) void catchUp(api, qc, f.chatId).catch(() => undefined);
      switch (f.type) {
        case 'message.new': {
          const m = f.message;
          if (m.authorId === me) {
            pendingStore.remove(f.chatId, m.clientMessageId);
            break;
          }
          typingStore.stopped(f.chatId, m.authorId);
          if (
            typeof document !== 'undefined' &&
            document.visibilityState === 'hidden' &&
            browserNotificationsAllowed() &&
            !m.system
          ) {
            const chat = chatSummary(qc, f.chatId);
            const n = new Notification(chat?.title || i18n.t('messenger.title'), {
              body: m.text ? m.text.slice(0, 140) : i18n.t('messenger.message.attachmentOnly'),
              tag: `chat-${f.chatId}`,
            });
            n.onclick = () => {
              window.focus();
              void navigate(`/messenger/${f.chatId}`);
              n.close();
            };
          }
          break;
        }
        case 'chat.removed':
          if (onScreen === f.chatId || window.location.pathname === `/messenger/${f.chatId}`)
            void navigate('/messenger');
          break;
        case 'typing':
          if (f.userId !== me) typingStore.typed(f.chatId, f.userId);
          break;
        case 'presence':
          presenceStore.set(f.userId, { state: f.state, lastSeenAt: f.lastSeenAt });
          break;
      }
    });

    // (Re)connected: fetch what was missed while the socket was down (or not yet up).
    let wasLive = live.getSnapshot().status === 'live';
    const resync = () => {
      const since = Date.now();
      for (const [key] of qc.getQueriesData({ queryKey: mkeys.messagesAll })) {
        const chatId = key[2];
        if (typeof chatId === 'string') void catchUp(api, qc, chatId).catch(() => undefined);
      }
      void qc.invalidateQueries({ queryKey: mkeys.chats, predicate: (q) => q.state.dataUpdatedAt < since });
      void qc.invalidateQueries({ queryKey: mkeys.unread, predicate: (q) => q.state.dataUpdatedAt < since });
      void qc.invalidateQueries({ queryKey: ['messenger', 'chat'] });
      retryFailedSends(api, qc);
      live.send({ action: 'presence', state: document.visibilityState === 'visible' ? 'online' : 'away' });
    };
    if (wasLive) resync();
    const offState = live.subscribe(() => {
      const isLive = live.getSnapshot().status === 'live';
      if (isLive && !wasLive) resync();
      wasLive = isLive;
    });

    const onVisibility = () => {
      live.send({ action: 'presence', state: document.visibilityState === 'visible' ? 'online' : 'away' });
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      offFrame();
      offState();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [live, qc, api, me, navigate]);
}

interface PresenceItem {
  userId: string;
  state: PresenceState;
  lastSeenAt: string | null;
}

/** Loads the presence of these people once (frames keep it current afterwards). */
export function usePresenceOf(userIds: string[]) {
  const api = useApi();
  const ids = [...new Set(userIds)].filter(Boolean).sort();
  const key = ids.join(',');
  const q = useQuery({
    queryKey: ['messenger', 'presence', key],
    queryFn: async ({ signal }) => {
      const r: unknown = await api.realtime.getPresence({ query: { userIds: key }, signal });
      // { items: [...] } / { presence: [...] } / [...] / { [userId]: {...} }: accept the shapes an API might choose.
      const list: unknown = Array.isArray(r)
        ? r
        : ((r as { items?: unknown; presence?: unknown }).items ?? (r as { presence?: unknown }).presence ?? r);
      const items: PresenceItem[] = Array.isArray(list)
        ? (list as PresenceItem[])
        : Object.entries(list as Record<string, Omit<PresenceItem, 'userId'>>).map(([userId, v]) => ({ userId, ...v }));
      return items.filter((i) => i && typeof i.userId === 'string' && typeof i.state === 'string');
    },
    enabled: ids.length > 0,
    staleTime: 60_000,
    retry: false,
  });
  useEffect(() => {
    if (q.data) presenceStore.setMany(q.data);
  }, [q.data]);
}
