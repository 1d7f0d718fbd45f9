/**
 * My chats, most recent activity first: a search box that filters them, avatars with presence, the last
 * message's preview and time, unread badges; "New chat" and the General chat; the polite button that
 * asks for browser notifications.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconBell, IconMessagePlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ChatSummary } from '../../../shared/messenger/contract';
import { GENERAL_CHAT_ID } from '../../../shared/messenger/contract';
import { useQueryClient } from '@tanstack/react-query';
import type { ChatDetail } from '../../../shared/messenger/contract';
import { mkeys, useChats } from './api';
import { ChatAvatar, personName, shortWhen } from './ChatAvatar';
import { previewOf } from './chat-preview';
import { NewChatModal } from './NewChatModal';
import { MessageSearchResults } from './Search';
import { usePresenceOf } from './useMessengerLive';

function norm(s: string) {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function NotificationPermission() {
  const { t } = useTranslation();
  const [perm, setPerm] = useState(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  if (perm !== 'default') return null;
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      leftSection={<IconBell size={14} aria-hidden="true" />}
      onClick={() => void Notification.requestPermission().then(setPerm)}
      data-testid="enable-browser-notifications"
    >
      {t('messenger.list.enableNotifications')}
    </Button>
  );
}

function ChatRow({ c, active, me }: { c: ChatSummary; active: boolean; me: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const lm = c.lastMessage;
  const names = new Map<string, string>();
  if (c.peer) names.set(c.peer.userId, personName(c.peer, ''));
  for (const m of qc.getQueryData<ChatDetail>(mkeys.chat(c.chatId))?.members ?? [])
    names.set(m.userId, personName(m, ''));
  const preview = previewOf(c, me, t, names);
  const title = c.kind === 'general' ? t('messenger.general') : c.title;
  return (
    <li>
      <UnstyledButton
        component={Link}
        to={`/messenger/${c.chatId}`}
        className="chat-row"
        data-active={active || undefined}
        data-testid="chat-row"
        data-chat-id={c.chatId}
        data-unread={c.unread}
        aria-current={active ? 'page' : undefined}
      >
        {/* Named by its content (title, time, preview, unread), not an aria-label that would leave out what is
            seen (WCAG 2.5.3); the picture is decoration. */}
        <span aria-hidden="true" style={{ display: 'contents' }}>
          <ChatAvatar kind={c.kind} title={title} peer={c.peer} chatId={c.chatId} avatar={c.avatar} />
        </span>
        <div className="chat-row-body">
          <Group justify="space-between" wrap="nowrap" gap={6}>
            <Text fw={c.unread > 0 ? 700 : 600} size="sm" truncate="end" data-testid="chat-title">
              {title}
            </Text>
            <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
              {shortWhen(lm?.at ?? c.lastActivityAt, i18n.language)}
            </Text>
          </Group>
          <Group justify="space-between" wrap="nowrap" gap={6}>
            <Text
              size="sm"
              c={c.unread > 0 ? undefined : 'dimmed'}
              truncate="end"
              fs={lm?.deleted ? 'italic' : undefined}
              data-testid="chat-preview"
            >
              {preview}
            </Text>
            {c.unread > 0 ? (
              <Badge
                size="sm"
                circle={c.unread < 10}
                variant="filled"
                color="red"
                data-testid="chat-unread"
                style={{ flex: 'none' }}
                aria-hidden="true"
              >
                {c.unread > 99 ? '99+' : c.unread}
              </Badge>
            ) : null}
          </Group>
          {c.unread > 0 ? (
            <VisuallyHidden>, {t('messenger.list.unreadAria', { count: c.unread })}</VisuallyHidden>
          ) : null}
        </div>
      </UnstyledButton>
    </li>
  );
}

export function ChatList({ activeId, me }: { activeId: string; me: string }) {
  const { t } = useTranslation();
  const chats = useChats();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const all = useMemo(() => chats.data?.pages.flatMap((p) => p.items) ?? [], [chats.data]);
  const shown = useMemo(() => {
    const n = norm(q.trim());
    if (!n) return all;
    return all.filter((c) => norm(c.kind === 'general' ? `${t('messenger.general')} ${c.title}` : c.title).includes(n));
  }, [all, q, t]);
  usePresenceOf(all.flatMap((c) => (c.peer ? [c.peer.userId] : [])));
  const hasGeneral = all.some((c) => c.chatId === GENERAL_CHAT_ID);
  const titleOf = useMemo(
    () => new Map(all.map((c) => [c.chatId, c.kind === 'general' ? t('messenger.general') : c.title])),
    [all, t],
  );

  return (
    <Stack gap="xs" h="100%" className="chat-list" data-testid="chat-list">
      <Group justify="space-between" wrap="nowrap" px="sm" pt="sm">
        <Title order={1} fz={22}>
          {t('messenger.title')}
        </Title>
        <Button
          size="compact-md"
          leftSection={<IconMessagePlus size={16} aria-hidden="true" />}
          onClick={() => setCreating(true)}
          data-testid="new-chat"
        >
          {t('messenger.list.newChat')}
        </Button>
      </Group>
      <div style={{ padding: '0 var(--mantine-spacing-sm)' }} role="search">
        <TextInput
          type="search"
          aria-label={t('messenger.list.search')}
          placeholder={t('messenger.list.search')}
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-testid="chat-search"
        />
      </div>
      <Group gap={4} px="sm" justify="space-between">
        {!hasGeneral && !chats.isPending ? (
          <Button
            component={Link}
            to={`/messenger/${GENERAL_CHAT_ID}`}
            variant="subtle"
            size="compact-sm"
            data-testid="open-general"
          >
            {t('messenger.general')}
          </Button>
        ) : (
          <span />
        )}
        <NotificationPermission />
      </Group>
      <div className="chat-list-scroll">
        {chats.isPending ? (
          <Stack gap="sm" p="sm" aria-busy="true" data-testid="chats-loading">
            {Array.from({ length: 6 }, (_, i) => (
              <Group key={i} wrap="nowrap">
                <Skeleton circle h={44} w={44} />
                <Stack gap={6} style={{ flex: 1 }}>
                  <Skeleton h={12} w="60%" />
                  <Skeleton h={10} w="85%" />
                </Stack>
              </Group>
            ))}
          </Stack>
        ) : chats.isError ? (
          <Alert m="sm" color="red" variant="light" title={t('messenger.errors.chats')}>
            <Button size="xs" variant="light" color="red" onClick={() => void chats.refetch()}>
              {t('common.retry')}
            </Button>
          </Alert>
        ) : shown.length === 0 ? (
          <Text c="dimmed" ta="center" p="lg" data-testid="chats-empty">
            {q.trim() ? t('messenger.list.noMatch', { q: q.trim() }) : t('messenger.list.empty')}
          </Text>
        ) : (
          <ul className="chat-rows" aria-label={t('messenger.list.label')}>
            {shown.map((c) => (
              <ChatRow key={c.chatId} c={c} active={c.chatId === activeId} me={me} />
            ))}
          </ul>
        )}
        <MessageSearchResults q={q} chatTitle={(id, fallback) => titleOf.get(id) ?? fallback} />
        {chats.hasNextPage ? (
          <Group justify="center" p="sm">
            <Button
              variant="light"
              size="xs"
              loading={chats.isFetchingNextPage}
              onClick={() => void chats.fetchNextPage()}
            >
              {t('messenger.list.more')}
            </Button>
          </Group>
        ) : null}
      </div>
      <NewChatModal opened={creating} onClose={() => setCreating(false)} me={me} />
    </Stack>
  );
}
