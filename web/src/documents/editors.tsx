/**
 * The two editors of a document and its safe rendering:
 * - RichTextEditor: tiptap (StarterKit: headings, bold, italic, strike, code, lists, quotes, code blocks,
 *   rules, links) with a Mantine toolbar; produces HTML (sanitised again wherever it is shown).
 * - MarkdownEditor: a monospace textarea with a rendered preview (marked → DOMPurify), side by side on wide
 *   screens, Write / Preview tabs on narrow ones.
 * - SafeDoc: stored HTML or Markdown rendered through the allow-list sanitiser.
 */
import { ActionIcon, Box, Paper, SegmentedControl, SimpleGrid, Text, Textarea, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconBlockquote,
  IconBold,
  IconCode,
  IconH1,
  IconH2,
  IconH3,
  IconItalic,
  IconList,
  IconListNumbers,
  IconSeparatorHorizontal,
  IconSourceCode,
  IconStrikethrough,
} from '@tabler/icons-react';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentFormat } from '../../../shared/drive/contract';
import { renderMarkdown, sanitizeDocHtml } from './content';

export function SafeDoc({
  format,
  content,
  testId,
  className,
}: {
  format: DocumentFormat;
  content: string;
  testId?: string;
  className?: string;
}) {
  const html = useMemo(
    () => (format === 'markdown' ? renderMarkdown(content) : sanitizeDocHtml(content)),
    [format, content],
  );
  return (
    <div
      className={`doc-rendered ${className ?? ''}`}
      data-testid={testId}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

export function RichTextEditor({
  initial,
  onChange,
  label,
  testId,
  readOnly = false,
  minHeight,
}: {
  /** content when the editor mounts (remount with a new key to replace it) */
  initial: string;
  onChange: (html: string) => void;
  label: string;
  testId: string;
  readOnly?: boolean;
  minHeight?: number;
}) {
  const { t } = useTranslation();
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [1, 2, 3] },
        link: { openOnClick: false, protocols: ['http', 'https', 'mailto'] },
      }),
    ],
    content: sanitizeDocHtml(initial),
    editable: !readOnly,
    onUpdate: ({ editor: e }) => onChange(e.getHTML()),
    editorProps: {
      attributes: {
        'aria-label': label,
        'aria-multiline': 'true',
        role: 'textbox',
        'data-testid': testId,
        class: 'doc-editor-content doc-rendered',
        ...(minHeight ? { style: `min-height: ${minHeight}px` } : {}),
      },
    },
    immediatelyRender: true,
  });
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h1: e?.isActive('heading', { level: 1 }) ?? false,
      h2: e?.isActive('heading', { level: 2 }) ?? false,
      h3: e?.isActive('heading', { level: 3 }) ?? false,
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      strike: e?.isActive('strike') ?? false,
      code: e?.isActive('code') ?? false,
      bullet: e?.isActive('bulletList') ?? false,
      ordered: e?.isActive('orderedList') ?? false,
      quote: e?.isActive('blockquote') ?? false,
      codeBlock: e?.isActive('codeBlock') ?? false,
      canUndo: e?.can().undo() ?? false,
      canRedo: e?.can().redo() ?? false,
    }),
  });
  const c = () => editor?.chain().focus();
  const groups = [
    [
      { key: 'h1', icon: IconH1, active: s?.h1, run: () => c()?.toggleHeading({ level: 1 }).run() },
      { key: 'h2', icon: IconH2, active: s?.h2, run: () => c()?.toggleHeading({ level: 2 }).run() },
      { key: 'h3', icon: IconH3, active: s?.h3, run: () => c()?.toggleHeading({ level: 3 }).run() },
    ],
    [
      { key: 'bold', icon: IconBold, active: s?.bold, run: () => c()?.toggleBold().run() },
      { key: 'italic', icon: IconItalic, active: s?.italic, run: () => c()?.toggleItalic().run() },
      { key: 'strike', icon: IconStrikethrough, active: s?.strike, run: () => c()?.toggleStrike().run() },
      { key: 'code', icon: IconCode, active: s?.code, run: () => c()?.toggleCode().run() },
    ],
    [
      { key: 'bullet', icon: IconList, active: s?.bullet, run: () => c()?.toggleBulletList().run() },
      { key: 'ordered', icon: IconListNumbers, active: s?.ordered, run: () => c()?.toggleOrderedList().run() },
      { key: 'quote', icon: IconBlockquote, active: s?.quote, run: () => c()?.toggleBlockquote().run() },
      { key: 'codeBlock', icon: IconSourceCode, active: s?.codeBlock, run: () => c()?.toggleCodeBlock().run() },
      { key: 'rule', icon: IconSeparatorHorizontal, active: false, run: () => c()?.setHorizontalRule().run() },
    ],
    [
      { key: 'undo', icon: IconArrowBackUp, active: false, disabled: !s?.canUndo, run: () => c()?.undo().run() },
      { key: 'redo', icon: IconArrowForwardUp, active: false, disabled: !s?.canRedo, run: () => c()?.redo().run() },
    ],
  ];
  return (
    <Paper withBorder radius="sm" className="doc-editor">
      {!readOnly && (
        <div className="doc-toolbar" role="toolbar" aria-label={t('documents.editor.toolbar')}>
          {groups.map((g, i) => (
            <div className="doc-toolbar-group" key={i}>
              {g.map((b) => (
                <Tooltip
                  key={b.key}
                  label={t(`documents.editor.${b.key}` as 'documents.editor.bold')}
                  withArrow
                  openDelay={400}
                >
                  <ActionIcon
                    variant={b.active ? 'filled' : 'subtle'}
                    color="gray"
                    size="md"
                    onClick={b.run}
                    disabled={'disabled' in b ? b.disabled : false}
                    aria-label={t(`documents.editor.${b.key}` as 'documents.editor.bold')}
                    aria-pressed={b.key === 'undo' || b.key === 'redo' || b.key === 'rule' ? undefined : !!b.active}
                    data-testid={`doc-tool-${b.key}`}
                  >
                    <b.icon size={16} />
                  </ActionIcon>
                </Tooltip>
              ))}
            </div>
          ))}
        </div>
      )}
      <EditorContent editor={editor} />
    </Paper>
  );
}

