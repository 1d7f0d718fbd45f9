/**
 * /tasks: my tasks by role (I do / I help / I created / I watch) as a list (status, deadline, project and overdue
 * filters and the deadline order all answered by the server, one Query per page; "load more" with the cursor),
 * the "Deadlines" view (overdue / today / this week / later, one Query each) and a Kanban by status where
 * dropping a card takes the matching status action (refused visibly when the status machine says no).
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconFlame, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  DEADLINE_BUCKETS,
  DUE_FILTERS,
  TASK_ROLES,
  TASK_STATUSES,
  type DeadlineBucket,
  type DueFilter,
  type StatusAction,
  type TaskRole,
  type TaskStatus,
  type TaskSummary,
} from '../../../shared/tasks/contract';
import { ApiError } from '../api/client';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { currentLanguage } from '../i18n';
import { useSession } from '../services';
import { useMyGroups } from '../workgroups/api';
import { rows, useDeadlines, useMyTasks, useTaskAction, type StatusFilter } from './api';
import { Kanban, TaskCard, type KanbanColumn } from './Kanban';
import { PersonName } from './people';
import { BOARD_STATUSES, dropAction, formatDeadline, STATUS_COLOR } from './status';
import { TaskForm } from './LazyTaskForm';
import './tasks.css';

type View = 'list' | 'deadlines' | 'board';
type DeadlineFilter = 'any' | DueFilter;
type Sort = 'status' | 'deadline';

export function useMe() {
  const s = useSession();
  return s.status === 'signedIn'
    ? { sub: s.user.sub, isAdmin: s.user.groups.includes('admin') }
    : { sub: '', isAdmin: false };
}

export function ListSkeleton({ rows: n = 5 }: { rows?: number }) {
  return (
    <Stack gap="xs" data-testid="tasks-loading" aria-busy="true">
      {Array.from({ length: n }, (_, i) => (
        <Skeleton key={i} height={44} radius="sm" />
      ))}
    </Stack>
  );
}

function TaskRows({ items, groups }: { items: TaskSummary[]; groups: Map<string, string> }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const phone = useMediaQuery('(max-width: 48em)');
  if (phone) {
    return (
      <Stack gap="xs" data-testid="task-list">
        {items.map((task) => (
          <Box key={task.taskId} data-testid="task-row" data-task-id={task.taskId}>
            <TaskCard task={task} showStatus />
          </Box>
        ))}
      </Stack>
    );
  }
  return (
    <Table highlightOnHover verticalSpacing="xs" data-testid="task-list" className="task-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('tasks.list.title')}</Table.Th>
          <Table.Th>{t('tasks.list.status')}</Table.Th>
          <Table.Th>{t('tasks.list.deadline')}</Table.Th>
          <Table.Th>{t('tasks.list.responsible')}</Table.Th>
          <Table.Th>{t('tasks.list.project')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((task) => (
          <Table.Tr key={task.taskId} data-testid="task-row" data-task-id={task.taskId} data-status={task.status}>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                {task.highPriority ? (
                  <IconFlame size={16} color="var(--mantine-color-red-6)" aria-label={t('tasks.highPriority')} />
                ) : null}
                <Text
                  component={Link}
                  to={`/tasks/${task.taskId}`}
                  size="sm"
                  fw={500}
                  className="task-link"
                  data-testid="task-row-title"
                >
                  {task.title}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={STATUS_COLOR[task.status]} size="sm">
                {t(`tasks.status.${task.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              {task.deadline ? (
                <Text size="sm" c={task.overdue ? 'red' : undefined} fw={task.overdue ? 600 : undefined}>
                  {task.overdue ? (
                    <IconAlertTriangle
                      size={14}
                      style={{ verticalAlign: -2, marginRight: 4 }}
                      aria-label={t('tasks.overdue')}
                    />
                  ) : null}
                  {formatDeadline(task.deadline, lng)}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                <PersonName userId={task.responsibleId} />
              </Text>
            </Table.Td>
            <Table.Td>
              {task.groupId ? (
                <Text size="sm" component={Link} to={`/workgroups/${task.groupId}`} className="task-link">
                  {groups.get(task.groupId) ?? t('tasks.list.someProject')}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ListView({ role, groups }: { role: TaskRole; groups: Map<string, string> }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [deadline, setDeadline] = useState<DeadlineFilter>('any');
  const [project, setProject] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>('status');
  // Every filter goes to the server (one Query per page); a deadline filter or order needs open or one status.
  const due = deadline === 'any' ? null : deadline;
  const q = useMyTasks(role, { status, due, groupId: project, sort: project ? 'status' : sort });
  const items = rows(q.data);
  const pickDeadline = (d: DeadlineFilter) => {
    setDeadline(d);
    if (d !== 'any' && status === 'all') setStatus('open');
  };
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap" className="task-filters">
        <Select
          size="xs"
          label={t('tasks.filters.status')}
          value={status}
          onChange={(v) => setStatus((v as StatusFilter) ?? 'open')}
          data={(['open', 'all', ...TASK_STATUSES] as const).map((s) => ({
            value: s,
            label: t(`tasks.filters.statuses.${s}`),
            disabled: s === 'all' && (deadline !== 'any' || sort === 'deadline'),
          }))}
          allowDeselect={false}
          data-testid="filter-status"
          w={170}
        />
        <Select
          size="xs"
          label={t('tasks.filters.deadline')}
          value={deadline}
          onChange={(v) => pickDeadline((v as DeadlineFilter) ?? 'any')}
          data={(['any', ...DUE_FILTERS] as const).map((s) => ({ value: s, label: t(`tasks.filters.deadlines.${s}`) }))}
          allowDeselect={false}
          data-testid="filter-deadline"
          w={150}
        />
        <Select
          size="xs"
          label={t('tasks.filters.project')}
          value={project}
          onChange={setProject}
          data={[...groups].map(([value, label]) => ({ value, label }))}
          clearable
          placeholder={t('tasks.filters.anyProject')}
          data-testid="filter-project"
          w={170}
        />
        <Select
          size="xs"
          label={t('tasks.filters.sort')}
          value={project ? 'status' : sort}
          onChange={(v) => {
            const next = (v as Sort) ?? 'status';
            setSort(next);
            if (next === 'deadline' && status === 'all') setStatus('open');
          }}
          data={(['status', 'deadline'] as const).map((s) => ({ value: s, label: t(`tasks.filters.sorts.${s}`) }))}
          allowDeselect={false}
          disabled={!!project}
          data-testid="filter-sort"
          w={150}
        />
        <Checkbox
          mt={22}
          label={t('tasks.filters.overdueOnly')}
          checked={deadline === 'overdue'}
          onChange={(e) => pickDeadline(e.currentTarget.checked ? 'overdue' : 'any')}
          data-testid="filter-overdue"
        />
      </Group>
      {q.isPending ? (
        <ListSkeleton />
      ) : q.isError ? (
        <Alert color="red">{t('tasks.errors.list')}</Alert>
      ) : items.length === 0 ? (
        <Paper withBorder p="lg" radius="md" data-testid="tasks-empty">
          <Text c="dimmed" ta="center">
            {deadline !== 'any' || project || status !== 'open' ? t('tasks.list.noneMatch') : t('tasks.list.empty')}
          </Text>
        </Paper>
      ) : (
        <TaskRows items={items} groups={groups} />
      )}
      {q.hasNextPage ? (
        <Button
          variant="default"
          onClick={() => void q.fetchNextPage()}
          loading={q.isFetchingNextPage}
          data-testid="tasks-more"
          style={{ alignSelf: 'center' }}
        >
          {t('tasks.list.more')}
        </Button>
      ) : null}
    </Stack>
  );
}

function DeadlineBucketSection({ bucket, groups }: { bucket: DeadlineBucket; groups: Map<string, string> }) {
  const { t } = useTranslation();
  const q = useDeadlines(bucket);
  const items = rows(q.data);
  return (
    <Paper withBorder radius="md" p="sm" data-testid={`deadlines-${bucket}`}>
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="md" c={bucket === 'overdue' && items.length ? 'red' : undefined}>
          {t(`tasks.deadlines.${bucket}`)}
        </Title>
        <Badge variant="light" color={bucket === 'overdue' ? 'red' : 'gray'}>
          {items.length}
          {q.hasNextPage ? '+' : ''}
        </Badge>
      </Group>
      {q.isPending ? (
        <ListSkeleton rows={2} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tasks.deadlines.none')}
        </Text>
      ) : (
        <TaskRows items={items} groups={groups} />
      )}
      {q.hasNextPage ? (
        <Button
          variant="subtle"
          size="xs"
          mt="xs"
          onClick={() => void q.fetchNextPage()}
          loading={q.isFetchingNextPage}
        >
          {t('tasks.list.more')}
        </Button>
      ) : null}
    </Paper>
  );
}

/** Asks for the comment (return) or reason (decline) a dropped card's action needs. */
export function ReasonModal({
  request,
  onCancel,
  onSubmit,
}: {
  request: { action: StatusAction; title: string; needs?: 'comment' | 'reason' | 'result' | null } | null;
  onCancel: () => void;
  onSubmit: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <Modal
      opened={!!request}
      onClose={onCancel}
      title={request ? t(`tasks.actions.${request.action}`) : ''}
      data-testid="reason-modal"
    >
      <Stack gap="sm">
        <Text size="sm">{request?.title}</Text>
        <Textarea
          label={
            request?.needs === 'result'
              ? t('tasks.actions.result')
              : request?.action === 'decline'
                ? t('tasks.actions.reason')
                : t('tasks.actions.comment')
          }
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={3}
          required
          data-autofocus
          data-testid="reason-input"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('tasks.form.cancel')}
          </Button>
          <Button
            disabled={!text.trim()}
            onClick={() => {
              onSubmit(text.trim());
              setText('');
            }}
            data-testid="reason-submit"
          >
            {request ? t(`tasks.actions.${request.action}`) : ''}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function useActionErrorMessage() {
  const { t } = useTranslation();
  return (e: unknown) => (e instanceof ApiError ? e.message : t('errors.generic'));
}

function StatusBoard({ role }: { role: TaskRole }) {
  const { t } = useTranslation();
  const me = useMe();
  const q = useMyTasks(role, { status: 'all', due: null, groupId: null });
  const act = useTaskAction();
  const errorText = useActionErrorMessage();
  const [pending, setPending] = useState<{
    task: TaskSummary;
    action: StatusAction;
    needs: 'comment' | 'reason' | 'result';
    to: TaskStatus;
  } | null>(null);
  // a dropped card shows in its new column at once; the refetch after the action confirms or undoes it
  const [moved, setMoved] = useState<Record<string, TaskStatus>>({});
  const items = rows(q.data).map((task) => (moved[task.taskId] ? { ...task, status: moved[task.taskId]! } : task));
  const columns: KanbanColumn[] = BOARD_STATUSES.map((s) => ({
    id: s,
    title: t(`tasks.status.${s}`),
    color: STATUS_COLOR[s],
    items: items.filter((i) => i.status === s),
  }));

  const run = (
    task: TaskSummary,
    action: StatusAction,
    to: TaskStatus,
    extra: { comment?: string; reason?: string; result?: string } = {},
  ) => {
    setMoved((m) => ({ ...m, [task.taskId]: to }));
    act.mutate(
      { taskId: task.taskId, action, ...extra },
      {
        onError: (e) =>
          notifications.show({ color: 'red', title: t('tasks.board.refused'), message: errorText(e), autoClose: 8000 }),
        onSettled: () => setMoved((m) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== task.taskId))),
      },
    );
  };

  if (q.isPending) return <ListSkeleton />;
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        {t('tasks.board.hint')}
      </Text>
      <Kanban
        testId="status-board"
        columns={columns}
        check={(task, to) => {
          const r = dropAction(task, to as TaskStatus, me.sub, me.isAdmin);
          return r.ok
            ? { ok: true }
            : {
                ok: false,
                message: t(`tasks.board.why.${r.reason}`, {
                  from: t(`tasks.status.${task.status}`),
                  to: t(`tasks.status.${to as TaskStatus}`),
                }),
              };
        }}
        onMove={(task, to) => {
          const r = dropAction(task, to as TaskStatus, me.sub, me.isAdmin);
          if (!r.ok) return; // same column: a status board has no order inside a column
          if (r.needs) setPending({ task, action: r.action, needs: r.needs, to: to as TaskStatus });
          else run(task, r.action, to as TaskStatus);
        }}
        onRefused={(message) =>
          notifications.show({ color: 'orange', title: t('tasks.board.refused'), message, autoClose: 6000 })
        }
      />
      {q.hasNextPage ? (
        <Button
          variant="default"
          onClick={() => void q.fetchNextPage()}
          loading={q.isFetchingNextPage}
          style={{ alignSelf: 'center' }}
        >
          {t('tasks.list.more')}
        </Button>
      ) : null}
      <ReasonModal
        request={pending ? { action: pending.action, title: pending.task.title, needs: pending.needs } : null}
        onCancel={() => setPending(null)}
        onSubmit={(text) => {
          if (!pending) return;
          run(pending.task, pending.action, pending.to, { [pending.needs]: text });
          setPending(null);
        }}
      />
    </Stack>
  );
}

