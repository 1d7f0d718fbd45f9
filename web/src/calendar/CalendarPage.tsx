/**
 * /calendar: FullCalendar (MIT packages) themed to Mantine — month, week, work week (my working days), day and agenda;
 * phones open on the agenda. Times in my zone (zone.ts's plugin, the server's zone arithmetic), the week start and
 * working hours from my calendar settings (else the language's), a red line at now. Drag across a slot to create, drag
 * an event to move it, its edge to resize it (PATCH with the version; a series asks this / following / all; a stale
 * version reloads and says so). Task deadlines are read-only entries that open the task. A `calendar.changed` frame
 * refetches.
 */
import type { DateSelectArg, DatesSetArg, EventClickArg, EventDropArg, EventInput } from '@fullcalendar/core';
import roLocale from '@fullcalendar/core/locales/ro';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { ActionIcon, Alert, Box, Button, Drawer, Group, Paper, SegmentedControl, Select, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconLayoutSidebar, IconPlus } from '@tabler/icons-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  DEFAULT_SETTINGS,
  type CalendarSettings,
  type EditScope,
  type OccurrenceView,
} from '../../../shared/calendar/contract';
import { ApiError } from '../api/client';
import { displayTimeZone } from '../components/time';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { currentLanguage } from '../i18n';
import { useApi } from '../services';
import {
  isConflict,
  useCalendarLive,
  useCalendars,
  useCalendarSettings,
  useEvents,
  useInvalidateCalendar,
} from './api';
import { occurrenceEntry, taskEntry, wallOf, type EntryProps } from './events';
import { EventDialog, type DialogContext, type DialogTarget } from './EventDialog';
import { ScopeModal, type ScopeQuestion } from './ScopeModal';
import { Sidebar } from './Sidebar';
import { msToWall, wallToMs, zonePlugin } from './zone';
import './calendar.css';

export const VIEWS = {
  month: 'dayGridMonth',
  week: 'timeGridWeek',
  workWeek: 'workWeek',
  day: 'timeGridDay',
  agenda: 'listWeek',
} as const;
type ViewKey = keyof typeof VIEWS;
const viewKeyOf = (type: string): ViewKey =>
  (Object.entries(VIEWS).find(([, v]) => v === type)?.[0] as ViewKey | undefined) ?? 'week';

// FullCalendar resets whatever option changes identity (a new `views` rebuilds the view and fires datesSet again):
// everything handed to it is stable or memoised.
const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, zonePlugin];
const LOCALES = [roLocale];
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

const HIDDEN_KEY = 'portal.calendar.hidden';
const readHidden = () => {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(HIDDEN_KEY) ?? '[]');
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set<string>();
  }
};

/** The language's week start when my settings say nothing: Monday in Romanian, Sunday in English. */
const languageWeekStart = (lng: string) => (lng === 'ro' ? 1 : 0);

export function CalendarPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('modules.calendar.title'));
  const calendars = useCalendars();
  const settings = useCalendarSettings();
  if (calendars.isError) {
    const e = calendars.error;
    return (
      <Alert color="red" title={t('calendar.views.loadError')} data-testid="calendar-error">
        {e instanceof ApiError ? e.message : t('errors.generic')}
      </Alert>
    );
  }
  // settings that fail to load (the error is shown once by the query cache) leave the defaults: the calendar still works
  const mine =
    settings.data ?? (settings.isError ? { ...DEFAULT_SETTINGS, timeZone: displayTimeZone() ?? 'UTC' } : null);
  if (!calendars.data || !mine) return <Box mih="40vh" aria-busy="true" data-testid="calendar-loading" />;
  return <CalendarScreen settings={mine} calendarsList={calendars.data} />;
}

