/** "This event / This and following / All events" for a change or deletion of one occurrence of a series. */
import { Button, Group, Modal, Radio, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EDIT_SCOPES, type EditScope } from '../../../shared/calendar/contract';

export interface ScopeQuestion {
  kind: 'move' | 'delete';
  answer: (scope: EditScope | null) => void;
}

export function ScopeModal({ question }: { question: ScopeQuestion | null }) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<EditScope>('this');
  const close = (s: EditScope | null) => {
    question?.answer(s);
    setScope('this');
  };
  return (
    <Modal
      opened={!!question}
      onClose={() => close(null)}
      title={question?.kind === 'delete' ? t('calendar.scope.deleteTitle') : t('calendar.scope.moveTitle')}
      zIndex={400}
      data-testid="scope-modal"
    >
      <Stack>
        <Radio.Group
          value={scope}
          onChange={(v) => setScope(v as EditScope)}
          label={t('calendar.scope.question')}
          data-testid="scope-choice"
        >
          <Stack gap="xs" mt="xs">
            {EDIT_SCOPES.map((s) => (
              <Radio key={s} value={s} label={t(`calendar.scope.${s}`)} data-testid={`scope-${s}`} />
            ))}
          </Stack>
        </Radio.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => close(null)} data-testid="scope-cancel">
            {t('calendar.scope.cancel')}
          </Button>
          <Button onClick={() => close(scope)} data-testid="scope-ok">
            {t('calendar.scope.ok')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
