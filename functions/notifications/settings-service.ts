/** Notification settings per person: read (one GetItem) and save (one conditional write, 409 on a stale version). */
import type { UserContext } from '../../shared/auth/claims';
import { versionedWrite } from '../../shared/data/versioning';
import {
  NOTIFICATION_GROUP_NAMES,
  withDefaults,
  type NotificationSettingsView,
  type SettingsBody,
} from '../../shared/notifications/settings';
import { NotificationSettings, type NotificationSettingsItem } from '../../shared/notifications/settings-entity';

const view = (
  i: Pick<NotificationSettingsItem, 'groups' | 'version' | 'updatedAt'> | null,
): NotificationSettingsView =>
  i
    ? { groups: withDefaults(i.groups), version: i.version, updatedAt: i.updatedAt }
    : { groups: withDefaults(undefined), version: 0, updatedAt: null };

export async function readSettings(user: UserContext): Promise<NotificationSettingsView> {
  const { data } = await NotificationSettings.get({ userId: user.sub }).go();
  return view(data);
}

/** Saves the groups given (the others keep their value); `version` is the one the client saw (0 = never saved). */
export async function saveSettings(user: UserContext, body: SettingsBody): Promise<NotificationSettingsView> {
  const updatedAt = new Date().toISOString();
  const current = () => readSettings(user);
  const given = NOTIFICATION_GROUP_NAMES.flatMap((g) => (body.groups[g] ? [[g, body.groups[g]] as const] : []));
  if (body.version === 0) {
    const created = await versionedWrite(
      () =>
        NotificationSettings.create({
          userId: user.sub,
          groups: Object.fromEntries(given),
          version: 1,
          updatedAt,
        }).go(),
      current,
    );
    return view(created.data);
  }
  const updated = await versionedWrite(
    () =>
      NotificationSettings.patch({ userId: user.sub })
        .data((a, { set }) => {
          for (const [g, v] of given) set(a.groups[g], v);
          set(a.version, body.version + 1);
          set(a.updatedAt, updatedAt);
        })
        .where(({ version }, { eq }) => eq(version, body.version))
        .go({ response: 'all_new' }),
    current,
  );
  return view(updated.data as NotificationSettingsItem);
}