function CalendarScreen({
  settings,
  calendarsList,
}: {
  settings: CalendarSettings;
  calendarsList: ReturnType<typeof useCalendars>['data'] & object;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const lng = currentLanguage();
  const phone = useMediaQuery('(max-width: 599px)', typeof window !== 'undefined' && window.innerWidth < 600, {
    getInitialValueInEffect: false,
  });
  const invalidate = useInvalidateCalendar();
  useCalendarLive();
  const zone = settings.timeZone || displayTimeZone() || 'UTC';
  const weekStart = settings.weekStart ?? languageWeekStart(lng);
  const workDaysKey = (settings.workDays.length ? settings.workDays : DEFAULT_SETTINGS.workDays).join(',');
  const workDays = useMemo(() => workDaysKey.split(',').map(Number), [workDaysKey]);
  const views = useMemo(
    () => ({
      workWeek: { type: 'timeGrid', duration: { weeks: 1 }, hiddenDays: ALL_DAYS.filter((d) => !workDays.includes(d)) },
    }),
    [workDays],
  );
  const businessHours = useMemo(
    () => ({ daysOfWeek: workDays, startTime: settings.workStart, endTime: settings.workEnd }),
    [workDays, settings.workStart, settings.workEnd],
  );
  const fc = useRef<FullCalendar>(null);

  const [hidden, setHidden] = useState<Set<string>>(readHidden);
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [title, setTitle] = useState('');
  const [view, setView] = useState<ViewKey>(phone ? 'agenda' : 'week');
  const [date, setDate] = useState(() => msToWall(Date.now(), zone).slice(0, 10));
  // FullCalendar's starting point only: it navigates on its own after that
  const [initialDate] = useState(date);
  const [initialView] = useState(VIEWS[view]);
  const [dialog, setDialog] = useState<DialogTarget | null>(null);
  const [question, setQuestion] = useState<ScopeQuestion | null>(null);
  const [drawer, setDrawer] = useState(false);

  const shownIds = useMemo(
    () => calendarsList.map((c) => c.calendarId).filter((id) => !hidden.has(id)),
    [calendarsList, hidden],
  );
  const events = useEvents(range, shownIds);

  const labels = useMemo(
    () => ({
      busy: t('calendar.event.busy'),
      untitled: t('calendar.event.untitled'),
      task: (title: string) => t('calendar.event.task', { title }),
    }),
    [t],
  );
  const entries: EventInput[] = useMemo(() => {
    const d = events.data;
    if (!d || !shownIds.length) return [];
    return [...d.occurrences.map((o) => occurrenceEntry(o, labels)), ...d.tasks.map((task) => taskEntry(task, labels))];
  }, [events.data, labels, shownIds.length]);

  const askScope = useCallback(
    (kind: 'move' | 'delete') =>
      new Promise<EditScope | null>((resolve) =>
        setQuestion({
          kind,
          answer: (s) => {
            setQuestion(null);
            resolve(s);
          },
        }),
      ),
    [],
  );
  const ctx: DialogContext = { calendars: calendarsList, settings, zone, weekStart, askScope };

  const toggle = (calendarId: string, shown: boolean) => {
    setHidden((prev) => {
      const next = new Set(prev);
      if (shown) next.delete(calendarId);
      else next.add(calendarId);
      localStorage.setItem(HIDDEN_KEY, JSON.stringify([...next]));
      return next;
    });
  };

  const onDatesSet = (arg: DatesSetArg) => {
    setTitle(arg.view.title);
    setView(viewKeyOf(arg.view.type));
    // one day of slack each side: all-day events are dates, the same days in every zone
    const from = new Date(arg.start.getTime() - 86_400_000).toISOString();
    const to = new Date(arg.end.getTime() + 86_400_000).toISOString();
    setRange((prev) => (prev?.from === from && prev.to === to ? prev : { from, to }));
    setDate(msToWall(arg.view.currentStart.getTime(), zone).slice(0, 10));
  };

  const onSelect = (arg: DateSelectArg) => {
    arg.view.calendar.unselect();
    // a click on a month day creates a one-hour event at 09:00 rather than an all-day one
    if (arg.allDay && arg.view.type === VIEWS.month && arg.end.getTime() - arg.start.getTime() <= 86_400_000) {
      const day = arg.startStr.slice(0, 10);
      setDialog({ mode: 'new', start: `${day}T09:00`, end: `${day}T10:00`, allDay: false });
      return;
    }
    setDialog({
      mode: 'new',
      start: wallOf(arg.startStr, arg.allDay),
      end: wallOf(arg.endStr, arg.allDay),
      allDay: arg.allDay,
    });
  };

  const onClick = (arg: EventClickArg) => {
    const p = arg.event.extendedProps as EntryProps;
    arg.jsEvent.preventDefault();
    if (p.kind === 'task') {
      void navigate(`/tasks/${p.taskId}`);
      return;
    }
    setDialog({ mode: 'open', eventId: p.occurrence.eventId, occurrence: p.occurrence });
  };

  /** A drag or resize: PATCH the occurrence (a series asks first); put it back if refused or cancelled. */
  const onMoved = async (arg: EventDropArg | EventResizeDoneArg) => {
    const p = arg.event.extendedProps as EntryProps;
    if (p.kind !== 'event') return arg.revert();
    const o = p.occurrence;
    const allDay = arg.event.allDay;
    const start = wallOf(arg.event.startStr, allDay);
    const fallbackEnd = allDay
      ? msToWall(wallToMs(start, 'UTC') + 86_400_000, 'UTC').slice(0, 10)
      : msToWall(wallToMs(start, zone) + 3_600_000, zone);
    const end = arg.event.endStr ? wallOf(arg.event.endStr, allDay) : fallbackEnd;
    let scope: EditScope | undefined;
    if (o.recurring) {
      const s = await askScope('move');
      if (!s) return arg.revert();
      scope = s;
    }
    try {
      let times: { start: string; end: string; timeZone: string } = { start, end, timeZone: zone };
      if (scope === 'all') {
        // the whole series moves by as much as this occurrence moved
        const master = await api.calendar.getEvent({ params: { eventId: o.seriesId ?? o.eventId } });
        const delta = allDay
          ? wallToMs(start, 'UTC') - wallToMs(o.start.slice(0, 10), 'UTC')
          : wallToMs(start, zone) - Date.parse(o.startUtc);
        const duration = allDay
          ? wallToMs(end, 'UTC') - wallToMs(start, 'UTC')
          : wallToMs(end, zone) - wallToMs(start, zone);
        const first = allDay
          ? msToWall(wallToMs(master.start.slice(0, 10), 'UTC') + delta, 'UTC').slice(0, 10)
          : msToWall(wallToMs(master.start, master.timeZone) + delta, zone);
        const last = allDay
          ? msToWall(wallToMs(first, 'UTC') + duration, 'UTC').slice(0, 10)
          : msToWall(wallToMs(first, zone) + duration, zone);
        times = { start: first, end: last, timeZone: zone };
      }
      await api.calendar.updateEvent({
        params: { eventId: scope === 'all' ? (o.seriesId ?? o.eventId) : o.eventId },
        body: {
          version: o.version,
          ...times,
          allDay,
          ...(scope ? { scope, ...(scope === 'all' ? {} : { occurrence: o.occurrence }) } : {}),
        },
      });
      invalidate(o.eventId);
    } catch (e) {
      arg.revert();
      if (isConflict(e))
        notifications.show({ color: 'orange', message: t('calendar.event.conflict'), autoClose: 10_000 });
      else
        notifications.show({
          color: 'red',
          title: t('calendar.event.saveError'),
          message: e instanceof ApiError ? e.message : t('errors.generic'),
        });
      invalidate(o.eventId);
    }
  };

  const go = (what: 'prev' | 'next' | 'today') => fc.current?.getApi()[what]();
  const changeView = (v: ViewKey) => {
    setView(v);
    fc.current?.getApi().changeView(VIEWS[v]);
  };
  const pickDate = (d: string) => {
    setDate(d);
    fc.current?.getApi().gotoDate(d);
    setDrawer(false);
  };
  const newEvent = () => {
    const now = Date.now();
    const next = Math.ceil(now / 1_800_000) * 1_800_000;
    setDialog({ mode: 'new', start: msToWall(next, zone), end: msToWall(next + 3_600_000, zone), allDay: false });
  };

  const sidebar = (
    <Sidebar
      date={date}
      onPickDate={pickDate}
      weekStart={weekStart}
      calendars={calendarsList}
      hidden={hidden}
      onToggle={toggle}
      onOpen={(o: OccurrenceView) => {
        setDrawer(false);
        setDialog({ mode: 'open', eventId: o.eventId, occurrence: o });
      }}
    />
  );
  const viewOptions = (Object.keys(VIEWS) as ViewKey[]).map((v) => ({ value: v, label: t(`calendar.views.${v}`) }));

  return (
    <Box className="cal-page" data-testid="calendar-page" data-view={view} data-zone={zone}>
      {phone ? (
        <Drawer opened={drawer} onClose={() => setDrawer(false)} title={t('calendar.views.calendarsButton')} size={300}>
          {sidebar}
        </Drawer>
      ) : (
        <Box className="cal-sidebar">{sidebar}</Box>
      )}
      <Paper className="cal-main" withBorder p={phone ? 'xs' : 'sm'} radius="md">
        <Group justify="space-between" gap="xs" mb="sm" wrap="wrap" className="cal-toolbar">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0, flex: '1 1 auto' }}>
            {phone ? (
              <ActionIcon
                variant="default"
                size="lg"
                onClick={() => setDrawer(true)}
                aria-label={t('calendar.views.calendarsButton')}
                data-testid="calendar-drawer"
              >
                <IconLayoutSidebar size={18} />
              </ActionIcon>
            ) : null}
            <Button
              variant="default"
              size="sm"
              onClick={() => go('today')}
              style={{ flexShrink: 0 }}
              data-testid="calendar-today"
            >
              {t('calendar.views.today')}
            </Button>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => go('prev')}
              aria-label={t('calendar.views.previous')}
              data-testid="calendar-prev"
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => go('next')}
              aria-label={t('calendar.views.next')}
              data-testid="calendar-next"
            >
              <IconChevronRight size={18} />
            </ActionIcon>
            <Title order={1} size="h4" className="cal-title" miw={0} data-testid="calendar-title">
              {title}
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {phone ? (
              <Select
                aria-label={t('calendar.views.label')}
                data={viewOptions}
                value={view}
                onChange={(v) => v && changeView(v as ViewKey)}
                allowDeselect={false}
                w={130}
                data-testid="calendar-view"
              />
            ) : (
              <SegmentedControl
                aria-label={t('calendar.views.label')}
                data={viewOptions}
                value={view}
                onChange={(v) => changeView(v as ViewKey)}
                data-testid="calendar-view"
              />
            )}
            <Button leftSection={<IconPlus size={16} />} onClick={newEvent} data-testid="calendar-new">
              {t('calendar.views.newEvent')}
            </Button>
          </Group>
        </Group>
        <Box
          className="cal-grid"
          role="region"
          aria-label={t('calendar.views.region')}
          data-testid="calendar-grid"
          data-loading={events.isFetching}
        >
          <FullCalendar
            ref={fc}
            plugins={PLUGINS}
            timeZone={zone}
            locales={LOCALES}
            locale={lng === 'ro' ? 'ro' : 'en'}
            firstDay={weekStart}
            initialView={initialView}
            initialDate={initialDate}
            headerToolbar={false}
            height={phone ? 'auto' : 'calc(100dvh - 190px)'}
            views={views}
            businessHours={businessHours}
            scrollTime={settings.workStart}
            nowIndicator
            selectable
            selectMirror
            editable
            eventInteractive
            dayMaxEvents
            navLinks
            allDayText={t('calendar.dialog.allDay')}
            events={entries}
            datesSet={onDatesSet}
            select={onSelect}
            eventClick={onClick}
            eventDrop={(a) => void onMoved(a)}
            eventResize={(a) => void onMoved(a)}
            eventDidMount={(info) => {
              const p = info.event.extendedProps as EntryProps;
              info.el.setAttribute('data-testid', p.kind === 'task' ? 'calendar-task' : 'calendar-event');
              if (p.kind === 'event') {
                info.el.setAttribute('data-event-id', p.occurrence.eventId);
                info.el.setAttribute('data-occurrence', p.occurrence.occurrence ?? '');
                info.el.setAttribute('data-start', p.occurrence.startUtc);
                if (p.occurrence.myState) info.el.setAttribute('data-my-state', p.occurrence.myState);
              } else info.el.setAttribute('data-task-id', p.taskId);
            }}
          />
        </Box>
      </Paper>
      <EventDialog target={dialog} onClose={() => setDialog(null)} ctx={ctx} />
      <ScopeModal question={question} />
    </Box>
  );
}
