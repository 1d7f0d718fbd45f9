/**
 * Creating a document: a name and a format (rich text or Markdown). `NewDocumentButton` is what the drive
 * browser shows in a folder's toolbar; `NewDocumentPage` (/drive/documents/new?parentId=) is the same form
 * as a page (without a folder it goes to My Drive › Created). Both open the editor once created.
 */
import { Anchor, Button, Group, Modal, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconFilePlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DOCUMENT_FORMATS, LIMITS, ULID_RE, type DocumentFormat } from '../../../shared/drive/contract';
import { ApiError } from '../api/client';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useCreateDocument } from './api';
import { driveFolderPath } from './paths';
import './documents.css';

function NewDocumentForm({
  parentId,
  onCancel,
  autoFocus,
}: {
  parentId?: string;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateDocument();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<DocumentFormat>('html');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setProblem(t('documents.create.nameRequired'));
    if (/[/\\]/.test(trimmed)) return setProblem(t('documents.create.nameSlash'));
    setProblem(null);
    create.mutate(
      { name: trimmed, format, ...(parentId ? { parentId } : {}), content: format === 'html' ? '<p></p>' : '' },
      {
        onSuccess: (view) => void navigate(`/drive/documents/${view.node.nodeId}`),
        onError: (err) => {
          const field = err instanceof ApiError ? err.fields?.find((f) => f.path.endsWith('name')) : undefined;
          if (field) setProblem(field.reason);
          else if (err instanceof ApiError && err.status === 409) setProblem(t('documents.create.nameTaken'));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="new-document-form">
      <Stack gap="md">
        <TextInput
          label={t('documents.create.name')}
          placeholder={t('documents.create.namePlaceholder')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={problem}
          maxLength={LIMITS.nameChars}
          required
          data-autofocus={autoFocus || undefined}
          data-testid="new-document-name"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="new-document-format-label">
            {t('documents.create.format')}
          </Text>
          <SegmentedControl
            value={format}
            onChange={(v) => setFormat(v as DocumentFormat)}
            data={DOCUMENT_FORMATS.map((f) => ({ value: f, label: t(`documents.format.${f}`) }))}
            aria-labelledby="new-document-format-label"
            data-testid="new-document-format"
            fullWidth
          />
          <Text size="xs" c="dimmed">
            {t(`documents.create.${format}Hint`)}
          </Text>
        </Stack>
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('documents.create.cancel')}
            </Button>
          )}
          <Button
            type="submit"
            loading={create.isPending}
            leftSection={<IconFilePlus size={16} />}
            data-testid="new-document-submit"
          >
            {t('documents.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** For the drive browser's toolbar: "New document" → the form in a dialog → the editor. */
export function NewDocumentButton({
  parentId,
  size = 'sm',
  variant = 'default',
}: {
  parentId?: string;
  size?: 'xs' | 'sm' | 'md';
  variant?: 'default' | 'filled' | 'light';
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <>
      <Button
        size={size}
        variant={variant}
        leftSection={<IconFilePlus size={16} />}
        onClick={() => setOpen(true)}
        data-testid="new-document"
      >
        {t('documents.create.button')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('documents.create.title')} fullScreen={phone}>
        {open && <NewDocumentForm parentId={parentId} onCancel={() => setOpen(false)} autoFocus />}
      </Modal>
    </>
  );
}

export function NewDocumentPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const raw = params.get('parentId') ?? '';
  const parentId = ULID_RE.test(raw) ? raw : undefined;
  useDocumentTitle(t('documents.create.title'));
  return (
    <Stack gap="md" maw={560} className="doc-page" data-testid="new-document-page">
      <Anchor component={Link} to={driveFolderPath(parentId ?? null)} size="sm" className="doc-back">
        <IconArrowLeft size={14} /> {t('documents.backToDrive')}
      </Anchor>
      <Title order={1} size="h2">
        {t('documents.create.title')}
      </Title>
      <Paper withBorder p="md" radius="md">
        <NewDocumentForm parentId={parentId} autoFocus />
      </Paper>
    </Stack>
  );
}
