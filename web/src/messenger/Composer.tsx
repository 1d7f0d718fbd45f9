/**
 * The message box: Enter sends, Shift+Enter breaks the line, Esc cancels a reply or an edit, ArrowUp in
 * an empty box edits my last message. An @ opens the members list (arrows + Enter/Tab pick, the id goes
 * in `mentions`); a small emoji picker; files by the paper clip or dropped on the conversation, each with
 * its progress bar. Typing is announced at most every 3 s.
 */
import {
  ActionIcon,
  CloseButton,
  Group,
  Paper,
  Popover,
  Progress,
  SimpleGrid,
  Text,
  Textarea,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowBackUp, IconMoodSmile, IconPaperclip, IconPencil, IconSend, IconFile } from '@tabler/icons-react';
import { useContext, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberView, MessageView } from '../../../shared/messenger/contract';
import { LIMITS } from '../../../shared/messenger/contract';
import { LiveContext } from '../services';
import { fileSize, PersonFace, personName } from './ChatAvatar';
import type { useUploads } from './useUploads';

export const EMOJI = [
  '😀',
  '😂',
  '😊',
  '😍',
  '🤔',
  '😎',
  '😢',
  '😮',
  '🙏',
  '👍',
  '👎',
  '👏',
  '🙌',
  '💪',
  '🎉',
  '🔥',
  '❤️',
  '✅',
  '❌',
  '⚠️',
  '👀',
  '🚀',
  '☕',
  '💡',
];
const TYPING_EVERY_MS = 3_000;

export interface ComposerSubmit {
  text: string;
  mentions: string[];
}

interface Props {
  chatId: string;
  me: string;
  members: MemberView[];
  replyTo: MessageView | null;
  editing: MessageView | null;
  nameOf: (id: string) => string;
  uploads: ReturnType<typeof useUploads>;
  onCancel: () => void;
  onSubmit: (s: ComposerSubmit) => void;
  onEditLast: () => void;
  disabled?: boolean;
}

function mentionQuery(text: string, caret: number): { start: number; q: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(before);
  return m ? { start: caret - m[2]!.length - 1, q: m[2]! } : null;
}

