/**
 * A person's notification settings (./settings.ts): one versioned item.
 *
 * | access pattern                     | how                                                                  |
 * |------------------------------------|----------------------------------------------------------------------|
 * | my settings (route, and notify())  | GetItem PK=USER#{userId}, SK=NOTIF-SETTINGS (absent = the defaults)   |
 * | save (optimistic version)          | Put if absent (version 1) / Update if version = expected             |
 *
 * The SK does not begin with 'NOTIF#', so the bell's list (begins_with NOTIF#) never reads it.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig } from '../data/electro';
import { DELIVERIES, NOTIFICATION_GROUP_NAMES } from './settings';

export const NOTIFICATION_SETTINGS_ENTITY = 'notificationSettings';
export const notificationSettingsKey = (userId: string) => ({ PK: `USER#${userId}`, SK: 'NOTIF-SETTINGS' });

export const NotificationSettings = new Entity(
  {
    model: { entity: NOTIFICATION_SETTINGS_ENTITY, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      /** Only the groups the person changed; the rest follow DEFAULT_DELIVERY. */
      groups: {
        type: 'map',
        required: true,
        properties: Object.fromEntries(NOTIFICATION_GROUP_NAMES.map((g) => [g, { type: DELIVERIES }])) as Record<
          (typeof NOTIFICATION_GROUP_NAMES)[number],
          { type: typeof DELIVERIES }
        >,
      },
      version: { type: 'number', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'NOTIF-SETTINGS', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type NotificationSettingsItem = EntityItem<typeof NotificationSettings>;
