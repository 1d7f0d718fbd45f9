/**
 * Home's calendar widget, "Today and tomorrow": my events and the meetings I am invited to (not the declined ones),
 * by day in my time zone, each row opening the event on the calendar page (/calendar?event=…). ONE request
 * (GET /calendar/events over the two local days).
 * Registered in web/src/home/registry.ts.
 */
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OccurrenceView } from '../../../shared/calendar/contract';
import { occurrenceViews } from '../../../shared/calendar/occurrence-page';
import { displayTimeZone } from '../components/time';
import { WidgetCard, WidgetEmpty, WidgetList } from '../home/WidgetCard';
import { currentLanguage } from '../i18n';
import { useApi, useSession } from '../services';
import { localMidnight, splitDays } from './widget-days';

const viewerTimeZone = () => displayTimeZone() ?? 'UTC';
/** Rows shown per day; the calendar has the rest. */
const PER_DAY = 5;

export const calendarHomeKey = (sub: string, timeZone: string, day: string) => [
  'calendar',
  'events',
  'home',
  sub,
  timeZone,
  day,
];

function useTwoDays() {
  const api = useApi();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  const timeZone = viewerTimeZone();
  const now = new Date();
  const from = localMidnight(timeZone, now, 0).toISOString();
  const to = localMidnight(timeZone, now, 2).toISOString();
  return useQuery({
    queryKey: calendarHomeKey(sub, timeZone, from),
    queryFn: async ({ signal }) => ({
      occurrences: occurrenceViews(await api.calendar.listEvents({ query: { from, to }, signal })),
    }),
  });
}

const eventHref = (o: OccurrenceView) =>
  `/calendar?event=${encodeURIComponent(o.eventId)}${o.occurrence ? `&occurrence=${encodeURIComponent(o.occurrence)}` : ''}`;

function Row({ o }: { o: OccurrenceView }) {
  const { t } = useTranslation();
  const timeZone = viewerTimeZone();
  const time = new Intl.DateTimeFormat(currentLanguage(), { hour: '2-digit', minute: '2-digit', timeZone });
  const when = o.allDay
    ? t('calendar.home.allDay')
    : `${time.format(new Date(o.startUtc))}–${time.format(new Date(o.endUtc))}`;
  const title = o.title || t('calendar.home.busy');
  return (
    <li style={{ minWidth: 0 }} data-testid="calendar-home-row" data-event-id={o.eventId}>
      <Group gap="xs" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
        <span
          aria-hidden="true"
          style={{
            flexShrink: 0,
            width: 4,
            alignSelf: 'stretch',
            borderRadius: 2,
            background: `var(--mantine-color-${o.color}-6)`,
          }}
        />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Anchor
            component={Link}
            to={eventHref(o)}
            size="sm"
            fw={500}
            lineClamp={1}
            style={{ wordBreak: 'break-word' }}
          >
            {title}
          </Anchor>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {when}
            {o.place ? ` · ${o.place}` : ''}
          </Text>
        </div>
        {o.myState === 'pending' || o.myState === 'tentative' ? (
          <Badge
            size="xs"
            variant="light"
            color={o.myState === 'pending' ? 'orange' : 'gray'}
            style={{ flexShrink: 0 }}
          >
            {t(`calendar.home.${o.myState}`)}
          </Badge>
        ) : null}
      </Group>
    </li>
  );
}

export default function CalendarHomeWidget() {
  const { t } = useTranslation();
  const events = useTwoDays();
  const days = splitDays(events.data?.occurrences ?? [], viewerTimeZone(), new Date());
  const isEmpty = days.every((d) => d.items.length === 0);
  return (
    <WidgetCard
      id="calendar"
      title={t('calendar.home.title')}
      icon={<IconCalendarEvent size={20} />}
      query={events}
      isEmpty={isEmpty}
      moreHref="/calendar"
      empty={<WidgetEmpty text={t('calendar.home.empty')} to="/calendar" action={t('calendar.home.emptyAction')} />}
    >
      <Stack gap="sm">
        {days.map((d) => (
          <section key={d.key} aria-labelledby={`calendar-home-${d.key}`} data-testid={`calendar-home-${d.key}`}>
            <Text id={`calendar-home-${d.key}`} size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
              {t(`calendar.home.${d.key}`)}
            </Text>
            {d.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {d.key === 'today' ? t('calendar.home.nothingToday') : t('calendar.home.nothingTomorrow')}
              </Text>
            ) : (
              <WidgetList gap={6}>
                {d.items.slice(0, PER_DAY).map((o) => (
                  <Row key={`${o.eventId}:${o.occurrence ?? ''}`} o={o} />
                ))}
              </WidgetList>
            )}
          </section>
        ))}
      </Stack>
    </WidgetCard>
  );
}
