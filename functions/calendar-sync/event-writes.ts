/**
 * CalDAV's writes use the calendar's shared event core (shared/calendar/writes: create, update with scope
 * this/following/all, delete), so an event written from a phone passes the same validation, rights, room checks,
 * versions and notices as one written in the SPA, without reaching into functions/calendar.
 */
export { createEvent, deleteEvent, updateEvent } from '../../shared/calendar/writes';
