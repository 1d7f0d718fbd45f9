/**
 * One folder: breadcrumbs, toolbar (upload, new folder / document, search in the drive, sort, grid/list),
 * its contents, drag-and-drop of files anywhere on it. Sort, direction and view are remembered per browser.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Menu,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedCallback, useLocalStorage } from '@mantine/hooks';
import {
  IconFilePlus,
  IconFolderPlus,
  IconLayoutGrid,
  IconList,
  IconPlus,
  IconSearch,
  IconSortAscending,
  IconSortDescending,
  IconUpload,
  IconX,
} from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  atLeast,
  SORT_FIELDS,
  type Breadcrumb,
  type DriveView,
  type NodeView,
  type SortField,
} from '../../../shared/drive/contract';
import { ApiError } from '../api/client';
import { useSession } from '../services';
import { useChildren, useCreateFolder, useNode, useQuota, useSearch } from './api';
import { NameModal } from './dialogs';
import { PageLoader, useDriveActions, useDriveLabel } from './DrivePage';
import { formatBytes } from './format';
import { NodeList } from './NodeList';
import { useUploadManager } from './uploads';
import type { UploadProblem } from './upload';

type Order = 'asc' | 'desc';

function compare(sort: SortField, order: Order) {
  const dir = order === 'asc' ? 1 : -1;
  return (a: NodeView, b: NodeView) => {
    if ((a.kind === 'folder') !== (b.kind === 'folder')) return a.kind === 'folder' ? -1 : 1;
    const v =
      sort === 'size'
        ? a.size - b.size
        : sort === 'modified'
          ? a.updatedAt.localeCompare(b.updatedAt)
          : a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true });
    return v * dir || a.name.localeCompare(b.name);
  };
}

export function FolderView({
  folderId,
  drive,
  drives,
}: {
  folderId: string;
  drive?: DriveView;
  drives?: readonly DriveView[];
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  const driveLabel = useDriveLabel();
  const { act, setCurrentDrive } = useDriveActions();
  const uploads = useUploadManager();
  const quota = useQuota();
  const detail = useNode(folderId);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const [view, setView] = useLocalStorage<'list' | 'grid'>({
    key: 'portal.drive.view',
    defaultValue: 'list',
    getInitialValueInEffect: false,
  });
  const [sort, setSort] = useLocalStorage<SortField>({
    key: 'portal.drive.sort',
    defaultValue: 'name',
    getInitialValueInEffect: false,
  });
  const [order, setOrder] = useLocalStorage<Order>({
    key: 'portal.drive.order',
    defaultValue: 'asc',
    getInitialValueInEffect: false,
  });
  const children = useChildren(folderId, sort, order, !q);
  const node = detail.data?.node;
  const driveId = node?.driveId ?? drive?.driveId ?? '';
  const search = useSearch(driveId, q);
  const right = detail.data?.myRight ?? null;
  const canEdit = atLeast(right, 'edit');
  const [dialog, setDialog] = useState<'folder' | null>(null);
  const [dragging, setDragging] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const createFolder = useCreateFolder();
  const theDrive = drive ?? drives?.find((d) => d.driveId === driveId);

  useEffect(() => {
    if (driveId) setCurrentDrive(driveId);
  }, [driveId, setCurrentDrive]);

  const pushQuery = useDebouncedCallback((v: string) => {
    const next = new URLSearchParams(params);
    if (v.trim()) next.set('q', v.trim());
    else next.delete('q');
    setParams(next, { replace: true });
  }, 300);

  const listed = useMemo(() => {
    if (q) return (search.data?.pages.flatMap((p) => p.items) ?? []).slice().sort(compare(sort, order));
    return children.data?.pages.flatMap((p) => p.items) ?? [];
  }, [q, search.data, children.data, sort, order]);
  const source = q ? search : children;

  /** Refuses up front what the server would refuse anyway: over the per-file limit, or beyond the quota (counting this batch). */
  const makeReject = () => {
    let pending = 0;
    const qv = quota.data;
    return (f: { name: string; size: number }): UploadProblem | undefined => {
      if (!qv) return undefined;
      if (qv.maxFileBytes > 0 && f.size > qv.maxFileBytes)
        return { code: 'tooLarge', message: 'too large', values: { max: formatBytes(qv.maxFileBytes, i18n.language) } };
      if (qv.quotaBytes > 0 && qv.usedBytes + pending + f.size > qv.quotaBytes)
        return { code: 'quota', message: 'quota' };
      pending += f.size;
      return undefined;
    };
  };

  const upload = (files: FileList | File[] | null) => {
    if (!files || !node || !canEdit) return;
    const list = Array.from(files);
    if (list.length) uploads.add(list, { driveId: node.driveId, parentId: node.nodeId }, makeReject());
  };

  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');
  const dropProps = canEdit
    ? {
        onDragEnter: (e: DragEvent) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          setDragging((n) => n + 1);
        },
        onDragOver: (e: DragEvent) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        },
        onDragLeave: (e: DragEvent) => {
          if (!hasFiles(e)) return;
          setDragging((n) => Math.max(0, n - 1));
        },
        onDrop: (e: DragEvent) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          setDragging(0);
          upload(Array.from(e.dataTransfer.files));
        },
      }
    : {};

  if (detail.isError) {
    const notFound =
      detail.error instanceof ApiError &&
      (detail.error.status === 404 || detail.error.status === 403 || detail.error.status === 400);
    return (
      <Alert color={notFound ? 'yellow' : 'red'} variant="light" data-testid="folder-error">
        {notFound ? t('drive.notFound') : t('drive.loadFailed')}
      </Alert>
    );
  }
  if (!node) return <PageLoader />;

  const rootLabel = driveLabel(theDrive, sub);
  // Reached through a share (a drive I cannot open as a whole): no drive-wide search, a way back to "Shared with me".
  const viaShare = drives !== undefined && !theDrive;
  const crumbs = detail.data?.breadcrumbs ?? [];
  const title =
    node.parentId === null ? rootLabel : node.systemFolder ? t(`drive.system.${node.systemFolder}`) : node.name;
  const folderName = (c: Breadcrumb, isRoot: boolean) =>
    isRoot ? rootLabel : c.systemFolder ? t(`drive.system.${c.systemFolder}`) : c.name;

  return (
    <Stack
      gap="md"
      className="drive-folder"
      data-testid="folder-view"
      data-node-id={node.nodeId}
      data-drive-id={node.driveId}
      data-right={right ?? ''}
      data-query={q}
      data-view={view}
      data-sort={`${sort}:${order}`}
      data-loaded={!source.isPending && !source.isFetching ? 'true' : 'false'}
      data-dragging={dragging > 0}
      {...dropProps}
    >
      <Stack gap={4}>
        {crumbs.length || viaShare ? (
          <Breadcrumbs
            separator="›"
            separatorMargin={6}
            aria-label={t('drive.breadcrumbs')}
            className="drive-breadcrumbs"
            data-testid="breadcrumbs"
          >
            {viaShare ? (
              <Anchor component={Link} to="/drive/shared" size="sm" data-testid="crumb-shared">
                {t('drive.drives.shared')}
              </Anchor>
            ) : null}
            {crumbs.map((c, i) => (
              <Anchor
                key={c.nodeId}
                component={Link}
                to={`/drive/folder/${encodeURIComponent(c.nodeId)}`}
                size="sm"
                data-testid="crumb"
              >
                {folderName(c, i === 0 && node.ancestors[0] === c.nodeId)}
              </Anchor>
            ))}
            <Text size="sm" c="dimmed" aria-current="page" data-testid="crumb-current">
              {title}
            </Text>
          </Breadcrumbs>
        ) : null}
        <Title order={2} className="drive-title" data-testid="folder-title">
          {title}
        </Title>
      </Stack>

      <Group gap="xs" wrap="wrap" className="drive-toolbar">
        {canEdit ? (
          <>
            <Button
              leftSection={<IconUpload size={16} aria-hidden="true" />}
              onClick={() => input.current?.click()}
              data-testid="upload-button"
            >
              {t('drive.toolbar.upload')}
            </Button>
            <VisuallyHidden>
              <input
                ref={input}
                type="file"
                multiple
                tabIndex={-1}
                aria-hidden="true"
                data-testid="upload-input"
                onChange={(e) => {
                  upload(e.currentTarget.files);
                  e.currentTarget.value = '';
                }}
              />
            </VisuallyHidden>
            <Menu position="bottom-start" withinPortal shadow="md">
              <Menu.Target>
                <Button
                  variant="default"
                  leftSection={<IconPlus size={16} aria-hidden="true" />}
                  data-testid="new-menu"
                >
                  {t('drive.toolbar.new')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconFolderPlus size={16} aria-hidden="true" />}
                  onClick={() => setDialog('folder')}
                  data-testid="new-folder"
                >
                  {t('drive.toolbar.newFolder')}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconFilePlus size={16} aria-hidden="true" />}
                  onClick={() => navigate(`/drive/documents/new?parentId=${encodeURIComponent(node.nodeId)}`)}
                  data-testid="new-document"
                >
                  {t('drive.toolbar.newDocument')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        ) : null}
        {viaShare ? null : (
          <TextInput
            className="drive-search"
            placeholder={t('drive.toolbar.searchIn')}
            aria-label={t('drive.toolbar.search')}
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={typed}
            maxLength={100}
            onChange={(e) => {
              setTyped(e.currentTarget.value);
              pushQuery(e.currentTarget.value);
            }}
            rightSection={
              typed ? (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t('drive.toolbar.clearSearch')}
                  onClick={() => {
                    setTyped('');
                    pushQuery('');
                  }}
                >
                  <IconX size={14} aria-hidden="true" />
                </ActionIcon>
              ) : null
            }
            data-testid="drive-search"
          />
        )}
        <Group gap={4} wrap="nowrap">
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <Button
                variant="default"
                size="sm"
                px="sm"
                aria-label={`${t('drive.toolbar.sort')}: ${t(`drive.toolbar.sort${sort === 'name' ? 'Name' : sort === 'size' ? 'Size' : 'Modified'}`)}`}
                data-testid="sort-menu"
              >
                {t(`drive.toolbar.sort${sort === 'name' ? 'Name' : sort === 'size' ? 'Size' : 'Modified'}`)}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('drive.toolbar.sort')}</Menu.Label>
              {SORT_FIELDS.map((f) => (
                <Menu.Item
                  key={f}
                  onClick={() => setSort(f)}
                  data-testid={`sort-${f}`}
                  fw={f === sort ? 700 : undefined}
                  aria-current={f === sort ? 'true' : undefined}
                >
                  {t(`drive.toolbar.sort${f === 'name' ? 'Name' : f === 'size' ? 'Size' : 'Modified'}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Tooltip label={order === 'asc' ? t('drive.toolbar.ascending') : t('drive.toolbar.descending')}>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => setOrder(order === 'asc' ? 'desc' : 'asc')}
              aria-label={`${t('drive.toolbar.direction')}: ${order === 'asc' ? t('drive.toolbar.ascending') : t('drive.toolbar.descending')}`}
              data-testid="sort-order"
            >
              {order === 'asc' ? (
                <IconSortAscending size={18} aria-hidden="true" />
              ) : (
                <IconSortDescending size={18} aria-hidden="true" />
              )}
            </ActionIcon>
          </Tooltip>
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v as 'list' | 'grid')}
            aria-label={t('drive.toolbar.view')}
            data={[
              { value: 'list', label: <IconList size={16} aria-label={t('drive.toolbar.list')} /> },
              { value: 'grid', label: <IconLayoutGrid size={16} aria-label={t('drive.toolbar.grid')} /> },
            ]}
            data-testid="view-toggle"
          />
        </Group>
      </Group>

      <div className="drive-drop-area">
        {dragging > 0 ? (
          <div className="drive-drop-overlay" data-testid="drop-overlay">
            <IconUpload size={32} aria-hidden="true" />
            <Text fw={600}>{t('drive.dropHere', { folder: title })}</Text>
          </div>
        ) : null}
        {source.isPending ? (
          <PageLoader />
        ) : listed.length === 0 ? (
          <Stack align="center" py="xl" gap={4} data-testid="folder-empty">
            <Text c="dimmed">
              {q ? t('drive.empty.search', { q }) : canEdit ? t('drive.empty.folder') : t('drive.empty.readOnly')}
            </Text>
            {!q && canEdit ? (
              <Text size="sm" c="dimmed">
                {t('drive.empty.folderHint')}
              </Text>
            ) : null}
          </Stack>
        ) : (
          <NodeList
            items={listed.map((n) => ({ node: n, right }))}
            view={view}
            onOpen={(n) => act('open', n, right, listed)}
            onAction={(a, n) => act(a, n, right, listed)}
          />
        )}
        {source.hasNextPage ? (
          <Group justify="center" mt="sm">
            <Button
              variant="subtle"
              onClick={() => void source.fetchNextPage()}
              loading={source.isFetchingNextPage}
              data-testid="load-more"
            >
              {t('drive.loadMore')}
            </Button>
          </Group>
        ) : null}
      </div>

      <NameModal
        opened={dialog === 'folder'}
        title={t('drive.folder.newTitle')}
        label={t('drive.folder.name')}
        submitLabel={t('drive.folder.create')}
        initial=""
        onClose={() => setDialog(null)}
        onSubmit={(name) => createFolder.mutateAsync({ parentId: node.nodeId, name })}
        testId="new-folder-dialog"
      />
    </Stack>
  );
}
