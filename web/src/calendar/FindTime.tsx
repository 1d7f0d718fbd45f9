/**
 * "Find a time": the free/busy of everyone invited (me included) and of the room over the next week, and the
 * first slots of the meeting's length free for all within my working hours (shared/calendar/free-busy.ts
 * findFreeSlots, the same arithmetic the server uses); picking one sets start and end.
 */
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inZone } from '../components/time';
import { currentLanguage } from '../i18n';
import { useFreeBusy } from './api';
import { findFreeSlots } from '../../../shared/calendar/free-busy';

export interface WorkingTime {
  workDays: number[];
  workStart: string;
  workEnd: string;
}

const WINDOW_DAYS = 7;

export function FindTime({
  userIds,
  roomId,
  durationMs,
  tz,
  work,
  exceptEventId,
  onPick,
}: {
  userIds: string[];
  roomId: string | null;
  durationMs: number;
  tz: string;
  work: WorkingTime;
  exceptEventId?: string;
  onPick: (startMs: number, endMs: number) => void;
}) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  // the window starts at the current half hour and is fixed while the panel is open
  const [[from, to]] = useState(() => {
    const now = Math.floor(Date.now() / 1_800_000) * 1_800_000;
    return [new Date(now).toISOString(), new Date(now + WINDOW_DAYS * 86_400_000).toISOString()] as const;
  });
  const fb = useFreeBusy(userIds, roomId ? [roomId] : [], from, to, exceptEventId);
  const slots = useMemo(
    () =>
      fb.data
        ? findFreeSlots({
            busy: [...Object.values(fb.data.users), ...Object.values(fb.data.rooms)],
            fromUtc: from,
            toUtc: to,
            durationMinutes: Math.round(durationMs / 60_000),
            timeZone: tz,
            workDays: work.workDays,
            workStart: work.workStart,
            workEnd: work.workEnd,
            max: 6,
          }).map((x) => ({ start: Date.parse(x.startUtc), end: Date.parse(x.endUtc) }))
        : [],
    [fb.data, from, to, durationMs, tz, work],
  );

  const fmt = new Intl.DateTimeFormat(lng, {
    ...inZone({}),
    timeZone: tz,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  if (!userIds.length && !roomId) return <Text size="sm">{t('calendar.findTime.needPeople')}</Text>;
  return (
    <Stack gap="xs" data-testid="find-time">
      <Text size="sm" fw={500}>
        {t('calendar.findTime.title')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('calendar.findTime.hint')}
      </Text>
      {fb.isPending ? <Loader size="sm" type="dots" /> : null}
      {fb.data && !slots.length ? <Alert color="yellow">{t('calendar.findTime.none')}</Alert> : null}
      <Group gap="xs">
        {slots.map((s) => (
          <Button
            key={s.start}
            variant="light"
            size="compact-sm"
            onClick={() => onPick(s.start, s.end)}
            data-testid="find-time-slot"
            data-start={new Date(s.start).toISOString()}
            data-end={new Date(s.end).toISOString()}
            aria-label={t('calendar.findTime.pick', { when: fmt.format(s.start) })}
          >
            {fmt.format(s.start)}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}
