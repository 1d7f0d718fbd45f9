/**
 * CalDAV (RFC 4791) for the person's own calendar, served from this function's URL (manifest `functionUrl`):
 *
 *   /.well-known/caldav                     → 301 /dav/ (discovery, no credentials needed)
 *   /dav/                                   PROPFIND: current-user-principal
 *   /dav/principals/{sub}/                  PROPFIND: calendar-home-set, displayname, calendar-user-address-set
 *   /dav/calendars/{sub}/                   PROPFIND (Depth 1 lists the one calendar)
 *   /dav/calendars/{sub}/personal/          PROPFIND (getctag, sync-token; Depth 1 lists the events, getetag =
 *                                           the event's version), REPORT calendar-query (time-range) and
 *                                           calendar-multiget
 *   /dav/calendars/{sub}/personal/{id}.ics  GET, PUT (create / update; If-Match → 412 on a stale etag), DELETE
 *
 * The calendar is my `user-…` calendar: my own events (a series with its edited occurrences is one object, as
 * RFC 4791 wants one UID per object). Every request reads it with ONE Query (my-calendar.ts) and ONE Query of
 * the objects' names; writes go through the API's event service (./event-writes.ts), so CalDAV and the SPA keep
 * the same rules, versions and notices.
 * Credentials: HTTP Basic with the CalDAV password (./caldav-auth.ts). An object keeps the name its client created
 * it under (a phone's `{UUID}.ics`, remembered in a calendarCaldavName item); others are `{eventId}.ics`.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { EventItem } from '../../shared/calendar/event-entity';
import { uidHost } from '../../shared/calendar/ics';
import { AppError } from '../../shared/http/errors';
import { authenticate, type CaldavPerson } from './caldav-auth';
import {
  escapeXml,
  href,
  multistatus,
  parseReport,
  parseXml,
  requestedProps,
  type DavResponse,
  type PropValues,
} from './caldav-xml';
import { applyPut, removeObject } from './caldav-writes';
import { objectIcs } from './ics-of';
import { readMyCalendar, type MyCalendar } from './my-calendar';
import { CaldavNames } from '../../shared/calendar/sync-entity';
import { VeventError } from './vevent';

type Result = APIGatewayProxyStructuredResultV2;

export const ROOT = '/dav/';
export const principalPath = (sub: string) => `/dav/principals/${sub}/`;
export const homePath = (sub: string) => `/dav/calendars/${sub}/`;
export const calendarPath = (sub: string) => `/dav/calendars/${sub}/personal/`;
export const objectPath = (sub: string, eventId: string) => `${calendarPath(sub)}${eventId}.ics`;

const DAV_HEADERS = { dav: '1, 3, calendar-access', allow: 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT' };

const text = (status: number, body = '', headers: Record<string, string> = {}): Result => ({
  statusCode: status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body,
});
const xml = (status: number, body: string): Result => ({
  statusCode: status,
  headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store', ...DAV_HEADERS },
  body,
});

/** One CalDAV object: a single event, or a series with its edited occurrences. */
export interface CalendarObject {
  master: EventItem;
  overrides: EventItem[];
  etag: string;
  /** The UID the client gave it when it created it over CalDAV (absent: the portal's, eventUid). */
  clientUid?: string;
}

/** The etag: the event's version (a series' also names its edited occurrences' versions). */
export function etagOf(master: EventItem, overrides: EventItem[]): string {
  const parts = [String(master.version), ...overrides.map((o) => `${o.eventId.slice(-6)}.${o.version}`).sort()];
  return `"${parts.join('-')}"`;
}

