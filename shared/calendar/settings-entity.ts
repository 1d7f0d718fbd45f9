/**
 * A person's calendar settings (week start, working hours, default reminders). Absent until first saved: readers use
 * DEFAULT_SETTINGS from the contract. The time zone is the profile's (shared/people/profile-entity.ts), not stored here.
 *
 * | access pattern        | how                                        |
 * |-----------------------|--------------------------------------------|
 * | my settings           | GetItem PK=USER#{sub} SK=CALSETTINGS       |
 * | save (versioned)      | PutItem if version = expected (0: absent)  |
 *
 *   Settings  PK=USER#{sub} SK=CALSETTINGS  weekStart? (absent = the language's default), workDays, workStart,
 *             workEnd, defaultReminders, version, updatedAt
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';

export const SETTINGS_ENTITY = 'calendarSettings';
export const SETTINGS_SK = 'CALSETTINGS';

export const CalendarSettingsRecords = new Entity(
  {
    model: { entity: SETTINGS_ENTITY, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      /** 0 Sunday, 1 Monday, 6 Saturday; absent = the language's default. */
      weekStart: { type: 'number' },
      workDays: { type: 'list', items: { type: 'number' }, required: true },
      workStart: { type: 'string', required: true },
      workEnd: { type: 'string', required: true },
      defaultReminders: { type: 'list', items: { type: 'number' }, required: true },
      version: { type: 'number', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: SETTINGS_SK, casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type CalendarSettingsItem = EntityItem<typeof CalendarSettingsRecords>;

export const settingsRow = (s: CalendarSettingsItem): Raw =>
  (CalendarSettingsRecords.put(s).params() as { Item: Raw }).Item;
