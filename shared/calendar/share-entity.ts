/**
 * A calendar shared with a person or a department (read or edit). Written by the calendar's owner (PUT …/shares
 * replaces them all in one transaction). Each row carries the calendar's name, colour and owner, so "calendars shared
 * with me / my department" is ONE Query per target with no second read; renaming a calendar rewrites its share rows
 * in the same transaction.
 *
 * | access pattern                           | how                                                          |
 * |------------------------------------------|--------------------------------------------------------------|
 * | a calendar's shares                      | ONE Query PK=CAL#{calendarId} begins_with(SK, SHARE#)        |
 * | shared with me / with my department      | ONE Query GSI1 GSI1PK=CALSHARE#{user|dept}#{id}              |
 * | is this calendar shared with me          | GetItem PK=CAL#{calendarId} SK=SHARE#user#{sub}              |
 *
 *   Share  PK=CAL#{calendarId} SK=SHARE#{user|dept}#{targetId}  access, targetName, calendarName, color, ownerId
 *          GSI1PK=CALSHARE#{user|dept}#{targetId}  GSI1SK={calendarId}
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { COLORS, SHARE_ACCESS } from './contract';

export const SHARE_ENTITY = 'calendarShare';
export const SHARE_PREFIX = 'SHARE#';
/** Stored target kinds (the API says `department`; keys say `dept`). */
export const SHARE_TARGETS = ['user', 'dept'] as const;
export type ShareTargetKind = (typeof SHARE_TARGETS)[number];
export const shareSk = (target: ShareTargetKind, targetId: string) => `SHARE#${target}#${targetId}`;
export const sharedWithPk = (target: ShareTargetKind, targetId: string) => `CALSHARE#${target}#${targetId}`;

export const Shares = new Entity(
  {
    model: { entity: SHARE_ENTITY, version: '1', service: SERVICE },
    attributes: {
      calendarId: { type: 'string', required: true, readOnly: true },
      target: { type: SHARE_TARGETS, required: true, readOnly: true },
      targetId: { type: 'string', required: true, readOnly: true },
      access: { type: SHARE_ACCESS, required: true },
      /** The person's or department's name when shared. */
      targetName: { type: 'string', required: true },
      calendarName: { type: 'string', required: true },
      color: { type: COLORS, required: true },
      ownerId: { type: 'string', required: true },
      createdAt: { type: 'string', required: true },
    },
    indexes: {
      byCalendar: {
        pk: { field: 'PK', composite: ['calendarId'], template: 'CAL#${calendarId}', casing: 'none' },
        sk: {
          field: 'SK',
          composite: ['target', 'targetId'],
          template: 'SHARE#${target}#${targetId}',
          casing: 'none',
        },
      },
      byTarget: {
        index: 'GSI1',
        pk: {
          field: 'GSI1PK',
          composite: ['target', 'targetId'],
          template: 'CALSHARE#${target}#${targetId}',
          casing: 'none',
        },
        sk: { field: 'GSI1SK', composite: ['calendarId'], template: '${calendarId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type ShareItem = EntityItem<typeof Shares>;

export const isShareRow = (row: Raw | undefined): row is Raw => !!row && row.__edb_e__ === SHARE_ENTITY;

export function shareFromRow(row: Raw | undefined): ShareItem | null {
  if (!isShareRow(row)) return null;
  return Shares.parse({ Item: row }).data;
}

export const shareRow = (s: ShareItem): Raw => (Shares.put(s).params() as { Item: Raw }).Item;
