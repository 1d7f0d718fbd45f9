/**
 * The drive section (/drive/*): the drives one may open (My Drive, the company drive, workgroup drives),
 * "Shared with me" and the trash in a side list (a select on phones) with the storage quota; the folder
 * browser, the trash and the shared list as nested routes; one upload manager and one set of dialogs
 * (preview, rename, move/copy, share, public link, versions, trash) for all of them.
 */
import { Alert, Box, Center, Group, Loader, NavLink, Paper, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconFolders, IconShare, IconTrash, IconUser, IconUsersGroup } from '@tabler/icons-react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Navigate,
  Route,
  NavLink as RouterNavLink,
  Routes,
  useNavigate,
  useParams,
  useSearchParams,
} from 'react-router';
import type { DriveView, NodeView, Right } from '../../../shared/drive/contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi, useSession } from '../services';
import {
  downloadUrl,
  startDownload,
  useCopy,
  useDeleteForever,
  useDrives,
  useMove,
  useQuota,
  useRename,
  useRestoreNode,
  useTrashNode,
} from './api';
import { ConfirmModal, FolderPickerModal, NameModal } from './dialogs';
import { FolderView } from './FolderView';
import { formatBytes } from './format';
import { LinkDialog } from './LinkDialog';
import type { NodeAction } from './NodeList';
import { PreviewModal } from './PreviewModal';
import { ShareDialog } from './ShareDialog';
import { SharedView, TrashView } from './OtherViews';
import { UploadPanel, UploadsProvider } from './uploads';
import { VersionsDialog } from './VersionsDialog';
import './drive.css';

/** Where the editor of a document lives (web/src/documents owns that route). */
export const documentPath = (nodeId: string) => `/drive/documents/${encodeURIComponent(nodeId)}`;

export function drivePath(d: Pick<DriveView, 'driveId' | 'kind'>, mySub: string): string {
  if (d.kind === 'company') return '/drive/company';
  if (d.kind === 'group') return `/drive/group/${encodeURIComponent(d.driveId.slice('group:'.length))}`;
  return d.driveId === `user:${mySub}` ? '/drive/my' : '/drive/shared';
}

export function useDriveLabel() {
  const { t } = useTranslation();
  return useCallback(
    (d: DriveView | undefined, mySub: string) => {
      if (!d) return t('drive.title');
      if (d.kind === 'company') return t('drive.drives.company');
      if (d.kind === 'user' && d.driveId === `user:${mySub}`) return t('drive.drives.my');
      return d.name;
    },
    [t],
  );
}

// ---- the actions every view shares -------------------------------------------------------------

interface DriveActions {
  act: (a: NodeAction, node: NodeView, right: Right | null, siblings?: readonly NodeView[]) => void;
  /** The drive the current view shows (highlights it in the side list). */
  setCurrentDrive: (driveId: string | null) => void;
}

const ActionsContext = createContext<DriveActions | null>(null);

export function useDriveActions(): DriveActions {
  const a = useContext(ActionsContext);
  if (!a) throw new Error('useDriveActions outside the drive page');
  return a;
}

type Dialog =
  | { kind: 'preview'; node: NodeView; siblings: readonly NodeView[] }
  | {
      kind: 'rename' | 'move' | 'copy' | 'share' | 'link' | 'versions' | 'trash' | 'deleteForever';
      node: NodeView;
      right: Right | null;
    }
  | null;

