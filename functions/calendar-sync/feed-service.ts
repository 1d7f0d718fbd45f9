/**
 * GET /calendar/feed/{token}.ics: my private feed (METHOD:PUBLISH) for a phone or Outlook subscription. The token
 * opens only this feed; an unknown or revoked one is 404 (the same answer, so a probe learns nothing). Costs:
 * one GetItem (token → person), ONE Query of my calendar partition, ONE Query of my open tasks' deadlines
 * (./my-calendar.ts), plus the rate-limit counter. Series go out as RRULE + EXDATE with their edited
 * occurrences (RECURRENCE-ID): the client expands them.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { uidHost } from '../../shared/calendar/ics';
import { CalendarFeedTokens } from '../../shared/calendar/sync-entity';
import { FEED_FILE_RE, sha256 } from '../../shared/calendar/sync-secrets';
import { NotFoundError } from '../../shared/http/errors';
import { RawBody, reply, type HttpReply } from '../../shared/runtime/feature-handler';
import { hitRateLimits, sourceIp, type RateRule } from '../../shared/security/rate-limit';
import { feedIcs } from './ics-of';
import { readMyCalendar, readMyDeadlines } from './my-calendar';

/** Calendar apps poll every 5–60 minutes; a few people behind one office IP share a token only if they share it. */
export const FEED_PER_TOKEN_AND_IP: RateRule = { bucket: 'calendar-feed:token-ip', limit: 60, windowSeconds: 3600 };

export async function serveFeed(file: string, event: APIGatewayProxyEventV2): Promise<HttpReply> {
  const token = FEED_FILE_RE.exec(file)?.[1];
  if (!token) throw new NotFoundError('No such feed');
  const feedHash = sha256(token);
  await hitRateLimits([{ rule: FEED_PER_TOKEN_AND_IP, key: `${feedHash}|${sourceIp(event)}` }]);
  const { data } = await CalendarFeedTokens.get({ feedHash }).go();
  if (!data) throw new NotFoundError('No such feed');
  const [calendar, deadlines] = await Promise.all([readMyCalendar(data.userId), readMyDeadlines(data.userId)]);
  // The UIDs' host is the portal's (as the invitation e-mails' and CalDAV's), not the API's address.
  const ics = await feedIcs(calendar, deadlines, uidHost());
  return reply(200, new RawBody(ics, 'text/calendar; charset=utf-8'), {
    // Private to the subscriber: no shared cache may keep it (the address is the secret).
    'cache-control': 'private, no-store',
    'content-disposition': 'inline; filename="portal.ics"',
  });
}
