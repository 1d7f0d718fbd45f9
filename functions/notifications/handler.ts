import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { mailEvents } from './mail-events';
import { messengerEvents } from './messenger-events';
import { getUnreadCount, listNotifications, markRead } from './notification-service';
import { notificationsFeature } from './routes';
import { readSettings, saveSettings } from './settings-service';

export const handler = createFeatureHandler(notificationsFeature, {
  http: {
    list: ({ user, query }) => listNotifications(user, query),
    unreadCount: ({ user }) => getUnreadCount(user),
    markRead: ({ user, body }) => markRead(user, body),
    getSettings: ({ user }) => readSettings(user),
    saveSettings: ({ user, body }) => saveSettings(user, body),
  },
  streams: {
    messengerEvents: (changes) => messengerEvents(changes),
    notificationMails: (changes, ctx) => mailEvents(changes, ctx.logger),
  },
});
