/**
 * The next reminder of one person for one event: ONE item per (event, person), holding when it fires next and the
 * event's timing copied from it, so the every-minute schedule needs no other read to send it and to compute the
 * one after (a recurring event's next occurrence).
 *
 * | access pattern                         | how                                                                        |
 * |----------------------------------------|----------------------------------------------------------------------------|
 * | what is due now (the schedule)         | ONE Query GSI2 GSI2PK=CALREM, GSI2SK ≤ {nowUtc}~ (sparse: only these items) |
 * | an event's reminders (the consumer)    | ONE Query PK=CALREM#{eventId}                                               |
 * | claim one to send                      | DeleteItem IF fireAt = :seen — two runs at once: exactly one deletes it      |
 * | the next occurrence's                  | PutItem IF attribute_not_exists(PK): a newer one the consumer wrote wins     |
 * | (re)computed from the event            | PutItem / DeleteItem by functions/calendar/meeting-notices.ts                |
 *
 * Its own partition (not the event's) so readers of CALEV#{eventId} never meet it. `fireAt` and `occurrenceStart`
 * are UTC instants (ISO, `Z`), so the GSI2SK sorts by time.
 */
import type { EntityItem } from 'electrodb';
// Built on first use, not at import (shared/data/lazy-entity.ts).
import { Entity } from '../data/lazy-entity';
import { SERVICE, entityConfig } from '../data/electro';

export const CALENDAR_REMINDER_ENTITY = 'calendarReminder';
export const REMINDERS_DUE_PK = 'CALREM';

export const CalendarReminders = new Entity(
  {
    model: { entity: CALENDAR_REMINDER_ENTITY, version: '1', service: SERVICE },
    attributes: {
      eventId: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      /** When to send (UTC ISO): the occurrence's start minus `minutes`. */
      fireAt: { type: 'string', required: true },
      /** The occurrence it is for (UTC ISO). */
      occurrenceStart: { type: 'string', required: true },
      minutes: { type: 'number', required: true },
      /** The event's version the item was computed from. */
      eventVersion: { type: 'number', required: true },
      // The event's timing and words, copied (see the header).
      title: { type: 'string', required: true },
      start: { type: 'string', required: true },
      end: { type: 'string', required: true },
      timeZone: { type: 'string', required: true },
      allDay: { type: 'boolean' },
      rrule: { type: 'string' },
      exdates: { type: 'list', items: { type: 'string' } },
      reminders: { type: 'list', items: { type: 'number' }, required: true },
    },
    indexes: {
      byEvent: {
        pk: { field: 'PK', composite: ['eventId'], template: 'CALREM#${eventId}', casing: 'none' },
        sk: { field: 'SK', composite: ['userId'], template: 'USER#${userId}', casing: 'none' },
      },
      due: {
        index: 'GSI2',
        pk: { field: 'GSI2PK', composite: [], template: REMINDERS_DUE_PK, casing: 'none' },
        sk: {
          field: 'GSI2SK',
          composite: ['fireAt', 'eventId', 'userId'],
          template: '${fireAt}#${eventId}#${userId}',
          casing: 'none',
        },
      },
    },
  },
  entityConfig(),
);

export type CalendarReminderItem = EntityItem<typeof CalendarReminders>;
