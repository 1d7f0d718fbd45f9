/**
 * Writing a task comment: the rich-text editor (RichEditor, its own chunk with tiptap) and a mention picker.
 * Picking someone writes "@Name" at the cursor; only people still named in the text when it is sent are sent as
 * `mentions` (the server notifies those who may see the task). The picker offers the task's people (from the
 * view's people map, so extranet people can mention too) and, for employees, anyone found in the directory.
 */
import { Button, Group, Select, Stack, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAt } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { Editor } from '@tiptap/react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type TaskView } from '../../../shared/tasks/contract';
import { useApi } from '../services';
import { useAddComment } from './api';
import { displayName } from './people';
import { RichEditor } from './RichEditor';
import { isBlankHtml } from './status';

function useMentionOptions(task: TaskView, me: string, search: string, directory: boolean): ComboboxItem[] {
  const api = useApi();
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    queryKey: ['people', 'pick', debounced],
    queryFn: ({ signal }) => api.people.listPeople({ query: { limit: 20, q: debounced }, signal }),
    enabled: directory && debounced.length > 0,
    staleTime: 60_000,
    retry: false,
  });
  return useMemo(() => {
    const out = new Map<string, string>();
    for (const [id, p] of Object.entries(task.people)) if (id !== me && p.name) out.set(id, p.name);
    for (const p of found.data?.items ?? [])
      if (p.userId !== me && p.status === 'active' && !out.has(p.userId)) out.set(p.userId, displayName(p, p.email));
    const q = search.trim().toLowerCase();
    return [...out]
      .filter(([, name]) => !q || name.toLowerCase().includes(q))
      .map(([value, label]) => ({ value, label }))
      .slice(0, 30);
  }, [task.people, found.data, me, search]);
}

export default function CommentEditor({ task, me, directory }: { task: TaskView; me: string; directory: boolean }) {
  const { t } = useTranslation();
  const add = useAddComment(task.taskId);
  const editor = useRef<Editor | null>(null);
  const [html, setHtml] = useState('');
  // id → the name written into the text for them
  const [mentions, setMentions] = useState<Record<string, string>>({});
  const [search, setSearch] = useState('');
  const options = useMentionOptions(task, me, search, directory);

  const mention = (id: string | null) => {
    const label = options.find((o) => o.value === id)?.label;
    if (!id || !label) return;
    setMentions((m) => ({ ...m, [id]: label }));
    editor.current?.chain().focus().insertContent(`@${label} `).run();
    setSearch('');
  };
  const send = () => {
    if (isBlankHtml(html) || add.isPending) return;
    const text = editor.current?.getText() ?? '';
    const named = Object.entries(mentions)
      .filter(([, name]) => text.includes(`@${name}`))
      .map(([id]) => id)
      .slice(0, LIMITS.mentions);
    add.mutate(
      { text: html, ...(named.length ? { mentions: named } : {}) },
      {
        onSuccess: () => {
          editor.current?.commands.clearContent(true);
          setHtml('');
          setMentions({});
        },
      },
    );
  };
  return (
    <Stack gap="xs" data-testid="comment-form">
      <RichEditor
        label={t('tasks.comments.label')}
        value=""
        onChange={setHtml}
        testId="comment-input"
        editorRef={editor}
        onSubmit={send}
        compact
      />
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Select
          size="xs"
          leftSection={<IconAt size={14} />}
          placeholder={t('tasks.comments.mention')}
          aria-label={t('tasks.comments.mention')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={options}
          value={null}
          onChange={mention}
          filter={({ options: o }) => o}
          nothingFoundMessage={t('tasks.form.nobody')}
          data-testid="comment-mention"
          w={220}
          comboboxProps={{ withinPortal: true }}
        />
        <Button
          size="xs"
          onClick={send}
          disabled={isBlankHtml(html)}
          loading={add.isPending}
          data-testid="comment-send"
        >
          {t('tasks.comments.send')}
        </Button>
      </Group>
    </Stack>
  );
}
