/**
 * Portal settings → Status (admins): the system's health as Home used to show it — GET /health (database latency,
 * the scheduler's last heartbeat, refreshed every 15 s) and this browser's live connection (WebSocket).
 */
import { Badge, Card, Group, Loader, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBolt, IconHeartRateMonitor } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { RetryAlert } from '../components/RetryAlert';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useHealth } from '../api/queries';
import { LIVE_COLOR, LiveStatusText, useLiveLabel } from '../components/LiveIndicator';
import { formatDateTime, formatRelative, formatTime } from '../components/time';
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
    <RetryAlert title={message} onRetry={onRetry}>
      <Text size="sm">
        {error instanceof ApiError && error.isNetwork ? t('errors.network') : (error as Error)?.message}
      </Text>
      {requestId ? (
        <Text size="xs" c="dimmed">
          {t('errors.requestId', { id: requestId })}
        </Text>
      ) : null}
    </RetryAlert>
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
        <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')}>
          {[60, 100, 100, 100].map((w, i) => (
            <Skeleton key={i} height={18} radius="sm" width={`${w}%`} />
          ))}
        </Stack>
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

export function StatusPanels() {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" data-testid="portal-status">
      <HealthPanel />
      <LivePanel />
    </SimpleGrid>
  );
}
