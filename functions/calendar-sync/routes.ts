/**
 * Phone and PC sync (issue 14): the private ICS feed (a route of the HTTP API, public: the secret is in the address)
 * and CalDAV for the person's own calendar, served from this function's URL because API Gateway's HTTP API routes
 * only GET/POST/PUT/PATCH/DELETE/HEAD/OPTIONS (or ANY) and cannot route PROPFIND/REPORT (README "Calendar sync: ICS
 * feed and CalDAV"). The secrets are made by functions/calendar (/calendar/sync); shared/calendar/sync-entity.ts.
 */
import * as z from 'zod';
import { FEED_FILE_RE } from '../../shared/calendar/sync-secrets';
import { defineFeature } from '../../shared/manifest/types';

export const feedParams = z.strictObject({
  file: z.string().regex(FEED_FILE_RE, { message: 'not a feed address ({token}.ics)' }),
});

export const calendarSyncFeature = defineFeature({
  feature: 'calendar-sync',
  // table:write: the rate-limit counters and CalDAV's event writes (the event service; its calendar.changed frames
  // and notices come from the calendar feature's stream consumers, not from here). cursor-secret: the feed token's key.
  grants: ['table:read', 'table:write', 'cursor-secret:read'],
  http: {
    feed: {
      method: 'GET',
      path: '/calendar/feed/{file}',
      access: 'public',
      summary:
        'My private ICS feed ({token}.ics): my events (series as RRULE) and open tasks’ deadlines, text/calendar; unknown or revoked → 404',
      params: feedParams,
    },
  },
  // shared/calendar/ics.ts's VTIMEZONE blocks are read from this package's files at run time.
  nativeModules: ['@touch4it/ical-timezones'],
  functionUrl: {
    summary:
      'CalDAV for the person’s own calendar (PROPFIND, REPORT, GET, PUT, DELETE; HTTP Basic with the CalDAV password)',
    addressFor: ['calendar'],
  },
});
