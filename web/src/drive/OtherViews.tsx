/** "Shared with me" (nodes shared with me or my departments) and the trash of a drive (restore, delete forever, empty). */
import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrashX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { atLeast, LIMITS } from '../../../shared/drive/contract';
import { formatDateTime } from '../components/time';
import { useSession } from '../services';
import { usePeopleNames } from '../tasks/people';
import { useDrives, useEmptyTrash, useSharedWithMe, useTrash } from './api';
import { ConfirmModal } from './dialogs';
import { PageLoader, useDriveActions, useDriveLabel } from './DrivePage';
import { NodeList } from './NodeList';

export function SharedView() {
  const { t } = useTranslation();
  const { act, setCurrentDrive } = useDriveActions();
  const q = useSharedWithMe();
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const names = usePeopleNames([...new Set(items.map((i) => i.sharedBy))]);
  useEffect(() => setCurrentDrive('shared'), [setCurrentDrive]);
  // ?open={nodeId} (a "shared with you" notification's link): open that item once the list holds it.
  const [params, setParams] = useSearchParams();
  const openId = params.get('open');
  useEffect(() => {
    const all = q.data?.pages.flatMap((p) => p.items) ?? [];
    const hit = openId ? all.find((s) => s.node.nodeId === openId) : undefined;
    if (!hit) return;
    setParams({}, { replace: true });
    act(
      'open',
      hit.node,
      hit.right,
      all.map((s) => s.node),
    );
  }, [openId, q.data, act, setParams]);
  return (
    <Stack gap="md" data-testid="shared-view" data-loaded={q.isSuccess && !q.isFetching ? 'true' : 'false'}>
      <Title order={2} className="drive-title">
        {t('drive.drives.shared')}
      </Title>
      {q.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center" data-testid="shared-empty">
          {t('drive.empty.shared')}
        </Text>
      ) : (
        <NodeList
          view="list"
          items={items.map((s) => ({
            node: s.node,
            right: s.right,
            note: `${t('drive.sharedBy', { name: names[s.sharedBy] ?? '…' })} · ${t(`drive.share.rights.${s.right}`)}`,
          }))}
          onOpen={(n) =>
            act(
              'open',
              n,
              items.find((s) => s.node.nodeId === n.nodeId)?.right ?? 'read',
              items.map((s) => s.node),
            )
          }
          onAction={(a, n) =>
            act(
              a,
              n,
              items.find((s) => s.node.nodeId === n.nodeId)?.right ?? 'read',
              items.map((s) => s.node),
            )
          }
        />
      )}
      {q.hasNextPage ? (
        <Button variant="subtle" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('drive.loadMore')}
        </Button>
      ) : null}
    </Stack>
  );
}

export function TrashView() {
  const { t, i18n } = useTranslation();
  const { act, setCurrentDrive } = useDriveActions();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  const label = useDriveLabel();
  const drives = useDrives();
  const [params, setParams] = useSearchParams();
  const editable = (drives.data ?? []).filter((d) => atLeast(d.myRight, 'edit'));
  const driveId = params.get('drive') ?? `user:${sub}`;
  const drive = drives.data?.find((d) => d.driveId === driveId);
  const q = useTrash(drive ? driveId : '');
  const empty = useEmptyTrash();
  const [confirm, setConfirm] = useState(false);
  useEffect(() => setCurrentDrive('trash'), [setCurrentDrive]);
  const items = (q.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (n) => !n.trashRootId || n.trashRootId === n.nodeId,
  );
  const right = drive?.myRight ?? null;
  const purgeOn = (iso: string | null) =>
    iso
      ? formatDateTime(new Date(new Date(iso).getTime() + LIMITS.trashDays * 86_400_000).toISOString(), i18n.language)
      : '';
  return (
    <Stack
      gap="md"
      data-testid="trash-view"
      data-drive-id={driveId}
      data-loaded={q.isSuccess && !q.isFetching ? 'true' : 'false'}
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={2} className="drive-title">
          {t('drive.drives.trash')}
        </Title>
        <Group gap="xs" wrap="wrap">
          {editable.length > 1 ? (
            <Select
              aria-label={t('drive.drives.label')}
              data={editable.map((d) => ({ value: d.driveId, label: label(d, sub) }))}
              value={driveId}
              onChange={(v) => v && setParams({ drive: v }, { replace: true })}
              allowDeselect={false}
              w={220}
              data-testid="trash-drive"
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
          {atLeast(right, 'full') && items.length > 0 ? (
            <Button
              color="red"
              variant="light"
              leftSection={<IconTrashX size={16} aria-hidden="true" />}
              onClick={() => setConfirm(true)}
              data-testid="empty-trash"
            >
              {t('drive.trash.empty')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('drive.trash.keeps')}
      </Text>
      {q.isPending && drive ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center" data-testid="trash-empty">
          {t('drive.empty.trash')}
        </Text>
      ) : (
        <NodeList
          view="list"
          inTrash
          items={items.map((n) => ({ node: n, right, note: t('drive.trash.purgeOn', { date: purgeOn(n.trashedAt) }) }))}
          onOpen={() => undefined}
          onAction={(a, n) => act(a, n, right)}
        />
      )}
      {q.hasNextPage ? (
        <Button variant="subtle" onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
          {t('drive.loadMore')}
        </Button>
      ) : null}
      <ConfirmModal
        opened={confirm}
        title={t('drive.trash.emptyTitle')}
        confirmLabel={t('drive.trash.empty')}
        danger
        onClose={() => setConfirm(false)}
        onConfirm={async () => {
          await empty.mutateAsync(driveId);
          notifications.show({ color: 'teal', message: t('drive.trash.emptied') });
        }}
        testId="empty-trash-confirm"
      >
        {t('drive.trash.emptyConfirm')}
      </ConfirmModal>
    </Stack>
  );
}
