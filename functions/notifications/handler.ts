import { createFeatureHandler } from '../../shared/runtime/feature-handler';
import { messengerEvents } from './messenger-events';
import { getUnreadCount, listNotifications, markRead } from './notification-service';
import { notificationsFeature } from './routes';

export const handler = createFeatureHandler(notificationsFeature, {
  http: {
    list: ({ user, query }) => listNotifications(user, query),
    unreadCount: ({ user }) => getUnreadCount(user),
    markRead: ({ user, body }) => markRead(user, body),
  },
  streams: {
    messengerEvents: (changes) => messengerEvents(changes),
  },
});
