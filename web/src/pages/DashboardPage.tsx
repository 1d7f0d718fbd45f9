/** Home: system status (GET /health), the signed-in person (GET /me) and the live connection. */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconBolt, IconHeartRateMonitor, IconRefresh, IconUserCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useHealth, useMe } from '../api/queries';
import { LIVE_COLOR, LiveStatusText, useLiveLabel } from '../components/LiveIndicator';
import { formatDateTime, formatRelative, formatTime } from '../components/time';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { RoleBadge } from '../components/UserMenu';
import { currentLanguage } from '../i18n';
import { useLiveState } from '../services';

function Panel({
  title,
  icon,
  children,
  testId,
  aside,
}: {
  title: string;
  icon: ReactNode;
  children: ReactNode;
  testId: string;
  aside?: ReactNode;
}) {
  const id = `${testId}-title`;
  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby={id} data-testid={testId}>
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" radius="md" size="lg" aria-hidden="true">
            {icon}
          </ThemeIcon>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
        </Group>
        {aside}
      </Group>
      {children}
    </Card>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed" style={{ flexShrink: 0, maxWidth: '55%' }}>
        {label}
      </Text>
      <div style={{ textAlign: 'right', minWidth: 0 }}>{children}</div>
    </Group>
  );
}

function ErrorState({ message, error, onRetry }: { message: string; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={message} role="alert">
      <Stack gap="xs">
        <Text size="sm">
          {error instanceof ApiError && error.isNetwork ? t('errors.network') : (error as Error)?.message}
        </Text>
        {requestId ? (
          <Text size="xs" c="dimmed">
            {t('errors.requestId', { id: requestId })}
          </Text>
        ) : null}
        <div>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconRefresh size={14} aria-hidden="true" />}
            onClick={onRetry}
          >
            {t('common.retry')}
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}

function RowsSkeleton({ rows }: { rows: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={18} radius="sm" width={i === 0 ? '60%' : '100%'} />
      ))}
    </Stack>
  );
}

function HealthPanel() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const health = useHealth();
  const ok = health.data?.status === 'ok';
  return (
    <Panel
      title={t('health.title')}
      icon={<IconHeartRateMonitor size={20} />}
      testId="health-panel"
      aside={health.isFetching && health.data ? <Loader size="xs" aria-label={t('health.refreshing')} /> : null}
    >
      {health.isPending ? (
        <RowsSkeleton rows={4} />
      ) : health.isError && !health.data ? (
        <ErrorState message={t('health.error')} error={health.error} onRetry={() => void health.refetch()} />
      ) : health.data ? (
        <Stack gap="sm">
          <Group gap="xs">
            <Badge
              size="lg"
              color={ok ? 'teal' : 'orange'}
              variant="light"
              data-testid="health-status"
              data-status={health.data.status}
            >
              {health.data.status}
            </Badge>
            <Text size="sm" fw={500}>
              {ok ? t('health.ok') : t('health.degraded')}
            </Text>
          </Group>
          <Row label={t('health.tableLatency')}>
            <Text size="sm" fw={600} data-testid="health-latency">
              {t('health.ms', { ms: health.data.checks.table.ms })}
            </Text>
          </Row>
          <Row label={t('health.lastHeartbeat')}>
            {health.data.lastHeartbeat ? (
              <Text
                size="sm"
                fw={600}
                title={formatDateTime(health.data.lastHeartbeat, lng)}
                data-testid="health-heartbeat"
              >
                {formatRelative(health.data.lastHeartbeat, lng, new Date(health.data.time).getTime())}
              </Text>
            ) : (
              <Text size="sm" c="dimmed" data-testid="health-heartbeat">
                {t('health.never')}
              </Text>
            )}
          </Row>
          <Text size="xs" c="dimmed">
            {t('health.checkedAt', { time: formatTime(health.data.time, lng) })}
          </Text>
          {health.isError ? (
            <ErrorState message={t('health.error')} error={health.error} onRetry={() => void health.refetch()} />
          ) : null}
        </Stack>
      ) : null}
    </Panel>
  );
}

function MePanel() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Panel title={t('me.title')} icon={<IconUserCircle size={20} />} testId="me-panel">
      {me.isPending ? (
        <RowsSkeleton rows={4} />
      ) : me.isError ? (
        <ErrorState message={t('me.error')} error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <Stack gap="sm">
          <Row label={t('me.email')}>
            <Text size="sm" fw={600} data-testid="me-email" style={{ overflowWrap: 'anywhere' }}>
              {me.data.email}
            </Text>
          </Row>
          <Row label={t('me.role')}>
            <RoleBadge groups={me.data.groups} />
          </Row>
          <Row label={t('me.language')}>
            <Text size="sm" fw={600} data-testid="me-language" data-language={me.data.preferences.language}>
              {t(`languages.${me.data.preferences.language}`)}
            </Text>
          </Row>
          <Row label={t('me.timeZone')}>
            <Text size="sm" fw={600}>
              {me.data.preferences.timeZone}
            </Text>
          </Row>
        </Stack>
      )}
    </Panel>
  );
}

function LivePanel() {
  const { t } = useTranslation();
  const state = useLiveState();
  const label = useLiveLabel(state);
  return (
    <Panel title={t('live.title')} icon={<IconBolt size={20} />} testId="live-panel">
      <Stack gap="sm">
        <Group gap="xs">
          <Badge
            size="lg"
            variant="light"
            color={LIVE_COLOR[state.status]}
            leftSection={
              state.status === 'connecting' || state.status === 'reconnecting' ? (
                <Loader size={10} color={LIVE_COLOR[state.status]} />
              ) : (
                <span className="live-dot" data-status={state.status} aria-hidden="true" />
              )
            }
            data-testid="live-panel-status"
            data-status={state.status}
            styles={{ label: { textTransform: 'none' } }}
          >
            {label}
          </Badge>
          <LiveStatusText state={state} />
        </Group>
        <Text size="sm" c="dimmed">
          {t('live.description')}
        </Text>
      </Stack>
    </Panel>
  );
}

export function DashboardPage({ email }: { email: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('dashboard.title'));
  const name = email.split('@')[0] ?? email;
  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Title order={1} fz={{ base: 26, sm: 32 }} data-testid="welcome">
          {t('dashboard.welcome', { name })}
        </Title>
        <Text c="dimmed">{t('dashboard.intro')}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="lg">
        <HealthPanel />
        <MePanel />
        <LivePanel />
      </SimpleGrid>
    </Stack>
  );
}
