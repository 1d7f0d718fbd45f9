/**
 * /tasks/:taskId — a task: its status actions (only those TaskView.actions lists for me), details, the
 * description (sanitised again here), checklist (who ticked what), timer and time entries (total vs
 * planned), attachments (drive files), subtasks, rich-text comments with mentions, and the change history.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Grid,
  Group,
  Modal,
  NumberInput,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconFlame,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlayerStop,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  LIMITS,
  TASK_STATUSES,
  type StatusAction,
  type TaskStatus,
  type TaskView,
} from '../../../shared/tasks/contract';
import { ApiError } from '../api/client';
import { formatDateTime } from '../components/time';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { currentLanguage } from '../i18n';
import { useSession } from '../services';
import { useGroup } from '../workgroups/api';
import {
  rows,
  useAddTime,
  useComments,
  useDeleteTask,
  useHistory,
  useRemoveTime,
  useSubtasks,
  useTask,
  useTaskAction,
  useTaskWrite,
  useTime,
  useTimer,
  useTimerAction,
} from './api';
import { PersonName, usePeopleNames } from './people';
import { Attachments } from './Attachments';
import { SafeHtml } from './SafeHtml';
import { formatDeadline, formatDuration, isBlankHtml, isOverdue, STATUS_COLOR } from './status';
import { TaskForm } from './LazyTaskForm';
import { ListSkeleton, useMe } from './TasksPage';
import './tasks.css';

const ACTION_COLOR: Partial<Record<StatusAction, string>> = {
  start: 'blue',
  complete: 'teal',
  accept: 'teal',
  return: 'orange',
  decline: 'red',
};

function ActionButtons({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const act = useTaskAction();
  const [ask, setAsk] = useState<StatusAction | null>(null);
  const [text, setText] = useState('');
  const needs = (a: StatusAction): 'comment' | 'reason' | 'result' | null =>
    a === 'return' ? 'comment' : a === 'decline' ? 'reason' : a === 'complete' && task.requireResult ? 'result' : null;
  const run = (action: StatusAction, input: string) => {
    const field = needs(action);
    act.mutate(
      { taskId: task.taskId, action, version: task.version, ...(field ? { [field]: input } : {}) },
      {
        onSuccess: () => {
          setAsk(null);
          setText('');
        },
        onError: (e) =>
          notifications.show({
            color: e instanceof ApiError && e.status === 409 ? 'orange' : 'red',
            title: e instanceof ApiError && e.status === 409 ? t('tasks.conflict.title') : t('tasks.errors.action'),
            message: e instanceof ApiError ? e.message : t('errors.generic'),
          }),
      },
    );
  };
  if (task.actions.length === 0) return null;
  return (
    <>
      <Group gap="xs" wrap="wrap" data-testid="task-actions">
        {task.actions.map((a) => (
          <Button
            key={a}
            size="sm"
            variant={a === 'start' || a === 'complete' || a === 'accept' ? 'filled' : 'default'}
            color={ACTION_COLOR[a]}
            loading={act.isPending && act.variables?.action === a}
            onClick={() => (needs(a) ? setAsk(a) : run(a, ''))}
            data-testid={`action-${a}`}
          >
            {t(`tasks.actions.${a}`)}
          </Button>
        ))}
      </Group>
      <Modal
        opened={!!ask}
        onClose={() => setAsk(null)}
        title={ask ? t(`tasks.actions.${ask}`) : ''}
        data-testid="action-modal"
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (ask && text.trim()) run(ask, text.trim());
          }}
        >
          <Stack gap="sm">
            <Textarea
              label={ask ? t(`tasks.actions.${needs(ask) ?? 'comment'}`) : ''}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autosize
              minRows={3}
              maxLength={LIMITS.reasonChars}
              required
              data-autofocus
              data-testid="action-text"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsk(null)}>
                {t('tasks.form.cancel')}
              </Button>
              <Button type="submit" disabled={!text.trim()} loading={act.isPending} data-testid="action-submit">
                {ask ? t(`tasks.actions.${ask}`) : ''}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function Checklist({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const write = useTaskWrite(task.taskId);
  const [text, setText] = useState('');
  const names = usePeopleNames([...new Set(task.checklist.map((i) => i.doneBy).filter((x): x is string => !!x))]);
  const done = task.checklist.filter((i) => i.done).length;
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    write.mutate(
      (api, taskId) => api.tasks.addChecklist({ params: { taskId }, body: { items: [{ text: text.trim() }] } }),
      { onSuccess: () => setText('') },
    );
  };
  if (task.checklist.length === 0 && !task.rights.editChecklist) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="checklist">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="md">
          {t('tasks.checklist.title')}
        </Title>
        <Badge variant="light" data-testid="checklist-progress">
          {done}/{task.checklist.length}
        </Badge>
      </Group>
      <Stack gap={6}>
        {task.checklist.map((item) => (
          <Group
            key={item.itemId}
            gap="xs"
            wrap="nowrap"
            align="flex-start"
            data-testid="checklist-item"
            data-done={item.done ? 'true' : 'false'}
          >
            <Checkbox
              checked={item.done}
              disabled={!task.rights.tick || write.isPending}
              onChange={(e) => {
                const done = e.currentTarget.checked;
                write.mutate((api, taskId) =>
                  api.tasks.tickChecklist({ params: { taskId, itemId: item.itemId }, body: { done } }),
                );
              }}
              aria-label={item.text}
              data-testid="checklist-tick"
              mt={2}
            />
            <Box style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" td={item.done ? 'line-through' : undefined} style={{ overflowWrap: 'anywhere' }}>
                {item.text}
              </Text>
              {item.done && item.doneBy ? (
                <Text size="xs" c="dimmed" data-testid="checklist-done-by">
                  {t('tasks.checklist.doneBy', {
                    name: names[item.doneBy] ?? '',
                    when: item.doneAt ? formatDateTime(item.doneAt, lng) : '',
                  })}
                </Text>
              ) : null}
            </Box>
            {task.rights.editChecklist ? (
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('tasks.checklist.remove')}
                onClick={() =>
                  write.mutate((api, taskId) => api.tasks.removeChecklist({ params: { taskId, itemId: item.itemId } }))
                }
                data-testid="checklist-remove"
              >
                <IconTrash size={16} />
              </ActionIcon>
            ) : null}
          </Group>
        ))}
      </Stack>
      {task.rights.editChecklist && task.checklist.length < LIMITS.checklistItems ? (
        <form onSubmit={add}>
          <Group gap="xs" mt="sm" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              placeholder={t('tasks.checklist.placeholder')}
              aria-label={t('tasks.checklist.placeholder')}
              maxLength={LIMITS.checklistTextChars}
              data-testid="checklist-input"
            />
            <Button
              type="submit"
              variant="default"
              leftSection={<IconPlus size={16} />}
              loading={write.isPending}
              data-testid="checklist-add"
            >
              {t('tasks.checklist.add')}
            </Button>
          </Group>
        </form>
      ) : null}
    </Paper>
  );
}

function TimeTracking({ task, me }: { task: TaskView; me: string }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const timer = useTimer();
  const time = useTime(task.taskId);
  const timerAction = useTimerAction();
  const addTime = useAddTime(task.taskId);
  const removeTime = useRemoveTime(task.taskId);
  const [now, setNow] = useState(() => Date.now());
  const tick = useInterval(() => setNow(Date.now()), 1000);
  const running = timer.data?.state === 'running' && timer.data.taskId === task.taskId;
  const pausedHere = timer.data?.state === 'paused' && timer.data.taskId === task.taskId;
  useEffect(() => {
    if (running) tick.start();
    else tick.stop();
    return tick.stop;
  }, [running, tick]);
  const segment =
    running && timer.data?.startedAt ? Math.max(0, (now - new Date(timer.data.startedAt).getTime()) / 1000) : 0;
  const total = (time.data?.totalSeconds ?? task.timeSpentSeconds) + segment;
  const planned = task.plannedMinutes ?? time.data?.plannedMinutes ?? null;
  const [manual, setManual] = useState<{ minutes: number | ''; comment: string }>({ minutes: '', comment: '' });
  const names = usePeopleNames([...new Set(rows(time.data ? { pages: [time.data] } : undefined).map((e) => e.userId))]);

  return (
    <Paper withBorder radius="md" p="md" data-testid="time-tracking">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} fz="md">
          {t('tasks.time.title')}
        </Title>
        <Text size="sm" data-testid="time-total">
          {planned
            ? t('tasks.time.totalOfPlanned', { total: formatDuration(total), planned: formatDuration(planned * 60) })
            : t('tasks.time.total', { total: formatDuration(total) })}
        </Text>
      </Group>
      {task.rights.trackTime ? (
        <Group gap="xs" mb="sm" wrap="wrap">
          {running ? (
            <>
              <Badge color="red" variant="dot" size="lg" data-testid="timer-running">
                {formatDuration(segment)}
              </Badge>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPlayerPause size={14} />}
                onClick={() => timerAction.mutate({ kind: 'pause' })}
                data-testid="timer-pause"
              >
                {t('tasks.time.pause')}
              </Button>
              <Button
                size="xs"
                variant="default"
                color="red"
                leftSection={<IconPlayerStop size={14} />}
                onClick={() => timerAction.mutate({ kind: 'stop' })}
                data-testid="timer-stop"
              >
                {t('tasks.time.stop')}
              </Button>
            </>
          ) : (
            <>
              <Button
                size="xs"
                leftSection={<IconPlayerPlay size={14} />}
                loading={timerAction.isPending}
                onClick={() => timerAction.mutate({ kind: 'start', taskId: task.taskId })}
                data-testid="timer-start"
              >
                {pausedHere ? t('tasks.time.resume') : t('tasks.time.start')}
              </Button>
              {pausedHere ? (
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconPlayerStop size={14} />}
                  onClick={() => timerAction.mutate({ kind: 'stop' })}
                  data-testid="timer-stop"
                >
                  {t('tasks.time.stop')}
                </Button>
              ) : null}
              {timer.data?.state === 'running' && timer.data.taskId !== task.taskId ? (
                <Text size="xs" c="dimmed" data-testid="timer-elsewhere">
                  {t('tasks.time.elsewhere', { title: timer.data.taskTitle ?? '' })}
                </Text>
              ) : null}
            </>
          )}
        </Group>
      ) : null}
      {time.isPending ? (
        <Skeleton height={30} />
      ) : (
        <Stack gap={4} data-testid="time-entries">
          {(time.data?.items ?? []).map((e) => (
            <Group
              key={e.entryId}
              gap="xs"
              wrap="nowrap"
              justify="space-between"
              data-testid="time-entry"
              data-source={e.source}
            >
              <Box style={{ minWidth: 0 }}>
                <Text size="sm">
                  <b>{formatDuration(e.seconds)}</b> · {names[e.userId] ?? ''} · {formatDateTime(e.startedAt, lng)}
                  {e.edits.length ? ` · ${t('tasks.time.edited')}` : ''}
                </Text>
                {e.comment ? (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {e.comment}
                  </Text>
                ) : null}
              </Box>
              {e.userId === me ? (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('tasks.time.remove')}
                  onClick={() => removeTime.mutate(e.entryId)}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              ) : null}
            </Group>
          ))}
        </Stack>
      )}
      {task.rights.trackTime ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!manual.minutes || !manual.comment.trim()) return;
            addTime.mutate(
              { seconds: Math.round(manual.minutes * 60), comment: manual.comment.trim() },
              { onSuccess: () => setManual({ minutes: '', comment: '' }) },
            );
          }}
        >
          <Group gap="xs" mt="sm" align="flex-end" wrap="wrap">
            <NumberInput
              label={t('tasks.time.minutes')}
              value={manual.minutes}
              onChange={(n) => setManual((m) => ({ ...m, minutes: typeof n === 'number' ? n : '' }))}
              min={1}
              max={LIMITS.entrySeconds / 60}
              w={110}
              data-testid="time-minutes"
            />
            <TextInput
              label={t('tasks.time.comment')}
              value={manual.comment}
              onChange={(e) => setManual((m) => ({ ...m, comment: e.currentTarget.value }))}
              maxLength={LIMITS.entryCommentChars}
              style={{ flex: 1, minWidth: 160 }}
              data-testid="time-comment"
            />
            <Button
              type="submit"
              variant="default"
              disabled={!manual.minutes || !manual.comment.trim()}
              loading={addTime.isPending}
              data-testid="time-add"
            >
              {t('tasks.time.add')}
            </Button>
          </Group>
        </form>
      ) : null}
    </Paper>
  );
}

const CommentEditor = lazy(() => import('./CommentEditor'));

function Comments({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const q = useComments(task.taskId);
  const me = useMe();
  const session = useSession();
  const extranet = session.status === 'signedIn' && session.user.groups.includes('extranet');
  const items = rows(q.data);
  return (
    <Stack gap="sm" data-testid="comments">
      {q.isPending ? <ListSkeleton rows={2} /> : null}
      {!q.isPending && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tasks.comments.none')}
        </Text>
      ) : null}
      {items.map((c) => (
        <Paper key={c.commentId} withBorder radius="md" p="sm" data-testid="comment">
          <Group gap="xs" mb={4} justify="space-between" wrap="wrap">
            <Text size="sm" fw={600}>
              <PersonName userId={c.authorId} />
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(c.createdAt, lng)}
            </Text>
          </Group>
          <SafeHtml html={c.text} testId="comment-text" />
          {c.mentions.length ? (
            <Group gap={4} mt={4} data-testid="comment-mentions">
              {c.mentions.map((id) => (
                <Badge key={id} size="xs" variant="light" color="indigo">
                  @<PersonName userId={id} />
                </Badge>
              ))}
            </Group>
          ) : null}
        </Paper>
      ))}
      {q.hasNextPage ? (
        <Button variant="subtle" size="xs" onClick={() => void q.fetchNextPage()}>
          {t('tasks.list.more')}
        </Button>
      ) : null}
      {task.rights.comment ? (
        <Suspense fallback={<Skeleton height={150} radius="sm" />}>
          <CommentEditor task={task} me={me.sub} directory={!extranet} />
        </Suspense>
      ) : null}
    </Stack>
  );
}

const PEOPLE_FIELDS = new Set(['responsibleId', 'participantIds', 'observerIds']);

/** A history value as display text: people's ids become names, statuses their label. */
function HistoryValue({ field, value }: { field: string; value: string | null }) {
  const { t } = useTranslation();
  if (value === null || value === '') return <>—</>;
  if (PEOPLE_FIELDS.has(field)) {
    const ids = value.split(', ');
    return (
      <>
        {ids.map((id, i) => (
          <span key={id}>
            {i > 0 ? ', ' : ''}
            <PersonName userId={id} />
          </span>
        ))}
      </>
    );
  }
  if (field === 'status' && (TASK_STATUSES as readonly string[]).includes(value))
    return <>{t(`tasks.status.${value as TaskStatus}`)}</>;
  if (field === 'deadline' && !Number.isNaN(new Date(value).getTime()))
    return <>{formatDeadline(value, currentLanguage())}</>;
  return <>{value}</>;
}

