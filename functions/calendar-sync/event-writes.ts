/**
 * The one place this feature reaches into functions/calendar: CalDAV's writes call the API's event service
 * (create, update with scope this/following/all, delete), so an event written from a phone passes the same
 * validation, rights, room checks, versions and notices as one written in the SPA. Copying that service would
 * let the two paths drift; invoking the calendar Lambda would add a hop and an IAM grant per write. If the
 * service's core moves to shared/calendar, only this file changes.
 */
export { createEvent, deleteEvent, updateEvent } from '../calendar/event-service';
