/**
 * The tasks' pieces in the portal frame (kept small: they load with the shell): the overdue counter in the
 * navigation, the live bridge — a `task.changed` frame refetches that task, the lists and the counter — and my
 * running timer in the header (one per person: starting one elsewhere pauses this one, so the header follows the
 * server's TimerView) with pause / resume / stop.
 */
import { Affix, Badge, Button, Group, Popover, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconClockPlay, IconPlayerPause, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LiveContext } from '../services';
import { tkeys, useOverdueCount, useTimer, useTimerAction } from './api';
import { formatDuration } from './status';

/** My timer in the header: elapsed time of the running segment (or "paused"), a popover with the task and controls. */
export function HeaderTimer() {
  const { t } = useTranslation();
  // Phones: the header is full at 375 px, so the timer floats at the bottom right (same popover and controls).
  const compact = useMediaQuery('(max-width: 47.99em)');
  const timer = useTimer();
  const act = useTimerAction();
  const [now, setNow] = useState(() => Date.now());
  const running = timer.data?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [running]);
  const [opened, setOpened] = useState(false);
  const v = timer.data;
  if (!v || v.state === 'idle' || !v.taskId) return null;
  const elapsed =
    running && v.startedAt ? formatDuration((now - Date.parse(v.startedAt)) / 1000) : t('tasks.time.paused');
  const label = t('tasks.time.headerAria', { title: v.taskTitle ?? '', state: elapsed });
  const target = (
    <Button
      size={compact ? 'sm' : 'compact-sm'}
      radius={compact ? 'xl' : undefined}
      variant={running ? (compact ? 'filled' : 'light') : 'default'}
      color={running ? 'teal' : 'gray'}
      leftSection={<IconClockPlay size={16} />}
      aria-label={label}
      data-testid="header-timer"
      data-state={v.state}
      onClick={() => setOpened((o) => !o)}
      className="header-timer"
      style={compact ? { boxShadow: 'var(--mantine-shadow-md)' } : undefined}
    >
      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{elapsed}</span>
    </Button>
  );
  const popover = (
    <Popover
      opened={opened}
      onChange={setOpened}
      position={compact ? 'top-end' : 'bottom-end'}
      withArrow
      shadow="md"
      width={260}
    >
      <Popover.Target>{target}</Popover.Target>
      <Popover.Dropdown data-testid="header-timer-panel">
        <Stack gap="xs">
          <Text size="xs" c="dimmed">
            {running ? t('tasks.time.runningOn') : t('tasks.time.pausedOn')}
          </Text>
          <Text
            size="sm"
            fw={600}
            component={Link}
            to={`/tasks/${v.taskId}`}
            onClick={() => setOpened(false)}
            className="task-link"
            data-testid="header-timer-task"
          >
            {v.taskTitle}
          </Text>
          {running ? (
            <Text size="lg" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {elapsed}
            </Text>
          ) : null}
          <Group gap="xs">
            {running ? (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPlayerPause size={14} />}
                loading={act.isPending}
                onClick={() => act.mutate({ kind: 'pause' })}
                data-testid="header-timer-pause"
              >
                {t('tasks.time.pause')}
              </Button>
            ) : (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPlayerPlay size={14} />}
                loading={act.isPending}
                onClick={() => act.mutate({ kind: 'start', taskId: v.taskId! })}
                data-testid="header-timer-resume"
              >
                {t('tasks.time.resume')}
              </Button>
            )}
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconPlayerStop size={14} />}
              loading={act.isPending}
              onClick={() => act.mutate({ kind: 'stop' }, { onSuccess: () => setOpened(false) })}
              data-testid="header-timer-stop"
            >
              {t('tasks.time.stop')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
  return compact ? <Affix position={{ bottom: 16, right: 16 }}>{popover}</Affix> : popover;
}

export function TasksNavBadge() {
  const { t } = useTranslation();
  const live = useContext(LiveContext);
  const qc = useQueryClient();
  const overdue = useOverdueCount();
  useEffect(() => {
    if (!live) return;
    return live.onFrame((f) => {
      if (f.type !== 'task.changed' || typeof f.taskId !== 'string') return;
      void qc.invalidateQueries({ queryKey: tkeys.task(f.taskId) });
      void qc.invalidateQueries({ queryKey: tkeys.lists });
      void qc.invalidateQueries({ queryKey: tkeys.overdue });
    });
  }, [live, qc]);
  const n = overdue.data?.overdue ?? 0;
  if (n <= 0) return null;
  return (
    <Badge
      size="sm"
      color="red"
      variant="filled"
      circle={n < 10}
      data-testid="nav-tasks-overdue"
      aria-label={t('tasks.overdueAria', { count: n })}
    >
      {n > 99 ? '99+' : n}
    </Badge>
  );
}