export type MarkdownView = 'write' | 'preview' | 'split';

export function MarkdownEditor({
  initial,
  onChange,
  label,
  testId,
  minRows = 16,
}: {
  initial: string;
  onChange: (md: string) => void;
  label: string;
  testId: string;
  minRows?: number;
}) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)', true);
  const [value, setValue] = useState(initial);
  const [view, setView] = useState<MarkdownView | null>(null);
  const shown: MarkdownView = view ?? (wide ? 'split' : 'write');
  const data = [
    { value: 'write', label: t('documents.markdown.write') },
    { value: 'preview', label: t('documents.markdown.preview') },
    ...(wide ? [{ value: 'split', label: t('documents.markdown.split') }] : []),
  ];
  const textarea = (
    <Textarea
      aria-label={label}
      value={value}
      onChange={(e) => {
        setValue(e.currentTarget.value);
        onChange(e.currentTarget.value);
      }}
      autosize
      minRows={minRows}
      classNames={{ input: 'doc-markdown-input' }}
      data-testid={testId}
      spellCheck
    />
  );
  const preview = (
    <Box className="doc-markdown-preview" aria-label={t('documents.markdown.preview')} role="region">
      {value.trim() === '' ? (
        <Text c="dimmed" size="sm">
          {t('documents.markdown.empty')}
        </Text>
      ) : (
        <SafeDoc format="markdown" content={value} testId={`${testId}-preview`} />
      )}
    </Box>
  );
  return (
    <Paper withBorder radius="sm" className="doc-editor" data-view={shown}>
      <div className="doc-toolbar">
        <SegmentedControl
          size="xs"
          value={shown === 'split' && !wide ? 'write' : shown}
          onChange={(v) => setView(v as MarkdownView)}
          data={data}
          aria-label={t('documents.markdown.view')}
          data-testid="markdown-view"
        />
        <Text size="xs" c="dimmed" className="doc-markdown-hint">
          {t('documents.markdown.hint')}
        </Text>
      </div>
      {shown === 'split' && wide ? (
        <SimpleGrid cols={2} spacing={0} className="doc-markdown-split">
          <Box p="xs">{textarea}</Box>
          {preview}
        </SimpleGrid>
      ) : shown === 'preview' ? (
        preview
      ) : (
        <Box p="xs">{textarea}</Box>
      )}
    </Paper>
  );
}

/** The right editor for a format; `initial` is read when it mounts (give it a new key to replace the text). */
export function DocEditor({
  format,
  initial,
  onChange,
  testId = 'doc-editor',
  label,
}: {
  format: DocumentFormat;
  initial: string;
  onChange: (c: string) => void;
  testId?: string;
  label: string;
}) {
  return format === 'markdown' ? (
    <MarkdownEditor initial={initial} onChange={onChange} label={label} testId={testId} />
  ) : (
    <RichTextEditor initial={initial} onChange={onChange} label={label} testId={testId} minHeight={320} />
  );
}
