/** What autosave is doing, always visible next to the title (and announced politely to screen readers). */
import { Button, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCloudOff, IconGitMerge, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../components/time';
import { currentLanguage } from '../i18n';
import type { SaveState } from './useAutosave';

const COLOR: Record<SaveState, string> = {
  saved: 'teal',
  pending: 'dimmed',
  saving: 'blue',
  offline: 'orange',
  conflict: 'orange',
  error: 'red',
};

export function SaveIndicator({
  state,
  savedAt,
  error,
  onRetry,
}: {
  state: SaveState;
  savedAt: string | null;
  error: string | null;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const icon =
    state === 'saving' ? (
      <Loader size={14} />
    ) : state === 'saved' ? (
      <IconCircleCheck size={16} />
    ) : state === 'offline' ? (
      <IconCloudOff size={16} />
    ) : state === 'conflict' ? (
      <IconGitMerge size={16} />
    ) : state === 'error' ? (
      <IconAlertTriangle size={16} />
    ) : (
      <IconPencil size={16} />
    );
  const label =
    state === 'saved' && savedAt
      ? t('documents.save.savedAt', { time: formatTime(savedAt, currentLanguage()) })
      : t(`documents.save.${state}`);
  return (
    <Group
      gap={6}
      wrap="nowrap"
      className="save-indicator"
      data-testid="save-state"
      data-state={state}
      role="status"
      aria-live="polite"
    >
      <Text span c={COLOR[state]} lh={0} aria-hidden>
        {icon}
      </Text>
      <Tooltip label={error ?? ''} disabled={!error} withArrow multiline maw={320}>
        <Text size="sm" c={COLOR[state]} className="save-indicator-text">
          {label}
        </Text>
      </Tooltip>
      {(state === 'error' || state === 'offline') && (
        <Button
          size="compact-xs"
          variant="light"
          color={state === 'error' ? 'red' : 'orange'}
          onClick={onRetry}
          data-testid="save-retry"
        >
          {t('documents.save.retry')}
        </Button>
      )}
    </Group>
  );
}
