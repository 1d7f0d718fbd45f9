/**
 * One open chat: header (presence or members, leave), the pinned bar, the history (newest at the
 * bottom; scrolling to the top loads older pages and keeps the position; day separators; consecutive
 * messages of one author grouped), "X is typing…", "Seen by N" under my last message, and the composer.
 * The chat is marked read up to its newest message while it is on screen; files can be dropped on it.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Menu,
  Popover,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconInfoCircle, IconPin, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ChatDetail, MessageView, Reaction } from '../../../shared/messenger/contract';
import { groupIdOfChat } from '../../../shared/messenger/contract';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import {
  chatSummary,
  loadUntil,
  markReadLocally,
  mkeys,
  removeChatFromList,
  setChatDetail,
  upsertMessages,
  useChat,
  useMessages,
  useReaders,
  withPending,
} from './api';
import { ChatInfo } from './ChatInfo';
import { ChatSearch, SearchToggle } from './Search';
import { ChatAvatar, dayLabel, PersonFace, PresenceDot, personName } from './ChatAvatar';
import { Composer, type ComposerSubmit } from './Composer';
import { ForwardModal } from './ForwardModal';
import { MessageItem, type MessageActions, type Shown } from './MessageItem';
import { useSend } from './send';
import { activeChatStore, peopleSeen, usePending, useTyping } from './stores';
import { usePresenceOf } from './useMessengerLive';
import { useUploads } from './useUploads';

const GROUP_WINDOW_MS = 5 * 60_000;

function SeenBy({ chat, message, me }: { chat: ChatDetail; message: MessageView; me: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const seen = chat.members.filter((m) => m.userId !== me && m.lastReadMessageId >= message.messageId);
  const readers = useReaders(chat.chatId, message.messageId, open);
  if (seen.length === 0) return null;
  const list = readers.data?.readers ?? seen.map((m) => ({ ...m, readAt: '' }));
  return (
    <Popover opened={open} onChange={setOpen} position="top-end" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <UnstyledButton
          className="seen-by"
          onClick={() => setOpen((o) => !o)}
          data-testid="seen-by"
          data-count={seen.length}
          aria-haspopup="dialog"
        >
          {chat.kind === 'direct'
            ? t('messenger.receipts.seen')
            : t('messenger.receipts.seenBy', { count: seen.length })}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="readers">
        <Text size="xs" fw={700} mb={6}>
          {t('messenger.receipts.readers')}
        </Text>
        {readers.isPending ? <Loader size="xs" /> : null}
        <Stack gap={6}>
          {list.map((r) => (
            <Group key={r.userId} gap="xs" wrap="nowrap">
              <PersonFace person={r} size={24} />
              <Text size="sm">{personName(r, r.userId)}</Text>
              {r.readAt ? (
                <Text size="xs" c="dimmed">
                  {new Intl.DateTimeFormat(i18n.language, {
                    hour: '2-digit',
                    minute: '2-digit',
                    day: 'numeric',
                    month: 'short',
                  }).format(new Date(r.readAt))}
                </Text>
              ) : null}
            </Group>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function TypingLine({ chatId, nameOf }: { chatId: string; nameOf: (id: string) => string }) {
  const { t } = useTranslation();
  const who = useTyping(chatId);
  const text =
    who.length === 0
      ? ''
      : who.length === 1
        ? t('messenger.typing.one', { name: nameOf(who[0]!) })
        : who.length === 2
          ? t('messenger.typing.two', { a: nameOf(who[0]!), b: nameOf(who[1]!) })
          : t('messenger.typing.many', { count: who.length });
  return (
    <div className="typing-line" aria-live="polite" data-testid="typing">
      {text ? (
        <>
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {text}
        </>
      ) : null}
    </div>
  );
}

export function Conversation({ chatId, me, phone }: { chatId: string; me: string; phone: boolean }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const chat = useChat(chatId);
  const history = useMessages(chatId, !groupIdOfChat(chatId) || chat.isSuccess);
  const pending = usePending(chatId);
  const { send, retry } = useSend();
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  const [forwarding, setForwarding] = useState<MessageView | null>(null);
  const [highlight, setHighlight] = useState('');
  const [dragging, setDragging] = useState(false);
  const [infoOpen, setInfoOpen] = useState(false);
  const [searching, setSearching] = useState(false);
  const [params, setParams] = useSearchParams();
  // ?message= (a bell notification, a search hit): the message to open the chat at
  const wanted = params.get('message') ?? '';
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const restore = useRef<number | null>(null);
  const tooBig = useCallback((name: string) => t('messenger.composer.fileTooBig', { name }), [t]);
  const uploads = useUploads(chatId, tooBig);

  const detail = chat.data;
  const members = useMemo(() => detail?.members ?? [], [detail]);
  const byId = useMemo(() => new Map(members.map((m) => [m.userId, m])), [members]);
  useEffect(() => peopleSeen.remember(members), [members]);
  const nameOf = useCallback(
    (id: string) =>
      byId.get(id)
        ? personName(byId.get(id), id)
        : id === me
          ? t('messenger.list.you')
          : personName(peopleSeen.get(id), t('messenger.formerMember')),
    [byId, me, t],
  );
  const mentionNames = useMemo(
    () => members.map((m) => ({ userId: m.userId, name: personName(m, m.userId) })),
    [members],
  );
  const pinnedIds = useMemo(() => new Set((detail?.pins ?? []).map((p) => p.messageId)), [detail]);
  const summary = chatSummary(qc, chatId);
  const peer = detail?.kind === 'direct' ? (members.find((m) => m.userId !== me) ?? summary?.peer) : undefined;
  usePresenceOf(
    members.length <= 100 ? members.map((m) => m.userId).filter((id) => id !== me) : peer ? [peer.userId] : [],
  );

  // oldest → newest, my pending sends last (dropped as soon as the server's copy is here)
  const server = useMemo(() => (history.data?.pages.flatMap((p) => p.items) ?? []).slice().reverse(), [history.data]);
  const items: Shown[] = useMemo(() => withPending(server, pending, me), [server, pending, me]);
  const newest = server.at(-1);
  const myLast = useMemo(
    () => [...server].reverse().find((m) => m.authorId === me && !m.system && !m.deletedAt),
    [server, me],
  );

  // The chat on screen (its new messages are read, not counted as unread).
  useEffect(() => {
    // (the page keys this component by chat: reply/edit state starts fresh for each chat)
    activeChatStore.set(chatId);
    return () => activeChatStore.set(null);
  }, [chatId]);

  // Mark read: up to the newest message, while visible.
  const lastPosted = useRef('');
  useEffect(() => {
    if (!newest) return;
    const mine = detail?.members.find((m) => m.userId === me)?.lastReadMessageId ?? summary?.lastReadMessageId ?? '';
    const read = () => {
      if (document.visibilityState !== 'visible') return;
      if (newest.messageId <= mine || newest.messageId <= lastPosted.current) {
        if ((summary?.unread ?? 0) > 0) markReadLocally(qc, chatId, newest.messageId);
        return;
      }
      lastPosted.current = newest.messageId;
      markReadLocally(qc, chatId, newest.messageId);
      api.messenger.markRead({ params: { chatId }, body: { messageId: newest.messageId } }).catch(() => {
        lastPosted.current = '';
      });
    };
    const timer = setTimeout(read, 250);
    document.addEventListener('visibilitychange', read);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', read);
    };
  }, [newest, detail, summary, me, chatId, api, qc]);

  // Scrolling: start at the bottom, follow new messages while at the bottom, keep the position when older pages arrive.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (restore.current !== null) {
      el.scrollTop = el.scrollHeight - restore.current;
      restore.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [items.length, history.data?.pages.length]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  const loadOlder = useCallback(async () => {
    const el = scroller.current;
    if (!el || !hasNextPage || isFetchingNextPage) return;
    restore.current = el.scrollHeight - el.scrollTop;
    await fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (el.scrollTop < 150) void loadOlder();
  };

  // A short first page may not fill the screen: keep loading until it scrolls (or history ends).
  useEffect(() => {
    const el = scroller.current;
    if (el && history.data && el.scrollHeight <= el.clientHeight + 150 && hasNextPage && !isFetchingNextPage)
      void loadOlder();
  }, [history.data, hasNextPage, isFetchingNextPage, loadOlder]);

  // Go to a message (a quote, a pin, a search hit): load the history back to it if needed — in big
  // contiguous pages, see loadUntil — then scroll it to the middle and highlight it for a moment.
  const jumpTo = useCallback(
    async (messageId: string) => {
      const find = () => scroller.current?.querySelector<HTMLElement>(`[data-message-id="${messageId}"]`);
      atBottom.current = false;
      let found = await loadUntil(api, qc, chatId, messageId).catch(() => false);
      for (let i = 0; i < 10 && !find(); i++) await new Promise((r) => requestAnimationFrame(r));
      const el = find();
      found = found && !!el;
      if (el) {
        el.scrollIntoView({ block: 'center' });
        setHighlight(messageId);
        setTimeout(() => setHighlight((h) => (h === messageId ? '' : h)), 2500);
        return;
      }
      if (!found) notifications.show({ color: 'gray', message: t('messenger.message.notFound') });
    },
    [api, qc, chatId, t],
  );

  // /messenger/{chatId}?message={messageId} (a search hit, a mention in the bell): jump once the first page is here.
  const historyReady = !!history.data;
  useEffect(() => {
    if (!wanted || !historyReady) return;
    void jumpTo(wanted);
    setParams(
      (p) => {
        p.delete('message');
        return p;
      },
      { replace: true },
    );
  }, [wanted, historyReady, jumpTo, setParams]);

  const react = useMutation({
    mutationFn: ({ m, r, on }: { m: MessageView; r: Reaction; on: boolean }) =>
      (on ? api.messenger.addReaction : api.messenger.removeReaction)({
        params: { chatId, messageId: m.messageId, emoji: r },
      }),
    onMutate: ({ m, r, on }) => {
      const who = m.reactions[r] ?? [];
      upsertMessages(qc, chatId, [
        { ...m, reactions: { ...m.reactions, [r]: on ? [...new Set([...who, me])] : who.filter((x) => x !== me) } },
      ]);
    },
    onSuccess: (m) => upsertMessages(qc, chatId, [m]),
    onError: () => void qc.invalidateQueries({ queryKey: mkeys.messages(chatId) }),
    meta: { errorKey: 'messenger.errors.react' },
  });
  const pin = useMutation({
    mutationFn: ({ m, on }: { m: MessageView; on: boolean }) =>
      (on ? api.messenger.pin : api.messenger.unpin)({ params: { chatId, messageId: m.messageId } }),
    onSuccess: (c) => setChatDetail(qc, c),
    meta: { errorKey: 'messenger.errors.pin' },
  });
  const remove = useMutation({
    mutationFn: (m: MessageView) => api.messenger.deleteMessage({ params: { chatId, messageId: m.messageId } }),
    onSuccess: (m) => upsertMessages(qc, chatId, [m]),
    meta: { errorKey: 'messenger.errors.delete' },
  });
  const edit = useMutation({
    mutationFn: ({ m, text, mentions }: { m: MessageView; text: string; mentions: string[] }) =>
      api.messenger.editMessage({
        params: { chatId, messageId: m.messageId },
        body: { text, mentions, version: m.version },
      }),
    onSuccess: (m) => upsertMessages(qc, chatId, [m]),
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) void qc.invalidateQueries({ queryKey: mkeys.messages(chatId) });
    },
    meta: { errorKey: 'messenger.errors.edit' },
  });
  const leave = useMutation({
    mutationFn: () => api.messenger.removeMember({ params: { chatId, userId: me } }),
    onSuccess: () => {
      removeChatFromList(qc, chatId);
      void navigate('/messenger');
    },
    meta: { errorKey: 'messenger.errors.leave' },
  });

  const actions: MessageActions = useMemo(
    () => ({
      onReply: (m) => {
        setEditing(null);
        setReplyTo(m);
      },
      onEdit: (m) => {
        setReplyTo(null);
        setEditing(m);
      },
      onDelete: (m) => {
        if (window.confirm(t('messenger.message.confirmDelete'))) remove.mutate(m);
      },
      onForward: (m) => setForwarding(m),
      onPin: (m, on) => pin.mutate({ m, on }),
      onReact: (m, r, on) => react.mutate({ m, r, on }),
      onJump: (id) => void jumpTo(id),
      onRetry: retry,
    }),
    // the mutations' mutate functions are stable
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [jumpTo, retry, t],
  );

  const submit = ({ text, mentions }: ComposerSubmit) => {
    if (editing) {
      if (text.trim() && text !== editing.text) edit.mutate({ m: editing, text, mentions });
      setEditing(null);
      return;
    }
    const attachments = uploads.take();
    atBottom.current = true;
    void send({ chatId, text, mentions, replyTo: replyTo?.messageId, attachments });
    setReplyTo(null);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) uploads.add([...e.dataTransfer.files]);
  };

  if (chat.isError) {
    const missing = chat.error instanceof ApiError && chat.error.status === 404;
    return (
      <Center h="100%" p="lg" data-testid="chat-missing">
        <Stack align="center">
          <Text c="dimmed">{missing ? t('messenger.chat.notFound') : t('messenger.errors.chat')}</Text>
          {missing ? (
            <Button component={Link} to="/messenger" variant="light">
              {t('messenger.chat.back')}
            </Button>
          ) : (
            <Button variant="light" onClick={() => void chat.refetch()}>
              {t('common.retry')}
            </Button>
          )}
        </Stack>
      </Center>
    );
  }

  const title = detail
    ? detail.kind === 'general'
      ? t('messenger.general')
      : detail.kind === 'direct' && peer
        ? personName(peer, detail.title)
        : detail.title
    : (summary?.title ?? '');
  const pins = detail?.pins ?? [];
  const lastPin = pins.at(-1);

  return (
    <div
      className="conversation"
      data-testid="conversation"
      data-chat-id={chatId}
      onDragOver={(e) => {
        if ([...e.dataTransfer.types].includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="conv-header">
        {phone ? (
          <ActionIcon
            component={Link}
            to="/messenger"
            variant="subtle"
            size="lg"
            aria-label={t('messenger.chat.back')}
            data-testid="back-to-list"
          >
            <IconArrowLeft size={20} />
          </ActionIcon>
        ) : null}
        {detail ? (
          <ChatAvatar
            kind={detail.kind}
            title={title}
            peer={peer}
            size={38}
            chatId={detail.chatId}
            avatar={detail.avatar}
          />
        ) : (
          <Skeleton circle h={38} w={38} />
        )}
        <div style={{ minWidth: 0, flex: 1 }}>
          <Title order={2} fz={17} lineClamp={1} data-testid="chat-header-title">
            {title || '\u00a0'}
          </Title>
          <Text size="xs" c="dimmed" component="div">
            {detail?.kind === 'direct' && peer ? (
              <PresenceDot userId={peer.userId} withLabel />
            ) : detail ? (
              t('messenger.chat.members', { count: detail.members.length })
            ) : (
              '\u00a0'
            )}
          </Text>
        </div>
        {detail ? <SearchToggle onClick={() => setSearching((v) => !v)} /> : null}
        {detail ? (
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={t('messenger.info.open')}
            onClick={() => setInfoOpen(true)}
            data-testid="members-button"
          >
            <IconInfoCircle size={20} />
          </ActionIcon>
        ) : null}
      </header>

      {searching ? (
        <ChatSearch
          chatId={chatId}
          nameOf={nameOf}
          onClose={() => setSearching(false)}
          onPick={(m) => {
            if (phone) setSearching(false);
            void jumpTo(m.messageId);
          }}
        />
      ) : null}

      {lastPin ? (
        <div className="pinned-bar" data-testid="pinned-bar">
          <IconPin size={16} aria-hidden="true" />
          <UnstyledButton
            style={{ minWidth: 0, flex: 1 }}
            onClick={() => void jumpTo(lastPin.messageId)}
            data-testid="pinned-jump"
          >
            <Text size="xs" fw={700} c="indigo">
              {pins.length > 1 ? t('messenger.pins.count', { count: pins.length }) : t('messenger.pins.pinned')}
            </Text>
            <Text size="sm" truncate="end">
              {lastPin.preview || t('messenger.message.attachmentOnly')}
            </Text>
          </UnstyledButton>
          {pins.length > 1 ? (
            <Menu position="bottom-end" shadow="md">
              <Menu.Target>
                <Button size="compact-xs" variant="subtle">
                  {t('messenger.pins.all')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown maw={320}>
                {pins
                  .slice()
                  .reverse()
                  .map((p) => (
                    <Menu.Item key={p.messageId} onClick={() => void jumpTo(p.messageId)}>
                      <Text size="sm" lineClamp={2}>
                        {p.preview || t('messenger.message.attachmentOnly')}
                      </Text>
                    </Menu.Item>
                  ))}
              </Menu.Dropdown>
            </Menu>
          ) : null}
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label={t('messenger.actions.unpin')}
            onClick={() =>
              api.messenger
                .unpin({ params: { chatId, messageId: lastPin.messageId } })
                .then((c) => setChatDetail(qc, c))
            }
            data-testid="unpin"
          >
            <IconX size={14} />
          </ActionIcon>
        </div>
      ) : null}

      <div
        className="conv-scroll"
        ref={scroller}
        onScroll={onScroll}
        data-testid="message-list"
        role="log"
        aria-label={t('messenger.chat.history')}
        tabIndex={0}
      >
        {isFetchingNextPage ? (
          <Group justify="center" p="xs" data-testid="loading-older">
            <Loader size="xs" />
            <Text size="xs" c="dimmed">
              {t('messenger.chat.loadingOlder')}
            </Text>
          </Group>
        ) : !hasNextPage && history.data && server.length > 0 ? (
          <Text size="xs" c="dimmed" ta="center" p="xs" data-testid="history-start">
            {t('messenger.chat.start')}
          </Text>
        ) : null}
        {history.isPending ? (
          <Stack gap="lg" p="md" aria-busy="true" data-testid="messages-loading">
            {Array.from({ length: 5 }, (_, i) => (
              <Group key={i} wrap="nowrap" align="flex-start" style={{ alignSelf: i % 2 ? 'flex-end' : 'flex-start' }}>
                <Skeleton circle h={32} w={32} />
                <Stack gap={6} style={{ flex: 1 }}>
                  <Skeleton h={10} w={120} />
                  <Skeleton h={36} w={`${40 + ((i * 17) % 40)}%`} radius="lg" />
                </Stack>
              </Group>
            ))}
          </Stack>
        ) : history.isError ? (
          <Alert m="md" color="red" variant="light" title={t('messenger.errors.history')}>
            <Button size="xs" variant="light" color="red" onClick={() => void history.refetch()}>
              {t('common.retry')}
            </Button>
          </Alert>
        ) : items.length === 0 ? (
          <Center h="100%" data-testid="chat-empty">
            <Text c="dimmed">{t('messenger.chat.empty')}</Text>
          </Center>
        ) : (
          items.map((it, i) => {
            const prev = items[i - 1];
            const at = it.kind === 'sent' ? it.m.createdAt : it.p.createdAt;
            const prevAt = prev ? (prev.kind === 'sent' ? prev.m.createdAt : prev.p.createdAt) : '';
            const newDay = !prev || new Date(at).toDateString() !== new Date(prevAt).toDateString();
            const author = it.kind === 'sent' ? it.m.authorId : me;
            const prevAuthor = prev ? (prev.kind === 'sent' ? prev.m.authorId : me) : '';
            const prevSystem = prev?.kind === 'sent' && !!prev.m.system;
            const grouped =
              !newDay &&
              !prevSystem &&
              prevAuthor === author &&
              new Date(at).getTime() - new Date(prevAt).getTime() < GROUP_WINDOW_MS;
            const key = it.kind === 'sent' ? it.m.clientMessageId || it.m.messageId : it.p.clientMessageId;
            return (
              <Fragment key={key}>
                {newDay ? (
                  <div className="day-separator" role="separator" data-testid="day-separator">
                    <span>{dayLabel(at, i18n.language, t)}</span>
                  </div>
                ) : null}
                <MessageItem
                  item={it}
                  chatId={chatId}
                  me={me}
                  author={byId.get(author)}
                  grouped={grouped}
                  pinned={it.kind === 'sent' && pinnedIds.has(it.m.messageId)}
                  highlighted={it.kind === 'sent' && highlight === it.m.messageId}
                  mentionNames={mentionNames}
                  nameOf={nameOf}
                  actions={actions}
                  receipt={
                    it.kind === 'sent' && detail && myLast?.messageId === it.m.messageId ? (
                      <SeenBy chat={detail} message={it.m} me={me} />
                    ) : undefined
                  }
                />
              </Fragment>
            );
          })
        )}
      </div>
      <TypingLine chatId={chatId} nameOf={nameOf} />
      <Composer
        chatId={chatId}
        me={me}
        members={members}
        replyTo={replyTo}
        editing={editing}
        nameOf={nameOf}
        uploads={uploads}
        onCancel={() => {
          setReplyTo(null);
          setEditing(null);
        }}
        onSubmit={submit}
        onEditLast={() => {
          if (myLast) {
            setReplyTo(null);
            setEditing(myLast);
          }
        }}
        disabled={!detail}
      />
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay">
          {t('messenger.composer.dropHere')}
        </div>
      ) : null}
      {detail ? (
        <ChatInfo
          chat={detail}
          me={me}
          opened={infoOpen}
          onClose={() => setInfoOpen(false)}
          onLeave={() => leave.mutate()}
          leaving={leave.isPending}
          phone={phone}
        />
      ) : null}
      <ForwardModal
        message={forwarding}
        onClose={(n) => {
          setForwarding(null);
          if (n) notifications.show({ color: 'teal', message: t('messenger.forward.done', { count: n }) });
        }}
      />
    </div>
  );
}
