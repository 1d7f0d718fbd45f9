/**
 * The calendar's event core, shared by the API (functions/calendar) and CalDAV (functions/calendar-sync) so an event
 * written from a phone passes the same validation, rights, room checks, versions and notices as one written in the
 * SPA. Each file does one thing:
 *
 * | file            | does                                                                                        |
 * |-----------------|---------------------------------------------------------------------------------------------|
 * | create-event.ts | POST /calendar/events: calendar access + inputs + room check + ONE transaction               |
 * | event-access.ts | GET /calendar/events/{id}: ONE Query (event, attendee rows, guests, booking) + calendar access |
 * | update-event.ts | PATCH: the same reads + ONE transaction (versioned: stale → 409 with the current)            |
 * | delete-event.ts | DELETE: the same reads + ONE transaction (a series' edited occurrences go with it)           |
 * | event-inputs.ts | attendees, attachments and the description, checked and resolved                           |
 * | event-timing.ts | timing fields, versions and edit scopes (pure)                                               |
 * | event-commit.ts | the one transaction, with the room booking's lock retried                                   |
 * | event-store.ts  | the event's reads and delete writes                                                          |
 * | room-booking.ts | room bookings that can never double-book                                                     |
 * | event-view.ts   | the full EventView                                                                           |
 * | people-store.ts | people's names and departments                                                               |
 */
export { createEvent } from './create-event';
export { deleteEvent } from './delete-event';
export { getEvent } from './event-access';
export { updateEvent } from './update-event';
