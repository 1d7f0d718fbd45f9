/**
 * The calendar's sidebar: a mini month that picks the day, the calendars I see toggled on and off with their
 * colours, and my invitations still unanswered with accept / maybe / decline.
 */
import { Button, Checkbox, ColorSwatch, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { DatePicker, DatesProvider } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import type { CalendarView, OccurrenceView } from '../../../shared/calendar/contract';
import { inZone } from '../components/time';
import { currentLanguage } from '../i18n';
import { PersonName } from '../tasks/people';
import { useInvitations, useRsvp } from './api';
import 'dayjs/locale/ro';
import '@mantine/dates/styles.css';

export function Sidebar({
  date,
  onPickDate,
  weekStart,
  calendars,
  hidden,
  onToggle,
  onOpen,
}: {
  date: string;
  onPickDate: (date: string) => void;
  weekStart: number;
  calendars: CalendarView[];
  hidden: ReadonlySet<string>;
  onToggle: (calendarId: string, shown: boolean) => void;
  onOpen: (o: OccurrenceView) => void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <Stack gap="md" data-testid="calendar-sidebar" component="aside" aria-label={t('calendar.sidebar.label')}>
      <DatesProvider settings={{ locale: lng, firstDayOfWeek: weekStart as 0 | 1 | 6 }}>
        <DatePicker
          value={date}
          onChange={(d) => d && onPickDate(d)}
          size="xs"
          className="cal-mini"
          previousLabel={t('calendar.sidebar.previousMonth')}
          nextLabel={t('calendar.sidebar.nextMonth')}
          aria-label={t('calendar.sidebar.pickDay')}
          data-testid="mini-month"
        />
      </DatesProvider>
      <Stack gap={6} data-testid="calendar-toggles">
        <Title order={2} size="sm">
          {t('calendar.sidebar.calendars')}
        </Title>
        {calendars.map((c) => (
          <Checkbox
            key={c.calendarId}
            color={c.color}
            checked={!hidden.has(c.calendarId)}
            onChange={(e) => onToggle(c.calendarId, e.currentTarget.checked)}
            label={
              <Group gap={6} wrap="nowrap">
                <ColorSwatch color={`var(--mantine-color-${c.color}-filled)`} size={10} aria-hidden />
                <Text size="sm" truncate>
                  {c.name}
                </Text>
              </Group>
            }
            data-testid="calendar-toggle"
            data-calendar-id={c.calendarId}
          />
        ))}
      </Stack>
      <Invitations onOpen={onOpen} />
    </Stack>
  );
}

function Invitations({ onOpen }: { onOpen: (o: OccurrenceView) => void }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const q = useInvitations();
  const rsvp = useRsvp();
  const items = q.data?.items ?? [];
  const fmt = new Intl.DateTimeFormat(
    lng,
    inZone({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  );
  const dayFmt = new Intl.DateTimeFormat(lng, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <Stack gap={6} data-testid="calendar-invitations">
      <Title order={2} size="sm">
        {t('calendar.sidebar.invitations')}
      </Title>
      {q.isSuccess && !items.length ? (
        <Text size="xs" c="dimmed">
          {t('calendar.sidebar.noInvitations')}
        </Text>
      ) : null}
      {items.map((o) => (
        <Paper
          key={`${o.eventId}|${o.occurrence ?? ''}`}
          withBorder
          p="xs"
          data-testid="invitation"
          data-event-id={o.eventId}
        >
          <Stack gap={4}>
            <Button
              variant="subtle"
              size="compact-sm"
              px={0}
              justify="flex-start"
              onClick={() => onOpen(o)}
              data-testid="invitation-open"
            >
              <Text size="sm" fw={500} truncate>
                {o.title}
              </Text>
            </Button>
            <Text size="xs" c="dimmed">
              {o.allDay ? dayFmt.format(new Date(`${o.start.slice(0, 10)}T00:00Z`)) : fmt.format(new Date(o.startUtc))}{' '}
              · {t('calendar.sidebar.from', { name: '' })}
              <PersonName userId={o.organizerId} />
            </Text>
            <Group gap={4}>
              {(['accepted', 'tentative', 'declined'] as const).map((a) => (
                <Button
                  key={a}
                  size="compact-xs"
                  variant="light"
                  color={a === 'accepted' ? 'green' : a === 'tentative' ? 'yellow' : 'red'}
                  onClick={() => rsvp.mutate({ eventId: o.eventId, answer: a })}
                  disabled={rsvp.isPending}
                  data-testid={`invitation-${a}`}
                >
                  {t(`calendar.sidebar.${a === 'accepted' ? 'accept' : a === 'tentative' ? 'tentative' : 'decline'}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
