/**
 * A folder's contents as a table (list view) or cards (grid view). Each item opens with a click or Enter
 * (folders navigate, documents go to the editor, files open the preview) and has an actions menu reachable
 * by keyboard; what the menu offers follows the person's right (read / edit / full).
 */
import {
  ActionIcon,
  Badge,
  Card,
  Group,
  Menu,
  SimpleGrid,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconArrowsMove,
  IconCopy,
  IconDots,
  IconDownload,
  IconEdit,
  IconEye,
  IconFile,
  IconFileText,
  IconFileTypePdf,
  IconFolder,
  IconHistory,
  IconLink,
  IconMovie,
  IconMusic,
  IconPhoto,
  IconRestore,
  IconShare,
  IconTrash,
  IconTrashX,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { atLeast, type NodeView, type Right } from '../../../shared/drive/contract';
import { formatDateTime, formatRelative } from '../components/time';
import { useThumbnail } from './api';
import { formatBytes, previewKind } from './format';

export type NodeAction =
  | 'open'
  | 'download'
  | 'rename'
  | 'move'
  | 'copy'
  | 'share'
  | 'link'
  | 'versions'
  | 'trash'
  | 'restore'
  | 'deleteForever';

export interface ListedNode {
  node: NodeView;
  right: Right | null;
  /** Shown under the name (e.g. "Shared by …", "From …"). */
  note?: ReactNode;
}

export function NodeIcon({ node, size = 20 }: { node: NodeView; size?: number }) {
  const props = { size, stroke: 1.6, 'aria-hidden': true as const };
  if (node.kind === 'folder')
    return node.shared ? (
      <IconUsers {...props} color="var(--mantine-color-yellow-7)" />
    ) : (
      <IconFolder {...props} color="var(--mantine-color-yellow-7)" />
    );
  if (node.kind === 'document') return <IconFileText {...props} color="var(--mantine-color-blue-6)" />;
  switch (previewKind(node.name, node.contentType ?? '')) {
    case 'image':
      return <IconPhoto {...props} color="var(--mantine-color-teal-6)" />;
    case 'pdf':
      return <IconFileTypePdf {...props} color="var(--mantine-color-red-6)" />;
    case 'audio':
      return <IconMusic {...props} color="var(--mantine-color-grape-6)" />;
    case 'video':
      return <IconMovie {...props} color="var(--mantine-color-indigo-6)" />;
    case 'text':
    case 'markdown':
      return <IconFileText {...props} color="var(--mantine-color-gray-6)" />;
    default:
      return <IconFile {...props} color="var(--mantine-color-gray-6)" />;
  }
}

function Thumb({ node, size }: { node: NodeView; size: 'small' | 'large' }) {
  const { t } = useTranslation();
  const isImage = node.kind === 'file' && node.hasThumbnail;
  const q = useThumbnail(node, isImage);
  if (isImage && q.data?.url) {
    return (
      <img
        src={q.data.url}
        alt=""
        className={size === 'large' ? 'drive-thumb-large' : 'drive-thumb-small'}
        data-testid="node-thumbnail"
        loading="lazy"
      />
    );
  }
  return (
    <span className={size === 'large' ? 'drive-icon-large' : 'drive-icon-small'} title={t(`drive.kind.${node.kind}`)}>
      <NodeIcon node={node} size={size === 'large' ? 44 : 20} />
    </span>
  );
}

export function actionsFor(node: NodeView, right: Right | null, inTrash: boolean): NodeAction[] {
  if (inTrash)
    return [
      ...(atLeast(right, 'edit') ? (['restore'] as const) : []),
      ...(atLeast(right, 'full') ? (['deleteForever'] as const) : []),
    ];
  const out: NodeAction[] = ['open'];
  if (node.kind !== 'folder') out.push('download');
  if (atLeast(right, 'edit')) out.push('rename', 'move');
  if (atLeast(right, 'edit') && node.kind !== 'folder') out.push('copy');
  if (atLeast(right, 'full')) out.push('share', 'link');
  if (node.kind !== 'folder') out.push('versions');
  if (atLeast(right, 'edit') && !node.systemFolder && node.parentId !== null) out.push('trash');
  return out;
}

const ACTION_ICON: Record<NodeAction, ReactNode> = {
  open: <IconEye size={16} aria-hidden="true" />,
  download: <IconDownload size={16} aria-hidden="true" />,
  rename: <IconEdit size={16} aria-hidden="true" />,
  move: <IconArrowsMove size={16} aria-hidden="true" />,
  copy: <IconCopy size={16} aria-hidden="true" />,
  share: <IconShare size={16} aria-hidden="true" />,
  link: <IconLink size={16} aria-hidden="true" />,
  versions: <IconHistory size={16} aria-hidden="true" />,
  trash: <IconTrash size={16} aria-hidden="true" />,
  restore: <IconRestore size={16} aria-hidden="true" />,
  deleteForever: <IconTrashX size={16} aria-hidden="true" />,
};

function ActionsMenu({
  item,
  inTrash,
  onAction,
}: {
  item: ListedNode;
  inTrash: boolean;
  onAction: (a: NodeAction, n: NodeView) => void;
}) {
  const { t } = useTranslation();
  const actions = actionsFor(item.node, item.right, inTrash);
  const label = (a: NodeAction) => {
    if (a === 'open')
      return item.node.kind === 'file'
        ? t('drive.actions.preview')
        : item.node.kind === 'document'
          ? t('drive.actions.edit')
          : t('drive.actions.open');
    if (a === 'link') return t('drive.actions.publicLink');
    if (a === 'deleteForever') return t('drive.actions.deleteForever');
    return t(`drive.actions.${a}`);
  };
  if (actions.length === 0) return null;
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('drive.actions.label', { name: item.node.name })}
          data-testid="node-menu"
          onClick={(e) => e.stopPropagation()}
        >
          <IconDots size={18} aria-hidden="true" />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.map((a) => (
          <Menu.Item
            key={a}
            leftSection={ACTION_ICON[a]}
            color={a === 'trash' || a === 'deleteForever' ? 'red' : undefined}
            onClick={() => onAction(a, item.node)}
            data-testid={`node-action-${a}`}
          >
            {label(a)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function SharedBadge({ node }: { node: NodeView }) {
  const { t } = useTranslation();
  if (!node.shared) return null;
  return (
    <Tooltip label={t('drive.sharedBadge')}>
      <Badge
        size="xs"
        variant="light"
        color="blue"
        leftSection={<IconShare size={10} aria-hidden="true" />}
        style={{ flexShrink: 0 }}
        visibleFrom="sm"
        data-testid="node-shared"
      >
        {t('drive.sharedBadge')}
      </Badge>
    </Tooltip>
  );
}

export function nodeName(
  node: NodeView,
  t: (k: 'drive.system.uploaded' | 'drive.system.created' | 'drive.system.saved') => string,
) {
  return node.systemFolder ? t(`drive.system.${node.systemFolder}`) : node.name;
}

export function NodeList({
  items,
  view,
  inTrash = false,
  onOpen,
  onAction,
}: {
  items: readonly ListedNode[];
  view: 'list' | 'grid';
  inTrash?: boolean;
  onOpen: (n: NodeView) => void;
  onAction: (a: NodeAction, n: NodeView) => void;
}) {
  const { t, i18n } = useTranslation();
  const open = (n: NodeView) => (inTrash ? undefined : onOpen(n));
  const meta = (n: NodeView) => (n.kind === 'folder' ? t('drive.kind.folder') : formatBytes(n.size, i18n.language));

  if (view === 'grid') {
    return (
      <SimpleGrid cols={{ base: 2, xs: 3, md: 4, xl: 6 }} spacing="sm" data-testid="node-grid" role="list">
        {items.map((it) => (
          <Card
            key={it.node.nodeId}
            withBorder
            padding="xs"
            radius="md"
            className="drive-card"
            role="listitem"
            data-testid="node"
            data-name={it.node.name}
            data-kind={it.node.kind}
            data-node-id={it.node.nodeId}
          >
            <UnstyledButton
              className="drive-card-open"
              onClick={() => open(it.node)}
              disabled={inTrash}
              aria-label={it.node.name}
              data-testid="node-open"
            >
              <div className="drive-card-thumb">
                <Thumb node={it.node} size="large" />
              </div>
            </UnstyledButton>
            <Group gap={4} wrap="nowrap" mt={6} align="flex-start">
              <div style={{ flex: 1, minWidth: 0 }}>
                <Text
                  size="sm"
                  fw={500}
                  lineClamp={2}
                  title={it.node.name}
                  className="drive-name"
                  data-testid="node-name"
                >
                  {nodeName(it.node, t)}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {meta(it.node)}
                </Text>
                {it.note ? (
                  <Text size="xs" c="dimmed" truncate="end">
                    {it.note}
                  </Text>
                ) : null}
              </div>
              <ActionsMenu item={it} inTrash={inTrash} onAction={onAction} />
            </Group>
          </Card>
        ))}
      </SimpleGrid>
    );
  }

  return (
    <Table highlightOnHover verticalSpacing={6} className="drive-table" data-testid="node-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('drive.columns.name')}</Table.Th>
          <Table.Th visibleFrom="sm" w={110}>
            {t('drive.columns.size')}
          </Table.Th>
          <Table.Th visibleFrom="md" w={190}>
            {inTrash ? t('drive.trash.trashedAt') : t('drive.columns.modified')}
          </Table.Th>
          <Table.Th w={44}>
            <VisuallyHidden>{t('drive.columns.actions')}</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((it) => {
          const when = inTrash && it.node.trashedAt ? it.node.trashedAt : it.node.updatedAt;
          return (
            <Table.Tr
              key={it.node.nodeId}
              data-testid="node"
              data-name={it.node.name}
              data-kind={it.node.kind}
              data-node-id={it.node.nodeId}
            >
              <Table.Td style={{ minWidth: 0 }}>
                <Group gap="sm" wrap="nowrap">
                  <Thumb node={it.node} size="small" />
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Group gap={6} wrap="nowrap">
                      {inTrash ? (
                        <Text size="sm" fw={500} className="drive-name" data-testid="node-name">
                          {nodeName(it.node, t)}
                        </Text>
                      ) : (
                        <UnstyledButton
                          onClick={() => open(it.node)}
                          className="drive-name-button"
                          data-testid="node-open"
                        >
                          <Text size="sm" fw={500} className="drive-name" span data-testid="node-name">
                            {nodeName(it.node, t)}
                          </Text>
                        </UnstyledButton>
                      )}
                      <SharedBadge node={it.node} />
                    </Group>
                    <Text size="xs" c="dimmed" hiddenFrom="sm">
                      {meta(it.node)} · {formatRelative(when, i18n.language)}
                    </Text>
                    {it.note ? (
                      <Text size="xs" c="dimmed">
                        {it.note}
                      </Text>
                    ) : null}
                  </div>
                </Group>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm" c="dimmed">
                  {it.node.kind === 'folder' ? '—' : formatBytes(it.node.size, i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="md">
                <Text size="sm" c="dimmed" title={formatDateTime(when, i18n.language)}>
                  {formatRelative(when, i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td>
                <ActionsMenu item={it} inTrash={inTrash} onAction={onAction} />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
