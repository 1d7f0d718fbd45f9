/**
 * Notifications ("the bell"): my notifications, the unread count and marking them read, and my settings
 * (bell, e-mail or off per group). Other features create them with `notify()` (shared/notifications/notify.ts);
 * this feature also turns messenger events into notifications from the table's stream (a mention in a
 * message, being added to a chat) and sends the e-mails notify() queued for people who chose e-mail.
 */
import { answer } from '../../shared/api/answer';
import type { NotificationsPage, UnreadCountView } from '../../shared/notifications/contract';
import { defineFeature } from '../../shared/manifest/types';
import { listQuery, markReadBody } from '../../shared/notifications/contract';
import { settingsBody, type NotificationSettingsView } from '../../shared/notifications/settings';

export const notificationsFeature = defineFeature({
  feature: 'notifications',
  grants: ['table:read', 'table:write', 'ws:manage', 'cursor-secret:read', 'ses:send'],
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
    getSettings: {
      method: 'GET',
      path: '/notifications/settings',
      access: 'user',
      summary: 'My notification settings: bell, e-mail or off per group (the defaults, version 0, when never saved)',
      answer: answer<NotificationSettingsView>(),
    },
    saveSettings: {
      method: 'PUT',
      path: '/notifications/settings',
      access: 'user',
      summary: 'Change some groups of my notification settings (versioned: a stale version → 409 with the current)',
      body: settingsBody,
      maxBodyBytes: 2048,
      answer: answer<NotificationSettingsView>(),
    },
  },
  streams: {
    messengerEvents: {
      summary:
        'A new message mentioning people → a chat.mention notification for each mentioned member except the author; a system message adding people → chat.added',
      entities: ['message'],
      events: ['INSERT'],
    },
    notificationMails: {
      summary:
        "A notification e-mail queued by notify() (the person's group is set to e-mail) → one e-mail in their language, claimed first so a repeat sends none",
      entities: ['notificationMail'],
      events: ['INSERT'],
    },
  },
});
