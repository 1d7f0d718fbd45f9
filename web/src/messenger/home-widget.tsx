/**
 * Home: "Unread chats" — the chats with unread messages, newest first, each with its newest line and who wrote
 * it, opening the chat. One request: the first page of GET /chats (most recent activity first, with unread
 * counts and the last message); it refreshes when the unread total (the nav badge's query) changes.
 */
import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ChatSummary } from '../../../shared/messenger/contract';
import { WidgetCard, WidgetEmpty, WidgetList } from '../home/WidgetCard';
import { useApi, useSession } from '../services';
import { mkeys, useUnread } from './api';
import { ChatAvatar, shortWhen } from './ChatAvatar';
import { previewOf } from './chat-preview';
import { personName } from './person-name';
import { peopleSeen } from './stores';

/** How many recent chats are looked at, and how many unread ones are shown. */
const RECENT_CHATS = 30;
const SHOWN = 5;

/** Who wrote the chat's newest line, when the page can tell (the peer, or someone seen in a chat this session). */
function senderOf(c: ChatSummary): string {
  const author = c.lastMessage?.authorId;
  if (!author || c.lastMessage?.kind === 'system') return '';
  if (c.peer && c.peer.userId === author) return personName(c.peer, '');
  return personName(peopleSeen.get(author), '');
}

export default function UnreadChatsWidget() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.sub : '';
  const chats = useQuery({
    queryKey: [...mkeys.all, 'home-unread'],
    queryFn: ({ signal }) => api.messenger.listChats({ query: { limit: RECENT_CHATS }, signal }),
    staleTime: 30_000,
  });
  const total = useUnread().data?.total;
  const { refetch } = chats;
  useEffect(() => {
    if (total !== undefined) void refetch();
  }, [total, refetch]);
  const unread = (chats.data?.items ?? []).filter((c) => c.unread > 0).slice(0, SHOWN);
  return (
    <WidgetCard
      id="unread-chats"
      title={t('messenger.home.title')}
      icon={<IconMessages size={20} />}
      query={chats}
      isEmpty={unread.length === 0}
      empty={<WidgetEmpty text={t('messenger.home.empty')} to="/messenger" action={t('messenger.home.open')} />}
      moreHref="/messenger"
    >
      <WidgetList gap={4}>
        {unread.map((c) => {
          const sender = senderOf(c);
          return (
            <li key={c.chatId}>
              <UnstyledButton
                component={Link}
                to={`/messenger/${c.chatId}`}
                data-testid="unread-chat"
                data-chat-id={c.chatId}
                style={{ display: 'block', width: '100%', padding: '6px 4px', borderRadius: 8 }}
              >
                <Group wrap="nowrap" gap="sm" align="flex-start">
                  <ChatAvatar
                    kind={c.kind}
                    title={c.title}
                    peer={c.peer}
                    chatId={c.chatId}
                    avatar={c.avatar}
                    size={36}
                  />
                  <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                    <Group gap={6} wrap="nowrap" justify="space-between">
                      <Text size="sm" fw={600} truncate="end">
                        {c.title}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                        {shortWhen(c.lastActivityAt, i18n.language)}
                      </Text>
                    </Group>
                    <Group gap={6} wrap="nowrap" justify="space-between">
                      <Text size="sm" c="dimmed" truncate="end" data-testid="unread-chat-line">
                        {sender && c.kind !== 'direct' ? (
                          <Text span fw={500} c="var(--mantine-color-text)" size="sm">
                            {t('messenger.home.from', { name: sender })}{' '}
                          </Text>
                        ) : null}
                        {previewOf(c, me, t, new Map())}
                      </Text>
                      <Badge
                        size="sm"
                        circle={c.unread < 10}
                        aria-label={t('messenger.home.unread', { count: c.unread })}
                      >
                        {c.unread > 99 ? '99+' : c.unread}
                      </Badge>
                    </Group>
                  </Stack>
                </Group>
              </UnstyledButton>
            </li>
          );
        })}
      </WidgetList>
    </WidgetCard>
  );
}
