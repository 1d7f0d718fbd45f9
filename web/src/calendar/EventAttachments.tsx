/** Drive files attached to the event: the list, and the tasks' drive picker to add one (the server checks access). */
import { ActionIcon, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconFile, IconPaperclip, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/calendar/contract';
import { DrivePicker } from '../tasks/Attachments';

type Attachment = { nodeId: string; name: string };

export function EventAttachments({
  value,
  onChange,
  editable,
}: {
  value: Attachment[];
  onChange: (v: Attachment[]) => void;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  if (!editable && !value.length) return null;
  return (
    <Stack gap={6} data-testid="event-attachments">
      <Text size="sm" fw={500}>
        {t('calendar.dialog.attachments')}
      </Text>
      {value.map((a) => (
        <Group key={a.nodeId} gap="xs" wrap="nowrap" data-testid="event-attachment" data-node-id={a.nodeId}>
          <IconFile size={16} aria-hidden />
          <Text size="sm" truncate>
            {a.name}
          </Text>
          {editable ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={() => onChange(value.filter((x) => x.nodeId !== a.nodeId))}
              aria-label={t('calendar.dialog.removeAttachment', { name: a.name })}
            >
              <IconX size={14} />
            </ActionIcon>
          ) : null}
        </Group>
      ))}
      {editable && value.length < LIMITS.attachments ? (
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPaperclip size={14} />}
          onClick={() => setPicking(true)}
          style={{ alignSelf: 'flex-start' }}
          data-testid="event-attach"
        >
          {t('calendar.dialog.attach')}
        </Button>
      ) : null}
      <Modal
        opened={picking}
        onClose={() => setPicking(false)}
        title={t('calendar.dialog.attach')}
        size="lg"
        zIndex={350}
      >
        {picking ? (
          <DrivePicker
            busy={false}
            onPick={(n) => {
              if (!value.some((a) => a.nodeId === n.nodeId)) onChange([...value, { nodeId: n.nodeId, name: n.name }]);
              setPicking(false);
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