function History({ taskId }: { taskId: string }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const q = useHistory(taskId, true);
  const items = rows(q.data);
  if (q.isPending) return <ListSkeleton rows={3} />;
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('tasks.history.none')}
      </Text>
    );
  return (
    <Stack gap={6} data-testid="history">
      {items.map((h) => (
        <Group
          key={h.historyId}
          gap="xs"
          wrap="wrap"
          data-testid="history-item"
          data-field={h.field}
          className="history-item"
        >
          <Text size="xs" c="dimmed" w={150}>
            {formatDateTime(h.at, lng)}
          </Text>
          <Text size="sm" fw={500}>
            <PersonName userId={h.userId} />
          </Text>
          <Text size="sm">
            {t(`tasks.history.fields.${h.field}`, { defaultValue: h.field })}:{' '}
            <span className="history-from">
              <HistoryValue field={h.field} value={h.from} />
            </span>{' '}
            → <b data-testid="history-to">{<HistoryValue field={h.field} value={h.to} />}</b>
          </Text>
        </Group>
      ))}
      {q.hasNextPage ? (
        <Button variant="subtle" size="xs" onClick={() => void q.fetchNextPage()}>
          {t('tasks.list.more')}
        </Button>
      ) : null}
    </Stack>
  );
}

function Subtasks({ task, me }: { task: TaskView; me: string }) {
  const { t } = useTranslation();
  const q = useSubtasks(task.taskId);
  const [adding, setAdding] = useState(false);
  const navigate = useNavigate();
  const items = rows(q.data);
  return (
    <Paper withBorder radius="md" p="md" data-testid="subtasks">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="md">
          {t('tasks.subtasks.title')}
        </Title>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => setAdding(true)}
          data-testid="subtask-add"
        >
          {t('tasks.subtasks.add')}
        </Button>
      </Group>
      {q.isPending ? (
        <Skeleton height={24} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tasks.subtasks.none')}
        </Text>
      ) : (
        <Stack gap={4}>
          {items.map((s) => (
            <Group key={s.taskId} gap="xs" justify="space-between" wrap="nowrap" data-testid="subtask">
              <Anchor component={Link} to={`/tasks/${s.taskId}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {s.title}
              </Anchor>
              <Badge size="xs" variant="light" color={STATUS_COLOR[s.status]}>
                {t(`tasks.status.${s.status}`)}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
      <TaskForm
        opened={adding}
        onClose={() => setAdding(false)}
        me={me}
        preset={{ parentId: task.taskId, ...(task.groupId ? { groupId: task.groupId } : {}) }}
        onSaved={(s) => {
          setAdding(false);
          void navigate(`/tasks/${s.taskId}`);
        }}
      />
    </Paper>
  );
}

function Details({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const group = useGroup(task.groupId ?? '');
  const row = (label: string, value: React.ReactNode, testId?: string) => (
    <Group gap="xs" wrap="nowrap" align="flex-start" data-testid={testId}>
      <Text size="sm" c="dimmed" w={120} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Box style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
          {value}
        </Text>
      </Box>
    </Group>
  );
  const people = (ids: string[]) =>
    ids.length ? (
      <Stack gap={0}>
        {ids.map((id) => (
          <PersonName key={id} userId={id} />
        ))}
      </Stack>
    ) : (
      '—'
    );
  return (
    <Paper withBorder radius="md" p="md" data-testid="task-details">
      <Stack gap={8}>
        {row(t('tasks.form.responsible'), <PersonName userId={task.responsibleId} testId="detail-responsible" />)}
        {row(t('tasks.details.creator'), <PersonName userId={task.creatorId} />)}
        {row(t('tasks.form.participants'), people(task.participantIds))}
        {row(t('tasks.form.observers'), people(task.observerIds))}
        {row(
          t('tasks.form.deadline'),
          task.deadline ? (
            <Text span c={isOverdue(task.deadline, task.status) ? 'red' : undefined} inherit>
              {formatDeadline(task.deadline, lng)}
            </Text>
          ) : (
            '—'
          ),
          'detail-deadline',
        )}
        {task.groupId
          ? row(
              t('tasks.form.project'),
              <Anchor component={Link} to={`/workgroups/${task.groupId}`} size="sm">
                {group.data?.name ?? t('tasks.list.someProject')}
              </Anchor>,
            )
          : null}
        {task.parentId
          ? row(
              t('tasks.form.parent'),
              <Anchor component={Link} to={`/tasks/${task.parentId}`} size="sm" data-testid="detail-parent">
                {t('tasks.details.openParent')}
              </Anchor>,
            )
          : null}
        {task.tags.length
          ? row(
              t('tasks.form.tags'),
              <Group gap={4}>
                {task.tags.map((tag) => (
                  <Badge key={tag} size="sm" variant="outline">
                    {tag}
                  </Badge>
                ))}
              </Group>,
            )
          : null}
        {task.requireApproval ? row(t('tasks.details.control'), t('tasks.form.requireApproval')) : null}
        {task.requireResult
          ? row(t('tasks.details.result'), task.result ?? t('tasks.details.resultRequired'), 'detail-result')
          : task.result
            ? row(t('tasks.details.result'), task.result)
            : null}
        {task.declineReason ? row(t('tasks.details.declineReason'), task.declineReason) : null}
        {row(t('tasks.details.created'), formatDateTime(task.createdAt, lng))}
      </Stack>
    </Paper>
  );
}

export function TaskPage() {
  const { t } = useTranslation();
  const { taskId = '' } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const q = useTask(taskId);
  const del = useDeleteTask();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  useDocumentTitle(q.data?.title ?? t('tasks.title'));

  if (q.isPending) {
    return (
      <Stack gap="md" data-testid="task-loading">
        <Skeleton height={32} width="60%" />
        <Skeleton height={120} />
        <Skeleton height={200} />
      </Stack>
    );
  }
  if (q.isError || !q.data) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Alert
        color={missing ? 'gray' : 'red'}
        title={missing ? t('tasks.notFound') : t('tasks.errors.load')}
        data-testid="task-missing"
      >
        <Anchor component={Link} to="/tasks">
          {t('tasks.backToList')}
        </Anchor>
      </Alert>
    );
  }
  const task = q.data;
  return (
    <Stack
      gap="md"
      data-testid="task-page"
      data-task-id={task.taskId}
      data-status={task.status}
      data-version={task.version}
      className="tasks-page"
    >
      <Anchor component={Link} to="/tasks" size="sm">
        <IconArrowLeft size={14} style={{ verticalAlign: -2 }} /> {t('tasks.backToList')}
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            {task.highPriority ? (
              <Tooltip label={t('tasks.highPriority')}>
                <IconFlame
                  size={22}
                  color="var(--mantine-color-red-6)"
                  aria-label={t('tasks.highPriority')}
                  style={{ flexShrink: 0, marginTop: 6 }}
                />
              </Tooltip>
            ) : null}
            <Title order={1} fz={{ base: 22, sm: 26 }} style={{ overflowWrap: 'anywhere' }} data-testid="task-title">
              {task.title}
            </Title>
          </Group>
          <Group gap="xs">
            <Badge color={STATUS_COLOR[task.status]} variant="light" size="lg" data-testid="task-status">
              {t(`tasks.status.${task.status}`)}
            </Badge>
            {task.myRoles.map((r) => (
              <Badge key={r} variant="outline" size="sm" color="gray">
                {t(`tasks.roles.${r}`)}
              </Badge>
            ))}
          </Group>
        </Stack>
        <Group gap="xs">
          {task.rights.edit ? (
            <Button
              variant="default"
              size="sm"
              leftSection={<IconPencil size={16} />}
              onClick={() => setEditing(true)}
              data-testid="task-edit"
            >
              {t('tasks.edit')}
            </Button>
          ) : null}
          {task.rights.delete ? (
            <Button
              variant="subtle"
              color="red"
              size="sm"
              leftSection={<IconTrash size={16} />}
              onClick={() => setConfirmDelete(true)}
              data-testid="task-delete"
            >
              {t('tasks.delete')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <ActionButtons task={task} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Paper withBorder radius="md" p="md">
              {isBlankHtml(task.description) ? (
                <Text size="sm" c="dimmed">
                  {t('tasks.details.noDescription')}
                </Text>
              ) : (
                <SafeHtml html={task.description} testId="task-description" />
              )}
            </Paper>
            <Checklist task={task} />
            <Paper withBorder radius="md" p="md">
              <Title order={2} fz="md" mb="xs">
                {t('tasks.attachments.title')}
              </Title>
              <Attachments task={task} />
            </Paper>
            <Subtasks task={task} me={me.sub} />
            <Paper withBorder radius="md" p="md">
              <Tabs defaultValue="comments" keepMounted={false}>
                <Tabs.List mb="sm">
                  <Tabs.Tab value="comments" data-testid="tab-comments">
                    {t('tasks.comments.title')}
                  </Tabs.Tab>
                  <Tabs.Tab value="history" data-testid="tab-history">
                    {t('tasks.history.title')}
                  </Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="comments">
                  <Comments task={task} />
                </Tabs.Panel>
                <Tabs.Panel value="history">
                  <History taskId={task.taskId} />
                </Tabs.Panel>
              </Tabs>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Details task={task} />
            <TimeTracking task={task} me={me.sub} />
          </Stack>
        </Grid.Col>
      </Grid>
      <TaskForm
        opened={editing}
        onClose={() => setEditing(false)}
        task={task}
        me={me.sub}
        onSaved={() => setEditing(false)}
      />
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={t('tasks.deleteConfirm.title')}>
        <Stack gap="sm">
          <Text size="sm">{t('tasks.deleteConfirm.body', { title: task.title })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              {t('tasks.form.cancel')}
            </Button>
            <Button
              color="red"
              loading={del.isPending}
              onClick={() => del.mutate(task.taskId, { onSuccess: () => void navigate('/tasks') })}
              data-testid="task-delete-confirm"
            >
              {t('tasks.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
