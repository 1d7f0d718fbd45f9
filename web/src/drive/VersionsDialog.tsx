/** Version history of a file: newest first, who and when and how big; download any version; restore one (= a new version). */
import { ActionIcon, Badge, Button, Group, Loader, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { atLeast, type NodeView, type Right, type VersionView } from '../../../shared/drive/contract';
import { formatDateTime } from '../components/time';
import { useApi } from '../services';
import { usePeopleNames } from '../tasks/people';
import { downloadUrl, startDownload, useRestoreVersion, useVersions } from './api';
import { errorText } from './dialogs';
import { formatBytes } from './format';

export function VersionsDialog({
  node,
  right,
  onClose,
}: {
  node: NodeView | null;
  right: Right | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={node !== null}
      onClose={onClose}
      title={node ? t('drive.versions.title', { name: node.name }) : ''}
      size="lg"
      centered
      data-testid="versions-dialog"
    >
      {node ? <VersionsBody node={node} canRestore={atLeast(right, 'edit')} /> : null}
    </Modal>
  );
}

function VersionsBody({ node, canRestore }: { node: NodeView; canRestore: boolean }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const q = useVersions(node.nodeId, true);
  const restore = useRestoreVersion();
  const [confirm, setConfirm] = useState<VersionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const versions = q.data?.pages.flatMap((p) => p.items) ?? [];
  const names = usePeopleNames([...new Set(versions.map((v) => v.authorId))]);
  if (q.isPending) return <Loader size="sm" type="dots" aria-label={t('common.loading')} />;
  if (versions.length === 0) return <Text c="dimmed">{t('drive.versions.none')}</Text>;
  return (
    <Stack gap="xs">
      <Stack gap={0} role="list" data-testid="versions-list">
        {versions.map((v) => (
          <Group
            key={v.versionId}
            role="listitem"
            wrap="nowrap"
            gap="xs"
            py={8}
            className="drive-version-row"
            data-testid="version-row"
            data-number={v.number}
            data-current={v.current}
          >
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  {t('drive.versions.number', { n: v.number })}
                </Text>
                {v.current ? (
                  <Badge size="xs" color="teal" variant="light">
                    {t('drive.versions.current')}
                  </Badge>
                ) : null}
              </Group>
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {formatDateTime(v.createdAt, i18n.language)} ·{' '}
                {t('drive.versions.by', { name: names[v.authorId] ?? '…' })} · {formatBytes(v.size, i18n.language)}
              </Text>
            </Stack>
            <Tooltip label={t('drive.versions.download', { n: v.number })}>
              <ActionIcon
                variant="subtle"
                aria-label={t('drive.versions.download', { n: v.number })}
                onClick={async () => {
                  try {
                    startDownload((await downloadUrl(api, node.nodeId, { versionId: v.versionId })).url);
                  } catch (e) {
                    setError(errorText(e, t));
                  }
                }}
                data-testid="version-download"
              >
                <IconDownload size={16} aria-hidden="true" />
              </ActionIcon>
            </Tooltip>
            {canRestore && !v.current ? (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconRestore size={14} aria-hidden="true" />}
                onClick={() => setConfirm(v)}
                data-testid="version-restore"
              >
                {t('drive.versions.restore')}
              </Button>
            ) : null}
          </Group>
        ))}
      </Stack>
      {q.hasNextPage ? (
        <Button variant="subtle" size="xs" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('drive.loadMore')}
        </Button>
      ) : null}
      {confirm ? (
        <Stack
          gap="xs"
          p="sm"
          className="drive-confirm-box"
          role="alertdialog"
          aria-label={t('drive.versions.restoreTitle')}
          data-testid="version-restore-box"
        >
          <Text size="sm" fw={600}>
            {t('drive.versions.restoreTitle')}
          </Text>
          <Text size="sm">{t('drive.versions.restoreConfirm', { n: confirm.number })}</Text>
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setConfirm(null)}>
              {t('drive.cancel')}
            </Button>
            <Button
              size="xs"
              loading={restore.isPending}
              data-testid="version-restore-confirm"
              onClick={() =>
                restore.mutate(
                  { nodeId: node.nodeId, versionId: confirm.versionId },
                  {
                    onSuccess: () => setConfirm(null),
                    onError: (e) => setError(errorText(e, t)),
                  },
                )
              }
            >
              {t('drive.versions.restore')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {error ? (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
