/**
 * A task's attachments (drive files): the list (name, size, who attached it) with Download for everyone who sees
 * the task, Remove for whoever attached it / the creator / admins; "Attach from the drive" (browse or search a
 * drive I may open; files only) and "Upload and attach" (the file goes into My Drive → Uploaded through the drive's
 * upload API — one presigned PUT, up to 16 MiB here; larger files: upload them in the drive, then attach).
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  FileButton,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconDownload,
  IconFile,
  IconFolder,
  IconPaperclip,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeView } from '../../../shared/drive/contract';
import { LIMITS as DRIVE_LIMITS } from '../../../shared/drive/contract';
import type { AttachmentView, TaskView } from '../../../shared/tasks/contract';
import { ApiError } from '../api/client';
import { formatDateTime } from '../components/time';
import { currentLanguage } from '../i18n';
import { useApi } from '../services';
import { tkeys } from './api';
import { PersonName, seedPeople } from './people';

const akey = (taskId: string) => ['tasks', 'task', taskId, 'attachments'] as const;

export function formatBytes(n: number, lng: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(lng, { maximumFractionDigits: i ? 1 : 0 }).format(v)} ${units[i]}`;
}

function useAttachments(taskId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useQuery({
    queryKey: akey(taskId),
    queryFn: async ({ signal }) => {
      const r = await api.tasks.listAttachments({ params: { taskId }, query: { limit: 100 }, signal });
      seedPeople(qc, r.people);
      return r;
    },
  });
}

function useAttach(taskId: string) {
  const api = useApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (nodeId: string) => api.tasks.attach({ params: { taskId }, body: { nodeId } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: akey(taskId) });
      void qc.invalidateQueries({ queryKey: tkeys.history(taskId) });
    },
    meta: { errorKey: 'tasks.attachments.error' },
  });
}

/** Browse / search a drive for a file to attach. */
export function DrivePicker({ onPick, busy }: { onPick: (node: NodeView) => void; busy: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const lng = currentLanguage();
  const drives = useQuery({
    queryKey: ['tasks', 'attach', 'drives'],
    queryFn: ({ signal }) => api.drive.drives({ signal }),
  });
  const [driveId, setDriveId] = useState<string | null>(null);
  const drive = drives.data?.find((d) => d.driveId === driveId) ?? drives.data?.[0];
  const [folder, setFolder] = useState<{ id: string; name: string } | null>(null);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const list = useQuery({
    queryKey: ['tasks', 'attach', 'nodes', drive?.driveId ?? '', folder?.id ?? '', debounced],
    enabled: !!drive,
    queryFn: ({ signal }) =>
      debounced
        ? api.drive.search({ query: { driveId: drive!.driveId, q: debounced, limit: 50 }, signal })
        : api.drive.children({
            params: { nodeId: folder?.id ?? drive!.rootId },
            query: { sort: 'modified', order: 'desc', limit: 50 },
            signal,
          }),
  });
  const nodes = (list.data?.items ?? []).filter((n) => n.kind !== 'folder' || !debounced);
  return (
    <Stack gap="sm" data-testid="attach-picker">
      <Group gap="xs" wrap="wrap" align="flex-end">
        <Select
          label={t('tasks.attachments.drive')}
          data={(drives.data ?? []).map((d) => ({ value: d.driveId, label: d.name }))}
          value={drive?.driveId ?? null}
          onChange={(v) => {
            setDriveId(v);
            setFolder(null);
          }}
          allowDeselect={false}
          w={200}
          data-testid="attach-drive"
        />
        <TextInput
          label={t('tasks.attachments.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 160 }}
          data-testid="attach-search"
        />
      </Group>
      {folder && !debounced ? (
        <Anchor component="button" type="button" size="sm" onClick={() => setFolder(null)}>
          <IconArrowLeft size={14} style={{ verticalAlign: -2 }} /> {drive?.name}
        </Anchor>
      ) : null}
      {list.isError ? (
        <Alert color="red">{list.error instanceof ApiError ? list.error.message : t('errors.generic')}</Alert>
      ) : null}
      <Stack gap={4} mah={320} style={{ overflowY: 'auto' }}>
        {list.isPending && drive ? <Text size="sm">…</Text> : null}
        {!list.isPending && nodes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('tasks.attachments.nothing')}
          </Text>
        ) : null}
        {nodes.map((n) =>
          n.kind === 'folder' ? (
            <Button
              key={n.nodeId}
              variant="subtle"
              justify="flex-start"
              leftSection={<IconFolder size={16} />}
              onClick={() => setFolder({ id: n.nodeId, name: n.name })}
              data-testid="attach-folder"
            >
              {n.name}
            </Button>
          ) : (
            <Group
              key={n.nodeId}
              justify="space-between"
              wrap="nowrap"
              gap="xs"
              data-testid="attach-candidate"
              data-node-id={n.nodeId}
            >
              <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                <IconFile size={16} />
                <Text size="sm" truncate>
                  {n.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {formatBytes(n.size, lng)}
                </Text>
              </Group>
              <Button size="compact-xs" onClick={() => onPick(n)} loading={busy} data-testid="attach-pick">
                {t('tasks.attachments.attach')}
              </Button>
            </Group>
          ),
        )}
      </Stack>
    </Stack>
  );
}

export function Attachments({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const api = useApi();
  const lng = currentLanguage();
  const q = useAttachments(task.taskId);
  const attach = useAttach(task.taskId);
  const qc = useQueryClient();
  const [picking, setPicking] = useState(false);
  const [uploading, setUploading] = useState(false);
  const items = q.data?.items ?? [];
  const mayAttach = task.rights.tick;

  const download = async (a: AttachmentView) => {
    try {
      const d = await api.tasks.downloadAttachment({ params: { taskId: task.taskId, nodeId: a.nodeId } });
      const link = document.createElement('a');
      link.href = d.url;
      link.rel = 'noopener';
      document.body.appendChild(link);
      link.click();
      link.remove();
    } catch (e) {
      notifications.show({
        color: 'red',
        title: t('tasks.attachments.error'),
        message: e instanceof ApiError ? e.message : t('errors.generic'),
      });
    }
  };
  const remove = useMutation({
    mutationFn: (nodeId: string) => api.tasks.detach({ params: { taskId: task.taskId, nodeId } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: akey(task.taskId) });
      void qc.invalidateQueries({ queryKey: tkeys.history(task.taskId) });
    },
    meta: { errorKey: 'tasks.attachments.error' },
  });
  // Upload into My Drive → Uploaded (no parentId), then attach the new file.
  const upload = async (file: File | null) => {
    if (!file) return;
    if (file.size > DRIVE_LIMITS.singlePutMaxBytes) {
      notifications.show({
        color: 'orange',
        title: t('tasks.attachments.error'),
        message: t('tasks.attachments.tooLarge', { size: formatBytes(DRIVE_LIMITS.singlePutMaxBytes, lng) }),
      });
      return;
    }
    setUploading(true);
    try {
      const contentType = file.type || 'application/octet-stream';
      const s = await api.drive.startUpload({
        body: { name: file.name, size: file.size, contentType, multipart: false },
      });
      const put = await fetch(s.url!, { method: 'PUT', headers: { 'content-type': contentType }, body: file });
      if (!put.ok) throw new Error(t('tasks.attachments.uploadFailed'));
      const node = await api.drive.completeUpload({ params: { uploadId: s.uploadId }, body: {} });
      await attach.mutateAsync(node.nodeId);
      notifications.show({ color: 'teal', message: t('tasks.attachments.uploaded', { name: node.name }) });
    } catch (e) {
      if (!(e instanceof ApiError && attach.isError))
        notifications.show({
          color: 'red',
          title: t('tasks.attachments.error'),
          message: e instanceof Error ? e.message : t('errors.generic'),
        });
    } finally {
      setUploading(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="attachments">
      {q.isPending ? <Text size="sm">…</Text> : null}
      {!q.isPending && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tasks.attachments.none')}
        </Text>
      ) : null}
      {items.map((a) => (
        <Paper key={a.nodeId} withBorder radius="sm" p="xs" data-testid="attachment" data-node-id={a.nodeId}>
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Anchor
                component="button"
                type="button"
                size="sm"
                fw={500}
                onClick={() => void download(a)}
                style={{ overflowWrap: 'anywhere', textAlign: 'left' }}
                data-testid="attachment-name"
              >
                <IconPaperclip size={14} style={{ verticalAlign: -2, marginRight: 4 }} />
                {a.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {formatBytes(a.size, lng)} · <PersonName userId={a.attachedBy} /> · {formatDateTime(a.attachedAt, lng)}
              </Text>
            </Stack>
            <Group gap={4} wrap="nowrap">
              <Tooltip label={t('tasks.attachments.download')}>
                <ActionIcon
                  variant="subtle"
                  onClick={() => void download(a)}
                  aria-label={t('tasks.attachments.downloadName', { name: a.name })}
                  data-testid="attachment-download"
                >
                  <IconDownload size={16} />
                </ActionIcon>
              </Tooltip>
              {a.canRemove ? (
                <Tooltip label={t('tasks.attachments.remove')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => remove.mutate(a.nodeId)}
                    loading={remove.isPending && remove.variables === a.nodeId}
                    aria-label={t('tasks.attachments.removeName', { name: a.name })}
                    data-testid="attachment-remove"
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              ) : null}
            </Group>
          </Group>
        </Paper>
      ))}
      {mayAttach ? (
        <Group gap="xs" wrap="wrap">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPaperclip size={14} />}
            onClick={() => setPicking(true)}
            data-testid="attach-open"
          >
            {t('tasks.attachments.fromDrive')}
          </Button>
          <FileButton onChange={(f) => void upload(f)}>
            {(props) => (
              <Button
                {...props}
                size="xs"
                variant="default"
                leftSection={<IconUpload size={14} />}
                loading={uploading}
                data-testid="attach-upload"
              >
                {t('tasks.attachments.upload')}
              </Button>
            )}
          </FileButton>
        </Group>
      ) : null}
      <Modal opened={picking} onClose={() => setPicking(false)} title={t('tasks.attachments.fromDrive')} size="lg">
        {picking ? (
          <DrivePicker
            busy={attach.isPending}
            onPick={(n) => attach.mutate(n.nodeId, { onSuccess: () => setPicking(false) })}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
