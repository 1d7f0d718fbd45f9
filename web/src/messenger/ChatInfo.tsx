/**
 * "Chat details": the chat's name (rename when `can.rename`; versioned — a 409 offers to reload), its
 * members (remove one when `can.manageMembers`), "Add people" from the directory, and Leave (when
 * `can.leave`; the API refuses the General chat with a 409 whose message is shown). What the API would
 * refuse is not offered: the SPA follows the ChatDetail's `can` flags.
 */
import {
  Alert,
  Badge,
  Button,
  Drawer,
  FileButton,
  Group,
  Pill,
  Progress,
  Stack,
  Text,
  TextInput,
  Title,
  ActionIcon,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBriefcase, IconDoorExit, IconPhoto, IconPhotoOff, IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ChatDetail } from '../../../shared/messenger/contract';
import { CHAT_AVATAR_MAX_BYTES, CHAT_AVATAR_TYPES, LIMITS, groupIdOfChat } from '../../../shared/messenger/contract';
import type { DirectoryEntry } from '../../../shared/people/profile-view';
import { ApiError } from '../api/client';
import { useApi } from '../services';
import { mkeys, setChatDetail, uploadAttachment } from './api';
import { ChatAvatar, PersonFace, personName } from './ChatAvatar';
import { PeoplePicker } from './NewChatModal';

