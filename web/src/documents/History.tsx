/**
 * A document's version history (newest first: number, author, time, size, "restored from"), with per
 * version: view it, compare it with the one before or with the current one, restore it (restore = a new
 * version; the history keeps everything). The compare dialog diffs ANY two versions (two pickers, words or
 * lines).
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Modal,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowsDiff, IconDots, IconEye, IconHistory, IconRestore } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentFormat, VersionView } from '../../../shared/drive/contract';
import { formatDateTime } from '../components/time';
import { currentLanguage } from '../i18n';
import { usePeopleNames } from '../tasks/people';
import { useVersionContent, useVersions } from './api';
import { comparableText, DiffView } from './DiffView';
import { SafeDoc } from './editors';
import { formatBytes, type DiffMode } from './merge';

export interface ComparePair {
  from: string;
  to: string;
}

export function useVersionList(nodeId: string, enabled: boolean) {
  const q = useVersions(nodeId, enabled);
  const versions = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  return { ...q, versions };
}

export function HistoryList({
  nodeId,
  canEdit,
  busyVersionId,
  onView,
  onCompare,
  onRestore,
}: {
  nodeId: string;
  canEdit: boolean;
  busyVersionId: string | null;
  onView: (v: VersionView) => void;
  onCompare: (pair: ComparePair) => void;
  onRestore: (v: VersionView) => void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const q = useVersionList(nodeId, true);
  const { versions } = q;
  const names = usePeopleNames(useMemo(() => [...new Set(versions.map((v) => v.authorId))], [versions]));
  const current = versions.find((v) => v.current) ?? versions[0];
  const byId = useMemo(() => new Map(versions.map((v) => [v.versionId, v])), [versions]);

  if (q.isPending) {
    return (
      <Stack gap="xs" data-testid="history-loading">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} h={56} radius="sm" />
        ))}
      </Stack>
    );
  }
  if (q.isError) {
    return (
      <Alert color="red" title={t('documents.errors.versions')}>
        <Button size="xs" variant="light" onClick={() => void q.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }
  return (
    <Stack gap="xs" data-testid="history-list" data-count={versions.length}>
      {versions.length >= 2 && current && (
        <Button
          variant="light"
          leftSection={<IconArrowsDiff size={16} />}
          onClick={() => onCompare({ from: versions[1]!.versionId, to: current.versionId })}
          data-testid="history-compare"
        >
          {t('documents.history.compareAny')}
        </Button>
      )}
      <ol className="history-list">
        {versions.map((v, i) => {
          const previous = versions[i + 1];
          const restoredFrom = v.restoredFrom ? byId.get(v.restoredFrom) : undefined;
          return (
            <li
              key={v.versionId}
              className="history-item"
              data-testid="version-row"
              data-version-id={v.versionId}
              data-number={v.number}
              data-current={v.current}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                <Box miw={0}>
                  <Group gap={6} wrap="wrap">
                    <Text fw={600} size="sm">
                      {t('documents.history.version', { n: v.number })}
                    </Text>
                    {v.current && (
                      <Badge size="xs" color="teal" variant="light" data-testid="version-current">
                        {t('documents.history.current')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" data-testid="version-meta">
                    {names[v.authorId]} · {formatDateTime(v.createdAt, lng)} · {formatBytes(v.size, lng)}
                  </Text>
                  {v.restoredFrom && (
                    <Text size="xs" c="dimmed" data-testid="version-restored-from">
                      {t('documents.history.restoredFrom', { n: restoredFrom?.number ?? '?' })}
                    </Text>
                  )}
                </Box>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => onView(v)}
                    aria-label={t('documents.history.viewN', { n: v.number })}
                    data-testid="version-view"
                  >
                    <IconEye size={16} />
                  </ActionIcon>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={t('documents.history.actionsN', { n: v.number })}
                        data-testid="version-menu"
                        loading={busyVersionId === v.versionId}
                      >
                        <IconDots size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {previous && (
                        <Menu.Item
                          leftSection={<IconArrowsDiff size={14} />}
                          onClick={() => onCompare({ from: previous.versionId, to: v.versionId })}
                          data-testid="version-compare-previous"
                        >
                          {t('documents.history.comparePrevious')}
                        </Menu.Item>
                      )}
                      {!v.current && current && (
                        <Menu.Item
                          leftSection={<IconArrowsDiff size={14} />}
                          onClick={() => onCompare({ from: v.versionId, to: current.versionId })}
                          data-testid="version-compare-current"
                        >
                          {t('documents.history.compareCurrent')}
                        </Menu.Item>
                      )}
                      {!v.current && canEdit && (
                        <Menu.Item
                          leftSection={<IconRestore size={14} />}
                          onClick={() => onRestore(v)}
                          data-testid="version-restore"
                        >
                          {t('documents.history.restore')}
                        </Menu.Item>
                      )}
                      {v.current && !previous && (
                        <Menu.Item disabled leftSection={<IconHistory size={14} />}>
                          {t('documents.history.onlyOne')}
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </Group>
            </li>
          );
        })}
      </ol>
      {q.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void q.fetchNextPage()}
          loading={q.isFetchingNextPage}
          data-testid="history-more"
        >
          {t('documents.history.more')}
        </Button>
      )}
    </Stack>
  );
}

/** One version rendered, with "restore" when it is not the current one. */
export function VersionModal({
  nodeId,
  version,
  format,
  canEdit,
  closeOnEscape,
  onClose,
  onRestore,
}: {
  nodeId: string;
  version: VersionView | null;
  format: DocumentFormat;
  canEdit: boolean;
  closeOnEscape: boolean;
  onClose: () => void;
  onRestore: (v: VersionView) => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const q = useVersionContent(nodeId, version?.versionId ?? null);
  return (
    <Modal
      opened={!!version}
      onClose={onClose}
      closeOnEscape={closeOnEscape}
      title={version ? t('documents.history.version', { n: version.number }) : ''}
      size="xl"
      fullScreen={phone}
    >
      {q.isPending ? (
        <Skeleton h={200} />
      ) : q.data ? (
        <Stack>
          <Box className="doc-pane">
            <SafeDoc format={format} content={q.data.content} testId="version-content" />
          </Box>
          {version && !version.current && canEdit && (
            <Group justify="flex-end">
              <Button
                leftSection={<IconRestore size={16} />}
                onClick={() => onRestore(version)}
                data-testid="version-modal-restore"
              >
                {t('documents.history.restore')}
              </Button>
            </Group>
          )}
        </Stack>
      ) : null}
    </Modal>
  );
}

/** The diff between any two versions. */
export function CompareModal({
  nodeId,
  format,
  pair,
  onChange,
  onClose,
}: {
  nodeId: string;
  format: DocumentFormat;
  pair: ComparePair | null;
  onChange: (p: ComparePair) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const phone = useMediaQuery('(max-width: 36em)');
  const [mode, setMode] = useState<DiffMode>('words');
  const { versions } = useVersionList(nodeId, !!pair);
  const from = useVersionContent(nodeId, pair?.from ?? null);
  const to = useVersionContent(nodeId, pair?.to ?? null);
  const options = versions.map((v) => ({
    value: v.versionId,
    label: `${t('documents.history.version', { n: v.number })} · ${formatDateTime(v.createdAt, lng)}`,
  }));
  const fromText = useMemo(() => (from.data ? comparableText(format, from.data.content) : null), [from.data, format]);
  const toText = useMemo(() => (to.data ? comparableText(format, to.data.content) : null), [to.data, format]);
  const number = (id: string | undefined) => versions.find((v) => v.versionId === id)?.number;
  const ready = fromText !== null && toText !== null;
  return (
    <Modal opened={!!pair} onClose={onClose} title={t('documents.diff.title')} size="xl" fullScreen={phone}>
      {pair && (
        <Stack
          gap="sm"
          data-testid="compare-modal"
          data-from={number(pair.from)}
          data-to={number(pair.to)}
          data-ready={ready}
        >
          <div className="compare-pickers">
            <Select
              label={t('documents.diff.from')}
              data={options}
              value={pair.from}
              onChange={(v) => v && onChange({ ...pair, from: v })}
              allowDeselect={false}
              data-testid="compare-from"
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t('documents.diff.to')}
              data={options}
              value={pair.to}
              onChange={(v) => v && onChange({ ...pair, to: v })}
              allowDeselect={false}
              data-testid="compare-to"
              comboboxProps={{ withinPortal: true }}
            />
          </div>
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as DiffMode)}
            data={[
              { value: 'words', label: t('documents.diff.words') },
              { value: 'lines', label: t('documents.diff.lines') },
            ]}
            aria-label={t('documents.diff.mode')}
            data-testid="compare-mode"
            style={{ alignSelf: 'flex-start' }}
          />
          {ready ? <DiffView from={fromText} to={toText} mode={mode} /> : <Skeleton h={160} />}
        </Stack>
      )}
    </Modal>
  );
}
