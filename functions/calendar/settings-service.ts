/**
 * My calendar settings. GET: ONE BatchGet (the settings item + my profile for the time zone); the contract's
 * defaults (version 0) until first saved. PUT: ONE Put conditioned on the version (0: not yet saved) beside ONE
 * BatchGet of my profile (the zone) — stale → 409 with the current settings.
 */
import type { UserContext } from '../../shared/auth/claims';
import { DEFAULT_SETTINGS, type CalendarSettings, type SettingsBody } from '../../shared/calendar/contract';
import { profileKey } from '../../shared/calendar/policy';
import { CalendarSettingsRecords, SETTINGS_SK, type CalendarSettingsItem } from '../../shared/calendar/settings-entity';
import { batchGet, findByKey, isConditionFailure } from '../../shared/data';
import { ConflictError } from '../../shared/http/errors';

const settingsKey = (userId: string) => ({ PK: `USER#${userId}`, SK: SETTINGS_SK });
const FALLBACK_ZONE = 'Europe/Bucharest';

function view(s: CalendarSettingsItem | null, timeZone: string): CalendarSettings {
  if (!s) return { ...DEFAULT_SETTINGS, timeZone };
  return {
    weekStart: s.weekStart === 0 || s.weekStart === 1 || s.weekStart === 6 ? s.weekStart : null,
    workDays: s.workDays,
    workStart: s.workStart,
    workEnd: s.workEnd,
    defaultReminders: s.defaultReminders,
    timeZone,
    version: s.version,
  };
}

const zoneOf = (profile: Record<string, unknown> | undefined) =>
  typeof profile?.timeZone === 'string' && profile.timeZone ? profile.timeZone : FALLBACK_ZONE;

async function read(userId: string): Promise<CalendarSettings> {
  const rows = await batchGet([settingsKey(userId), profileKey(userId)], { consistentRead: true });
  const row = findByKey(rows, settingsKey(userId));
  return view(
    row ? CalendarSettingsRecords.parse({ Item: row }).data : null,
    zoneOf(findByKey(rows, profileKey(userId))),
  );
}

export const getSettings = (user: UserContext): Promise<CalendarSettings> => read(user.sub);

export async function saveSettings(user: UserContext, body: SettingsBody): Promise<CalendarSettings> {
  const item: CalendarSettingsItem = {
    userId: user.sub,
    ...(body.weekStart !== null ? { weekStart: body.weekStart } : {}),
    workDays: [...body.workDays].sort((a, b) => a - b),
    workStart: body.workStart,
    workEnd: body.workEnd,
    defaultReminders: body.defaultReminders,
    version: body.version + 1,
    updatedAt: new Date().toISOString(),
  };
  // Read beside the write; a failed read only loses the zone (the fallback), never the save.
  const profile = batchGet([profileKey(user.sub)]).catch(() => []);
  try {
    if (body.version === 0) await CalendarSettingsRecords.create(item).go();
    else
      await CalendarSettingsRecords.put(item)
        .where((a, o) => o.eq(a.version, body.version))
        .go();
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    throw new ConflictError('Your calendar settings were changed meanwhile (another tab?). Reload, then save again.', {
      current: await read(user.sub),
    });
  }
  return view(item, zoneOf(findByKey(await profile, profileKey(user.sub))));
}
