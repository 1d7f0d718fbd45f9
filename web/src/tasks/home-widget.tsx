/**
 * Home's "My tasks" widget: my overdue tasks, those due later today and the ones waiting for my acceptance, each row
 * opening the task. ONE request (GET /tasks/summary); "today" is the day in the person's time zone (the one the
 * portal shows times in).
 * Registered in web/src/home/registry.ts.
 */
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PeopleMap, TaskSummary } from '../../../shared/tasks/contract';
import { SUMMARY_GROUPS, SUMMARY_LIMITS, type SummaryGroupName } from '../../../shared/tasks/summary';
import { displayTimeZone, formatRelative } from '../components/time';
import { WidgetCard, WidgetEmpty, WidgetList } from '../home/WidgetCard';
import { currentLanguage } from '../i18n';
import { useApi, useSession } from '../services';

/** The person's zone (their preferences; the browser's until GET /me answers), as every time on the page. */
const viewerTimeZone = () => displayTimeZone() ?? 'UTC';

/** Under ['tasks', 'list']: every task change that refreshes the lists refreshes the widget too. */
export const taskSummaryKey = (sub: string, timeZone: string) => ['tasks', 'list', 'home-summary', sub, timeZone];

function useTaskSummary() {
  const api = useApi();
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  const timeZone = viewerTimeZone();
  return useQuery({
    queryKey: taskSummaryKey(sub, timeZone),
    queryFn: ({ signal }) => api.tasks.summary({ query: { timeZone }, signal }),
    meta: { errorKey: 'tasks.errors.list' },
  });
}

/** Where each group's "N more" leads: the Tasks page view that holds all of them. */
const MORE_HREF: Record<SummaryGroupName, string> = {
  overdue: '/tasks?view=deadlines',
  today: '/tasks?view=deadlines',
  awaitingControl: '/tasks?role=creator',
};
const GROUP_COLOR: Record<SummaryGroupName, string> = { overdue: 'red', today: 'orange', awaitingControl: 'indigo' };

const shownCount = (count: number) => (count >= SUMMARY_LIMITS.count ? `${SUMMARY_LIMITS.count - 1}+` : String(count));

function RowDetail({ group, task, people }: { group: SummaryGroupName; task: TaskSummary; people: PeopleMap }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  if (group === 'awaitingControl')
    return <>{t('tasks.home.doneBy', { name: people[task.responsibleId]?.name ?? t('tasks.someone') })}</>;
  if (!task.deadline) return null;
  if (group === 'today')
    return (
      <>
        {t('tasks.home.dueAt', {
          time: new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit', timeZone: viewerTimeZone() }).format(
            new Date(task.deadline),
          ),
        })}
      </>
    );
  return <>{t('tasks.home.wasDue', { when: formatRelative(task.deadline, lng) })}</>;
}

export default function MyTasksWidget() {
  const { t } = useTranslation();
  const summary = useTaskSummary();
  const data = summary.data;
  const groups = data ? SUMMARY_GROUPS.filter((g) => data[g].count > 0) : [];
  return (
    <WidgetCard
      id="tasks"
      title={t('tasks.home.title')}
      icon={<IconChecklist size={20} />}
      query={summary}
      isEmpty={groups.length === 0}
      moreHref="/tasks?view=deadlines"
      empty={<WidgetEmpty text={t('tasks.home.empty')} to="/tasks" action={t('tasks.home.emptyAction')} />}
    >
      {data ? (
        <Stack gap="md">
          {groups.map((g) => {
            const { items, count } = data[g];
            const headingId = `tasks-home-${g}`;
            return (
              <section
                key={g}
                aria-labelledby={headingId}
                data-testid="tasks-home-group"
                data-group={g}
                data-count={count}
              >
                <Group gap="xs" mb={6} wrap="nowrap">
                  <Text id={headingId} size="sm" fw={700} c={GROUP_COLOR[g]} component="h3" m={0}>
                    {t(`tasks.home.${g}`)}
                  </Text>
                  <Badge
                    size="sm"
                    variant="light"
                    color={GROUP_COLOR[g]}
                    aria-label={t('tasks.home.groupCount', { count })}
                  >
                    {shownCount(count)}
                  </Badge>
                </Group>
                <WidgetList gap={6}>
                  {items.map((task) => (
                    <li key={task.taskId} style={{ minWidth: 0 }}>
                      <Anchor
                        component={Link}
                        to={`/tasks/${task.taskId}`}
                        size="sm"
                        fw={500}
                        lineClamp={1}
                        data-testid="tasks-home-row"
                        data-task-id={task.taskId}
                      >
                        {task.title}
                      </Anchor>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        <RowDetail group={g} task={task} people={data.people} />
                      </Text>
                    </li>
                  ))}
                </WidgetList>
                {count > items.length ? (
                  <Anchor component={Link} to={MORE_HREF[g]} size="xs" data-testid="tasks-home-more">
                    {t('tasks.home.more', { count: count - items.length })}
                  </Anchor>
                ) : null}
              </section>
            );
          })}
        </Stack>
      ) : null}
    </WidgetCard>
  );
}
