/**
 * GET/POST/DELETE /calendar/sync: my private ICS feed address and CalDAV credentials (issue 14, phone and PC sync).
 * What the table keeps and why it cannot open a feed by itself: shared/calendar/sync-entity.ts. The feed and CalDAV
 * themselves are served by functions/calendar-sync.
 *
 * Addresses: the feed is a route of this API, so its address is the API's own (the host this request came in on;
 * `API_URL` where a gateway sets it, as the local stack does). CalDAV is served from the calendar-sync function's
 * URL, handed to this function by CDK as FUNCTION_URL_CALENDAR_SYNC (API Gateway cannot route PROPFIND/REPORT).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { UserContext } from '../../shared/auth/claims';
import type { SyncView } from '../../shared/calendar/contract';
import { CalendarFeedTokens, CalendarSyncs, type CalendarSyncItem } from '../../shared/calendar/sync-entity';
import { feedToken, newNonce, newPassword, sha256 } from '../../shared/calendar/sync-secrets';
import { transaction } from '../../shared/data';
import { functionUrlEnv } from '../../shared/manifest/types';

const CALDAV_FEATURE = 'calendar-sync';

function apiBase(event: APIGatewayProxyEventV2): string {
  const configured = process.env.API_URL;
  if (configured) return configured.replace(/\/+$/, '');
  return `https://${event.requestContext.domainName}`;
}

/** The CalDAV server's address, or null where no function URL is deployed. */
export function caldavBase(): string | null {
  const url = process.env[functionUrlEnv(CALDAV_FEATURE)];
  return url ? url.replace(/\/+$/, '') : null;
}

async function viewOf(
  item: CalendarSyncItem | null,
  event: APIGatewayProxyEventV2,
  password?: string,
): Promise<SyncView> {
  if (!item) return { icsUrl: null, caldav: null, createdAt: null };
  const token = await feedToken(item.userId, item.feedNonce);
  const caldav = caldavBase();
  return {
    icsUrl: `${apiBase(event)}/calendar/feed/${token}.ics`,
    caldav: caldav ? { url: `${caldav}/`, username: item.userId, ...(password ? { password } : {}) } : null,
    createdAt: item.createdAt,
  };
}

export async function getSync(user: UserContext, event: APIGatewayProxyEventV2): Promise<SyncView> {
  const { data } = await CalendarSyncs.get({ userId: user.sub }).go({ consistent: true });
  return viewOf(data, event);
}

/** Makes new secrets; the old token's lookup item goes in the same transaction, so the old feed answers 404 at once. */
export async function regenerateSync(user: UserContext, event: APIGatewayProxyEventV2): Promise<SyncView> {
  const { data: old } = await CalendarSyncs.get({ userId: user.sub }).go({ consistent: true });
  const feedNonce = newNonce();
  const feedHash = sha256(await feedToken(user.sub, feedNonce));
  const password = newPassword();
  const item: CalendarSyncItem = {
    userId: user.sub,
    feedNonce,
    feedHash,
    passwordHash: sha256(password),
    email: user.email,
    extranet: user.isExtranet,
    createdAt: new Date().toISOString(),
  };
  const tx = transaction().add(CalendarSyncs.put(item), CalendarFeedTokens.put({ feedHash, userId: user.sub }));
  if (old && old.feedHash !== feedHash) tx.add(CalendarFeedTokens.delete({ feedHash: old.feedHash }));
  await tx.commit();
  return viewOf(item, event, password);
}

export async function revokeSync(user: UserContext): Promise<void> {
  const { data: old } = await CalendarSyncs.get({ userId: user.sub }).go({ consistent: true });
  if (!old) return;
  await transaction()
    .add(CalendarSyncs.delete({ userId: user.sub }), CalendarFeedTokens.delete({ feedHash: old.feedHash }))
    .commit();
}