export function objectsOf(cal: MyCalendar, userId: string): Map<string, CalendarObject> {
  const mine = cal.events.filter((e) => e.calendarId === `user-${userId}`);
  const masters = new Map(mine.filter((e) => !e.seriesId).map((e) => [e.eventId, e]));
  const overridesBySeries = new Map<string, EventItem[]>();
  const objects = new Map<string, CalendarObject>();
  for (const e of mine) {
    if (!e.seriesId) continue;
    if (masters.has(e.seriesId)) overridesBySeries.set(e.seriesId, [...(overridesBySeries.get(e.seriesId) ?? []), e]);
    else objects.set(e.eventId, { master: e, overrides: [], etag: etagOf(e, []) }); // its series ended before the window
  }
  for (const [id, master] of masters) {
    const overrides = overridesBySeries.get(id) ?? [];
    objects.set(id, { master, overrides, etag: etagOf(master, overrides) });
  }
  return objects;
}

/**
 * My calendar as CalDAV objects by name: ONE Query of my calendar partition and ONE Query of the names clients gave
 * the events they created (an object a phone PUT as `{UUID}.ics` stays there; the rest are `{eventId}.ics`).
 */
export async function readObjects(userId: string): Promise<Map<string, CalendarObject>> {
  const [cal, names] = await Promise.all([
    readMyCalendar(userId),
    CaldavNames.query.byUser({ userId }).go({ pages: 'all' }),
  ]);
  const byEvent = objectsOf(cal, userId);
  const named = new Map(names.data.map((n) => [n.eventId, n]));
  return new Map(
    [...byEvent].map(([eventId, o]) => {
      const n = named.get(eventId);
      return [n?.name ?? eventId, n?.uid ? { ...o, clientUid: n.uid } : o];
    }),
  );
}

/** getctag / sync-token: changes whenever an event of the calendar is added, edited or deleted. */
function ctagOf(objects: Map<string, CalendarObject>): string {
  const h = createHash('sha256');
  for (const [id, o] of [...objects].sort(([a], [b]) => a.localeCompare(b))) h.update(`${id}:${o.etag};`);
  return h.digest('base64url').slice(0, 22);
}

function overlaps(o: CalendarObject, range: { start?: number; end?: number } | undefined): boolean {
  if (!range) return true;
  return [o.master, ...o.overrides].some(
    (e) =>
      (range.end === undefined || Date.parse(e.firstStartUtc) < range.end) &&
      (range.start === undefined || Date.parse(e.lastEndUtc) > range.start),
  );
}

interface Ctx {
  person: CaldavPerson;
  host: string;
}

const principalProps = (ctx: Ctx): PropValues => ({
  'current-user-principal': { tag: 'd:current-user-principal', xml: href(principalPath(ctx.person.user.sub)) },
});

function collectionProps(ctx: Ctx, path: string, name: string): PropValues {
  return {
    ...principalProps(ctx),
    resourcetype: { tag: 'd:resourcetype', xml: '<d:collection/>' },
    displayname: { tag: 'd:displayname', xml: escapeXml(name) },
    owner: { tag: 'd:owner', xml: href(principalPath(ctx.person.user.sub)) },
    'calendar-home-set': { tag: 'c:calendar-home-set', xml: href(homePath(ctx.person.user.sub)) },
    'principal-URL': { tag: 'd:principal-URL', xml: href(principalPath(ctx.person.user.sub)) },
    'current-user-privilege-set': {
      tag: 'd:current-user-privilege-set',
      xml: ['read', 'write', 'write-content', 'bind', 'unbind']
        .map((p) => `<d:privilege><d:${p}/></d:privilege>`)
        .join(''),
    },
    ...(path === principalPath(ctx.person.user.sub)
      ? {
          resourcetype: { tag: 'd:resourcetype', xml: '<d:principal/><d:collection/>' },
          'calendar-user-address-set': {
            tag: 'c:calendar-user-address-set',
            xml: href(`mailto:${ctx.person.user.email}`),
          },
        }
      : {}),
  };
}

