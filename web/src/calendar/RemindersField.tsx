/** Reminders as "N minutes / hours / days before" rows (stored as minutes before the start). */
import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { IconBell, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/calendar/contract';

type Unit = 'minutes' | 'hours' | 'days';
const FACTOR: Record<Unit, number> = { minutes: 1, hours: 60, days: 1440 };

/** 1440 → 1 day, 120 → 2 hours, 45 → 45 minutes. */
export function splitMinutes(m: number): { amount: number; unit: Unit } {
  if (m > 0 && m % 1440 === 0) return { amount: m / 1440, unit: 'days' };
  if (m > 0 && m % 60 === 0) return { amount: m / 60, unit: 'hours' };
  return { amount: m, unit: 'minutes' };
}

export function RemindersField({ value, onChange }: { value: number[]; onChange: (v: number[]) => void }) {
  const { t } = useTranslation();
  const setAt = (i: number, minutes: number) =>
    onChange(value.map((m, j) => (j === i ? Math.min(LIMITS.reminderMinutes, Math.max(0, minutes)) : m)));
  return (
    <Stack gap={6} data-testid="reminders">
      <Text size="sm" fw={500}>
        {t('calendar.dialog.reminders')}
      </Text>
      {value.map((m, i) => {
        const { amount, unit } = splitMinutes(m);
        return (
          <Group key={i} gap={6} wrap="nowrap" data-testid="reminder-row">
            <IconBell size={16} aria-hidden />
            <NumberInput
              aria-label={t('calendar.dialog.reminderAmount')}
              value={amount}
              min={0}
              max={999}
              w={80}
              onChange={(v) => setAt(i, (Number(v) || 0) * FACTOR[unit])}
            />
            <Select
              aria-label={t('calendar.dialog.reminderUnit')}
              data={(['minutes', 'hours', 'days'] as Unit[]).map((u) => ({
                value: u,
                label: t(`calendar.dialog.reminderUnits.${u}`),
              }))}
              value={unit}
              onChange={(u) => u && setAt(i, amount * FACTOR[u as Unit])}
              allowDeselect={false}
              w={170}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => onChange(value.filter((_, j) => j !== i))}
              aria-label={t('calendar.dialog.removeReminder')}
            >
              <IconX size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      {value.length < LIMITS.reminders ? (
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => onChange([...value, [15, 30, 60, 1440, 10, 5, 0].find((m) => !value.includes(m)) ?? 120])}
          style={{ alignSelf: 'flex-start' }}
          data-testid="reminder-add"
        >
          {t('calendar.dialog.addReminder')}
        </Button>
      ) : null}
    </Stack>
  );
}
