/**
 * The event dialog (a Mantine modal, full screen on phones): a new event prefilled from the dragged slot, or an
 * existing one — its fields when I may edit it, its details and attendees' answers otherwise, my RSVP when I am
 * invited, Delete. A repeating event asks "this / following / all" before saving or deleting; a stale version
 * (409) reloads the event and says so.
 */
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  Group,
  Loader,
  Modal,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCalendarSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AVAILABILITIES,
  COLORS,
  type Availability,
  type CalendarColor,
  type CalendarSettings,
  type CalendarView,
  type EditScope,
  type EventView,
  type OccurrenceView,
} from '../../../shared/calendar/contract';
import { ApiError } from '../api/client';
import { timeZoneOptions } from '../components/time';
import { useApi, useSession } from '../services';
import { RichEditor } from '../tasks/RichEditor';
import { SafeHtml } from '../tasks/SafeHtml';
import { ckeys, isConflict, useEvent, useFreeBusy, useInvalidateCalendar, useRooms } from './api';
import { createBody, draftOf, newDraft, problemsOf, updateBody, withAllDay, withStart, type EventDraft } from './draft';
import { EventAnswers, MyAnswer } from './EventAnswers';
import { EventAttachments } from './EventAttachments';
import { EventSummary } from './EventSummary';
import { FindTime } from './FindTime';
import { MeetingFields } from './MeetingFields';
import { RecurrenceField } from './RecurrenceField';
import { RemindersField } from './RemindersField';
import { msToWall, wallToMs } from './zone';
import '../tasks/tasks.css';

export type DialogTarget =
  | { mode: 'new'; start: string; end: string; allDay: boolean }
  | { mode: 'open'; eventId: string; occurrence?: OccurrenceView };

export interface DialogContext {
  calendars: CalendarView[];
  settings: CalendarSettings;
  zone: string;
  weekStart: number;
  askScope: (kind: 'move' | 'delete') => Promise<EditScope | null>;
}

