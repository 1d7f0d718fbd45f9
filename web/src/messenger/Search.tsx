/**
 * Message search: across my chats (under the chat list's search box, GET /messages/search) and inside the
 * open chat (a bar under its header, GET /chats/{id}/search). A result opens the chat at that message:
 * the history is loaded back to it (contiguously, see cache.ts loadUntil) and it is highlighted.
 */
import { ActionIcon, Button, CloseButton, Group, Loader, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MessageView } from '../../../shared/messenger/contract';
import { useChatSearch, useMessageSearch } from './api';
import { shortWhen } from './ChatAvatar';

/** The text with every query word's prefix matches marked (case and diacritics ignored, like the server). */
export function Highlighted({ text, q }: { text: string; q: string }) {
  const words = q
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  const re = /[\p{L}\p{N}]+/gu;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const word = m[0]
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase();
    const hit = words.find((w) => word.startsWith(w));
    if (!hit) continue;
    const start = m.index;
    parts.push(text.slice(last, start));
    // the matched prefix, measured in the original text (diacritics can change lengths)
    let end = start;
    let seen = '';
    while (end < start + m[0].length && seen.length < hit.length) {
      end++;
      seen = text
        .slice(start, end)
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .toLowerCase();
    }
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    last = end;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}

/** A short window of the text around the first match, so the match is visible in one line. */
function around(text: string, q: string, width = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const first = q.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const at = first ? flat.toLowerCase().indexOf(first) : -1;
  if (at < 40 || flat.length <= width) return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
  const start = Math.max(0, at - 30);
  const piece = flat.slice(start, start + width);
  return `…${piece}${start + width < flat.length ? '…' : ''}`;
}

/** Hits across all my chats, shown under the chat list while its search box has ≥ 2 characters. */
export function MessageSearchResults({
  q,
  chatTitle,
}: {
  q: string;
  chatTitle: (chatId: string, fallback: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const search = useMessageSearch(debounced);
  const hits = search.data?.pages.flatMap((p) => p.items) ?? [];
  if (debounced.length < 2) return null;
  return (
    <section aria-label={t('messenger.search.messages')} data-testid="message-search-results" data-query={debounced}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="md" pt="sm" pb={4}>
        {t('messenger.search.messages')}
      </Text>
      {search.isPending ? (
        <Group justify="center" p="sm">
          <Loader size="xs" />
        </Group>
      ) : hits.length === 0 && !search.hasNextPage ? (
        <Text size="sm" c="dimmed" px="md" pb="sm" data-testid="message-search-empty">
          {t('messenger.search.none', { q: debounced })}
        </Text>
      ) : (
        <ul className="chat-rows">
          {hits.map((h) => (
            <li key={`${h.chatId}/${h.message.messageId}`}>
              <UnstyledButton
                component={Link}
                to={`/messenger/${h.chatId}?message=${h.message.messageId}`}
                className="chat-row search-hit"
                data-testid="message-hit"
                data-chat-id={h.chatId}
                data-message-id={h.message.messageId}
              >
                <div className="chat-row-body">
                  <Group justify="space-between" wrap="nowrap" gap={6}>
                    <Text size="sm" fw={600} truncate="end">
                      {chatTitle(h.chatId, h.chatTitle)}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                      {shortWhen(h.message.createdAt, i18n.language)}
                    </Text>
                  </Group>
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    <Highlighted text={around(h.message.text, debounced)} q={debounced} />
                  </Text>
                </div>
              </UnstyledButton>
            </li>
          ))}
        </ul>
      )}
      {search.hasNextPage ? (
        <Group justify="center" pb="sm">
          <Button
            variant="subtle"
            size="compact-xs"
            loading={search.isFetchingNextPage}
            onClick={() => void search.fetchNextPage()}
          >
            {t('messenger.search.more')}
          </Button>
        </Group>
      ) : null}
    </section>
  );
}

/** The search bar of the open chat: results in a panel over the history; picking one jumps to it. */
export function ChatSearch({
  chatId,
  nameOf,
  onPick,
  onClose,
}: {
  chatId: string;
  nameOf: (userId: string) => string;
  onPick: (m: MessageView) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const search = useChatSearch(chatId, q);
  const hits = search.data?.pages.flatMap((p) => p.items) ?? [];
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <div className="chat-search" data-testid="chat-search-panel" role="search">
      <TextInput
        ref={input}
        type="search"
        aria-label={t('messenger.search.label')}
        placeholder={t('messenger.search.placeholder')}
        leftSection={<IconSearch size={16} aria-hidden="true" />}
        rightSection={
          <CloseButton
            size="sm"
            aria-label={t('messenger.search.close')}
            onClick={onClose}
            data-testid="chat-search-close"
          />
        }
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          if (e.key === 'Enter' && hits[0]) onPick(hits[0]);
        }}
        data-testid="chat-search-input"
      />
      {text.trim().length > 0 ? (
        <div className="chat-search-results" data-testid="chat-search-results" data-query={q}>
          {text.trim().length < 2 ? (
            <Text size="sm" c="dimmed" p="sm">
              {t('messenger.search.min')}
            </Text>
          ) : search.isPending || q !== text.trim() ? (
            <Group justify="center" p="sm">
              <Loader size="xs" />
            </Group>
          ) : hits.length === 0 && !search.hasNextPage ? (
            <Text size="sm" c="dimmed" p="sm" data-testid="chat-search-empty">
              {t('messenger.search.none', { q })}
            </Text>
          ) : (
            <Stack gap={0}>
              {hits.map((m) => (
                <UnstyledButton
                  key={m.messageId}
                  className="search-hit-row"
                  onClick={() => onPick(m)}
                  data-testid="chat-search-hit"
                  data-message-id={m.messageId}
                >
                  <Group justify="space-between" wrap="nowrap" gap={6}>
                    <Text size="xs" fw={700} truncate="end">
                      {nameOf(m.authorId)}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                      {shortWhen(m.createdAt, i18n.language)}
                    </Text>
                  </Group>
                  <Text size="sm" lineClamp={2}>
                    <Highlighted text={around(m.text, q)} q={q} />
                  </Text>
                </UnstyledButton>
              ))}
              {search.hasNextPage ? (
                <Button
                  variant="subtle"
                  size="compact-xs"
                  m="xs"
                  loading={search.isFetchingNextPage}
                  onClick={() => void search.fetchNextPage()}
                >
                  {t('messenger.search.more')}
                </Button>
              ) : null}
            </Stack>
          )}
        </div>
      ) : null}
    </div>
  );
}

export function SearchToggle({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <ActionIcon
      variant="subtle"
      size="lg"
      aria-label={t('messenger.search.open')}
      onClick={onClick}
      data-testid="chat-search-open"
    >
      <IconSearch size={20} />
    </ActionIcon>
  );
}
