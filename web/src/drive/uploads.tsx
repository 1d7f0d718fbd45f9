/**
 * The drive's upload manager as React state: one manager for the whole drive section (uploads go on while
 * the person browses other folders), the listing and quota refreshed as files land, a warning before
 * leaving the page mid-upload, and the upload panel (overall + per-file progress, cancel, resume).
 */
import { ActionIcon, Badge, Button, Group, Paper, Progress, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconChevronDown, IconChevronUp, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../services';
import { describeUploadError, dkeys, uploadTransport } from './api';
import { formatBytes } from './format';
import { UploadManager, xhrPut, type UploadItem, type UploadSnapshot } from './upload';

const UploadsContext = createContext<UploadManager | null>(null);

export function UploadsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const qc = useQueryClient();
  const [manager] = useState(
    () =>
      new UploadManager({
        transport: uploadTransport(api),
        put: xhrPut,
        describe: describeUploadError,
        onDone: (item) => {
          void qc.invalidateQueries({ queryKey: dkeys.childrenOf(item.target.parentId) });
          void qc.invalidateQueries({ queryKey: dkeys.quota });
          void qc.invalidateQueries({ queryKey: ['drive', 'search'] });
        },
      }),
  );
  useEffect(() => () => manager.dispose(), [manager]);
  const snap = useSyncExternalStore(manager.subscribe, manager.getSnapshot);
  useEffect(() => {
    if (snap.active === 0) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [snap.active]);
  return <UploadsContext.Provider value={manager}>{children}</UploadsContext.Provider>;
}

export function useUploadManager(): UploadManager {
  const m = useContext(UploadsContext);
  if (!m) throw new Error('useUploadManager outside <UploadsProvider>');
  return m;
}

export function useUploadSnapshot(): UploadSnapshot {
  const m = useUploadManager();
  return useSyncExternalStore(m.subscribe, m.getSnapshot);
}

const pct = (loaded: number, total: number) => (total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 100);

const STATUS_COLOR: Record<UploadItem['status'], string> = {
  queued: 'gray',
  uploading: 'blue',
  finishing: 'blue',
  done: 'teal',
  error: 'red',
  canceled: 'gray',
};

function UploadRow({ item, manager }: { item: UploadItem; manager: UploadManager }) {
  const { t, i18n } = useTranslation();
  const percent = item.status === 'done' ? 100 : pct(item.loaded, item.size);
  const running = item.status === 'queued' || item.status === 'uploading' || item.status === 'finishing';
  return (
    <Stack
      gap={4}
      data-testid="upload-item"
      data-name={item.name}
      data-status={item.status}
      data-progress={percent}
      className="drive-upload-row"
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500} truncate="end" title={item.name} style={{ minWidth: 0, flex: 1 }}>
          {item.name}
        </Text>
        <Badge size="xs" variant="light" color={STATUS_COLOR[item.status]} style={{ flexShrink: 0 }}>
          {t(`drive.upload.status.${item.status}`)}
        </Badge>
        {running ? (
          <Tooltip label={t('drive.upload.cancel')}>
            <ActionIcon
              size="sm"
              variant="subtle"
              color="gray"
              aria-label={`${t('drive.upload.cancel')} ${item.name}`}
              onClick={() => manager.cancel(item.id)}
              data-testid="upload-cancel"
            >
              <IconX size={14} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
        ) : null}
        {item.status === 'error' && !['tooLarge', 'tooLargeServer', 'quota'].includes(item.error?.code ?? '') ? (
          <Tooltip label={item.resumable ? t('drive.upload.resume') : t('drive.upload.retry')}>
            <ActionIcon
              size="sm"
              variant="subtle"
              aria-label={`${item.resumable ? t('drive.upload.resume') : t('drive.upload.retry')} ${item.name}`}
              onClick={() => manager.retry(item.id)}
              data-testid="upload-retry"
            >
              <IconPlayerPlay size={14} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
      <Progress
        value={percent}
        size="sm"
        color={STATUS_COLOR[item.status]}
        striped={item.status === 'finishing'}
        animated={item.status === 'finishing'}
        aria-label={t('drive.upload.fileLabel', { name: item.name })}
        data-testid="upload-item-progress"
      />
      <Text
        size="xs"
        c={item.status === 'error' ? 'red' : 'dimmed'}
        role={item.status === 'error' ? 'alert' : undefined}
      >
        {item.status === 'error' && item.error
          ? t(
              `drive.upload.errors.${(['tooLarge', 'tooLargeServer', 'empty', 'quota', 'failed', 'network', 'forbidden', 'notFound', 'server', 'invalid'] as const).find((c) => c === item.error!.code) ?? 'failed'}`,
              {
                max: '',
                message: item.error.message,
                ...item.error.values,
              },
            )
          : `${formatBytes(item.status === 'done' ? item.size : item.loaded, i18n.language)} / ${formatBytes(item.size, i18n.language)}`}
      </Text>
    </Stack>
  );
}

/** Fixed at the bottom right (full width on phones) while there are uploads. */
export function UploadPanel() {
  const { t } = useTranslation();
  const manager = useUploadManager();
  const snap = useUploadSnapshot();
  const [collapsed, setCollapsed] = useState(false);
  if (snap.items.length === 0) return null;
  const done = snap.items.filter((i) => i.status === 'done').length;
  const counted = snap.items.filter((i) => i.status !== 'canceled').length;
  const percent = pct(snap.loaded, snap.total);
  return (
    <Paper
      className="drive-upload-panel"
      shadow="lg"
      withBorder
      radius="md"
      p="sm"
      role="region"
      aria-label={t('drive.upload.title')}
      data-testid="upload-panel"
      data-active={snap.active}
      data-progress={percent}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} size="sm">
            {t('drive.upload.title')}
          </Text>
          <Group gap={4} wrap="nowrap">
            {snap.active > 0 ? (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => manager.cancelAll()}
                data-testid="upload-cancel-all"
              >
                {t('drive.upload.cancelAll')}
              </Button>
            ) : (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => manager.clearFinished()}
                data-testid="upload-clear"
              >
                {t('drive.upload.clear')}
              </Button>
            )}
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={() => setCollapsed((c) => !c)}
              aria-label={collapsed ? t('drive.upload.show') : t('drive.upload.hide')}
              aria-expanded={!collapsed}
            >
              {collapsed ? (
                <IconChevronUp size={16} aria-hidden="true" />
              ) : (
                <IconChevronDown size={16} aria-hidden="true" />
              )}
            </ActionIcon>
          </Group>
        </Group>
        <div aria-live="polite">
          <Text size="xs" c="dimmed" data-testid="upload-overall-text">
            {t('drive.upload.overall', { done, total: counted, percent })}
          </Text>
        </div>
        <Progress value={percent} size="md" aria-label={t('drive.upload.overallLabel')} data-testid="upload-overall" />
        {collapsed ? null : (
          <ScrollArea.Autosize mah={260} type="auto" offsetScrollbars>
            <Stack gap="sm">
              {snap.items.map((item) => (
                <UploadRow key={item.id} item={item} manager={manager} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Stack>
    </Paper>
  );
}
