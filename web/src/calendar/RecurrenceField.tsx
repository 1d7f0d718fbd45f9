/** Repeats: none / daily / weekly on days / monthly by date or weekday / yearly, every N, ending never / after N / on a date. */
import { Alert, Chip, Group, NumberInput, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import { weekdayOrdinal, type Ending, type Frequency, type RecurrenceForm } from './recurrence';

const FREQS: Frequency[] = ['none', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

/** Weekday names in the interface language, Sunday first (0-6). */
export function weekdayNames(lng: string, width: 'long' | 'short'): string[] {
  const f = new Intl.DateTimeFormat(lng, { weekday: width, timeZone: 'UTC' });
  // 2023-01-01 was a Sunday
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2023, 0, 1 + i))));
}

export function RecurrenceField({
  value,
  onChange,
  start,
  customRule,
  onClearCustom,
  weekStart,
}: {
  value: RecurrenceForm;
  onChange: (v: RecurrenceForm) => void;
  start: string;
  customRule: string | null;
  onClearCustom: () => void;
  weekStart: number;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const short = weekdayNames(lng, 'short');
  const long = weekdayNames(lng, 'long');
  const order = Array.from({ length: 7 }, (_, i) => (weekStart + i) % 7);
  const set = (patch: Partial<RecurrenceForm>) => {
    onClearCustom();
    onChange({ ...value, ...patch });
  };
  const startDay = Number(start.slice(8, 10));
  const startWeekday = new Date(`${start.slice(0, 10)}T00:00Z`).getUTCDay();
  return (
    <Stack gap="xs" data-testid="recurrence">
      {customRule ? <Alert color="gray">{t('calendar.dialog.customRule', { rule: customRule })}</Alert> : null}
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          label={t('calendar.dialog.repeat')}
          data={FREQS.map((f) => ({ value: f, label: t(`calendar.dialog.frequencies.${f}`) }))}
          value={customRule ? null : value.freq}
          onChange={(v) =>
            v && set({ freq: v as Frequency, days: v === 'WEEKLY' && !value.days.length ? [startWeekday] : value.days })
          }
          allowDeselect={false}
          w={200}
          data-testid="recurrence-freq"
        />
        {value.freq !== 'none' && !customRule ? (
          <Group gap={6} align="flex-end" wrap="nowrap">
            <NumberInput
              label={t('calendar.dialog.every')}
              value={value.interval}
              onChange={(v) => set({ interval: Math.max(1, Number(v) || 1) })}
              min={1}
              max={99}
              w={80}
              data-testid="recurrence-interval"
            />
            <Text size="sm" pb={8}>
              {t(`calendar.dialog.units.${value.freq}`)}
            </Text>
          </Group>
        ) : null}
      </Group>
      {value.freq === 'WEEKLY' && !customRule ? (
        <Chip.Group multiple value={value.days.map(String)} onChange={(v) => set({ days: v.map(Number) })}>
          <Group gap={4} role="group" aria-label={t('calendar.dialog.onDays')} data-testid="recurrence-days">
            {order.map((d) => (
              <Chip key={d} value={String(d)} size="xs" aria-label={long[d]} data-testid={`recurrence-day-${d}`}>
                {short[d]}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      ) : null}
      {value.freq === 'MONTHLY' && !customRule ? (
        <Radio.Group value={value.monthlyBy} onChange={(v) => set({ monthlyBy: v as 'date' | 'weekday' })}>
          <Group gap="md">
            <Radio value="date" label={t('calendar.dialog.monthlyByDate', { date: startDay })} />
            <Radio
              value="weekday"
              label={t('calendar.dialog.monthlyByWeekday', {
                ordinal: t(`calendar.dialog.ordinals.${weekdayOrdinal(start)}` as 'calendar.dialog.ordinals.1'),
                weekday: long[startWeekday],
              })}
            />
          </Group>
        </Radio.Group>
      ) : null}
      {value.freq !== 'none' && !customRule ? (
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label={t('calendar.dialog.ends')}
            data={(['never', 'count', 'until'] as Ending[]).map((e) => ({
              value: e,
              label: t(`calendar.dialog.endings.${e}`),
            }))}
            value={value.ending}
            onChange={(v) => v && set({ ending: v as Ending })}
            allowDeselect={false}
            w={140}
            data-testid="recurrence-ending"
          />
          {value.ending === 'count' ? (
            <Group gap={6} align="flex-end" wrap="nowrap">
              <NumberInput
                aria-label={t('calendar.dialog.times')}
                value={value.count}
                onChange={(v) => set({ count: Math.max(1, Number(v) || 1) })}
                min={1}
                max={999}
                w={80}
                data-testid="recurrence-count"
              />
              <Text size="sm" pb={8}>
                {t('calendar.dialog.times')}
              </Text>
            </Group>
          ) : null}
          {value.ending === 'until' ? (
            <TextInput
              type="date"
              label={t('calendar.dialog.untilDate')}
              value={value.until}
              min={start.slice(0, 10)}
              onChange={(e) => set({ until: e.currentTarget.value })}
              data-testid="recurrence-until"
            />
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}
