/**
 * The calendar's settings in tabs, for the calendar page to mount (a drawer or tab) and for /calendar/settings:
 * General (my time zone — the one of My profile, changed the same way —, week start, working days and hours, default
 * reminders), Phone and PC (ICS and CalDAV addresses), Calendars (create, share, delete) and, for administrators,
 * Meeting rooms.
 */
import { Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconBuilding, IconCalendarCog, IconDeviceMobile, IconDoor } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RetryAlert } from '../../components/RetryAlert';
import { TimeZoneCard } from '../../people/TimeZoneCard';
import { useSession } from '../../services';
import { RoomsAdmin } from '../rooms/RoomsAdmin';
import { useCalendarSettings } from './api';
import { CalendarsCard } from './CalendarsCard';
import { PreferencesForm } from './PreferencesForm';
import { SyncCard } from './SyncCard';

export const SETTINGS_TABS = ['general', 'sync', 'calendars', 'rooms'] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];
export const isSettingsTab = (v: string | undefined): v is SettingsTab =>
  (SETTINGS_TABS as readonly string[]).includes(v ?? '');

function General() {
  const { t } = useTranslation();
  const settings = useCalendarSettings();
  return (
    <Stack gap="lg">
      <TimeZoneCard />
      {settings.isPending ? (
        <Skeleton h={320} radius="lg" aria-label={t('common.loading')} />
      ) : settings.isError ? (
        <RetryAlert onRetry={() => void settings.refetch()}>
          <Text size="sm">{t('calendar.settings.loadError')}</Text>
        </RetryAlert>
      ) : (
        <PreferencesForm settings={settings.data} />
      )}
    </Stack>
  );
}

export interface CalendarSettingsPanelProps {
  /** The open tab when controlled (e.g. by the route); else the panel keeps its own. */
  tab?: SettingsTab;
  onTabChange?: (tab: SettingsTab) => void;
}

export function CalendarSettingsPanel({ tab, onTabChange }: CalendarSettingsPanelProps) {
  const { t } = useTranslation();
  const session = useSession();
  const groups = session.status === 'signedIn' ? session.user.groups : [];
  const isAdmin = groups.includes('admin');
  const [own, setOwn] = useState<SettingsTab>('general');
  const requested = tab ?? own;
  const current = requested === 'rooms' && !isAdmin ? 'general' : requested;
  const change = (v: string | null) => {
    if (!isSettingsTab(v ?? undefined)) return;
    const next = v as SettingsTab;
    setOwn(next);
    onTabChange?.(next);
  };
  return (
    <Tabs value={current} onChange={change} keepMounted={false} data-testid="calendar-settings">
      <Tabs.List mb="lg">
        <Tabs.Tab
          value="general"
          leftSection={<IconCalendarCog size={16} aria-hidden="true" />}
          data-testid="calendar-settings-tab-general"
        >
          {t('calendar.settings.tabs.general')}
        </Tabs.Tab>
        <Tabs.Tab
          value="sync"
          leftSection={<IconDeviceMobile size={16} aria-hidden="true" />}
          data-testid="calendar-settings-tab-sync"
        >
          {t('calendar.settings.tabs.sync')}
        </Tabs.Tab>
        <Tabs.Tab
          value="calendars"
          leftSection={<IconBuilding size={16} aria-hidden="true" />}
          data-testid="calendar-settings-tab-calendars"
        >
          {t('calendar.settings.tabs.calendars')}
        </Tabs.Tab>
        {isAdmin ? (
          <Tabs.Tab
            value="rooms"
            leftSection={<IconDoor size={16} aria-hidden="true" />}
            data-testid="calendar-settings-tab-rooms"
          >
            {t('calendar.settings.tabs.rooms')}
          </Tabs.Tab>
        ) : null}
      </Tabs.List>
      <Tabs.Panel value="general">
        <General />
      </Tabs.Panel>
      <Tabs.Panel value="sync">
        <SyncCard />
      </Tabs.Panel>
      <Tabs.Panel value="calendars">
        <CalendarsCard />
      </Tabs.Panel>
      {isAdmin ? (
        <Tabs.Panel value="rooms">
          <RoomsAdmin isAdmin />
        </Tabs.Panel>
      ) : null}
    </Tabs>
  );
}
