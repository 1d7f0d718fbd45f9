/** "Time zone" on My profile: the zone times are displayed in, searchable among every IANA zone; saved at once. */
import { Button, Card, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconWorld } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';
import { browserTimeZone, timeZoneOptions } from '../components/time';
import { useSaveTimeZone } from './time-zone';

export function TimeZoneCard() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const save = useSaveTimeZone();
  const current = me.data?.preferences.timeZone;
  const zones = useMemo(() => timeZoneOptions(current), [current]);
  const device = browserTimeZone();
  const change = (zone: string | null) => {
    if (!zone || zone === current) return;
    save.mutate(
      { timeZone: zone, chosen: true },
      {
        onSuccess: (p) =>
          notifications.show({ color: 'teal', message: t('people.timeZone.saved', { zone: p.timeZone }) }),
      },
    );
  };
  const now = current
    ? new Intl.DateTimeFormat(i18n.language, { timeZone: current, hour: '2-digit', minute: '2-digit' }).format(
        new Date(),
      )
    : '';
  return (
    <Card
      withBorder
      radius="lg"
      padding="lg"
      component="section"
      aria-labelledby="time-zone-title"
      data-testid="profile-time-zone"
    >
      <Title order={2} size="h4" id="time-zone-title" mb={4}>
        {t('people.timeZone.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('people.timeZone.intro')}
      </Text>
      {current ? (
        <Stack gap="xs">
          <Select
            label={t('people.timeZone.label')}
            placeholder={t('people.timeZone.placeholder')}
            data={zones}
            value={current}
            onChange={change}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('people.timeZone.nothingFound')}
            limit={50}
            leftSection={<IconWorld size={16} aria-hidden="true" />}
            disabled={save.isPending}
            maw={420}
            data-testid="time-zone-select"
          />
          <Text size="sm" c="dimmed" data-testid="time-zone-now">
            {t('people.timeZone.now', { time: now })}
          </Text>
          {device && device !== current ? (
            <div>
              <Button variant="light" size="xs" onClick={() => change(device)} data-testid="time-zone-device">
                {t('people.timeZone.useDevice', { zone: device })}
              </Button>
            </div>
          ) : null}
        </Stack>
      ) : (
        <Skeleton h={36} maw={420} radius="sm" />
      )}
    </Card>
  );
}
