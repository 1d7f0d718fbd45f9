/**
 * Phone and PC sync (issue 14): a person's private ICS feed address and CalDAV password. Written by
 * functions/calendar (GET/POST/DELETE /calendar/sync), read by functions/calendar-sync (the feed, CalDAV).
 * Three item kinds, one entity each, kept in one file: they exist only for sync.
 *
 * | item          | PK                   | SK       | what                                                       |
 * |---------------|----------------------|----------|------------------------------------------------------------|
 * | person's sync | USER#{sub}           | CALSYNC  | feedNonce, feedHash (the live token's hash), passwordHash,  |
 * |               |                      |          | email and extranet (who CalDAV acts as)                     |
 * | feed token    | CALFEED#{feedHash}   | CALFEED  | userId: whose feed the token opens                          |
 * | CalDAV name   | CALDAV#{sub}         | NAME#{n} | eventId: the event a client created as `{n}.ics`            |
 *
 * | access pattern                        | how                                                            |
 * |---------------------------------------|----------------------------------------------------------------|
 * | my addresses (GET /calendar/sync)     | GetItem USER#{sub} / CALSYNC                                   |
 * | the feed: token → person              | GetItem CALFEED#{sha256(token)} / CALFEED                      |
 * | CalDAV Basic auth: sub + password     | GetItem USER#{sub} / CALSYNC, compare sha256(password)         |
 * | regenerate / revoke                   | one transaction: the person's item and the old/new token items  |
 * | CalDAV: my objects' names             | ONE Query PK=CALDAV#{sub} (beside the calendar's Query)         |
 *
 * Nothing here opens a feed or CalDAV by itself: the feed token is HMAC(server key, sub + feedNonce) — the table
 * keeps its nonce (so GET can show the address again) and its SHA-256 (to find the person), never the token; the
 * CalDAV password is 144 random bits kept as its SHA-256 (a slow hash guards guessable passwords; a random one
 * of that size cannot be guessed from its hash), shown once.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig } from '../data/electro';

export const CALENDAR_SYNC_ENTITY = 'calendarSync';
export const CALENDAR_FEED_TOKEN_ENTITY = 'calendarFeedToken';

export const CalendarSyncs = new Entity(
  {
    model: { entity: CALENDAR_SYNC_ENTITY, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      feedNonce: { type: 'string', required: true },
      feedHash: { type: 'string', required: true },
      passwordHash: { type: 'string', required: true },
      /** Who CalDAV acts as (from the sign-in that made the password; an admin acts as an employee there). */
      email: { type: 'string', required: true },
      extranet: { type: 'boolean', required: true },
      createdAt: { type: 'string', required: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'CALSYNC', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export const CalendarFeedTokens = new Entity(
  {
    model: { entity: CALENDAR_FEED_TOKEN_ENTITY, version: '1', service: SERVICE },
    attributes: {
      feedHash: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
    },
    indexes: {
      byHash: {
        pk: { field: 'PK', composite: ['feedHash'], template: 'CALFEED#${feedHash}', casing: 'none' },
        sk: { field: 'SK', composite: [], template: 'CALFEED', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

/**
 * The name a CalDAV client gave an event it created (`{UUID}.ics` from a phone): the object stays at that address,
 * as clients expect after a PUT, instead of moving to `{eventId}.ics`; and the UID it wrote, which the object keeps.
 */
export const CALDAV_NAME_ENTITY = 'calendarCaldavName';
export const CaldavNames = new Entity(
  {
    model: { entity: CALDAV_NAME_ENTITY, version: '1', service: SERVICE },
    attributes: {
      userId: { type: 'string', required: true, readOnly: true },
      name: { type: 'string', required: true, readOnly: true },
      eventId: { type: 'string', required: true, readOnly: true },
      /** The UID the client wrote (its own, e.g. an iPhone's UUID): served back as it is, so the client keeps one event. */
      uid: { type: 'string', readOnly: true },
    },
    indexes: {
      byUser: {
        pk: { field: 'PK', composite: ['userId'], template: 'CALDAV#${userId}', casing: 'none' },
        sk: { field: 'SK', composite: ['name'], template: 'NAME#${name}', casing: 'none' },
      },
    },
  },
  entityConfig(),
);

export type CalendarSyncItem = EntityItem<typeof CalendarSyncs>;
export type CalendarFeedTokenItem = EntityItem<typeof CalendarFeedTokens>;
export type CaldavNameItem = EntityItem<typeof CaldavNames>;
