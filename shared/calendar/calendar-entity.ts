/**
 * A stored calendar: an extra personal calendar (a ULID, owner = its creator), a company calendar (a ULID, made by an
 * admin), or a renamed / recoloured own `user-{sub}` calendar (otherwise that one has no item). Group calendars are
 * never stored: their name comes from the group (the membership rows carry it).
 *
 * | access pattern                           | how                                                          |
 * |------------------------------------------|--------------------------------------------------------------|
 * | a calendar                               | GetItem PK=CAL#{calendarId} SK=CALENDAR                      |
 * | my calendars (extra + renamed own)       | ONE Query GSI1 GSI1PK=USER#{owner}#CALS                      |
 * | company calendars                        | ONE Query GSI1 GSI1PK=CALS#COMPANY                           |
 * | a calendar with its shares               | ONE Query PK=CAL#{calendarId} (CALENDAR + SHARE#… rows)      |
 *
 *   Calendar  PK=CAL#{calendarId} SK=CALENDAR  kind, name, color, ownerId?, shares?, version, createdAt, updatedAt
 *             GSI1PK=USER#{ownerId}#CALS | CALS#COMPANY  GSI1SK={calendarId}
 *
 * Writers put the whole item (kind and owner never change), so the derived GSI1PK is always present.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import type { Raw } from '../data/document';
import { SERVICE, entityConfig } from '../data/electro';
import { COLORS, SHARE_ACCESS } from './contract';

export const CALENDAR_ENTITY = 'calendar';
export const CALENDAR_SK = 'CALENDAR';
/** Stored kinds: `user` (own or extra personal calendar), `company`. */
export const STORED_CALENDAR_KINDS = ['user', 'company'] as const;
export const calendarPk = (calendarId: string) => `CAL#${calendarId}`;
export const calendarKey = (calendarId: string) => ({ PK: calendarPk(calendarId), SK: CALENDAR_SK });
export const myCalendarsPk = (ownerId: string) => `USER#${ownerId}#CALS`;
export const COMPANY_CALENDARS_PK = 'CALS#COMPANY';

export const Calendars = new Entity(
  {
    model: { entity: CALENDAR_ENTITY, version: '1', service: SERVICE },
    attributes: {
      calendarId: { type: 'string', required: true, readOnly: true },
      kind: { type: STORED_CALENDAR_KINDS, required: true, readOnly: true },
      /** Personal calendars only. */
      ownerId: { type: 'string', readOnly: true },
      name: { type: 'string', required: true },
      color: { type: COLORS, required: true },
      /**
       * Who it is shared with (the owner's view), kept beside the share rows in the same transaction, so listing my
       * calendars shows their shares without a Query per calendar.
       */
      shares: {
        type: 'list',
        items: {
          type: 'map',
          properties: {
            target: { type: ['user', 'dept'] as const, required: true },
            id: { type: 'string', required: true },
            name: { type: 'string', required: true },
            access: { type: SHARE_ACCESS, required: true },
          },
        },
      },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true, readOnly: true },
      updatedAt: { type: 'string', required: true },
      GSI1PK: {
        type: 'string',
        hidden: true,
        watch: ['kind', 'ownerId'],
        set: (_v: unknown, item: Record<string, unknown>) =>
          item.kind === 'company' ? COMPANY_CALENDARS_PK : myCalendarsPk(String(item.ownerId)),
      },
    },
    indexes: {
      byId: {
        pk: { field: 'PK', composite: ['calendarId'], template: 'CAL#${calendarId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: CALENDAR_SK, casing: 'none' },
      },
      byOwner: {
        index: 'GSI1',
        pk: { field: 'GSI1PK', composite: ['GSI1PK'], template: '${GSI1PK}', casing: 'none' },
        sk: { field: 'GSI1SK', composite: ['calendarId'], template: '${calendarId}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type CalendarItem = Omit<EntityItem<typeof Calendars>, 'GSI1PK'>;

export const isCalendarRow = (row: Raw | undefined): row is Raw => !!row && row.__edb_e__ === CALENDAR_ENTITY;

/** A stored row → the calendar, or null when it is another kind of item. */
export function calendarFromRow(row: Raw | undefined): CalendarItem | null {
  if (!isCalendarRow(row)) return null;
  return Calendars.parse({ Item: row }).data;
}

/** The stored item (seeding tests): exactly what `Calendars.put` writes. */
export const calendarRow = (c: CalendarItem): Raw => (Calendars.put(c).params() as { Item: Raw }).Item;
