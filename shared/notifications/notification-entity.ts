/**
 * Notifications ("the bell"): one item per notification, in the recipient's partition.
 *
 * | access pattern                         | how                                                                   |
 * |----------------------------------------|-----------------------------------------------------------------------|
 * | my notifications, newest first         | ONE Query PK=USER#{me}, SK begins_with 'NOTIF#', descending, cursor    |
 * | my unread count                        | ONE Query GSI1 GSI1PK=USER#{me}#NOTIF-UNREAD, Select COUNT (sparse)    |
 * | create (idempotent)                    | PutItem if attribute_not_exists(PK): a replayed stream record is a no-op |
 * | mark some read                         | ONE TransactWriteItems (≤ 50): SET readAt, REMOVE GSI1PK/GSI1SK, each if it exists |
 * | mark all read                          | Query the unread index, then TransactWriteItems in chunks of 50         |
 *
 * The unread index is sparse: GSI1PK/GSI1SK exist only while `readAt` is absent, so the count reads only
 * unread keys. Items expire (TTL `expiresAt`) after LIMITS.keepDays; expired ones are filtered out until
 * DynamoDB deletes them. Notifications are created by the entity (which writes the unread index keys); the
 * index's `condition` (no readAt) makes the patch that sets readAt REMOVE those keys in the same update.
 */
import { createHash } from 'node:crypto';
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { encodeTime, ulid } from 'ulid';
import { SERVICE, entityConfig } from '../data/electro';
import { NOTIFICATION_KINDS } from './contract';

export const NOTIFICATION_ENTITY = 'notification';
export const notifPk = (userId: string) => `USER#${userId}`;
export const notifSk = (notificationId: string) => `NOTIF#${notificationId}`;
export const NOTIF_PREFIX = 'NOTIF#';
export const unreadPk = (userId: string) => `USER#${userId}#NOTIF-UNREAD`;

export const Notifications = new Entity(
  {
    model: { entity: NOTIFICATION_ENTITY, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      notificationId: { type: 'string', required: true, readOnly: true },
      kind: { type: NOTIFICATION_KINDS, required: true },
      actorId: { type: 'string' },
      params: { type: 'any', required: true },
      link: { type: 'string', required: true },
      createdAt: { type: 'string', required: true },
      readAt: { type: 'string' },
      expiresAt: { type: 'number', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: ['notificationId'], template: 'NOTIF#${notificationId}', casing: 'none' },
      },
      /** Sparse: the keys exist only while the notification is unread (a write with readAt removes them). */
      unread: {
        index: 'GSI1',
        condition: (attributes: { readAt?: string }) => !attributes.readAt,
        pk: { field: 'GSI1PK', composite: ['userId'], template: 'USER#${userId}#NOTIF-UNREAD', casing: 'none' },
        sk: { field: 'GSI1SK', composite: ['notificationId'], template: '${notificationId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type NotificationItem = EntityItem<typeof Notifications>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID for a notification: its time part is `at`; its random part is random, or derived from
 * `dedupeKey` so the same event (e.g. "mention of U in message M") always gets the same id.
 */
export function notificationId(at: Date, dedupeKey?: string): string {
  if (!dedupeKey) return ulid(at.getTime());
  const digest = createHash('sha256').update(dedupeKey).digest();
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[digest[i]! & 31];
  return encodeTime(at.getTime(), 10) + tail;
}
