/**
 * calendar-sync's one Lambda: API Gateway calls it for the ICS feed (GET /calendar/feed/{file}); its function URL
 * calls it for CalDAV (an event with routeKey `$default`, any method). See ./routes.ts.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createFeatureHandler, type FeatureEvent } from '../../shared/runtime/feature-handler';
import { loggerFor } from '../../shared/runtime/logger';
import { serveCaldav } from './caldav-server';
import { serveFeed } from './feed-service';
import { calendarSyncFeature } from './routes';

const api = createFeatureHandler(calendarSyncFeature, {
  http: {
    feed: ({ params, event }) => serveFeed(params.file, event),
  },
});

const logger = loggerFor(calendarSyncFeature.feature);

/** A function URL's request: payload 2.0 with the `$default` route key (the HTTP API's routes have real keys). */
const isFunctionUrl = (event: FeatureEvent): event is APIGatewayProxyEventV2 =>
  'routeKey' in event && event.routeKey === '$default' && 'rawPath' in event;

export async function handler(event: FeatureEvent, context: Context): Promise<unknown> {
  if (!isFunctionUrl(event)) return api(event, context);
  try {
    return await serveCaldav(event);
  } catch (err) {
    logger.error('caldav request failed', { method: event.requestContext.http.method, error: err as Error });
    return { statusCode: 500, headers: { 'content-type': 'text/plain' }, body: 'Something went wrong on our side' };
  }
}
