/**
 * Profile → Notifications: for each group of kinds, Bell / E-mail / Off (GET and PUT /notifications/settings).
 * A change is saved at once (versioned: a 409 shows the current settings and says so). The e-mails are written
 * in the person's interface language, which is named here.
 */
import { Alert, Card, Group, SegmentedControl, Skeleton, Stack, Text, Title, Button } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DELIVERIES,
  NOTIFICATION_GROUP_NAMES,
  type Delivery,
  type NotificationGroup,
  type NotificationSettingsView,
} from '../../../shared/notifications/settings';
import { NOTIFICATION_GROUP_LABELS, notificationLang } from '../../../shared/notifications/texts';
import { ApiError } from '../api/client';
import { useApi } from '../services';

export const notificationSettingsKey = ['notifications', 'settings'] as const;

const LABEL_KEY: Record<Delivery, 'bell' | 'emailShort' | 'off'> = { bell: 'bell', email: 'emailShort', off: 'off' };

function currentFromConflict(e: unknown): NotificationSettingsView | undefined {
  if (!(e instanceof ApiError) || e.status !== 409) return undefined;
  return e.body?.current as NotificationSettingsView | undefined;
}

export function NotificationSettings() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const lang = notificationLang(i18n.language);
  const [status, setStatus] = useState<'saved' | 'conflict' | 'error' | null>(null);
  const settings = useQuery({
    queryKey: notificationSettingsKey,
    queryFn: ({ signal }) => api.notifications.getSettings({ signal }),
    staleTime: 30_000,
  });
  const save = useMutation({
    mutationFn: (change: { group: NotificationGroup; delivery: Delivery; version: number }) =>
      api.notifications.saveSettings({
        body: { groups: { [change.group]: change.delivery }, version: change.version },
      }),
    onMutate: (change) => {
      setStatus(null);
      const before = qc.getQueryData<NotificationSettingsView>(notificationSettingsKey);
      if (before)
        qc.setQueryData<NotificationSettingsView>(notificationSettingsKey, {
          ...before,
          groups: { ...before.groups, [change.group]: change.delivery },
        });
      return { before };
    },
    onSuccess: (saved) => {
      qc.setQueryData(notificationSettingsKey, saved);
      setStatus('saved');
    },
    onError: (e, _change, context) => {
      const current = currentFromConflict(e);
      if (current) qc.setQueryData(notificationSettingsKey, current);
      else if (context?.before) qc.setQueryData(notificationSettingsKey, context.before);
      setStatus(current ? 'conflict' : 'error');
    },
  });

  const data = settings.data;
  return (
    <Card withBorder radius="lg" padding="lg" id="notifications" data-testid="notification-settings">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {t('notifications.settings.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('notifications.settings.intro')}
          </Text>
        </div>
        {settings.isPending ? (
          <Skeleton h={220} radius="md" />
        ) : settings.isError || !data ? (
          <Alert color="red" variant="light" role="alert" title={t('notifications.settings.loadError')}>
            <Button size="xs" variant="light" color="red" onClick={() => void settings.refetch()}>
              {t('common.retry')}
            </Button>
          </Alert>
        ) : (
          <Stack gap="sm" role="list">
            {NOTIFICATION_GROUP_NAMES.map((group) => {
              const name = NOTIFICATION_GROUP_LABELS[group][lang];
              return (
                <Group
                  key={group}
                  role="listitem"
                  justify="space-between"
                  align="center"
                  gap="xs"
                  wrap="wrap"
                  data-testid={`notification-group-${group}`}
                >
                  <div style={{ minWidth: 180, flex: '1 1 220px' }}>
                    <Text fw={600} size="sm" id={`notification-group-${group}-label`}>
                      {name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`notifications.settings.groups.${group}`)}
                    </Text>
                  </div>
                  <SegmentedControl
                    aria-labelledby={`notification-group-${group}-label`}
                    value={data.groups[group]}
                    onChange={(v) => save.mutate({ group, delivery: v as Delivery, version: data.version })}
                    disabled={save.isPending}
                    data={DELIVERIES.map((d) => ({ value: d, label: t(`notifications.settings.${LABEL_KEY[d]}`) }))}
                    size="xs"
                    data-testid={`notification-delivery-${group}`}
                  />
                </Group>
              );
            })}
          </Stack>
        )}
        <Text size="xs" c="dimmed">
          {t('notifications.settings.hint', { language: t(`languages.${lang}`) })}
        </Text>
        <div aria-live="polite">
          {status === 'saved' ? (
            <Text size="sm" c="teal" data-testid="notification-settings-saved">
              {t('notifications.settings.saved')}
            </Text>
          ) : status ? (
            <Alert color={status === 'conflict' ? 'yellow' : 'red'} variant="light" role="alert">
              {t(status === 'conflict' ? 'notifications.settings.conflict' : 'notifications.settings.saveError')}
            </Alert>
          ) : null}
        </div>
      </Stack>
    </Card>
  );
}