function calendarProps(ctx: Ctx, objects: Map<string, CalendarObject>): PropValues {
  const ctag = ctagOf(objects);
  return {
    ...collectionProps(ctx, calendarPath(ctx.person.user.sub), 'Portal'),
    resourcetype: { tag: 'd:resourcetype', xml: '<d:collection/><c:calendar/>' },
    'supported-calendar-component-set': { tag: 'c:supported-calendar-component-set', xml: '<c:comp name="VEVENT"/>' },
    'supported-report-set': {
      tag: 'd:supported-report-set',
      xml: ['calendar-query', 'calendar-multiget']
        .map((r) => `<d:supported-report><d:report><c:${r}/></d:report></d:supported-report>`)
        .join(''),
    },
    getctag: { tag: 'cs:getctag', xml: ctag },
    'sync-token': { tag: 'd:sync-token', xml: `${ROOT}sync/${ctag}` },
    getcontenttype: { tag: 'd:getcontenttype', xml: 'text/calendar; charset=utf-8' },
  };
}

async function objectProps(o: CalendarObject, ctx: Ctx, withData: boolean): Promise<PropValues> {
  return {
    getetag: { tag: 'd:getetag', xml: escapeXml(o.etag) },
    getcontenttype: { tag: 'd:getcontenttype', xml: 'text/calendar; charset=utf-8; component=vevent' },
    resourcetype: { tag: 'd:resourcetype', xml: '' },
    ...(withData
      ? {
          'calendar-data': {
            tag: 'c:calendar-data',
            xml: escapeXml(await objectIcs(o.master, o.overrides, ctx.host, o.clientUid)),
          },
        }
      : {}),
  };
}

/** `/dav/calendars/{sub}/personal/{id}.ics` → the id, for my own calendar only. */
function objectIdOf(path: string, sub: string): string | null {
  const prefix = calendarPath(sub);
  if (!path.startsWith(prefix)) return null;
  const m = /^([A-Za-z0-9_.-]{1,128})\.ics$/.exec(path.slice(prefix.length));
  return m ? m[1]! : null;
}

const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);

