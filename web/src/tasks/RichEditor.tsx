/**
 * The rich-text editor of task descriptions and comments: tiptap (StarterKit: paragraphs, bold, italic, lists,
 * quotes, code, links) with a small Mantine toolbar. It produces HTML; the server sanitises it and the page
 * sanitises it again when showing it (SafeHtml). Comments hold the editor (editorRef) to insert "@Name"
 * mentions and to clear it after sending; Ctrl/Cmd+Enter calls onSubmit.
 */
import { ActionIcon, Group, Input, Paper, Tooltip } from '@mantine/core';
import { IconBold, IconItalic, IconList, IconListNumbers, IconQuote, IconStrikethrough } from '@tabler/icons-react';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useEffect, useRef, type MutableRefObject } from 'react';
import StarterKit from '@tiptap/starter-kit';
import { useTranslation } from 'react-i18next';

export function RichEditor({
  label,
  value,
  onChange,
  testId,
  editorRef,
  onSubmit,
  compact,
}: {
  label: string;
  value: string;
  onChange: (html: string) => void;
  testId: string;
  editorRef?: MutableRefObject<Editor | null>;
  onSubmit?: () => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const submit = useRef(onSubmit);
  useEffect(() => {
    submit.current = onSubmit;
  }, [onSubmit]);
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3] },
        link: { openOnClick: false, protocols: ['http', 'https', 'mailto'] },
      }),
    ],
    content: value,
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
    editorProps: {
      attributes: {
        'aria-label': label,
        'data-testid': testId,
        class: `task-editor-content${compact ? ' task-editor-compact' : ''}`,
      },
      handleKeyDown: (_view, event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && submit.current) {
          submit.current();
          return true;
        }
        return false;
      },
    },
    immediatelyRender: true,
  });
  useEffect(() => {
    if (editorRef) editorRef.current = editor;
  }, [editor, editorRef]);
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      strike: e?.isActive('strike') ?? false,
      bullet: e?.isActive('bulletList') ?? false,
      ordered: e?.isActive('orderedList') ?? false,
      quote: e?.isActive('blockquote') ?? false,
    }),
  });
  const buttons = [
    { key: 'bold', icon: IconBold, active: state?.bold, run: () => editor?.chain().focus().toggleBold().run() },
    { key: 'italic', icon: IconItalic, active: state?.italic, run: () => editor?.chain().focus().toggleItalic().run() },
    {
      key: 'strike',
      icon: IconStrikethrough,
      active: state?.strike,
      run: () => editor?.chain().focus().toggleStrike().run(),
    },
    {
      key: 'bullet',
      icon: IconList,
      active: state?.bullet,
      run: () => editor?.chain().focus().toggleBulletList().run(),
    },
    {
      key: 'ordered',
      icon: IconListNumbers,
      active: state?.ordered,
      run: () => editor?.chain().focus().toggleOrderedList().run(),
    },
    {
      key: 'quote',
      icon: IconQuote,
      active: state?.quote,
      run: () => editor?.chain().focus().toggleBlockquote().run(),
    },
  ] as const;
  return (
    <Input.Wrapper label={label}>
      <Paper withBorder radius="sm" className="task-editor">
        <Group gap={4} p={4} className="task-editor-toolbar" role="toolbar" aria-label={t('tasks.editor.toolbar')}>
          {buttons.map((b) => (
            <Tooltip key={b.key} label={t(`tasks.editor.${b.key}`)} withArrow>
              <ActionIcon
                variant={b.active ? 'filled' : 'subtle'}
                color="gray"
                size="md"
                onClick={b.run}
                aria-label={t(`tasks.editor.${b.key}`)}
                aria-pressed={!!b.active}
              >
                <b.icon size={16} />
              </ActionIcon>
            </Tooltip>
          ))}
        </Group>
        <EditorContent editor={editor} />
      </Paper>
    </Input.Wrapper>
  );
}
