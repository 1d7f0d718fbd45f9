/** Full-size preview of a file in a modal, with download, and previous / next through the folder's files (arrow keys too). */
import { ActionIcon, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconChevronLeft, IconChevronRight, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NodeView } from '../../../shared/drive/contract';
import { useApi } from '../services';
import { downloadUrl, startDownload } from './api';
import { formatBytes } from './format';
import { FilePreview } from './Preview';

export function PreviewModal({
  node,
  siblings,
  onNavigate,
  onClose,
}: {
  node: NodeView | null;
  siblings: readonly NodeView[];
  onNavigate: (n: NodeView) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={node !== null}
      onClose={onClose}
      title={
        node ? (
          <Text fw={600} truncate="end" maw="60vw">
            {node.name}
          </Text>
        ) : (
          ''
        )
      }
      size="xl"
      centered
      data-testid="preview-modal"
      aria-label={node ? t('drive.preview.title', { name: node.name }) : undefined}
    >
      {node ? <PreviewBody node={node} siblings={siblings} onNavigate={onNavigate} /> : null}
    </Modal>
  );
}

function PreviewBody({
  node,
  siblings,
  onNavigate,
}: {
  node: NodeView;
  siblings: readonly NodeView[];
  onNavigate: (n: NodeView) => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const url = useQuery({
    queryKey: ['drive', 'inline', node.nodeId, node.currentVersionId],
    queryFn: () => downloadUrl(api, node.nodeId, { inline: true }),
    staleTime: 200_000,
    retry: false,
  });
  const files = siblings.filter((s) => s.kind === 'file');
  const i = files.findIndex((f) => f.nodeId === node.nodeId);
  const prev = i > 0 ? files[i - 1] : undefined;
  const next = i >= 0 && i < files.length - 1 ? files[i + 1] : undefined;
  return (
    <Stack
      gap="sm"
      data-testid="preview-body"
      data-node-id={node.nodeId}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' && prev) onNavigate(prev);
        if (e.key === 'ArrowRight' && next) onNavigate(next);
      }}
    >
      <div className="drive-preview-area">
        <FilePreview
          name={node.name}
          contentType={node.contentType ?? ''}
          size={node.size}
          url={url.data?.url}
          error={url.isError}
        />
      </div>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Tooltip label={t('drive.preview.previous')}>
            <ActionIcon
              variant="default"
              disabled={!prev}
              onClick={() => prev && onNavigate(prev)}
              aria-label={t('drive.preview.previous')}
              data-testid="preview-prev"
            >
              <IconChevronLeft size={18} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('drive.preview.next')}>
            <ActionIcon
              variant="default"
              disabled={!next}
              onClick={() => next && onNavigate(next)}
              aria-label={t('drive.preview.next')}
              data-testid="preview-next"
            >
              <IconChevronRight size={18} aria-hidden="true" />
            </ActionIcon>
          </Tooltip>
          <Text size="sm" c="dimmed">
            {formatBytes(node.size, i18n.language)}
          </Text>
        </Group>
        <Button
          leftSection={<IconDownload size={16} aria-hidden="true" />}
          variant="light"
          onClick={async () => startDownload((await downloadUrl(api, node.nodeId)).url)}
          data-testid="preview-download"
        >
          {t('drive.preview.download')}
        </Button>
      </Group>
    </Stack>
  );
}
