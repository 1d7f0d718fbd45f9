/** Forward a message to up to 10 of my chats (each gets its own idempotent send). */
import { Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../shared/messenger/contract';
import { LIMITS } from '../../../shared/messenger/contract';
import { useChats } from './api';
import { ChatAvatar } from './ChatAvatar';
import { useSend } from './send';

export function ForwardModal({
  message,
  onClose,
}: {
  message: MessageView | null;
  onClose: (forwardedTo?: number) => void;
}) {
  const { t } = useTranslation();
  const chats = useChats();
  const { send } = useSend();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const all = useMemo(() => chats.data?.pages.flatMap((p) => p.items) ?? [], [chats.data]);
  const shown = all.filter((c) => c.title.toLowerCase().includes(q.trim().toLowerCase()));

  const close = (n?: number) => {
    setChosen(new Set());
    setQ('');
    onClose(n);
  };
  const go = () => {
    if (!message) return;
    for (const chatId of chosen)
      void send({ chatId, text: '', forward: { chatId: message.chatId, messageId: message.messageId } });
    close(chosen.size);
  };

  return (
    <Modal
      opened={message !== null}
      onClose={() => close()}
      title={t('messenger.forward.title')}
      data-testid="forward-modal"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed" lineClamp={2}>
          {message?.text || t('messenger.message.attachmentOnly')}
        </Text>
        <TextInput
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          placeholder={t('messenger.list.search')}
          aria-label={t('messenger.list.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <div className="picker-list">
          {shown.map((c) => (
            <Checkbox
              key={c.chatId}
              className="picker-row"
              checked={chosen.has(c.chatId)}
              disabled={!chosen.has(c.chatId) && chosen.size >= LIMITS.forwardTargets}
              onChange={() =>
                setChosen((s) => {
                  const n = new Set(s);
                  if (n.has(c.chatId)) n.delete(c.chatId);
                  else n.add(c.chatId);
                  return n;
                })
              }
              label={
                <Group gap="sm" wrap="nowrap">
                  <ChatAvatar
                    kind={c.kind}
                    title={c.title}
                    peer={c.peer}
                    size={28}
                    chatId={c.chatId}
                    avatar={c.avatar}
                  />
                  <Text size="sm">{c.kind === 'general' ? t('messenger.general') : c.title}</Text>
                </Group>
              }
              data-testid="forward-target"
            />
          ))}
        </div>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => close()}>
            {t('messenger.actions.cancel')}
          </Button>
          <Button onClick={go} disabled={chosen.size === 0} data-testid="forward-send">
            {t('messenger.forward.send', { count: chosen.size })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
