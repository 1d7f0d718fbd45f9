/**
 * "New chat": a 1:1 chat with a person found in the directory (opening it twice lands in the same
 * chat), or a group chat with a title and members.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Pill,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ChatDetail } from '../../../shared/messenger/contract';
import { LIMITS } from '../../../shared/messenger/contract';
import { ApiError } from '../api/client';
import { useDirectory, type DirectoryEntry } from '../people/api';
import { useApi } from '../services';
import { mkeys, setChatDetail } from './api';
import { PersonFace, personName } from './ChatAvatar';

/** People from the directory (active, not me); `inChat` ones are shown but cannot be picked. */
export function PeoplePicker({
  me,
  selected,
  onPick,
  multi,
  inChat,
}: {
  me: string;
  selected: Map<string, DirectoryEntry>;
  onPick: (p: DirectoryEntry) => void;
  multi: boolean;
  inChat?: Set<string>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const dir = useDirectory(q, 'first');
  const people = (dir.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (p) => p.userId !== me && p.status !== 'deactivated',
  );
  return (
    <Stack gap="xs">
      <TextInput
        label={t('messenger.newChat.findPerson')}
        placeholder={t('people.directory.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden="true" />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="new-chat-search"
        data-autofocus
      />
      <div className="picker-list" data-testid="people-results" data-query={q}>
        {dir.isPending ? (
          <Group justify="center" p="md">
            <Loader size="sm" />
          </Group>
        ) : people.length === 0 ? (
          <Text c="dimmed" size="sm" p="sm">
            {q ? t('people.directory.empty', { q }) : t('people.directory.emptyAll')}
          </Text>
        ) : (
          people.map((p) => {
            const name = personName(p, p.email);
            const face = (
              <PersonFace
                person={{ userId: p.userId, firstName: p.firstName, lastName: p.lastName, hasPhoto: p.hasPhoto }}
                size={32}
                presence
              />
            );
            const body = (
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} truncate="end">
                  {name}
                </Text>
                <Text size="xs" c="dimmed" truncate="end">
                  {p.position || p.email}
                </Text>
              </div>
            );
            return multi ? (
              <Checkbox
                key={p.userId}
                className="picker-row"
                checked={selected.has(p.userId) || !!inChat?.has(p.userId)}
                disabled={inChat?.has(p.userId)}
                description={inChat?.has(p.userId) ? t('messenger.info.alreadyIn') : undefined}
                onChange={() => onPick(p)}
                label={
                  <Group gap="sm" wrap="nowrap">
                    {face}
                    {body}
                  </Group>
                }
                data-testid="person-option"
                data-user-id={p.userId}
              />
            ) : (
              <UnstyledButton
                key={p.userId}
                className="picker-row"
                onClick={() => onPick(p)}
                data-testid="person-option"
                data-user-id={p.userId}
              >
                <Group gap="sm" wrap="nowrap">
                  {face}
                  {body}
                </Group>
              </UnstyledButton>
            );
          })
        )}
      </div>
    </Stack>
  );
}

export function NewChatModal({ opened, onClose, me }: { opened: boolean; onClose: () => void; me: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [mode, setMode] = useState<'direct' | 'group'>('direct');
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState(new Map<string, DirectoryEntry>());
  const [titleError, setTitleError] = useState<string | null>(null);

  const done = (chat: ChatDetail) => {
    setChatDetail(qc, chat);
    void qc.invalidateQueries({ queryKey: mkeys.chats });
    setTitle('');
    setMembers(new Map());
    onClose();
    void navigate(`/messenger/${chat.chatId}`);
  };
  const direct = useMutation({
    mutationFn: (userId: string) => api.messenger.openDirect({ body: { userId } }),
    onSuccess: done,
    meta: { errorKey: 'messenger.errors.create' },
  });
  const group = useMutation({
    mutationFn: () => api.messenger.createGroup({ body: { title: title.trim(), memberIds: [...members.keys()] } }),
    onSuccess: done,
    onError: (e) => {
      const f = e instanceof ApiError ? e.fields?.find((x) => x.path === 'title') : undefined;
      if (f) setTitleError(f.reason);
    },
    meta: { errorKey: 'messenger.errors.create' },
  });

  const toggle = (p: DirectoryEntry) =>
    setMembers((old) => {
      const next = new Map(old);
      if (next.has(p.userId)) next.delete(p.userId);
      else if (next.size < LIMITS.addMembersAtOnce - 1) next.set(p.userId, p);
      return next;
    });

  const createGroup = () => {
    if (!title.trim()) return setTitleError(t('messenger.newChat.titleRequired'));
    setTitleError(null);
    group.mutate();
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('messenger.newChat.title')}
      size="md"
      fullScreen={false}
      data-testid="new-chat-modal"
    >
      <Stack gap="md">
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as 'direct' | 'group')}
          data={[
            { value: 'direct', label: t('messenger.newChat.direct') },
            { value: 'group', label: t('messenger.newChat.group') },
          ]}
          data-testid="new-chat-mode"
        />
        {mode === 'direct' ? (
          <>
            <PeoplePicker me={me} selected={members} multi={false} onPick={(p) => direct.mutate(p.userId)} />
            {direct.isPending ? <Loader size="sm" aria-label={t('common.loading')} /> : null}
          </>
        ) : (
          <>
            <TextInput
              label={t('messenger.newChat.groupTitle')}
              value={title}
              maxLength={LIMITS.titleChars}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={titleError}
              required
              data-testid="group-title"
            />
            {members.size > 0 ? (
              <Pill.Group aria-label={t('messenger.newChat.chosen')}>
                {[...members.values()].map((p) => (
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
            <PeoplePicker me={me} selected={members} multi onPick={toggle} />
            {group.isError && !titleError ? (
              <Alert color="red" variant="light">
                {(group.error as Error).message}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('messenger.actions.cancel')}
              </Button>
              <Button
                onClick={createGroup}
                loading={group.isPending}
                disabled={members.size === 0}
                data-testid="create-group"
              >
                {t('messenger.newChat.create', { count: members.size })}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
