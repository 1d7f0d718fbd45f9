/**
 * One message: author and time (hidden when grouped with the previous one), the reply quote (click to
 * jump), forwarded label, text with links and mentions, attachments (image preview / file card),
 * edited / deleted markers, reactions, and its actions menu. Pending sends show as such, with Retry.
 */
import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Loader,
  Menu,
  Modal,
  Popover,
  Skeleton,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconDots,
  IconDownload,
  IconFile,
  IconMoodSmile,
  IconPencil,
  IconPin,
  IconPinnedOff,
  IconTrash,
  IconAlertCircle,
  IconClock,
} from '@tabler/icons-react';
import { memo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentView, MemberView, MessageView, Reaction } from '../../../shared/messenger/contract';
import { REACTION_EMOJI, REACTIONS } from '../../../shared/messenger/contract';
import { useApi } from '../services';
import { useFileUrl } from './api';
import { clockTime, fileSize, PersonFace, personName } from './ChatAvatar';
import { RichText, type MentionName } from './RichText';
import type { PendingMessage } from './stores';

export type Shown = { kind: 'sent'; m: MessageView } | { kind: 'pending'; p: PendingMessage };

/**
 * An image inline: its thumbnail (≤ 480 px webp, made after the send; until it exists, the original), sized
 * from the stored width/height so the list does not jump; a click opens the full image in a dialog.
 */
function ImagePreview({ chatId, a }: { chatId: string; a: AttachmentView }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const url = useFileUrl(chatId, a.fileId, true, !!a.thumb);
  const w = a.width && a.height ? Math.min(320, a.width) : 320;
  const h = a.width && a.height ? Math.round((w * a.height) / a.width) : 200;
  if (!url.data) return <Skeleton w={w} h={Math.min(h, 320)} radius="md" maw="100%" />;
  const inline = url.data.thumbUrl ?? url.data.url;
  return (
    <>
      <UnstyledButton
        className="msg-image-link"
        onClick={() => setOpen(true)}
        aria-label={t('messenger.message.openImage', { name: a.name })}
        data-testid="attachment-image"
        data-thumb={url.data.thumbUrl ? 'yes' : 'no'}
      >
        <img
          src={inline}
          alt={a.name}
          className="msg-image"
          width={w}
          height={h}
          style={{ aspectRatio: `${w} / ${h}` }}
          loading="lazy"
        />
      </UnstyledButton>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={a.name}
        size="auto"
        centered
        closeButtonProps={{ 'aria-label': t('messenger.message.closeImage') }}
        data-testid="image-viewer"
      >
        <img src={url.data.url} alt={a.name} className="msg-image-full" data-testid="image-full" />
        <Anchor href={url.data.url} target="_blank" rel="noopener noreferrer" size="sm" display="block" mt="xs">
          {t('messenger.message.openOriginal')}
        </Anchor>
      </Modal>
    </>
  );
}

function FileCard({ chatId, a }: { chatId: string; a: AttachmentView }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    try {
      const r = await api.messenger.getAttachment({ params: { chatId, fileId: a.fileId } });
      window.open(r.url, '_blank', 'noopener');
    } finally {
      setBusy(false);
    }
  };
  return (
    <UnstyledButton
      className="file-card"
      onClick={() => void open()}
      data-testid="attachment-file"
      aria-label={t('messenger.message.download', { name: a.name })}
    >
      <IconFile size={28} stroke={1.4} aria-hidden="true" />
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" fw={600} truncate="end">
          {a.name}
        </Text>
        <Text size="xs" c="dimmed">
          {fileSize(a.size, i18n.language)}
        </Text>
      </div>
      {busy ? <Loader size="xs" /> : <IconDownload size={18} aria-hidden="true" />}
    </UnstyledButton>
  );
}

export function Attachments({ chatId, items }: { chatId: string; items: AttachmentView[] }) {
  if (items.length === 0) return null;
  return (
    <div className="msg-attachments">
      {items.map((a) =>
        a.contentType.startsWith('image/') ? (
          <ImagePreview key={a.fileId} chatId={chatId} a={a} />
        ) : (
          <FileCard key={a.fileId} chatId={chatId} a={a} />
        ),
      )}
    </div>
  );
}

export interface MessageActions {
  onReply: (m: MessageView) => void;
  onEdit: (m: MessageView) => void;
  onDelete: (m: MessageView) => void;
  onForward: (m: MessageView) => void;
  onPin: (m: MessageView, pin: boolean) => void;
  onReact: (m: MessageView, r: Reaction, on: boolean) => void;
  onJump: (messageId: string) => void;
  onRetry: (p: PendingMessage) => void;
}