function ActionsHost({
  children,
  setCurrentDrive,
}: {
  children: ReactNode;
  setCurrentDrive: (d: string | null) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const rename = useRename();
  const move = useMove();
  const copy = useCopy();
  const trash = useTrashNode();
  const restore = useRestoreNode();
  const deleteForever = useDeleteForever();
  // `?preview={nodeId}` (a link from Home's "Files shared with me") opens that file's preview over the view.
  const [params, setParams] = useSearchParams();
  const previewId = params.get('preview');
  useEffect(() => {
    if (!previewId) return;
    let live = true;
    api.drive
      .node({ params: { nodeId: previewId } })
      .then((d) => live && setDialog({ kind: 'preview', node: d.node, siblings: [] }))
      .catch(() => live && notifications.show({ color: 'red', message: t('drive.errors.action') }));
    return () => {
      live = false;
    };
  }, [previewId, api, t]);
  const close = useCallback(() => {
    setDialog(null);
    if (!previewId) return;
    setParams(
      (p) => {
        p.delete('preview');
        return p;
      },
      { replace: true },
    );
  }, [previewId, setParams]);

  const act = useCallback(
    (a: NodeAction, node: NodeView, right: Right | null, siblings: readonly NodeView[] = []) => {
      switch (a) {
        case 'open':
          if (node.kind === 'folder') navigate(`/drive/folder/${encodeURIComponent(node.nodeId)}`);
          else if (node.kind === 'document') navigate(documentPath(node.nodeId));
          else setDialog({ kind: 'preview', node, siblings });
          return;
        case 'download':
          void downloadUrl(api, node.nodeId)
            .then((d) => startDownload(d.url))
            .catch(() => notifications.show({ color: 'red', message: t('drive.errors.action') }));
          return;
        case 'restore':
          notifications.hide(`trash-${node.nodeId}`);
          restore.mutate(node, {
            onSuccess: () =>
              notifications.show({ color: 'teal', message: t('drive.trash.restored', { name: node.name }) }),
          });
          return;
        default:
          setDialog({ kind: a, node, right });
      }
    },
    [api, navigate, restore, t],
  );

  const value = useMemo(() => ({ act, setCurrentDrive }), [act, setCurrentDrive]);
  const node = dialog?.node ?? null;
  const of = (k: NonNullable<Dialog>['kind']) => (dialog?.kind === k ? node : null);

  return (
    <ActionsContext.Provider value={value}>
      {children}
      <PreviewModal
        node={of('preview')}
        siblings={dialog?.kind === 'preview' ? dialog.siblings : []}
        onNavigate={(n) => setDialog((d) => (d?.kind === 'preview' ? { ...d, node: n } : d))}
        onClose={close}
      />
      <NameModal
        opened={dialog?.kind === 'rename'}
        title={t('drive.rename.title')}
        label={t('drive.rename.name')}
        submitLabel={t('drive.rename.save')}
        initial={node?.name ?? ''}
        onClose={close}
        onSubmit={async (name) => {
          if (!node) return;
          await rename.mutateAsync({ node, name });
          notifications.show({ color: 'teal', message: t('drive.done.renamed', { name }) });
        }}
        testId="rename"
      />
      <FolderPickerModal
        node={of('move') ?? of('copy')}
        mode={dialog?.kind === 'copy' ? 'copy' : 'move'}
        onClose={close}
        onPick={async (parentId) => {
          if (!node) return;
          if (dialog?.kind === 'copy') {
            await copy.mutateAsync({ node, parentId });
            notifications.show({ color: 'teal', message: t('drive.done.copied', { name: node.name }) });
          } else {
            await move.mutateAsync({ node, parentId });
            notifications.show({ color: 'teal', message: t('drive.done.moved', { name: node.name }) });
          }
        }}
      />
      <ShareDialog node={of('share')} onClose={close} />
      <LinkDialog node={of('link')} onClose={close} />
      <VersionsDialog
        node={of('versions')}
        right={dialog && dialog.kind !== 'preview' ? dialog.right : null}
        onClose={close}
      />
      <ConfirmModal
        opened={dialog?.kind === 'trash'}
        title={t('drive.trash.confirmTitle')}
        confirmLabel={t('drive.actions.trash')}
        danger
        onClose={close}
        onConfirm={async () => {
          if (!node) return;
          const trashed = await trash.mutateAsync(node);
          const id = `trash-${node.nodeId}`;
          notifications.show({
            id,
            color: 'gray',
            autoClose: 8000,
            message: (
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <Text size="sm">{t('drive.trash.moved', { name: node.name })}</Text>
                <button
                  type="button"
                  className="drive-undo"
                  onClick={() => {
                    notifications.hide(id);
                    restore.mutate(trashed);
                  }}
                >
                  {t('drive.trash.undo')}
                </button>
              </Group>
            ),
          });
        }}
        testId="trash-confirm"
      >
        {node ? t('drive.trash.confirm', { name: node.name }) : ''}
      </ConfirmModal>
      <ConfirmModal
        opened={dialog?.kind === 'deleteForever'}
        title={t('drive.trash.deleteTitle')}
        confirmLabel={t('drive.actions.deleteForever')}
        danger
        onClose={close}
        onConfirm={async () => {
          if (node) await deleteForever.mutateAsync(node);
        }}
        testId="delete-confirm"
      >
        {node ? t('drive.trash.deleteConfirm', { name: node.name }) : ''}
      </ConfirmModal>
    </ActionsContext.Provider>
  );
}

// ---- side list and quota -----------------------------------------------------------------------

export function QuotaBar() {
  const { t, i18n } = useTranslation();
  const q = useQuota();
  if (!q.data) return null;
  const { usedBytes, quotaBytes } = q.data;
  // Two decimals: a few bytes of gigabytes is 1e-7 %, and aria-valuenow may not be in exponent notation.
  const pct = quotaBytes > 0 ? Math.round(Math.min(100, (usedBytes / quotaBytes) * 100) * 100) / 100 : 0;
  const full = quotaBytes > 0 && usedBytes >= quotaBytes;
  const near = !full && pct >= 90;
  return (
    <Stack gap={4} data-testid="quota" data-used={usedBytes} data-quota={quotaBytes} data-full={full}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {t('drive.quota.label')}
      </Text>
      <Progress
        value={pct}
        color={full ? 'red' : near ? 'orange' : 'blue'}
        size="sm"
        aria-label={t('drive.quota.label')}
      />
      <Text size="xs" c="dimmed">
        {quotaBytes > 0
          ? t('drive.quota.used', {
              used: formatBytes(usedBytes, i18n.language),
              quota: formatBytes(quotaBytes, i18n.language),
            })
          : t('drive.quota.usedUnlimited', { used: formatBytes(usedBytes, i18n.language) })}
      </Text>
      {full || near ? (
        <Text size="xs" c={full ? 'red' : 'orange'} role={full ? 'alert' : undefined} data-testid="quota-warning">
          {full ? t('drive.quota.full') : t('drive.quota.nearlyFull')}
        </Text>
      ) : null}
    </Stack>
  );
}

function DriveNav({ drives, current, mySub }: { drives: readonly DriveView[]; current: string | null; mySub: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const label = useDriveLabel();
  const mine = drives.find((d) => d.driveId === `user:${mySub}`);
  const company = drives.find((d) => d.kind === 'company');
  const groups = drives.filter((d) => d.kind === 'group');
  const isActive = (d: DriveView | undefined) => !!d && current === d.driveId;
  const items: { value: string; label: string; group?: string }[] = [
    ...(mine ? [{ value: '/drive/my', label: label(mine, mySub) }] : []),
    ...(company ? [{ value: '/drive/company', label: label(company, mySub) }] : []),
    ...groups.map((g) => ({ value: drivePath(g, mySub), label: g.name })),
    { value: '/drive/shared', label: t('drive.drives.shared') },
    { value: '/drive/trash', label: t('drive.drives.trash') },
  ];
  const currentPath =
    current === 'shared'
      ? '/drive/shared'
      : current === 'trash'
        ? '/drive/trash'
        : (() => {
            const d = drives.find((x) => x.driveId === current);
            return d ? drivePath(d, mySub) : null;
          })();
  return (
    <>
      <Box hiddenFrom="md" mb="sm">
        <Select
          aria-label={t('drive.drives.label')}
          data={items}
          value={currentPath}
          onChange={(v) => v && navigate(v)}
          allowDeselect={false}
          leftSection={<IconFolders size={16} aria-hidden="true" />}
          data-testid="drive-select"
          comboboxProps={{ withinPortal: true }}
        />
      </Box>
      <Paper
        component="nav"
        aria-label={t('drive.drives.label')}
        className="drive-side"
        visibleFrom="md"
        withBorder
        radius="md"
        p="xs"
        data-testid="drive-nav"
      >
        <Stack gap={2}>
          {mine ? (
            <NavLink
              component={RouterNavLink}
              to="/drive/my"
              label={label(mine, mySub)}
              active={isActive(mine)}
              leftSection={<IconUser size={18} aria-hidden="true" />}
              data-testid="drive-nav-my"
            />
          ) : null}
          {company ? (
            <NavLink
              component={RouterNavLink}
              to="/drive/company"
              label={label(company, mySub)}
              active={isActive(company)}
              leftSection={<IconBuilding size={18} aria-hidden="true" />}
              data-testid="drive-nav-company"
            />
          ) : null}
          {groups.length ? (
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={2}>
              {t('drive.drives.groups')}
            </Text>
          ) : null}
          {groups.map((g) => (
            <NavLink
              key={g.driveId}
              component={RouterNavLink}
              to={drivePath(g, mySub)}
              label={g.name}
              active={isActive(g)}
              leftSection={<IconUsersGroup size={18} aria-hidden="true" />}
              data-testid="drive-nav-group"
            />
          ))}
          <Box my={6} />
          <NavLink
            component={RouterNavLink}
            to="/drive/shared"
            label={t('drive.drives.shared')}
            active={current === 'shared'}
            leftSection={<IconShare size={18} aria-hidden="true" />}
            data-testid="drive-nav-shared"
          />
          <NavLink
            component={RouterNavLink}
            to="/drive/trash"
            label={t('drive.drives.trash')}
            active={current === 'trash'}
            leftSection={<IconTrash size={18} aria-hidden="true" />}
            data-testid="drive-nav-trash"
          />
          <Box px="sm" pt="md" pb="xs">
            <QuotaBar />
          </Box>
        </Stack>
      </Paper>
    </>
  );
}

// ---- routes ------------------------------------------------------------------------------------

function DriveRoot({ kind }: { kind: 'my' | 'company' | 'group' }) {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  const drives = useDrives();
  const driveId = kind === 'my' ? `user:${sub}` : kind === 'company' ? 'company' : `group:${groupId}`;
  const drive = drives.data?.find((d) => d.driveId === driveId);
  if (drives.isPending) return <PageLoader />;
  if (!drive) {
    return (
      <Alert color="yellow" variant="light" data-testid="drive-missing">
        {t('drive.notFound')}
      </Alert>
    );
  }
  return <FolderView folderId={drive.rootId} drive={drive} />;
}

function FolderRoute() {
  const { nodeId = '' } = useParams();
  const drives = useDrives();
  return <FolderView folderId={nodeId} drives={drives.data} />;
}

/** /drive → My Drive; /drive?folder={id} (the documents editor's back link) → that folder. */
function DriveIndex() {
  const [params] = useSearchParams();
  const folder = params.get('folder');
  return <Navigate to={folder ? `folder/${encodeURIComponent(folder)}` : 'my'} replace />;
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih={240} role="status" aria-live="polite">
      <Loader type="dots" aria-label={t('common.loading')} />
    </Center>
  );
}

export function DrivePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('drive.title'));
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  const drives = useDrives();
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(() => () => setCurrent(null), []);
  return (
    <UploadsProvider>
      <ActionsHost setCurrentDrive={setCurrent}>
        <Box className="drive-page" data-testid="drive-page">
          <Title order={1} className="visually-hidden-title">
            {t('drive.title')}
          </Title>
          <div className="drive-layout">
            <DriveNav drives={drives.data ?? []} current={current} mySub={sub} />
            <Box className="drive-main">
              <Routes>
                <Route index element={<DriveIndex />} />
                <Route path="my" element={<DriveRoot kind="my" />} />
                <Route path="company" element={<DriveRoot kind="company" />} />
                <Route path="group/:groupId" element={<DriveRoot kind="group" />} />
                <Route path="folder/:nodeId" element={<FolderRoute />} />
                <Route path="shared" element={<SharedView />} />
                <Route path="trash" element={<TrashView />} />
                <Route path="*" element={<Alert color="yellow">{t('drive.notFound')}</Alert>} />
              </Routes>
            </Box>
          </div>
        </Box>
        <UploadPanel />
      </ActionsHost>
    </UploadsProvider>
  );
}
