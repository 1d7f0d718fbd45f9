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
import { zoneOffsetMs } from '../../../shared/tasks/summary';
import { displayTimeZone } from '../components/time';
import { WidgetCard, WidgetEmpty, WidgetList } from '../home/WidgetCard';
import { currentLanguage } from '../i18n';
import { useApi, useSession } from '../services';

const viewerTimeZone = () => displayTimeZone() ?? 'UTC';
/** Rows shown per day; the calendar has the rest. */
const PER_DAY = 5;
const DAY_MS = 86_400_000;

/** The instant a local calendar day (`daysFromToday` after today in `timeZone`) starts. */
export function localMidnight(timeZone: string, now: Date, daysFromToday: number): Date {
  const local = new Date(now.getTime() + zoneOffsetMs(timeZone, now));
  const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + daysFromToday);
  // The offset at that midnight may differ from now's (a DST change in between): take the one in force then.
  const guess = wall - zoneOffsetMs(timeZone, now);
  return new Date(wall - zoneOffsetMs(timeZone, new Date(guess)));
}

/** `YYYY-MM-DD` of an instant in `timeZone` (all-day events are dates). */
const localDate = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export interface WidgetDay {
  key: 'today' | 'tomorrow';
  items: OccurrenceView[];
}

/** The occurrences of each of the two days (an event spanning both is in both), all-day ones first, then by start. */
export function splitDays(occurrences: readonly OccurrenceView[], timeZone: string, now: Date): WidgetDay[] {
  const bounds = [0, 1, 2].map((d) => localMidnight(timeZone, now, d));
  return (['today', 'tomorrow'] as const).map((key, i) => {
    const start = bounds[i] as Date;
    const end = bounds[i + 1] as Date;
    const date = localDate(new Date(start.getTime() + DAY_MS / 2), timeZone);
    const items = occurrences
      .filter((o) => o.myState !== 'declined')
      .filter((o) =>
        o.allDay
          ? o.start.slice(0, 10) <= date && date < o.end.slice(0, 10)
          : Date.parse(o.startUtc) < end.getTime() && Date.parse(o.endUtc) > start.getTime(),
      )
      .sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.startUtc.localeCompare(b.startUtc));
    return { key, items };
  });
}

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
    queryFn: ({ signal }) => api.calendar.listEvents({ query: { from, to }, signal }),
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
