/**
 * The e-mail outbox of notifications: when a person's group is set to 'email', notify() writes this item in
 * the same transaction as the notification, so it exists exactly when the notification was newly created
 * (a repeated dedupeKey writes neither). The notifications feature's `notificationMails` stream consumer
 * sends it (functions/notifications/mail-events.ts): the SES grant lives in one feature, and no feature
 * that notifies waits for SES.
 *
 * | access pattern                  | how                                                                       |
 * |---------------------------------|---------------------------------------------------------------------------|
 * | queue (with the notification)   | TransactWriteItems: Put notification + Put this, each if absent           |
 * | claim before sending            | UpdateItem SET sentAt if attribute_not_exists(sentAt): at most one mail    |
 * | release after an SES failure    | UpdateItem REMOVE sentAt if sentAt = the claim (the retry may send)        |
 *
 * Items expire (TTL `expiresAt`) after MAIL_KEEP_DAYS: they are a short record of what was sent.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig } from '../data/electro';
import { NOTIFICATION_KINDS } from './contract';

export const NOTIFICATION_MAIL_ENTITY = 'notificationMail';
export const MAIL_KEEP_DAYS = 7;

export const NotificationMails = new Entity(
  {
    model: { entity: NOTIFICATION_MAIL_ENTITY, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      notificationId: { type: 'string', required: true, readOnly: true },
      kind: { type: NOTIFICATION_KINDS, required: true },
      params: { type: 'any', required: true },
      link: { type: 'string', required: true },
      createdAt: { type: 'string', required: true },
      sentAt: { type: 'string' },
      expiresAt: { type: 'number', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: {
          field: 'SK',
          composite: ['notificationId'],
          template: 'NOTIF-MAIL#${notificationId}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);

export type NotificationMailItem = EntityItem<typeof NotificationMails>;