interface Props {
  item: Shown;
  chatId: string;
  me: string;
  author: MemberView | undefined;
  grouped: boolean;
  pinned: boolean;
  highlighted: boolean;
  mentionNames: MentionName[];
  nameOf: (userId: string) => string;
  actions: MessageActions;
  /** "Seen by N" under my last message. */
  receipt?: ReactNode;
}

function SystemLine({ m, nameOf }: { m: MessageView; nameOf: (id: string) => string }) {
  const { t } = useTranslation();
  const s = m.system!;
  const who = nameOf(s.actorId);
  const whom = (s.userIds ?? []).map(nameOf).join(', ');
  return (
    <div className="msg-system" data-testid="system-message" data-message-id={m.messageId}>
      {t(`messenger.system.${s.event}`, { who, whom, title: s.title ?? '' })}
    </div>
  );
}

function MessageItemImpl({
  item,
  chatId,
  me,
  author,
  grouped,
  pinned,
  highlighted,
  mentionNames,
  nameOf,
  actions,
  receipt,
}: Props) {
  const { t, i18n } = useTranslation();
  const [reactOpen, setReactOpen] = useState(false);
  if (item.kind === 'sent' && item.m.system) return <SystemLine m={item.m} nameOf={nameOf} />;

  const m = item.kind === 'sent' ? item.m : null;
  const p = item.kind === 'pending' ? item.p : null;
  const authorId = m ? m.authorId : me;
  const mine = authorId === me;
  const createdAt = m ? m.createdAt : p!.createdAt;
  const text = m ? m.text : p!.text;
  const deleted = !!m?.deletedAt;
  const attachments = m ? m.attachments : p!.attachments;
  const name = author
    ? personName(author, t('messenger.formerMember'))
    : authorId === me
      ? t('messenger.list.you')
      : nameOf(authorId);
  const reactions = m ? REACTIONS.filter((r) => (m.reactions[r]?.length ?? 0) > 0) : [];

  return (
    <div
      className="msg"
      data-mine={mine || undefined}
      data-grouped={grouped || undefined}
      data-highlight={highlighted || undefined}
      data-testid="message"
      data-message-id={m?.messageId}
      data-client-id={m ? m.clientMessageId : p!.clientMessageId}
      data-status={p ? p.status : 'sent'}
    >
      <div className="msg-avatar">{!grouped && author ? <PersonFace person={author} size={32} /> : null}</div>
      <div className="msg-main">
        {!grouped ? (
          <Group gap={8} className="msg-head" wrap="nowrap">
            <Text size="sm" fw={700} truncate="end" data-testid="message-author">
              {name}
            </Text>
            <Text size="xs" c="dimmed" component="time" dateTime={createdAt} style={{ flex: 'none' }}>
              {clockTime(createdAt, i18n.language)}
            </Text>
          </Group>
        ) : null}
        <div className="msg-bubble">
          {m?.forwardedFrom ? (
            <Text size="xs" c="dimmed" fs="italic" data-testid="forwarded">
              <IconArrowForwardUp size={12} aria-hidden="true" style={{ verticalAlign: -2 }} />{' '}
              {t('messenger.message.forwardedFrom', { name: nameOf(m.forwardedFrom.authorId) })}
            </Text>
          ) : null}
          {m?.replyTo && !deleted ? (
            <UnstyledButton
              className="msg-quote"
              onClick={() => actions.onJump(m.replyTo!.messageId)}
              data-testid="reply-quote"
              aria-label={t('messenger.message.jumpToQuoted')}
            >
              <Text size="xs" fw={700}>
                {nameOf(m.replyTo.authorId)}
              </Text>
              <Text size="xs" lineClamp={2}>
                {m.replyTo.preview || t('messenger.message.attachmentOnly')}
              </Text>
            </UnstyledButton>
          ) : null}
          {deleted ? (
            <Text size="sm" c="dimmed" fs="italic" data-testid="message-deleted">
              {t('messenger.message.deleted')}
            </Text>
          ) : text ? (
            <div className="msg-text" data-testid="message-text">
              <RichText
                text={text}
                mentions={mentionNames.filter((n) => !m || m.mentions.includes(n.userId))}
                me={me}
              />
            </div>
          ) : null}
          {!deleted ? <Attachments chatId={chatId} items={attachments} /> : null}
          <Group gap={6} className="msg-meta" wrap="nowrap">
            {pinned ? (
              <Tooltip label={t('messenger.pins.pinned')}>
                <IconPin size={12} aria-label={t('messenger.pins.pinned')} />
              </Tooltip>
            ) : null}
            {m?.editedAt && !deleted ? (
              <Text size="xs" c="dimmed" data-testid="message-edited">
                {t('messenger.message.edited')}
              </Text>
            ) : null}
            {grouped ? (
              <Text size="xs" c="dimmed" component="time" dateTime={createdAt} className="msg-grouped-time">
                {clockTime(createdAt, i18n.language)}
              </Text>
            ) : null}
            {p?.status === 'sending' ? (
              <Text size="xs" c="dimmed" data-testid="message-pending">
                <IconClock size={12} aria-hidden="true" style={{ verticalAlign: -2 }} />{' '}
                {t('messenger.message.sending')}
              </Text>
            ) : null}
            {p?.status === 'failed' ? (
              <Group gap={4} wrap="nowrap">
                <Text size="xs" c="red" data-testid="message-failed">
                  <IconAlertCircle size={12} aria-hidden="true" style={{ verticalAlign: -2 }} />{' '}
                  {t('messenger.message.failed')}
                </Text>
                <Button size="compact-xs" variant="light" color="red" onClick={() => actions.onRetry(p)}>
                  {t('common.retry')}
                </Button>
              </Group>
            ) : null}
          </Group>
        </div>
        {m && reactions.length > 0 ? (
          <Group gap={4} className="msg-reactions" data-testid="reactions">
            {reactions.map((r) => {
              const who = m.reactions[r] ?? [];
              const on = who.includes(me);
              return (
                <Tooltip key={r} label={who.map(nameOf).join(', ')} withArrow>
                  <UnstyledButton
                    className="reaction-chip"
                    data-on={on || undefined}
                    data-testid={`reaction-${r}`}
                    data-count={who.length}
                    aria-pressed={on}
                    aria-label={t('messenger.reactions.aria', { emoji: REACTION_EMOJI[r], count: who.length })}
                    onClick={() => actions.onReact(m, r, !on)}
                  >
                    <span aria-hidden="true">{REACTION_EMOJI[r]}</span> {who.length}
                  </UnstyledButton>
                </Tooltip>
              );
            })}
          </Group>
        ) : null}
        {receipt}
      </div>
      {m && !deleted ? (
        <div className="msg-tools">
          <Popover opened={reactOpen} onChange={setReactOpen} position="top" withArrow shadow="md" trapFocus>
            <Popover.Target>
              <ActionIcon
                variant="subtle"
                size="sm"
                aria-label={t('messenger.reactions.add')}
                onClick={() => setReactOpen((o) => !o)}
                data-testid="react-button"
              >
                <IconMoodSmile size={16} />
              </ActionIcon>
            </Popover.Target>
            <Popover.Dropdown p={4}>
              <Group gap={2} wrap="wrap" maw={200} data-testid="reaction-picker">
                {REACTIONS.map((r) => (
                  <ActionIcon
                    key={r}
                    variant="subtle"
                    size="lg"
                    aria-label={t(`messenger.reactions.names.${r}`)}
                    data-testid={`react-${r}`}
                    onClick={() => {
                      setReactOpen(false);
                      actions.onReact(m, r, !(m.reactions[r] ?? []).includes(me));
                    }}
                  >
                    <span style={{ fontSize: 18 }}>{REACTION_EMOJI[r]}</span>
                  </ActionIcon>
                ))}
              </Group>
            </Popover.Dropdown>
          </Popover>
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                size="sm"
                aria-label={t('messenger.message.actions')}
                data-testid="message-menu"
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconArrowBackUp size={14} />}
                onClick={() => actions.onReply(m)}
                data-testid="action-reply"
              >
                {t('messenger.actions.reply')}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconArrowForwardUp size={14} />}
                onClick={() => actions.onForward(m)}
                data-testid="action-forward"
              >
                {t('messenger.actions.forward')}
              </Menu.Item>
              <Menu.Item
                leftSection={pinned ? <IconPinnedOff size={14} /> : <IconPin size={14} />}
                onClick={() => actions.onPin(m, !pinned)}
                data-testid="action-pin"
              >
                {pinned ? t('messenger.actions.unpin') : t('messenger.actions.pin')}
              </Menu.Item>
              {mine && !m.system ? (
                <>
                  <Menu.Item
                    leftSection={<IconPencil size={14} />}
                    onClick={() => actions.onEdit(m)}
                    data-testid="action-edit"
                  >
                    {t('messenger.actions.edit')}
                  </Menu.Item>
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    onClick={() => actions.onDelete(m)}
                    data-testid="action-delete"
                  >
                    {t('messenger.actions.delete')}
                  </Menu.Item>
                </>
              ) : null}
            </Menu.Dropdown>
          </Menu>
        </div>
      ) : null}
    </div>
  );
}

export const MessageItem = memo(MessageItemImpl);
