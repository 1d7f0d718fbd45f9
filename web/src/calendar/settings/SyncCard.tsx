/**
 * Calendar settings → Phone and PC: my ICS subscription address and my CalDAV server, user name and (once, right
 * after they are made) password, each with a copy button; "Regenerate" (confirmed: the old addresses stop working)
 * and "Turn off" (revoke). Short set-up steps for iPhone, Android and Outlook.
 */
import {
  Accordion,
  ActionIcon,
  Alert,
  Button,
  Card,
  CopyButton,
  Group,
  Modal,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey, IconRefresh, IconPlugConnectedX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncView } from '../../../../shared/calendar/contract';
import { RetryAlert } from '../../components/RetryAlert';
import { formatDateTime } from '../../components/time';
import { useRegenerateSync, useRevokeSync, useSync } from './api';

/** A read-only value with its copy button (keyboard reachable; says "Copied" when done). */
function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      onFocus={(e) => e.currentTarget.select()}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      data-testid={testId}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('calendar.sync.copied') : t('calendar.sync.copy')} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={copied ? t('calendar.sync.copied') : t('calendar.sync.copyLabel', { what: label })}
                data-testid={`${testId}-copy`}
              >
                {copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

type Confirm = 'regenerate' | 'turnOff' | null;

function Addresses({ sync }: { sync: SyncView }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="md">
      {sync.icsUrl ? (
        <Stack gap={4}>
          <Title order={3} size="sm">
            {t('calendar.sync.icsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('calendar.sync.icsHint')}
          </Text>
          <CopyField label={t('calendar.sync.icsTitle')} value={sync.icsUrl} testId="calendar-sync-ics" />
        </Stack>
      ) : null}
      {sync.caldav ? (
        <Stack gap={4}>
          <Title order={3} size="sm">
            {t('calendar.sync.caldavTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('calendar.sync.caldavHint')}
          </Text>
          <CopyField label={t('calendar.sync.server')} value={sync.caldav.url} testId="calendar-sync-caldav-url" />
          <CopyField
            label={t('calendar.sync.username')}
            value={sync.caldav.username}
            testId="calendar-sync-caldav-user"
          />
          {sync.caldav.password ? (
            <>
              <CopyField
                label={t('calendar.sync.password')}
                value={sync.caldav.password}
                testId="calendar-sync-caldav-password"
              />
              <Alert color="yellow" variant="light" icon={<IconKey size={16} aria-hidden="true" />} role="status">
                {t('calendar.sync.passwordOnce')}
              </Alert>
            </>
          ) : (
            <Text size="sm" c="dimmed" data-testid="calendar-sync-password-hidden">
              {t('calendar.sync.password')}: {t('calendar.sync.passwordHidden')}
            </Text>
          )}
        </Stack>
      ) : null}
      {sync.createdAt ? (
        <Text size="xs" c="dimmed">
          {t('calendar.sync.createdAt', { date: formatDateTime(sync.createdAt, i18n.language) })}
        </Text>
      ) : null}
    </Stack>
  );
}

function HowTo() {
  const { t } = useTranslation();
  const items = [
    ['iphone', t('calendar.sync.iphone'), t('calendar.sync.iphoneSteps')],
    ['android', t('calendar.sync.android'), t('calendar.sync.androidSteps')],
    ['outlook', t('calendar.sync.outlook'), t('calendar.sync.outlookSteps')],
  ] as const;
  return (
    <Stack gap={4}>
      <Title order={3} size="sm">
        {t('calendar.sync.howTo')}
      </Title>
      <Accordion variant="separated" radius="md" data-testid="calendar-sync-howto">
        {items.map(([id, title, steps]) => (
          <Accordion.Item key={id} value={id}>
            <Accordion.Control>{title}</Accordion.Control>
            <Accordion.Panel>
              <Text size="sm">{steps}</Text>
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}

export function SyncCard() {
  const { t } = useTranslation();
  const sync = useSync();
  const regenerate = useRegenerateSync();
  const revoke = useRevokeSync();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const on = !!(sync.data?.icsUrl || sync.data?.caldav);

  const make = () =>
    regenerate.mutate(undefined, {
      onSuccess: () => {
        if (on) notifications.show({ color: 'teal', message: t('calendar.sync.regenerated') });
        setConfirm(null);
      },
    });
  const turnOff = () =>
    revoke.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('calendar.sync.turnedOff') });
        setConfirm(null);
      },
    });

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="calendar-sync-title">
      <Stack gap="md" data-testid="calendar-sync" data-state={sync.isPending ? 'loading' : on ? 'on' : 'off'}>
        <div>
          <Title order={2} size="h4" id="calendar-sync-title" mb={4}>
            {t('calendar.sync.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('calendar.sync.intro')}
          </Text>
        </div>
        {sync.isPending ? (
          <Stack gap="sm" aria-label={t('common.loading')}>
            <Skeleton h={36} radius="sm" />
            <Skeleton h={36} radius="sm" />
          </Stack>
        ) : sync.isError ? (
          <RetryAlert onRetry={() => void sync.refetch()}>
            <Text size="sm">{t('calendar.sync.loadError')}</Text>
          </RetryAlert>
        ) : on ? (
          <>
            <Addresses sync={sync.data} />
            <Group gap="sm">
              <Button
                variant="light"
                leftSection={<IconRefresh size={16} aria-hidden="true" />}
                onClick={() => setConfirm('regenerate')}
                data-testid="calendar-sync-regenerate"
              >
                {t('calendar.sync.regenerate')}
              </Button>
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconPlugConnectedX size={16} aria-hidden="true" />}
                onClick={() => setConfirm('turnOff')}
                data-testid="calendar-sync-off"
              >
                {t('calendar.sync.turnOff')}
              </Button>
            </Group>
          </>
        ) : (
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t('calendar.sync.none')}</Text>
            <Button onClick={make} loading={regenerate.isPending} data-testid="calendar-sync-create">
              {t('calendar.sync.create')}
            </Button>
          </Stack>
        )}
        <HowTo />
      </Stack>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === 'turnOff' ? t('calendar.sync.turnOffTitle') : t('calendar.sync.regenerateTitle')}
        centered
        data-testid="calendar-sync-confirm"
      >
        <Stack>
          <Text size="sm">
            {confirm === 'turnOff' ? t('calendar.sync.turnOffBody') : t('calendar.sync.regenerateBody')}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('calendar.sync.cancel')}
            </Button>
            <Button
              color={confirm === 'turnOff' ? 'red' : undefined}
              loading={regenerate.isPending || revoke.isPending}
              onClick={confirm === 'turnOff' ? turnOff : make}
              data-testid="calendar-sync-confirm-ok"
            >
              {confirm === 'turnOff' ? t('calendar.sync.turnOffConfirm') : t('calendar.sync.regenerateConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
