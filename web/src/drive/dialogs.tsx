/** Small drive dialogs: a name (new folder, rename, new document), a folder picker (move, copy), a confirmation. */
import { Alert, Button, Group, Modal, NavLink, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowUp, IconFolder } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type NodeView } from '../../../shared/drive/contract';
import { ApiError } from '../api/client';
import { useChildren, useNode } from './api';
import { nameProblem } from './format';

/** The server's complaint as one line (field problems named). */
export function errorText(
  e: unknown,
  t: (k: 'drive.errors.action' | 'drive.errors.conflict' | 'drive.errors.forbidden' | 'drive.errors.quota') => string,
): string {
  if (!(e instanceof ApiError)) return t('drive.errors.action');
  if (/quota/i.test(e.code)) return t('drive.errors.quota');
  if (e.status === 403) return t('drive.errors.forbidden');
  if (e.status === 409 && !e.fields?.length) return e.message || t('drive.errors.conflict');
  if (e.fields?.length) return e.fields.map((f) => `${f.path.replace(/^body\./, '')}: ${f.reason}`).join('; ');
  return e.message || t('drive.errors.action');
}

export function NameModal({
  opened,
  title,
  label,
  submitLabel,
  initial,
  onClose,
  onSubmit,
  testId,
}: {
  opened: boolean;
  title: string;
  label: string;
  submitLabel: string;
  initial: string;
  onClose: () => void;
  onSubmit: (name: string) => Promise<unknown>;
  testId: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered data-testid={testId}>
      {opened ? (
        <NameForm
          label={label}
          submitLabel={submitLabel}
          initial={initial}
          onClose={onClose}
          onSubmit={onSubmit}
          testId={testId}
        />
      ) : null}
    </Modal>
  );
}

function NameForm({
  label,
  submitLabel,
  initial,
  onClose,
  onSubmit,
  testId,
}: {
  label: string;
  submitLabel: string;
  initial: string;
  onClose: () => void;
  onSubmit: (name: string) => Promise<unknown>;
  testId: string;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const problem = nameProblem(name, LIMITS.nameChars);
  const submit = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setServerError(null);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (e) {
      setServerError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <TextInput
          label={label}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          onBlur={() => setTouched(true)}
          error={touched && problem ? t(`drive.name.${problem}`, { max: LIMITS.nameChars }) : undefined}
          data-autofocus
          required
          maxLength={LIMITS.nameChars + 10}
          data-testid={`${testId}-input`}
          onFocus={(e) => {
            // select the name without its extension, as file managers do
            const v = e.currentTarget.value;
            const dot = v.lastIndexOf('.');
            e.currentTarget.setSelectionRange(0, dot > 0 ? dot : v.length);
          }}
        />
        {serverError ? (
          <Alert color="red" variant="light" role="alert" data-testid={`${testId}-error`}>
            {serverError}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('drive.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid={`${testId}-submit`}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  onClose,
  onConfirm,
  danger,
  testId,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onClose: () => void;
  onConfirm: () => Promise<unknown>;
  danger?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered data-testid={testId}>
      <Stack>
        <Text size="sm">{children}</Text>
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('drive.cancel')}
          </Button>
          <Button
            color={danger ? 'red' : undefined}
            loading={busy}
            data-testid={`${testId}-confirm`}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await onConfirm();
                onClose();
              } catch (e) {
                setError(errorText(e, t));
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Browse the folders of the node's drive and pick one: starts in the node's folder; the node itself (a
 * folder) cannot be entered nor picked (a folder never goes inside itself).
 */
export function FolderPickerModal({
  node,
  mode,
  onClose,
  onPick,
}: {
  node: NodeView | null;
  mode: 'move' | 'copy';
  onClose: () => void;
  onPick: (parentId: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={node !== null}
      onClose={onClose}
      title={node ? t(mode === 'move' ? 'drive.picker.moveTitle' : 'drive.picker.copyTitle', { name: node.name }) : ''}
      centered
      data-testid="folder-picker"
    >
      {node ? <PickerBody node={node} mode={mode} onClose={onClose} onPick={onPick} /> : null}
    </Modal>
  );
}

function PickerBody({
  node,
  mode,
  onClose,
  onPick,
}: {
  node: NodeView;
  mode: 'move' | 'copy';
  onClose: () => void;
  onPick: (parentId: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [at, setAt] = useState(node.parentId ?? node.nodeId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const detail = useNode(at);
  const children = useChildren(at, 'name', 'asc');
  const folders = (children.data?.pages.flatMap((p) => p.items) ?? []).filter((n) => n.kind === 'folder');
  const inside = at === node.nodeId || (detail.data?.node.ancestors ?? []).includes(node.nodeId);
  const same = mode === 'move' && at === node.parentId;
  const path = [...(detail.data?.breadcrumbs ?? []).map((b) => b.name), detail.data?.node.name ?? '…'].join(' / ');
  const up = detail.data?.node.parentId;
  return (
    <Stack>
      <Text size="sm" c="dimmed" data-testid="picker-path" style={{ overflowWrap: 'anywhere' }}>
        {t('drive.picker.current', { path })}
      </Text>
      <ScrollArea.Autosize mah={320} type="auto">
        <Stack gap={2} role="list">
          {up ? (
            <NavLink
              role="listitem"
              component="button"
              label={t('drive.picker.up')}
              leftSection={<IconArrowUp size={16} aria-hidden="true" />}
              onClick={() => setAt(up)}
              data-testid="picker-up"
            />
          ) : null}
          {folders.map((f) => (
            <NavLink
              key={f.nodeId}
              role="listitem"
              component="button"
              label={f.name}
              aria-label={t('drive.picker.into', { name: f.name })}
              leftSection={<IconFolder size={16} aria-hidden="true" />}
              disabled={f.nodeId === node.nodeId}
              onClick={() => setAt(f.nodeId)}
              data-testid="picker-folder"
              data-name={f.name}
            />
          ))}
          {children.isSuccess && folders.length === 0 ? (
            <Text size="sm" c="dimmed" px="sm">
              {t('drive.picker.noFolders')}
            </Text>
          ) : null}
          {children.hasNextPage ? (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => void children.fetchNextPage()}
              loading={children.isFetchingNextPage}
            >
              {t('drive.loadMore')}
            </Button>
          ) : null}
        </Stack>
      </ScrollArea.Autosize>
      {inside ? (
        <Text size="sm" c="red">
          {t('drive.picker.intoItself')}
        </Text>
      ) : same ? (
        <Text size="sm" c="dimmed">
          {t('drive.picker.sameFolder')}
        </Text>
      ) : null}
      {error ? (
        <Alert color="red" variant="light" role="alert" data-testid="picker-error">
          {error}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('drive.cancel')}
        </Button>
        <Button
          disabled={inside || same || !detail.data}
          loading={busy}
          data-testid="picker-submit"
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await onPick(at);
              onClose();
            } catch (e) {
              setError(errorText(e, t));
            } finally {
              setBusy(false);
            }
          }}
        >
          {mode === 'move' ? t('drive.picker.move') : t('drive.picker.copy')}
        </Button>
      </Group>
    </Stack>
  );
}