function fold(s: string) {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

export function Composer({
  chatId,
  me,
  members,
  replyTo,
  editing,
  nameOf,
  uploads,
  onCancel,
  onSubmit,
  onEditLast,
  disabled,
}: Props) {
  const { t, i18n } = useTranslation();
  const live = useContext(LiveContext);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [pick, setPick] = useState(0);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const [mentionClosed, setMentionClosed] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const lastTyping = useRef(0);

  // Editing fills the box with the message; leaving the edit restores the draft.
  const editId = editing?.messageId ?? '';
  const [seenEdit, setSeenEdit] = useState(editId);
  const [draft, setDraft] = useState('');
  if (editId !== seenEdit) {
    setSeenEdit(editId);
    if (editing) {
      if (!seenEdit) setDraft(text);
      setText(editing.text);
    } else {
      setText(draft);
      setDraft('');
    }
  }
  useEffect(() => {
    const el = ref.current;
    if (!el || !editId) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [editId]);

  useEffect(() => {
    if (replyTo) ref.current?.focus();
  }, [replyTo]);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  const mq = mentionClosed ? null : mentionQuery(text, caret);
  const candidates = useMemo(() => {
    if (!mq) return [];
    const q = fold(mq.q);
    return members
      .filter((m) => m.userId !== me)
      .filter((m) => {
        const f = fold(`${m.firstName} ${m.lastName}`);
        return !q || f.startsWith(q) || fold(m.lastName).startsWith(q) || f.includes(` ${q}`);
      })
      .slice(0, 8);
  }, [mq, members, me]);
  const showMentions = candidates.length > 0;

  const insertMention = (m: MemberView) => {
    if (!mq) return;
    const name = personName(m, m.userId);
    const next = `${text.slice(0, mq.start)}@${name} ${text.slice(caret)}`;
    const pos = mq.start + name.length + 2;
    setText(next);
    setPick(0);
    requestAnimationFrame(() => {
      ref.current?.setSelectionRange(pos, pos);
      setCaret(pos);
    });
  };

  const insertAtCaret = (s: string) => {
    const el = ref.current;
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    setText(text.slice(0, at) + s + text.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + s.length, at + s.length);
    });
  };

  const submit = () => {
    if (disabled || uploads.busy) return;
    const trimmed = text.trim();
    if (!trimmed && !uploads.ready) return;
    if (text.length > LIMITS.textChars) return;
    const mentions = members
      .filter((m) => m.userId !== me && text.includes(`@${personName(m, m.userId)}`))
      .map((m) => m.userId);
    onSubmit({ text: trimmed ? text : '', mentions });
    setText('');
    setMentionClosed(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (showMentions) {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setPick((i) => (i + 1) % candidates.length);
        return;
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        setPick((i) => (i - 1 + candidates.length) % candidates.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insertMention(candidates[Math.min(pick, candidates.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMentionClosed(true);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape' && (replyTo || editing)) {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'ArrowUp' && text === '' && !editing) {
      e.preventDefault();
      onEditLast();
    }
  };

  const onChange = (v: string, pos: number) => {
    setText(v);
    setCaret(pos);
    setMentionClosed(false);
    setPick(0);
    const now = Date.now();
    if (v.trim() && !editing && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      live?.send({ action: 'typing', chatId });
    }
  };

  const over = text.length > LIMITS.textChars;
  return (
    <div className="composer" data-testid="composer">
      {replyTo || editing ? (
        <Group
          className="composer-context"
          gap="xs"
          wrap="nowrap"
          data-testid={editing ? 'editing-banner' : 'reply-banner'}
        >
          {editing ? <IconPencil size={16} aria-hidden="true" /> : <IconArrowBackUp size={16} aria-hidden="true" />}
          <div style={{ minWidth: 0, flex: 1 }}>
            <Text size="xs" fw={700}>
              {editing
                ? t('messenger.composer.editing')
                : t('messenger.composer.replyingTo', { name: nameOf(replyTo!.authorId) })}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {(editing ?? replyTo)!.text || t('messenger.message.attachmentOnly')}
            </Text>
          </div>
          <CloseButton size="sm" onClick={onCancel} aria-label={t('messenger.composer.cancelContext')} />
        </Group>
      ) : null}
      {uploads.uploads.length > 0 ? (
        <div className="upload-tray" data-testid="upload-tray">
          {uploads.uploads.map((u) => (
            <Paper
              key={u.key}
              withBorder
              radius="md"
              p={6}
              className="upload-chip"
              data-testid="upload-chip"
              data-done={u.fileId ? 'true' : undefined}
            >
              <Group gap={6} wrap="nowrap">
                {u.previewUrl ? (
                  <img src={u.previewUrl} alt="" className="upload-thumb" />
                ) : (
                  <IconFile size={24} stroke={1.4} aria-hidden="true" />
                )}
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Text size="xs" fw={600} truncate="end">
                    {u.file.name}
                  </Text>
                  {u.error ? (
                    <Text size="xs" c="red" lineClamp={2}>
                      {u.error}
                    </Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {u.fileId
                        ? fileSize(u.file.size, i18n.language)
                        : t('messenger.composer.uploading', { percent: Math.round(u.progress * 100) })}
                    </Text>
                  )}
                </div>
                <CloseButton
                  size="xs"
                  onClick={() => uploads.remove(u.key)}
                  aria-label={t('messenger.composer.removeFile', { name: u.file.name })}
                />
              </Group>
              {!u.error ? (
                <Progress
                  value={u.progress * 100}
                  size="xs"
                  mt={4}
                  color={u.fileId ? 'teal' : 'indigo'}
                  aria-label={u.file.name}
                  data-testid="upload-progress"
                />
              ) : null}
            </Paper>
          ))}
        </div>
      ) : null}
      <div className="composer-row">
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            uploads.add([...(e.currentTarget.files ?? [])]);
            e.currentTarget.value = '';
          }}
        />
        <Tooltip label={t('messenger.composer.attach')}>
          <ActionIcon
            variant="subtle"
            size="lg"
            onClick={() => fileRef.current?.click()}
            aria-label={t('messenger.composer.attach')}
            disabled={!!editing}
            data-testid="attach"
          >
            <IconPaperclip size={20} />
          </ActionIcon>
        </Tooltip>
        <div className="composer-input">
          {showMentions ? (
            <Paper
              className="mention-menu"
              shadow="md"
              withBorder
              radius="md"
              role="listbox"
              aria-label={t('messenger.composer.mentionList')}
              data-testid="mention-menu"
            >
              {candidates.map((m, i) => (
                <UnstyledButton
                  key={m.userId}
                  role="option"
                  aria-selected={i === pick}
                  className="mention-option"
                  data-active={i === pick || undefined}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    insertMention(m);
                  }}
                  data-testid="mention-option"
                >
                  <PersonFace person={m} size={24} />
                  <Text size="sm">{personName(m, m.userId)}</Text>
                </UnstyledButton>
              ))}
            </Paper>
          ) : null}
          <Textarea
            ref={ref}
            value={text}
            onChange={(e) => onChange(e.currentTarget.value, e.currentTarget.selectionStart)}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            onKeyDown={onKeyDown}
            placeholder={t('messenger.composer.placeholder')}
            aria-label={t('messenger.composer.label')}
            aria-description={t('messenger.composer.keys')}
            title={t('messenger.composer.keys')}
            autosize
            minRows={1}
            maxRows={8}
            error={over ? t('messenger.composer.tooLong', { max: LIMITS.textChars }) : undefined}
            data-testid="composer-input"
            disabled={disabled}
          />
        </div>
        <Popover opened={emojiOpen} onChange={setEmojiOpen} position="top-end" withArrow shadow="md">
          <Popover.Target>
            <ActionIcon
              variant="subtle"
              size="lg"
              aria-label={t('messenger.composer.emoji')}
              onClick={() => setEmojiOpen((o) => !o)}
              data-testid="emoji-button"
            >
              <IconMoodSmile size={20} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown p={6}>
            <SimpleGrid cols={6} spacing={2} data-testid="emoji-picker">
              {EMOJI.map((e) => (
                <ActionIcon
                  key={e}
                  variant="subtle"
                  size="lg"
                  aria-label={e}
                  onClick={() => {
                    insertAtCaret(e);
                    setEmojiOpen(false);
                  }}
                >
                  <span style={{ fontSize: 20 }}>{e}</span>
                </ActionIcon>
              ))}
            </SimpleGrid>
          </Popover.Dropdown>
        </Popover>
        <Tooltip label={editing ? t('messenger.composer.save') : t('messenger.composer.send')}>
          <ActionIcon
            size="lg"
            variant="filled"
            onClick={submit}
            disabled={disabled || over || uploads.busy || (!text.trim() && !uploads.ready)}
            aria-label={editing ? t('messenger.composer.save') : t('messenger.composer.send')}
            data-testid="send"
          >
            <IconSend size={18} />
          </ActionIcon>
        </Tooltip>
      </div>
    </div>
  );
}
