/**
 * The tasks' pieces in the portal frame (kept small: they load with the shell): the overdue counter in the
 * navigation, and the live bridge — a `task.changed` frame refetches that task, the lists and the counter.
 */
import { Badge } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LiveContext } from '../services';
import { tkeys, useOverdueCount } from './api';

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
    <Badge size="sm" color="red" variant="filled" circle={n < 10} data-testid="nav-tasks-overdue" aria-label={t('tasks.overdueAria', { count: n })}>
      {n > 99 ? '99+' : n}
    </Badge>
  );
}
