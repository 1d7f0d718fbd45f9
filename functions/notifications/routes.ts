/**
 * Notifications ("the bell"): my notifications, the unread count and marking them read. Other features
 * create them with `notify()` (shared/notifications/notify.ts); this feature also turns messenger events
 * into notifications from the table's stream: a mention in a message, being added to a chat.
 */
import { answer } from '../../shared/api/answer';
import type { NotificationsPage, UnreadCountView } from '../../shared/notifications/contract';
import { defineFeature } from '../../shared/manifest/types';
import { listQuery, markReadBody } from '../../shared/notifications/contract';

export const notificationsFeature = defineFeature({
  feature: 'notifications',
  grants: ['table:read', 'table:write', 'ws:manage', 'cursor-secret:read'],
  http: {
    list: {
      method: 'GET',
      path: '/notifications',
      access: 'user',
      summary: 'My notifications, newest first: one Query, cursor-paginated',
      query: listQuery,
      answer: answer<NotificationsPage>(),
    },
    unreadCount: {
      method: 'GET',
      path: '/notifications/unread-count',
      access: 'user',
      summary: 'How many of my notifications are unread: one Query of the sparse unread index',
      answer: answer<UnreadCountView>(),
    },
    markRead: {
      method: 'POST',
      path: '/notifications/read',
      access: 'user',
      summary:
        'Mark some ({ids}, one transaction; an id that is not mine → 404, nothing written) or all ({all: true}) read',
      body: markReadBody,
      maxBodyBytes: 4096,
      answer: answer<UnreadCountView>(),
    },
  },
  streams: {
    messengerEvents: {
      summary:
        'A new message mentioning people → a chat.mention notification for each mentioned member except the author; a system message adding people → chat.added',
      entities: ['message'],
      events: ['INSERT'],
    },
  },
});
