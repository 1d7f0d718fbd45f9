/**
 * GET /me: who is signed in, as the header and Home show them — name, photo, company — and their preferences.
 *
 * | what                         | DynamoDB                                                                 |
 * |------------------------------|--------------------------------------------------------------------------|
 * | preferences, profile, portal | ONE BatchGet: USER#{sub}/PREFERENCES, USER#{sub}/PROFILE, PORTAL/META     |
 *
 * The photo URL is presigned here (no request to S3). Before the person ever saved preferences, the language
 * and time zone are the profile's (set at registration or joining), so what the account shows is what the
 * rest of the portal (e-mails included) uses.
 */
import type { UserContext } from '../../shared/auth/claims';
import type { Me } from '../../shared/api/shell-views';
import { batchGet, type Raw } from '../../shared/data';
import { presignGetObject } from '../../shared/data/object-store';
import { Profiles } from '../../shared/people/profile-entity';
import { Portals } from '../../shared/portal/portal-entity';
import { Preferences } from './preferences-entity';
import { preferencesView } from './preferences-service';

const keys = (sub: string) => [
  { PK: `USER#${sub}`, SK: 'PREFERENCES' },
  { PK: `USER#${sub}`, SK: 'PROFILE' },
  { PK: 'PORTAL', SK: 'META' },
];

const bySk = (rows: Raw[], sk: string): Raw | undefined => rows.find((r) => r.SK === sk);

export async function readMe(user: UserContext): Promise<Me> {
  const rows = await batchGet(keys(user.sub));
  const prefsRow = bySk(rows, 'PREFERENCES');
  const profileRow = bySk(rows, 'PROFILE');
  const portalRow = bySk(rows, 'META');
  const prefs = prefsRow ? Preferences.parse({ Item: prefsRow }).data : null;
  const profile = profileRow ? Profiles.parse({ Item: profileRow }).data : null;
  const portal = portalRow ? Portals.parse({ Item: portalRow }).data : null;
  const firstName = profile?.firstName ?? '';
  const lastName = profile?.lastName ?? '';
  const photoKey = profile?.thumbnailKey ?? profile?.photoKey;
  return {
    sub: user.sub,
    email: user.email,
    groups: user.groups,
    name: `${firstName} ${lastName}`.trim(),
    firstName,
    lastName,
    hasPhoto: !!photoKey,
    photoUrl: photoKey ? await presignGetObject(photoKey) : null,
    companyName: portal?.companyName ?? null,
    preferences: preferencesView(prefs, profile ?? undefined),
  };
}
