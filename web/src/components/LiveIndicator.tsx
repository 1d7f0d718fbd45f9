import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState, LiveStatus } from '../realtime/live';
import { useLiveState } from '../services';

const COLOR: Record<LiveStatus, string> = {
  live: 'teal',
  connecting: 'yellow',
  reconnecting: 'orange',
  offline: 'gray',
};

export function useLiveLabel(state: LiveState) {
  const { t } = useTranslation();
  return t(`live.${state.status}`);
}

/** Seconds until the next reconnect attempt, ticking. */
export function useRetryCountdown(retryAt: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (retryAt === null) return;
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, [retryAt]);
  return retryAt === null ? null : Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/** The small header badge: a coloured dot and the word, with the round trip in its tooltip. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const state = useLiveState();
  const label = useLiveLabel(state);
  const tip =
    state.status === 'live' && state.latencyMs !== null
      ? t('live.latency', { ms: state.latencyMs })
      : t('live.description');
  return (
    <Tooltip label={tip} withArrow multiline maw={260}>
      <Badge
        role="status"
        aria-live="polite"
        aria-label={`${t('live.title')}: ${label}`}
        data-testid="live-indicator"
        data-status={state.status}
        variant="light"
        color={COLOR[state.status]}
        radius="xl"
        size="lg"
        tabIndex={0}
        className="live-badge"
        styles={{ label: { textTransform: 'none', display: 'flex', alignItems: 'center', gap: 6 } }}
      >
        <span className="live-dot" data-status={state.status} aria-hidden="true" />
        <Text span size="xs" fw={600} visibleFrom="xs">
          {label}
        </Text>
      </Badge>
    </Tooltip>
  );
}

export { COLOR as LIVE_COLOR };

export function LiveStatusText({ state }: { state: LiveState }) {
  const { t } = useTranslation();
  const secs = useRetryCountdown(state.retryAt);
  return (
    <Group gap="xs">
      {state.status === 'live' && state.latencyMs !== null ? (
        <Text size="sm">{t('live.latency', { ms: state.latencyMs })}</Text>
      ) : null}
      {state.status === 'reconnecting' && secs !== null ? (
        <Text size="sm" c="dimmed">
          {t('live.retryIn', { s: secs })}
        </Text>
      ) : null}
    </Group>
  );
}