export function TasksPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('tasks.title'));
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = (
    ['list', 'deadlines', 'board'].includes(params.get('view') ?? '') ? params.get('view') : 'list'
  ) as View;
  const role = (
    (TASK_ROLES as readonly string[]).includes(params.get('role') ?? '') ? params.get('role') : 'responsible'
  ) as TaskRole;
  const [creating, setCreating] = useState(false);
  const myGroups = useMyGroups();
  const groups = useMemo(() => new Map(rows(myGroups.data).map((g) => [g.groupId, g.name])), [myGroups.data]);
  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md" data-testid="tasks-page" className="tasks-page">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} fz={{ base: 24, sm: 28 }}>
          {t('tasks.title')}
        </Title>
        <Group gap="xs" wrap="wrap">
          <Button variant="default" component={Link} to="/workgroups" data-testid="to-workgroups">
            {t('workgroups.title')}
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-task">
            {t('tasks.newTask')}
          </Button>
        </Group>
      </Group>
      <SegmentedControl
        value={view}
        onChange={(v) => setParam('view', v)}
        data={(['list', 'deadlines', 'board'] as const).map((v) => ({ value: v, label: t(`tasks.views.${v}`) }))}
        data-testid="tasks-view"
        style={{ alignSelf: 'flex-start' }}
      />
      {view !== 'deadlines' ? (
        <Tabs value={role} onChange={(v) => v && setParam('role', v)} data-testid="role-tabs">
          <Tabs.List className="role-tabs">
            {TASK_ROLES.map((r) => (
              <Tabs.Tab key={r} value={r} data-testid={`role-${r}`}>
                {t(`tasks.roles.${r}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      ) : null}
      {view === 'list' ? <ListView key={role} role={role} groups={groups} /> : null}
      {view === 'board' ? <StatusBoard key={role} role={role} /> : null}
      {view === 'deadlines' ? (
        <Stack gap="sm" data-testid="deadlines-view">
          {DEADLINE_BUCKETS.map((b) => (
            <DeadlineBucketSection key={b} bucket={b} groups={groups} />
          ))}
        </Stack>
      ) : null}
      <TaskForm
        opened={creating}
        onClose={() => setCreating(false)}
        me={me.sub}
        onSaved={(task) => void navigate(`/tasks/${task.taskId}`)}
      />
    </Stack>
  );
}