/** A group's picture: upload an image (progress shown), the server makes the square; or remove it. Owner/admins. */
function PictureControl({ chat }: { chat: ChatDetail }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = async (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      setError(t('messenger.info.conflict'));
      await qc.invalidateQueries({ queryKey: mkeys.chat(chat.chatId) });
    } else setError(e instanceof ApiError ? (e.fields?.[0]?.reason ?? e.message) : String(e));
  };
  const pick = async (file: File | null) => {
    if (!file) return;
    setError(null);
    if (!(CHAT_AVATAR_TYPES as readonly string[]).includes(file.type) || file.size > CHAT_AVATAR_MAX_BYTES) {
      setError(t('messenger.info.pictureRule'));
      return;
    }
    setProgress(0);
    try {
      const fileId = await uploadAttachment(api, chat.chatId, file, setProgress);
      setChatDetail(
        qc,
        await api.messenger.setAvatar({
          params: { chatId: chat.chatId },
          body: { fileId, version: chat.version },
        }),
      );
    } catch (e) {
      await fail(e);
    } finally {
      setProgress(null);
    }
  };
  const remove = async () => {
    setError(null);
    setProgress(1);
    try {
      setChatDetail(
        qc,
        await api.messenger.removeAvatar({ params: { chatId: chat.chatId }, query: { version: chat.version } }),
      );
    } catch (e) {
      await fail(e);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Stack gap={6} data-testid="chat-picture-control">
      <Group gap="sm" wrap="nowrap">
        <ChatAvatar kind={chat.kind} title={chat.title} chatId={chat.chatId} avatar={chat.avatar} size={56} />
        <Group gap={6}>
          <FileButton onChange={(f) => void pick(f)} accept={CHAT_AVATAR_TYPES.join(',')}>
            {(props) => (
              <Button
                {...props}
                size="compact-sm"
                variant="light"
                leftSection={<IconPhoto size={14} aria-hidden="true" />}
                loading={progress !== null}
                data-testid="chat-picture-pick"
              >
                {chat.avatar ? t('messenger.info.changePicture') : t('messenger.info.addPicture')}
              </Button>
            )}
          </FileButton>
          {chat.avatar ? (
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              leftSection={<IconPhotoOff size={14} aria-hidden="true" />}
              disabled={progress !== null}
              onClick={() => void remove()}
              data-testid="chat-picture-remove"
            >
              {t('messenger.info.removePicture')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {progress !== null && progress < 1 ? (
        <Progress
          value={progress * 100}
          size="sm"
          aria-label={t('messenger.info.pictureUploading')}
          data-testid="chat-picture-progress"
        />
      ) : null}
      {error ? (
        <Text size="sm" c="red" role="alert" data-testid="chat-picture-error">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

function RenameForm({ chat }: { chat: ChatDetail }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  // null while not being edited: the field follows the chat (a rename elsewhere, a member change)
  const [draft, setDraft] = useState<{ title: string; version: number } | null>(null);
  const [conflict, setConflict] = useState<ChatDetail | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const title = draft?.title ?? chat.title;
  // Not a useMutation: its errors are shown right here (the 409 as a reload prompt, a bad title on the
  // field), not also as the app-wide error toast every failed mutation gets.
  const [saving, setSaving] = useState(false);
  const save = async (d: { title: string; version: number }) => {
    setSaving(true);
    try {
      const c = await api.messenger.updateChat({
        params: { chatId: chat.chatId },
        body: { title: d.title.trim(), version: d.version },
      });
      setChatDetail(qc, c);
      setDraft(null);
      notifications.show({ color: 'teal', message: t('messenger.info.saved', { title: c.title }) });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict((e.body?.current as ChatDetail | undefined) ?? chat);
      else {
        const f = e instanceof ApiError ? e.fields?.find((x) => x.path === 'title') : undefined;
        setFieldError(f ? f.reason : `${t('messenger.errors.rename')} ${e instanceof Error ? e.message : String(e)}`);
      }
    } finally {
      setSaving(false);
    }
  };
  const reload = async () => {
    const fresh = conflict?.version
      ? conflict
      : await qc.fetchQuery({
          queryKey: mkeys.chat(chat.chatId),
          queryFn: () => api.messenger.getChat({ params: { chatId: chat.chatId } }),
        });
    setChatDetail(qc, fresh);
    setDraft(null);
    setConflict(null);
  };
  const dirty = !!draft && draft.title.trim() !== '' && draft.title.trim() !== chat.title;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setFieldError(null);
        if (!title.trim()) return setFieldError(t('messenger.newChat.titleRequired'));
        if (draft && dirty) void save(draft);
      }}
    >
      <Stack gap="xs">
        <Group align="flex-end" wrap="nowrap" gap="xs">
          <TextInput
            style={{ flex: 1 }}
            label={t('messenger.info.name')}
            value={title}
            maxLength={LIMITS.titleChars}
            onChange={(e) => {
              const value = e.currentTarget.value;
              // the version this edit started from: a change by someone else meanwhile → 409
              setDraft((d) => ({ title: value, version: d?.version ?? chat.version }));
            }}
            error={fieldError}
            data-testid="chat-rename-input"
          />
          <Button type="submit" loading={saving} disabled={!dirty || !!conflict} data-testid="chat-rename-save">
            {t('messenger.info.save')}
          </Button>
        </Group>
        {conflict ? (
          <Alert color="yellow" variant="light" title={t('messenger.info.conflict')} data-testid="chat-rename-conflict">
            <Button
              size="xs"
              variant="light"
              color="yellow"
              onClick={() => void reload()}
              data-testid="chat-rename-reload"
            >
              {t('messenger.info.reload')}
            </Button>
          </Alert>
        ) : null}
      </Stack>
    </form>
  );
}

function AddPeople({ chat, me, onDone }: { chat: ChatDetail; me: string; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [chosen, setChosen] = useState(new Map<string, DirectoryEntry>());
  const inChat = useMemo(() => new Set(chat.members.map((m) => m.userId)), [chat.members]);
  const add = useMutation({
    mutationFn: () =>
      api.messenger.addMembers({ params: { chatId: chat.chatId }, body: { userIds: [...chosen.keys()] } }),
    onSuccess: (c) => {
      setChatDetail(qc, c);
      setChosen(new Map());
      onDone();
    },
    meta: { errorKey: 'messenger.errors.addMembers' },
  });
  const toggle = (p: DirectoryEntry) => {
    if (inChat.has(p.userId)) return;
    setChosen((old) => {
      const next = new Map(old);
      if (next.has(p.userId)) next.delete(p.userId);
      else if (next.size < LIMITS.addMembersAtOnce) next.set(p.userId, p);
      return next;
    });
  };
  return (
    <Stack gap="xs" data-testid="add-people">
      {chosen.size > 0 ? (
        <Pill.Group aria-label={t('messenger.newChat.chosen')}>
          {[...chosen.values()].map((p) => (
            <Pill
              key={p.userId}
              withRemoveButton
              onRemove={() => toggle(p)}
              removeButtonProps={{
                'aria-label': t('messenger.newChat.removePerson', { name: personName(p, p.email) }),
              }}
            >
              {personName(p, p.email)}
            </Pill>
          ))}
        </Pill.Group>
      ) : null}
      <PeoplePicker me={me} selected={chosen} multi onPick={toggle} inChat={inChat} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('messenger.actions.cancel')}
        </Button>
        <Button
          onClick={() => add.mutate()}
          loading={add.isPending}
          disabled={chosen.size === 0}
          data-testid="add-people-confirm"
        >
          {t('messenger.info.addChosen', { count: chosen.size })}
        </Button>
      </Group>
    </Stack>
  );
}

export function ChatInfo({
  chat,
  me,
  opened,
  onClose,
  onLeave,
  leaving,
  phone,
}: {
  chat: ChatDetail;
  me: string;
  opened: boolean;
  onClose: () => void;
  onLeave: () => void;
  leaving: boolean;
  phone: boolean;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(false);
  // the owner first, then by name
  const members = useMemo(
    () =>
      [...chat.members].sort((a, b) =>
        a.role === b.role
          ? personName(a, a.userId).localeCompare(personName(b, b.userId), i18n.language)
          : a.role === 'owner'
            ? -1
            : 1,
      ),
    [chat.members, i18n.language],
  );
  const remove = useMutation({
    mutationFn: (userId: string) => api.messenger.removeMember({ params: { chatId: chat.chatId, userId } }),
    // the chat.updated frame brings the new member list; fetch it too in case this tab's socket is down
    onSuccess: () => void qc.invalidateQueries({ queryKey: mkeys.chat(chat.chatId) }),
    meta: { errorKey: 'messenger.errors.removeMember' },
  });
  const title = chat.kind === 'general' ? t('messenger.general') : chat.title;
  return (
    <Drawer
      opened={opened}
      onClose={() => {
        setAdding(false);
        onClose();
      }}
      position="right"
      size={phone ? '100%' : 420}
      title={
        <Title order={2} fz={18}>
          {t('messenger.info.title')}
        </Title>
      }
      data-testid="chat-info"
    >
      <Stack gap="lg" data-testid="chat-info-body">
        {chat.kind === 'group' && chat.can.rename ? <PictureControl key={`pic-${chat.chatId}`} chat={chat} /> : null}
        {chat.can.rename ? (
          <RenameForm key={chat.chatId} chat={chat} />
        ) : (
          <Text fw={700} size="lg" data-testid="chat-info-title">
            {title}
          </Text>
        )}
        {chat.kind === 'general' ? (
          <Text size="sm" c="dimmed" data-testid="general-note">
            {t('messenger.info.generalNote')}
          </Text>
        ) : chat.kind === 'direct' ? (
          <Text size="sm" c="dimmed">
            {t('messenger.info.directNote')}
          </Text>
        ) : chat.kind === 'workgroup' ? (
          <Stack gap={6} data-testid="workgroup-note">
            <Text size="sm" c="dimmed">
              {t('messenger.info.workgroupNote')}
            </Text>
            <Button
              component={Link}
              to={`/workgroups/${encodeURIComponent(groupIdOfChat(chat.chatId) ?? '')}`}
              variant="light"
              size="compact-sm"
              leftSection={<IconBriefcase size={14} aria-hidden="true" />}
              style={{ alignSelf: 'flex-start' }}
              onClick={onClose}
              data-testid="open-workgroup"
            >
              {t('messenger.info.openGroup')}
            </Button>
          </Stack>
        ) : null}

        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={700}>
              {t('messenger.info.members')} <Badge variant="light">{chat.members.length}</Badge>
            </Text>
            {chat.can.manageMembers && !adding ? (
              <Button
                size="compact-sm"
                variant="light"
                leftSection={<IconUserPlus size={14} aria-hidden="true" />}
                onClick={() => setAdding(true)}
                data-testid="add-people-open"
              >
                {t('messenger.info.add')}
              </Button>
            ) : null}
          </Group>
          {adding ? <AddPeople chat={chat} me={me} onDone={() => setAdding(false)} /> : null}
          <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="member-list">
            {members.map((m) => {
              const name = personName(m, m.userId);
              const removable = chat.can.manageMembers && m.userId !== me && m.role !== 'owner';
              return (
                <Group
                  key={m.userId}
                  component="li"
                  gap="xs"
                  wrap="nowrap"
                  data-testid="member-row"
                  data-user-id={m.userId}
                >
                  <PersonFace person={m} size={30} presence />
                  <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate="end">
                    {name}{' '}
                    {m.userId === me ? (
                      <Text span c="dimmed" size="xs">
                        {t('messenger.info.you')}
                      </Text>
                    ) : null}
                  </Text>
                  {m.role === 'owner' ? (
                    <Badge size="sm" variant="outline">
                      {t('messenger.chat.owner')}
                    </Badge>
                  ) : null}
                  {removable ? (
                    <Tooltip label={t('messenger.info.remove', { name })}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('messenger.info.remove', { name })}
                        loading={remove.isPending && remove.variables === m.userId}
                        onClick={() => {
                          if (window.confirm(t('messenger.info.confirmRemove', { name }))) remove.mutate(m.userId);
                        }}
                        data-testid="member-remove"
                      >
                        <IconUserMinus size={16} />
                      </ActionIcon>
                    </Tooltip>
                  ) : null}
                </Group>
              );
            })}
          </Stack>
        </Stack>

        {chat.can.leave ? (
          <Button
            variant="light"
            color="red"
            leftSection={<IconDoorExit size={16} aria-hidden="true" />}
            loading={leaving}
            onClick={() => {
              if (window.confirm(t('messenger.chat.confirmLeave'))) onLeave();
            }}
            data-testid="leave-chat"
          >
            {t('messenger.chat.leave')}
          </Button>
        ) : null}
      </Stack>
    </Drawer>
  );
}
