/**
 * CalDAV's HTTP Basic: the user name is the person's id (shown in Calendar settings), the password the one
 * POST /calendar/sync showed once. ONE BatchGet reads the person's sync item and profile; a wrong or revoked
 * password, or a deactivated person, is 401. Failures are rate-limited per user name and IP (guessing a 144-bit
 * password is hopeless, but a client looping on a stale password should not cost a write per try forever).
 */
import type { UserContext } from '../../shared/auth/claims';
import { CalendarSyncs, type CalendarSyncItem } from '../../shared/calendar/sync-entity';
import { passwordMatches } from '../../shared/calendar/sync-secrets';
import { batchGet, findByKey } from '../../shared/data';
import type { Raw } from '../../shared/data/document';
import { Profiles, type ProfileItem } from '../../shared/people/profile-entity';
import { hitRateLimits, type RateRule } from '../../shared/security/rate-limit';

export const CALDAV_FAILURES_PER_IP: RateRule = { bucket: 'caldav-auth:ip', limit: 30, windowSeconds: 600 };

/** `Basic base64(user:password)` → the pair, or null. */
export function basicCredentials(header: string | undefined): { username: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export interface CaldavPerson {
  user: UserContext;
  timeZone: string;
  name: string;
}

const USER_NAME_RE = /^[A-Za-z0-9-]{1,64}$/;
/** The profile's zone when the person never saved a profile (as functions/people's draft profile). */
const DEFAULT_TIME_ZONE = 'UTC';

/**
 * The person behind a Basic header, or null. Who CalDAV acts as was written with the password (email, extranet);
 * the profile, when there is one, gives the time zone and name, and a deactivated one closes CalDAV.
 */
export async function authenticate(header: string | undefined, sourceIp: string): Promise<CaldavPerson | null> {
  const creds = basicCredentials(header);
  if (!creds || !USER_NAME_RE.test(creds.username)) return null;
  const syncKey = { PK: `USER#${creds.username}`, SK: 'CALSYNC' };
  const profileKey = { PK: `USER#${creds.username}`, SK: 'PROFILE' };
  const rows = await batchGet<Raw>([syncKey, profileKey], { consistentRead: true });
  const syncRow = findByKey(rows, syncKey);
  const profileRow = findByKey(rows, profileKey);
  const sync: CalendarSyncItem | null = syncRow ? CalendarSyncs.parse({ Item: syncRow }).data : null;
  const profile: ProfileItem | null = profileRow ? Profiles.parse({ Item: profileRow }).data : null;
  if (!sync || profile?.status === 'deactivated' || !passwordMatches(creds.password, sync.passwordHash)) {
    await hitRateLimits([{ rule: CALDAV_FAILURES_PER_IP, key: sourceIp }]);
    return null;
  }
  return {
    // No second factor over Basic: an admin acts as an employee here, as a session without MFA does.
    user: {
      sub: sync.userId,
      email: sync.email,
      groups: [sync.extranet ? 'extranet' : 'employee'],
      isAdmin: false,
      isExtranet: sync.extranet,
    },
    timeZone: profile?.timeZone ?? DEFAULT_TIME_ZONE,
    name: profile ? `${profile.firstName} ${profile.lastName}`.trim() : sync.email,
  };
}