export function EventDialog({
  target,
  onClose,
  ctx,
}: {
  target: DialogTarget | null;
  onClose: () => void;
  ctx: DialogContext;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const eventId = target?.mode === 'open' ? target.eventId : null;
  const ev = useEvent(eventId);
  const title =
    target?.mode === 'new'
      ? t('calendar.dialog.newTitle')
      : ev.data?.rights.edit
        ? t('calendar.dialog.editTitle')
        : t('calendar.dialog.viewTitle');
  return (
    <Modal
      opened={!!target}
      onClose={onClose}
      title={title}
      size="xl"
      fullScreen={!!phone}
      closeButtonProps={{ 'aria-label': t('calendar.dialog.close') }}
      data-testid="event-dialog"
    >
      {target?.mode === 'new' ? (
        <DialogBody key="new" initial={newDraftFor(target, ctx)} ctx={ctx} onClose={onClose} />
      ) : target && ev.data ? (
        <DialogBody
          key={`${ev.data.eventId}:${ev.data.version}`}
          ev={ev.data}
          occurrence={target.occurrence}
          initial={draftOf(ev.data, target.occurrence)}
          ctx={ctx}
          onClose={onClose}
        />
      ) : ev.isError ? (
        <Alert color="red">{ev.error instanceof ApiError ? ev.error.message : t('errors.generic')}</Alert>
      ) : (
        <Loader type="dots" />
      )}
    </Modal>
  );
}

function newDraftFor(target: { start: string; end: string; allDay: boolean }, ctx: DialogContext): EventDraft {
  const mine = ctx.calendars.find((c) => c.kind === 'user' && c.access === 'owner') ?? ctx.calendars[0];
  return newDraft({
    calendarId: mine?.calendarId ?? '',
    start: target.start,
    end: target.end,
    allDay: target.allDay,
    timeZone: ctx.zone,
    reminders: ctx.settings.defaultReminders,
  });
}

function DialogBody({
  ev,
  occurrence,
  initial,
  ctx,
  onClose,
}: {
  ev?: EventView;
  occurrence?: OccurrenceView;
  initial: EventDraft;
  ctx: DialogContext;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.sub : '';
  const invalidate = useInvalidateCalendar();
  const [draft, setDraft] = useState(initial);
  const [tried, setTried] = useState(false);
  const [finding, setFinding] = useState(false);
  const set = (patch: Partial<EventDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const canEdit = !ev || ev.rights.edit;
  const recurring = !!ev && (occurrence?.recurring ?? !!ev.rrule);
  const problems = problemsOf(draft);
  const rooms = useRooms(canEdit);
  // all-day events span their days' midnights in the event's zone
  const span: [number, number] = [wallToMs(draft.start, draft.timeZone), wallToMs(draft.end, draft.timeZone)];
  const spanOk = Number.isFinite(span[0]) && Number.isFinite(span[1]) && span[1] > span[0];
  const roomIds = (rooms.data ?? []).slice(0, 10).map((r) => r.roomId);
  const fb = useFreeBusy(
    canEdit ? draft.people : [],
    canEdit ? roomIds : [],
    spanOk ? new Date(span[0]).toISOString() : null,
    spanOk ? new Date(span[1]).toISOString() : null,
    ev?.eventId,
  );
  const writable = ctx.calendars.filter((c) => c.access !== 'read');
  const zones = useMemo(() => timeZoneOptions(draft.timeZone), [draft.timeZone]);

  const onConflict = () => {
    notifications.show({ color: 'orange', message: t('calendar.event.conflict'), autoClose: 10_000 });
    invalidate(ev?.eventId);
  };
  const save = useMutation({
    mutationFn: async () => {
      if (!ev) return api.calendar.createEvent({ body: createBody(draft) });
      let series: { scope: EditScope; occurrence: string } | undefined;
      const occ = occurrence?.occurrence ?? ev.recurrenceId;
      if (recurring && occ) {
        const scope = await ctx.askScope('move');
        if (!scope) return null;
        series = { scope, occurrence: occ };
      }
      return api.calendar.updateEvent({
        params: { eventId: ev.eventId },
        body: updateBody(draft, initial, ev, series),
      });
    },
    onSuccess: (saved) => {
      if (!saved) return;
      qc.setQueryData(ckeys.event(saved.eventId), saved);
      invalidate(ev?.eventId ?? saved.eventId);
      notifications.show({ color: 'teal', message: t('calendar.dialog.saved') });
      onClose();
    },
    onError: (e) => {
      if (isConflict(e) && ev) onConflict();
      else
        notifications.show({
          color: 'red',
          title: t('calendar.event.saveError'),
          message: e instanceof ApiError ? e.message : t('errors.generic'),
        });
    },
  });
  const remove = useMutation({
    mutationFn: async () => {
      if (!ev) return false;
      const occ = occurrence?.occurrence ?? ev.recurrenceId;
      let scope: EditScope | undefined;
      if (recurring && occ) {
        const s = await ctx.askScope('delete');
        if (!s) return false;
        scope = s;
      } else if (!window.confirm(t('calendar.dialog.deleteConfirm', { title: ev.title }))) return false;
      await api.calendar.deleteEvent({
        params: { eventId: ev.eventId },
        query: { version: ev.version, ...(scope ? { scope, occurrence: occ } : {}) },
      });
      return true;
    },
    onSuccess: (done) => {
      if (!done) return;
      invalidate(ev?.eventId);
      notifications.show({ color: 'teal', message: t('calendar.dialog.deleted') });
      onClose();
    },
    onError: (e) => {
      if (isConflict(e)) onConflict();
      else
        notifications.show({
          color: 'red',
          title: t('calendar.event.saveError'),
          message: e instanceof ApiError ? e.message : t('errors.generic'),
        });
    },
  });

  const submit = () => {
    setTried(true);
    if (problems.length) return;
    save.mutate();
  };
  const timeInput = draft.allDay ? 'date' : 'datetime-local';
  // all-day: the field shows the last day (the API's end is the day after)
  const endShown = draft.allDay ? msToWall(wallToMs(draft.end, 'UTC') - 86_400_000, 'UTC').slice(0, 10) : draft.end;

  return (
    <Stack gap="sm" data-testid="event-form" data-event-id={ev?.eventId ?? ''} data-can-edit={canEdit}>
      {ev && recurring ? (
        <Text size="xs" c="dimmed">
          {t('calendar.dialog.openSeries')}
        </Text>
      ) : null}
      {ev?.rights.rsvp ? <MyAnswer ev={ev} me={me} /> : null}
      {!canEdit && ev ? <EventSummary ev={ev} draft={draft} zone={ctx.zone} /> : null}
      {!canEdit && ev ? (
        <EventAttachments value={draft.attachments} onChange={() => undefined} editable={false} />
      ) : null}
      {canEdit ? (
        <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="sm">
            <TextInput
              label={t('calendar.dialog.title')}
              value={draft.title}
              onChange={(e) => set({ title: e.currentTarget.value })}
              required
              maxLength={250}
              error={tried && problems.includes('title') ? t('calendar.dialog.required') : undefined}
              data-autofocus
              data-testid="event-title"
            />
            <Group grow wrap="wrap" align="flex-start">
              <Select
                label={t('calendar.dialog.calendar')}
                data={(canEdit ? writable : ctx.calendars).map((c) => ({ value: c.calendarId, label: c.name }))}
                value={draft.calendarId}
                onChange={(v) => v && set({ calendarId: v })}
                allowDeselect={false}
                miw={180}
                data-testid="event-calendar"
              />
              <Select
                label={t('calendar.dialog.timeZone')}
                data={zones}
                value={draft.timeZone}
                onChange={(v) => v && set({ timeZone: v })}
                searchable
                allowDeselect={false}
                miw={180}
                data-testid="event-time-zone"
              />
            </Group>
            <Switch
              label={t('calendar.dialog.allDay')}
              checked={draft.allDay}
              onChange={(e) => setDraft((d) => withAllDay(d, e.currentTarget.checked))}
              data-testid="event-all-day"
            />
            <Group grow wrap="wrap" align="flex-start">
              <TextInput
                type={timeInput}
                label={t('calendar.dialog.start')}
                value={draft.start}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setDraft((d) => withStart(d, v));
                }}
                miw={180}
                data-testid="event-start"
              />
              <TextInput
                type={timeInput}
                label={t('calendar.dialog.end')}
                value={endShown}
                min={draft.start}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  if (!v) return;
                  set({ end: draft.allDay ? msToWall(wallToMs(v, 'UTC') + 86_400_000, 'UTC').slice(0, 10) : v });
                }}
                error={tried && problems.includes('end') ? t('calendar.dialog.endBeforeStart') : undefined}
                miw={180}
                data-testid="event-end"
              />
            </Group>
            <TextInput
              label={t('calendar.dialog.place')}
              value={draft.place}
              onChange={(e) => set({ place: e.currentTarget.value })}
              maxLength={250}
              data-testid="event-place"
            />
            {canEdit ? (
              <RichEditor
                label={t('calendar.dialog.description')}
                value={draft.description}
                onChange={(description) => set({ description })}
                testId="event-description"
                compact
              />
            ) : draft.description ? (
              <SafeHtml html={draft.description} testId="event-description" />
            ) : null}
            <Group grow wrap="wrap" align="flex-end">
              <Select
                label={t('calendar.dialog.availability')}
                data={AVAILABILITIES.map((a) => ({ value: a, label: t(`calendar.dialog.availabilities.${a}`) }))}
                value={draft.availability}
                onChange={(v) => v && set({ availability: v as Availability })}
                allowDeselect={false}
                miw={150}
                data-testid="event-availability"
              />
              <Select
                label={t('calendar.dialog.color')}
                placeholder={t('calendar.dialog.calendarColor')}
                data={COLORS.map((c) => ({ value: c, label: t(`calendar.dialog.colors.${c}`) }))}
                value={draft.color}
                onChange={(v) => set({ color: (v as CalendarColor | null) ?? null })}
                clearable
                miw={150}
                data-testid="event-color"
              />
            </Group>
            <Checkbox
              label={t('calendar.dialog.private')}
              checked={draft.private}
              onChange={(e) => set({ private: e.currentTarget.checked })}
              data-testid="event-private"
            />
            <RecurrenceField
              value={draft.recurrence}
              onChange={(recurrence) => set({ recurrence })}
              start={draft.start}
              customRule={draft.customRule}
              onClearCustom={() => set({ customRule: null })}
              weekStart={ctx.weekStart}
            />
            <RemindersField value={draft.reminders} onChange={(reminders) => set({ reminders })} />
            <Divider />
            {canEdit ? (
              <>
                <MeetingFields draft={draft} set={set} freeBusy={fb.data} span={span} rooms={rooms.data ?? []} />
                <Button
                  variant="light"
                  leftSection={<IconCalendarSearch size={16} />}
                  onClick={() => setFinding((f) => !f)}
                  style={{ alignSelf: 'flex-start' }}
                  aria-expanded={finding}
                  data-testid="find-time-button"
                >
                  {t('calendar.findTime.button')}
                </Button>
                {finding && spanOk ? (
                  <FindTime
                    userIds={[...new Set([me, ...draft.people].filter(Boolean))]}
                    roomId={draft.roomId}
                    durationMs={span[1] - span[0]}
                    tz={ctx.zone}
                    work={ctx.settings}
                    exceptEventId={ev?.eventId}
                    onPick={(s, e) => {
                      setDraft((d) => ({
                        ...d,
                        allDay: false,
                        timeZone: ctx.zone,
                        start: msToWall(s, ctx.zone),
                        end: msToWall(e, ctx.zone),
                      }));
                      setFinding(false);
                    }}
                  />
                ) : null}
              </>
            ) : null}
            <EventAttachments value={draft.attachments} onChange={(attachments) => set({ attachments })} editable />
          </Stack>
        </fieldset>
      ) : null}
      {ev ? <EventAnswers ev={ev} /> : null}
      <Group justify="space-between" mt="sm">
        <Group gap="xs">
          {ev?.rights.delete ? (
            <Button
              color="red"
              variant="light"
              onClick={() => remove.mutate()}
              loading={remove.isPending}
              data-testid="event-delete"
            >
              {t('calendar.dialog.delete')}
            </Button>
          ) : null}
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={onClose} data-testid="event-cancel">
            {canEdit ? t('calendar.dialog.cancel') : t('calendar.dialog.close')}
          </Button>
          {canEdit ? (
            <Button onClick={submit} loading={save.isPending} data-testid="event-save">
              {t('calendar.dialog.save')}
            </Button>
          ) : null}
        </Group>
      </Group>
    </Stack>
  );
}
