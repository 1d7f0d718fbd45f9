/** An event I may not edit (invited, or a calendar I only read): what, when, where, the description and who organises. */
import { Group, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconMapPin, IconRepeat } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/calendar/contract';
import { currentLanguage } from '../i18n';
import { PersonName } from '../tasks/people';
import { SafeHtml } from '../tasks/SafeHtml';
import type { EventDraft } from './draft';
import { wallToMs } from './zone';

export function EventSummary({ ev, draft, zone }: { ev: EventView; draft: EventDraft; zone: string }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const when = draft.allDay
    ? new Intl.DateTimeFormat(lng, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${draft.start}T00:00Z`))
    : `${new Intl.DateTimeFormat(lng, { dateStyle: 'full', timeStyle: 'short', timeZone: zone }).format(wallToMs(draft.start, draft.timeZone))} – ${new Intl.DateTimeFormat(lng, { timeStyle: 'short', timeZone: zone }).format(wallToMs(draft.end, draft.timeZone))}`;
  return (
    <Stack gap="xs" data-testid="event-summary">
      <Title order={2} size="h3" data-testid="event-summary-title">
        {ev.title || t('calendar.event.busy')}
      </Title>
      <Group gap={6} wrap="nowrap">
        <IconCalendarEvent size={16} aria-hidden />
        <Text size="sm">{when}</Text>
      </Group>
      {ev.rrule ? (
        <Group gap={6} wrap="nowrap">
          <IconRepeat size={16} aria-hidden />
          <Text size="sm">{t('calendar.dialog.openSeries')}</Text>
        </Group>
      ) : null}
      {ev.place || ev.room ? (
        <Group gap={6} wrap="nowrap">
          <IconMapPin size={16} aria-hidden />
          <Text size="sm">{[ev.room?.name, ev.place].filter(Boolean).join(' · ')}</Text>
        </Group>
      ) : null}
      <Text size="sm">
        {t('calendar.dialog.organizer')}: <PersonName userId={ev.organizerId} />
      </Text>
      {ev.description ? <SafeHtml html={ev.description} testId="event-description" /> : null}
    </Stack>
  );
}
