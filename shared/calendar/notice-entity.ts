/**
 * "This e-mail was sent": one marker per (event, version, METHOD, recipient), so a stream record delivered twice,
 * or two deliveries at once, send one invitation / update / cancellation. Claimed (created if absent) before SES is
 * called and deleted again when SES fails, so the retry sends it. Expires after 60 days (TTL).
 *
 * | access pattern        | how                                                                         |
 * |-----------------------|-----------------------------------------------------------------------------|
 * | claim                 | PutItem PK=CALNOTICE#{eventId} SK={version}#{method}#{recipient} IF absent |
 * | release (SES failed)  | DeleteItem                                                                  |
 *
 * Its own partition, so readers of the event's partition never meet it.
 */
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig } from '../data/electro';

export const CALENDAR_NOTICE_ENTITY = 'calendarNotice';
export const NOTICE_KEEP_DAYS = 60;

export const CalendarNotices = new Entity(
  {
    model: { entity: CALENDAR_NOTICE_ENTITY, version: '1', service: SERVICE },
    attributes: {
      eventId: { type: 'string', required: true, readOnly: true },
      /** The event's version whose change this e-mail announces (a record delivered twice has the same one). */
      version: { type: 'number', required: true, readOnly: true },
      method: { type: ['REQUEST', 'CANCEL'] as const, required: true, readOnly: true },
      /** A user id, or `guest:{email}`. */
      recipient: { type: 'string', required: true, readOnly: true },
      sentAt: { type: 'string', required: true },
      expiresAt: { type: 'number', required: true },
    },
    indexes: {
      byEvent: {
        pk: { field: 'PK', composite: ['eventId'], template: 'CALNOTICE#${eventId}', casing: 'none' },
        sk: {
          field: 'SK',
          composite: ['version', 'method', 'recipient'],
          template: '${version}#${method}#${recipient}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);