export async function serveCaldav(event: APIGatewayProxyEventV2): Promise<Result> {
  const method = event.requestContext.http.method.toUpperCase();
  const rawPath = event.rawPath || '/';
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return text(400, 'Bad path');
  }
  if (path === '/.well-known/caldav' || path === '/.well-known/caldav/')
    return { statusCode: 301, headers: { location: ROOT, 'cache-control': 'no-store' }, body: '' };
  if (method === 'OPTIONS') return { statusCode: 200, headers: { ...DAV_HEADERS, 'content-length': '0' }, body: '' };

  const person = await authenticate(event.headers?.authorization, event.requestContext.http.sourceIp);
  if (!person)
    return text(401, 'CalDAV needs the user name and password from Calendar → Settings → Phone and PC sync', {
      'www-authenticate': 'Basic realm="Portal calendar", charset="UTF-8"',
    });
  const sub = person.user.sub;
  // The UIDs' host is the portal's (the invitation e-mails write the same UIDs), not this function URL's.
  const ctx: Ctx = { person, host: uidHost() };
  const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const depth = (event.headers?.depth ?? 'infinity').trim();

  try {
    const dir = withSlash(path);
    if (method === 'PROPFIND') {
      const requested = requestedProps((await parseXml(body)).propfind as Record<string, unknown> | undefined);
      if (path === '/' || dir === ROOT)
        return xml(207, multistatus([{ href: ROOT, props: collectionProps(ctx, ROOT, 'Portal') }], requested));
      if (dir === principalPath(sub))
        return xml(207, multistatus([{ href: dir, props: collectionProps(ctx, dir, person.name || sub) }], requested));
      if (dir === homePath(sub)) {
        const responses: DavResponse[] = [{ href: dir, props: collectionProps(ctx, dir, 'Calendars') }];
        if (depth !== '0') {
          const objects = await readObjects(sub);
          responses.push({ href: calendarPath(sub), props: calendarProps(ctx, objects) });
        }
        return xml(207, multistatus(responses, requested));
      }
      if (dir === calendarPath(sub)) {
        const objects = await readObjects(sub);
        const responses: DavResponse[] = [{ href: dir, props: calendarProps(ctx, objects) }];
        if (depth !== '0') {
          const withData = requested?.includes('calendar-data') ?? false;
          for (const [id, o] of objects)
            responses.push({ href: objectPath(sub, id), props: await objectProps(o, ctx, withData) });
        }
        return xml(207, multistatus(responses, requested));
      }
      const id = objectIdOf(path, sub);
      if (id) {
        const o = (await readObjects(sub)).get(id);
        if (!o) return text(404, 'No such event');
        const withData = requested?.includes('calendar-data') ?? false;
        return xml(207, multistatus([{ href: path, props: await objectProps(o, ctx, withData) }], requested));
      }
      return text(404, 'Not found');
    }

    if (method === 'REPORT') {
      if (dir !== calendarPath(sub)) return text(404, 'Reports are answered on the calendar');
      const report = await parseReport(body);
      if (report.kind === 'other') return text(501, 'Only calendar-query and calendar-multiget are supported');
      const objects = await readObjects(sub);
      const withData = report.props?.includes('calendar-data') ?? true;
      let responses: DavResponse[];
      if (report.kind === 'calendar-query') {
        responses = await Promise.all(
          [...objects]
            .filter(([, o]) => overlaps(o, report.range))
            .map(async ([id, o]) => ({ href: objectPath(sub, id), props: await objectProps(o, ctx, withData) })),
        );
      } else {
        responses = await Promise.all(
          report.hrefs.map(async (h): Promise<DavResponse> => {
            const p = (() => {
              try {
                return decodeURIComponent(new URL(h, 'http://x').pathname);
              } catch {
                return h;
              }
            })();
            const id = objectIdOf(p, sub);
            const o = id ? objects.get(id) : undefined;
            return o ? { href: h, props: await objectProps(o, ctx, withData) } : { href: h, status: 404 };
          }),
        );
      }
      return xml(207, multistatus(responses, report.props));
    }

    const id = objectIdOf(path, sub);
    if (method === 'GET' || method === 'HEAD') {
      if (!id) return text(dir === calendarPath(sub) ? 405 : 404, 'GET an event: …/personal/{id}.ics');
      const o = (await readObjects(sub)).get(id);
      if (!o) return text(404, 'No such event');
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/calendar; charset=utf-8', etag: o.etag, 'cache-control': 'no-store' },
        body: method === 'HEAD' ? '' : await objectIcs(o.master, o.overrides, ctx.host, o.clientUid),
      };
    }
    if (method === 'PUT') {
      if (!id) return text(405, 'PUT an event: …/personal/{name}.ics');
      const objects = await readObjects(sub);
      const current = objects.get(id);
      const ifMatch = event.headers?.['if-match'];
      const ifNoneMatch = event.headers?.['if-none-match'];
      if (ifMatch && (!current || (ifMatch.trim() !== '*' && ifMatch.trim() !== current.etag)))
        return text(412, 'The event changed since you read it');
      if (ifNoneMatch?.trim() === '*' && current) return text(412, 'The event exists already');
      const created = await applyPut(person, current, body ?? '');
      if (created && (created.eventId !== id || created.uid))
        await CaldavNames.put({
          userId: sub,
          name: id,
          eventId: created.eventId,
          ...(created.uid ? { uid: created.uid } : {}),
        }).go();
      const createdId = created?.eventId;
      return { statusCode: createdId ? 201 : 204, headers: { 'cache-control': 'no-store' }, body: '' };
    }
    if (method === 'DELETE') {
      if (!id) return text(405, 'DELETE an event: …/personal/{id}.ics');
      const current = (await readObjects(sub)).get(id);
      if (!current) return text(404, 'No such event');
      const ifMatch = event.headers?.['if-match'];
      if (ifMatch && ifMatch.trim() !== '*' && ifMatch.trim() !== current.etag)
        return text(412, 'The event changed since you read it');
      await removeObject(person, current);
      if (id !== current.master.eventId) await CaldavNames.delete({ userId: sub, name: id }).go();
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    }
    return text(405, `${method} is not supported`, DAV_HEADERS);
  } catch (err) {
    if (err instanceof VeventError) return text(400, `The calendar data could not be read: ${err.message}`);
    if (err instanceof AppError) return text(err.status, err.message);
    throw err;
  }
}
