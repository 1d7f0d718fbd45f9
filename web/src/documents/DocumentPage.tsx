/**
 * /drive/documents/:nodeId — a document in the browser: the editor for its format (rich text or Markdown),
 * autosave (state always visible; Ctrl/⌘+S saves at once), the version history (view, compare any two,
 * restore = a new version), and the merge view when somebody else saved meanwhile (409). People with the
 * read right see the rendered document and its history only.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Drawer,
  Group,
  Modal,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { getHotkeyHandler, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconDeviceFloppy, IconHistory, IconPencil } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  atLeast,
  LIMITS,
  ULID_RE,
  type DocumentView,
  type NodeDetail,
  type NodeView,
  type VersionView,
} from '../../../shared/drive/contract';
import { ApiError } from '../api/client';
import { formatRelative } from '../components/time';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { currentLanguage } from '../i18n';
import { useApi } from '../services';
import { usePeopleNames } from '../tasks/people';
import { useDocument, useNodeDetail, useRenameDocument, useRestoreVersion, useSaveContent } from './api';
import { DocEditor, SafeDoc } from './editors';
import { CompareModal, HistoryList, VersionModal, type ComparePair } from './History';
import { MergeView } from './MergeView';
import { driveFolderPath } from './paths';
import { SaveIndicator } from './SaveIndicator';
import { clearDraft, readDraft, useAutosave, type Draft } from './useAutosave';
import './documents.css';

export function DocumentPage() {
  const { t } = useTranslation();
  const { nodeId = '' } = useParams();
  const valid = ULID_RE.test(nodeId);
  const doc = useDocument(valid ? nodeId : '');
  const detail = useNodeDetail(valid ? nodeId : '');
  useDocumentTitle(doc.data?.node.name ?? t('documents.title'));

  const missing =
    !valid ||
    (doc.error instanceof ApiError &&
      (doc.error.status === 404 || doc.error.status === 400 || doc.error.status === 403));
  if (missing) {
    return (
      <Stack gap="md" className="doc-page" data-testid="document-missing">
        <Anchor component={Link} to="/drive" size="sm" className="doc-back">
          <IconArrowLeft size={14} /> {t('documents.backToDrive')}
        </Anchor>
        <Alert color="gray" title={t('documents.notFound')} />
      </Stack>
    );
  }
  if (doc.isError) {
    return (
      <Alert color="red" title={t('documents.errors.load')} className="doc-page">
        <Button size="xs" variant="light" onClick={() => void doc.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  }
  if (!doc.data || detail.isPending) {
    return (
      <Stack gap="md" className="doc-page" data-testid="document-loading">
        <Skeleton h={20} w={160} />
        <Skeleton h={36} w="60%" />
        <Skeleton h={360} />
      </Stack>
    );
  }
  return <DocumentWorkspace key={nodeId} initial={doc.data} detail={detail.data ?? null} />;
}

function DocumentWorkspace({ initial, detail }: { initial: DocumentView; detail: NodeDetail | null }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const api = useApi();
  const qc = useQueryClient();
  const phone = useMediaQuery('(max-width: 36em)');
  const nodeId = initial.node.nodeId;
  const format = initial.format;
  const canEdit = detail ? atLeast(detail.myRight, 'edit') : false;
  const [node, setNode] = useState<NodeView>(initial.node);
  const saveContent = useSaveContent(nodeId);

  // A draft left by an earlier visit (closed tab, crash, offline) comes back instead of being lost.
  const [draft] = useState<Draft | null>(() => {
    const d = canEdit ? readDraft(nodeId) : null;
    if (d && d.content === initial.content) {
      clearDraft(nodeId);
      return null;
    }
    return d;
  });
  const [editor, setEditor] = useState(() => ({
    rev: 0,
    content: draft && draft.baseVersionId === initial.versionId ? draft.content : initial.content,
  }));
  const showInEditor = (content: string) => setEditor((e) => ({ rev: e.rev + 1, content }));

  const autosave = useAutosave({
    nodeId,
    initial: { versionId: initial.versionId, content: initial.content },
    save: (content, baseVersionId) => saveContent({ baseVersionId, content }),
    onSaved: (view) => {
      setNode(view.node);
      void qc.invalidateQueries({ queryKey: ['drive'] });
    },
  });
  const { change, raiseConflict } = autosave;

  useEffect(() => {
    if (!draft) return;
    if (draft.baseVersionId === initial.versionId) {
      change(draft.content);
      notifications.show({ color: 'blue', message: t('documents.draftRestored'), autoClose: 6000 });
      return;
    }
    // the draft started from an older version that somebody else has moved on from: merge
    let cancelled = false;
    void api.drive
      .getDocument({ params: { nodeId }, query: { versionId: draft.baseVersionId } })
      .then((v) => v.content)
      .catch(() => '')
      .then((baseContent) => {
        if (!cancelled)
          raiseConflict({
            base: { versionId: draft.baseVersionId, content: baseContent },
            theirs: initial,
            mine: draft.content,
          });
      });
    return () => {
      cancelled = true;
    };
    // once, for the draft found when the page opened
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const [historyOpen, setHistoryOpen] = useState(false);
  const [viewing, setViewing] = useState<VersionView | null>(null);
  const [pair, setPair] = useState<ComparePair | null>(null);
  const [confirmRestore, setConfirmRestore] = useState<VersionView | null>(null);
  const restore = useRestoreVersion(nodeId);
  const [restoring, setRestoring] = useState(false);

  const doRestore = async (v: VersionView) => {
    setRestoring(true);
    try {
      // what is typed but not saved yet becomes a version first: restoring never drops it
      if (!(await autosave.flush())) {
        notifications.show({ color: 'orange', message: t('documents.history.saveFirst') });
        return;
      }
      const view = await restore.mutateAsync(v.versionId);
      autosave.reset({ versionId: view.versionId, content: view.content });
      showInEditor(view.content);
      setNode(view.node);
      setConfirmRestore(null);
      setViewing(null);
      notifications.show({ color: 'teal', message: t('documents.history.restored', { n: v.number }) });
    } catch {
      /* the mutation's error toast says why */
    } finally {
      setRestoring(false);
    }
  };

  const theirs = autosave.conflict?.theirs;
  const theirNames = usePeopleNames(theirs ? [theirs.node.updatedBy] : []);
  const [resolving, setResolving] = useState(false);
  const resolved = useRef(false);
  const takeTheirs = () => {
    if (!theirs) return;
    autosave.reset({ versionId: theirs.versionId, content: theirs.content });
    showInEditor(theirs.content);
    setNode(theirs.node);
  };
  const saveOver = (content: string) => {
    if (!theirs) return;
    setResolving(true);
    resolved.current = true;
    showInEditor(content);
    autosave.saveOver(content, theirs.versionId);
  };
  useEffect(() => {
    if (resolved.current && autosave.state !== 'saving' && autosave.state !== 'pending') {
      resolved.current = false;
      setResolving(false);
    }
  }, [autosave.state]);

  const [renaming, setRenaming] = useState(false);
  const onKeyDown = getHotkeyHandler([['mod+S', () => void autosave.flush()]]);
  const onChange = useCallback((c: string) => change(c), [change]);
  const parent = detail?.breadcrumbs[detail.breadcrumbs.length - 1];
  const editorNames = usePeopleNames([node.updatedBy]);

  return (
    <Stack
      gap="md"
      className="doc-page"
      data-testid="document-page"
      data-phone={!!phone}
      data-node-id={nodeId}
      data-format={format}
      data-version-id={autosave.base.versionId}
      onKeyDown={onKeyDown}
    >
      <Anchor
        component={Link}
        to={driveFolderPath(node.parentId)}
        size="sm"
        className="doc-back"
        data-testid="doc-back"
      >
        <IconArrowLeft size={14} />{' '}
        {parent
          ? parent.systemFolder
            ? t(`drive.system.${parent.systemFolder}`)
            : parent.name
          : t('documents.backToDrive')}
      </Anchor>
      <div className="doc-header">
        <Stack gap={4} miw={0} className="doc-header-main">
          <Group gap={6} wrap="nowrap" miw={0}>
            <Title order={1} size="h3" className="doc-title" data-testid="doc-title">
              {node.name}
            </Title>
            {canEdit && (
              <Tooltip label={t('documents.rename.action')} withArrow>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => setRenaming(true)}
                  aria-label={t('documents.rename.action')}
                  data-testid="doc-rename"
                >
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" color={format === 'markdown' ? 'grape' : 'blue'} data-testid="doc-format">
              {t(`documents.format.${format}`)}
            </Badge>
            {!canEdit && (
              <Badge variant="light" color="gray" data-testid="doc-readonly">
                {t('documents.readOnly')}
              </Badge>
            )}
            {canEdit && (
              <SaveIndicator
                state={autosave.state}
                savedAt={autosave.savedAt}
                error={autosave.error}
                onRetry={autosave.retry}
              />
            )}
            <Text size="xs" c="dimmed" data-testid="doc-meta">
              {t('documents.meta', {
                count: node.versionCount,
                name: editorNames[node.updatedBy],
                when: formatRelative(node.updatedAt, lng),
              })}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap" className="doc-header-actions">
          {canEdit && (
            <Button
              variant="default"
              size={phone ? 'compact-sm' : 'sm'}
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => void autosave.flush()}
              disabled={autosave.state === 'saved' || autosave.state === 'conflict'}
              data-testid="doc-save-now"
            >
              {t('documents.saveNow')}
            </Button>
          )}
          <Button
            variant="light"
            size={phone ? 'compact-sm' : 'sm'}
            leftSection={<IconHistory size={16} />}
            onClick={() => setHistoryOpen(true)}
            data-testid="open-history"
          >
            {t('documents.history.title')}
          </Button>
        </Group>
      </div>

      {canEdit ? (
        <Box className="doc-editor-wrap">
          <DocEditor
            key={editor.rev}
            format={format}
            initial={editor.content}
            onChange={onChange}
            label={t('documents.editor.label', { name: node.name })}
          />
        </Box>
      ) : (
        <Box className="doc-pane">
          <SafeDoc format={format} content={initial.content} testId="doc-readonly-content" />
        </Box>
      )}

      <Drawer
        opened={historyOpen}
        onClose={() => setHistoryOpen(false)}
        position="right"
        size={phone ? '100%' : 'md'}
        // Escape closes every open overlay at once: only the top one (compare, view, confirm) should go
        closeOnEscape={!pair && !viewing && !confirmRestore}
        title={t('documents.history.title')}
        data-testid="history-drawer"
      >
        {historyOpen && (
          <HistoryList
            nodeId={nodeId}
            canEdit={canEdit}
            busyVersionId={restoring ? (confirmRestore?.versionId ?? null) : null}
            onView={setViewing}
            onCompare={setPair}
            onRestore={setConfirmRestore}
          />
        )}
      </Drawer>
      <VersionModal
        nodeId={nodeId}
        version={viewing}
        format={format}
        canEdit={canEdit}
        closeOnEscape={!confirmRestore}
        onClose={() => setViewing(null)}
        onRestore={setConfirmRestore}
      />
      <CompareModal nodeId={nodeId} format={format} pair={pair} onChange={setPair} onClose={() => setPair(null)} />

      <Modal
        opened={!!confirmRestore}
        onClose={() => setConfirmRestore(null)}
        title={t('documents.history.restoreTitle', { n: confirmRestore?.number ?? '' })}
        zIndex={400}
      >
        <Stack>
          <Text size="sm">{t('documents.history.restoreBody')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmRestore(null)}>
              {t('documents.create.cancel')}
            </Button>
            <Button
              onClick={() => confirmRestore && void doRestore(confirmRestore)}
              loading={restoring}
              data-testid="restore-confirm"
            >
              {t('documents.history.restore')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal
        opened={!!autosave.conflict}
        onClose={() => {}}
        withCloseButton={false}
        closeOnClickOutside={false}
        closeOnEscape={false}
        size="xl"
        fullScreen={phone}
        title={t('documents.merge.heading')}
        zIndex={450}
      >
        {autosave.conflict && theirs && (
          <MergeView
            key={theirs.versionId}
            format={format}
            conflict={autosave.conflict}
            theirName={theirNames[theirs.node.updatedBy] ?? t('tasks.someone')}
            busy={resolving}
            onTakeTheirs={takeTheirs}
            onKeepMine={() => saveOver(autosave.conflict?.mine ?? '')}
            onSaveMerged={saveOver}
          />
        )}
      </Modal>

      {renaming && <RenameModal node={node} onClose={() => setRenaming(false)} onRenamed={setNode} />}
    </Stack>
  );
}

function RenameModal({
  node,
  onClose,
  onRenamed,
}: {
  node: NodeView;
  onClose: () => void;
  onRenamed: (n: NodeView) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(node.name);
  const [problem, setProblem] = useState<string | null>(null);
  const rename = useRenameDocument(node.nodeId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = name.trim();
    if (!v) return setProblem(t('documents.create.nameRequired'));
    if (/[/\\]/.test(v)) return setProblem(t('documents.create.nameSlash'));
    rename.mutate(
      { name: v, version: node.version },
      {
        onSuccess: (n) => {
          onRenamed(n);
          onClose();
        },
        onError: (err) => {
          const field = err instanceof ApiError ? err.fields?.find((f) => f.path.endsWith('name')) : undefined;
          setProblem(
            field?.reason ??
              (err instanceof ApiError && err.status === 409 ? t('documents.rename.conflict') : err.message),
          );
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('documents.rename.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('documents.create.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={problem}
            maxLength={LIMITS.nameChars}
            data-autofocus
            data-testid="doc-rename-input"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('documents.create.cancel')}
            </Button>
            <Button type="submit" loading={rename.isPending} data-testid="doc-rename-save">
              {t('documents.rename.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
