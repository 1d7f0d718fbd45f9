/**
 * Calendar settings → General: the week's first day (the language's default, Monday, Sunday or Saturday), the
 * working days and hours (shaded in the week views) and the reminders new events get. Versioned PUT: when the
 * settings were saved elsewhere meanwhile, the saved ones replace the form and the page says so in words.
 */
import { ActionIcon, Alert, Button, Card, Chip, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy, IconX } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type CalendarSettings, type SettingsBody } from '../../../../shared/calendar/contract';
import { useSaveCalendarSettings } from './api';
import { reminderLabel, REMINDER_CHOICES, weekdayName } from './words';

type Form = Omit<SettingsBody, 'version'>;
const toForm = (s: CalendarSettings): Form => ({
  weekStart: s.weekStart,
  workDays: [...s.workDays].sort(),
  workStart: s.workStart,
  workEnd: s.workEnd,
  defaultReminders: [...s.defaultReminders].sort((a, b) => a - b),
});
const same = (a: Form, b: Form) => JSON.stringify(a) === JSON.stringify(b);
/** Monday first in the list of working days: how a working week reads in both languages. */
const DAYS_IN_ORDER = [1, 2, 3, 4, 5, 6, 0];
const WEEK_START = { language: null, monday: 1, sunday: 0, saturday: 6 } as const;
type WeekStartChoice = keyof typeof WEEK_START;
const weekStartChoice = (v: Form['weekStart']): WeekStartChoice =>
  v === 1 ? 'monday' : v === 0 ? 'sunday' : v === 6 ? 'saturday' : 'language';

export function PreferencesForm({ settings }: { settings: CalendarSettings }) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Form>(() => toForm(settings));
  const [base, setBase] = useState(settings);
  const [stale, setStale] = useState(false);
  const save = useSaveCalendarSettings();
  // The settings changed under the form (a save here or a refetch): start from them.
  if (base !== settings) {
    setBase(settings);
    setForm(toForm(settings));
  }
  const dirty = !same(form, toForm(settings));
  const hoursInvalid = !(form.workStart < form.workEnd);
  const daysInvalid = form.workDays.length === 0;
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || hoursInvalid || daysInvalid || save.isPending) return;
    setStale(false);
    save.mutate(
      { ...form, version: settings.version },
      {
        onSuccess: (r) => {
          if ('stale' in r) setStale(true);
          else notifications.show({ color: 'teal', message: t('calendar.settings.saved') });
        },
      },
    );
  };

  const free = REMINDER_CHOICES.filter((m) => !form.defaultReminders.includes(m));
  return (
    <form onSubmit={submit} noValidate data-testid="calendar-preferences" data-version={settings.version}>
      <Card withBorder radius="lg" padding="lg">
        <Stack gap="lg">
          <Title order={2} size="h4">
            {t('calendar.settings.preferences')}
          </Title>
          {stale ? (
            <Alert
              color="yellow"
              variant="light"
              role="alert"
              icon={<IconAlertTriangle size={18} aria-hidden="true" />}
              data-testid="calendar-settings-conflict"
            >
              {t('calendar.settings.conflict')}
            </Alert>
          ) : null}
          <Select
            label={t('calendar.settings.weekStart')}
            data={(Object.keys(WEEK_START) as WeekStartChoice[]).map((k) => ({
              value: k,
              label: t(`calendar.settings.weekStartOptions.${k}`),
            }))}
            value={weekStartChoice(form.weekStart)}
            onChange={(v) => v && set('weekStart', WEEK_START[v as WeekStartChoice])}
            allowDeselect={false}
            maw={320}
            data-testid="calendar-week-start"
          />
          <Stack gap={6}>
            <Title order={3} size="sm" id="calendar-work-days">
              {t('calendar.settings.workDays')}
            </Title>
            <Chip.Group
              multiple
              value={form.workDays.map(String)}
              onChange={(v) =>
                set(
                  'workDays',
                  v.map(Number).sort((a, b) => a - b),
                )
              }
            >
              <Group gap={6} role="group" aria-labelledby="calendar-work-days" data-testid="calendar-work-days">
                {DAYS_IN_ORDER.map((d) => (
                  <Chip key={d} value={String(d)} size="sm" data-day={d}>
                    {weekdayName(d, i18n.language)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            {daysInvalid ? (
              <Text size="sm" c="red" role="alert">
                {t('calendar.settings.workDaysNone')}
              </Text>
            ) : null}
          </Stack>
          <Stack gap={6}>
            <Title order={3} size="sm">
              {t('calendar.settings.workHours')}
            </Title>
            <Group gap="sm" align="flex-start">
              <TextInput
                type="time"
                label={t('calendar.settings.workStart')}
                value={form.workStart}
                onChange={(e) => set('workStart', e.currentTarget.value)}
                w={140}
                data-testid="calendar-work-start"
              />
              <TextInput
                type="time"
                label={t('calendar.settings.workEnd')}
                value={form.workEnd}
                onChange={(e) => set('workEnd', e.currentTarget.value)}
                w={140}
                error={hoursInvalid ? t('calendar.settings.workHoursInvalid') : undefined}
                data-testid="calendar-work-end"
              />
            </Group>
          </Stack>
          <Stack gap={6}>
            <Title order={3} size="sm" id="calendar-reminders">
              {t('calendar.settings.reminders')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('calendar.settings.remindersHint')}
            </Text>
            <Group gap={6} role="list" aria-labelledby="calendar-reminders" data-testid="calendar-reminders">
              {form.defaultReminders.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('calendar.settings.remindersNone')}
                </Text>
              ) : null}
              {form.defaultReminders.map((m) => {
                const label = reminderLabel(m, t);
                return (
                  <Group
                    key={m}
                    role="listitem"
                    gap={2}
                    wrap="nowrap"
                    pl="sm"
                    pr={2}
                    py={2}
                    style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 999 }}
                    data-testid="calendar-reminder"
                    data-minutes={m}
                  >
                    <Text size="sm">{label}</Text>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      radius="xl"
                      aria-label={t('calendar.settings.reminderRemove', { label })}
                      onClick={() =>
                        set(
                          'defaultReminders',
                          form.defaultReminders.filter((x) => x !== m),
                        )
                      }
                    >
                      <IconX size={14} aria-hidden="true" />
                    </ActionIcon>
                  </Group>
                );
              })}
            </Group>
            {form.defaultReminders.length < LIMITS.reminders ? (
              <Select
                aria-label={t('calendar.settings.reminderAdd')}
                placeholder={t('calendar.settings.reminderAdd')}
                data={free.map((m) => ({ value: String(m), label: reminderLabel(m, t) }))}
                value={null}
                onChange={(v) =>
                  v &&
                  set(
                    'defaultReminders',
                    [...form.defaultReminders, Number(v)].sort((a, b) => a - b),
                  )
                }
                maw={320}
                data-testid="calendar-reminder-add"
              />
            ) : null}
          </Stack>
          <Group>
            <Button
              type="submit"
              leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}
              disabled={!dirty || hoursInvalid || daysInvalid}
              loading={save.isPending}
              data-testid="calendar-settings-save"
            >
              {t('calendar.settings.save')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </form>
  );
}
