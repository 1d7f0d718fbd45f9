/**
 * The task's deadline: a day from a calendar and a time typed as text (24-hour, "17:30"). The time is a
 * plain text field on purpose: the calendar's spin fields jumped to the minutes after one hour digit, so
 * "17:30" was saved as 10:30. A day alone is due at the end of the working day, and the field shows it.
 */
import { Group, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { END_OF_WORKDAY, deadlineOf, deadlinePartsOf, parseTime } from './deadline';
import '@mantine/dates/styles.css';

export function DeadlineField({
  label,
  value,
  onChange,
  error,
  testId,
}: {
  label: string;
  /** Local 'YYYY-MM-DD HH:mm:ss', or null for no deadline. */
  value: string | null;
  onChange: (local: string | null) => void;
  error?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { date, time } = deadlinePartsOf(value);
  // What is being typed; null shows the deadline's own time.
  const [typed, setTyped] = useState<string | null>(null);
  const [typing, setTyping] = useState(false);
  const shown = typed ?? time ?? '';
  const parsed = parseTime(shown);
  // "17:" on the way to "17:30" is not a mistake yet: judged when the field is left
  const timeError = parsed === undefined && !typing ? t('tasks.form.deadlineTimeInvalid') : undefined;

  const pickDate = (next: string | null) => {
    if (!next) {
      setTyped(null);
      onChange(null);
      return;
    }
    // a time typed before the day is kept; none means the end of the working day
    onChange(deadlineOf(next, parsed ?? null));
    if (parsed !== undefined) setTyped(null);
  };
  const typeTime = (text: string) => {
    setTyped(text);
    const next = parseTime(text);
    if (date && next) onChange(deadlineOf(date, next));
  };
  const leaveTime = () => {
    setTyping(false);
    if (parsed === undefined || !date) return;
    // an emptied time goes back to the end of the working day, shown as such
    if (parsed === null) onChange(deadlineOf(date, null));
    setTyped(null);
  };

  return (
    <Group gap="xs" align="flex-start" wrap="nowrap" data-testid={testId}>
      <DatePickerInput
        label={label}
        value={date}
        onChange={pickDate}
        clearable
        valueFormat="DD.MM.YYYY"
        error={error}
        description={t('tasks.form.deadlineTimeHint', { time: END_OF_WORKDAY })}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        style={{ flex: 1, minWidth: 0 }}
        data-testid={`${testId}-date`}
        popoverProps={{ withinPortal: true }}
      />
      <TextInput
        label={t('tasks.form.deadlineTime')}
        value={shown}
        onChange={(e) => typeTime(e.currentTarget.value)}
        onFocus={() => setTyping(true)}
        onBlur={leaveTime}
        placeholder={END_OF_WORKDAY}
        inputMode="numeric"
        autoComplete="off"
        maxLength={5}
        w={96}
        leftSection={<IconClock size={16} aria-hidden="true" />}
        error={timeError}
        data-testid={`${testId}-time`}
      />
    </Group>
  );
}
