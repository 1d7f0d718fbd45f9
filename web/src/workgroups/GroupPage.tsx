/**
 * /workgroups/:groupId — a group or project: its task board by the project's stages (drag a card to
 * another stage or another place in a stage), members with their roles (add employees or extranet people,
 * change roles, remove, leave), join / ask to join, and the pending join requests for owners and moderators.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAdjustmentsHorizontal,
  IconArrowLeft,
  IconCheck,
  IconLock,
  IconMessages,
  IconPencil,
  IconPlus,
  IconTrash,
  IconWorld,
  IconX,
} from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { GROUP_ROLES, LIMITS, type GroupDetail, type GroupRole } from '../../../shared/workgroups/contract';
import { workgroupChatId } from '../../../shared/messenger/contract';
import type { TaskSummary } from '../../../shared/tasks/contract';
import { ApiError } from '../api/client';
import { formatDateTime } from '../components/time';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { currentLanguage } from '../i18n';
import { rows, useBoard, useMoveStage } from '../tasks/api';
import { Kanban, type KanbanColumn } from '../tasks/Kanban';
import { PeoplePicker } from '../tasks/people';
import { rankBetween } from '../tasks/status';
import { TaskForm } from '../tasks/LazyTaskForm';
import { ListSkeleton, useMe } from '../tasks/TasksPage';
import { useGroup, useGroupWrite, useJoin, useMembers, useRequests } from './api';
import { GroupEditModal, StagesModal } from './GroupSettings';
import '../tasks/tasks.css';

function StageBoard({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const board = useBoard(group.groupId);
  const move = useMoveStage();
  const write = useGroupWrite(group.groupId);
  const [creatingIn, setCreatingIn] = useState<string | null>(null);
  const [stageTitle, setStageTitle] = useState('');
  const [managing, setManaging] = useState(false);
  // optimistic placement until the refetch after the move answers
  const [moved, setMoved] = useState<Record<string, { stageId: string; rank?: string }>>({});
  const canManage = me.isAdmin || group.myRole === 'owner' || group.myRole === 'moderator';
  const items = rows(board.data).map((task) =>
    moved[task.taskId]
      ? { ...task, stageId: moved[task.taskId]!.stageId, rank: moved[task.taskId]!.rank ?? 'zzzz' }
      : task,
  );
  const firstStage = group.stages[0]?.stageId;
  const columns: KanbanColumn[] = group.stages.map((s) => ({
    id: s.stageId,
    title: s.title,
    items: items
      .filter((i) => (i.stageId ?? firstStage) === s.stageId)
      .sort((a, b) => (a.rank ?? '').localeCompare(b.rank ?? '')),
  }));
  const mayMove = (task: TaskSummary) => canManage || task.creatorId === me.sub || task.responsibleId === me.sub;

  if (board.isPending) return <ListSkeleton rows={3} />;
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        {t('workgroups.board.hint')}
      </Text>
      <Kanban
        testId="stage-board"
        columns={columns}
        showStatus
        check={(task) => (mayMove(task) ? { ok: true } : { ok: false, message: t('workgroups.board.notYours') })}
        onRefused={(message) =>
          notifications.show({ color: 'orange', title: t('tasks.board.refused'), message, autoClose: 6000 })
        }
        onMove={(task, stageId, { before, after }) => {
          if (!mayMove(task)) {
            notifications.show({
              color: 'orange',
              title: t('tasks.board.refused'),
              message: t('workgroups.board.notYours'),
            });
            return;
          }
          const rank = rankBetween(before?.rank, after?.rank);
          setMoved((m) => ({ ...m, [task.taskId]: { stageId, ...(rank ? { rank } : {}) } }));
          move.mutate(
            { taskId: task.taskId, stageId, ...(rank ? { rank } : {}) },
            {
              onError: (e) =>
                notifications.show({
                  color: 'red',
                  title: t('tasks.board.refused'),
                  message: e instanceof ApiError ? e.message : t('errors.generic'),
                }),
              onSettled: () =>
                setMoved((m) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== task.taskId))),
            },
          );
        }}
        footer={(c) =>
          group.myRole || me.isAdmin ? (
            <Button
              size="xs"
              variant="subtle"
              fullWidth
              mt={6}
              leftSection={<IconPlus size={14} />}
              onClick={() => setCreatingIn(c.id)}
              data-testid="stage-new-task"
            >
              {t('tasks.newTask')}
            </Button>
          ) : null
        }
      />
      {board.hasNextPage ? (
        <Button
          variant="default"
          onClick={() => void board.fetchNextPage()}
          loading={board.isFetchingNextPage}
          style={{ alignSelf: 'center' }}
        >
          {t('tasks.list.more')}
        </Button>
      ) : null}
      {canManage && group.stages.length < LIMITS.stages ? (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (!stageTitle.trim()) return;
            write.mutate(
              (api, groupId) =>
                api.workgroups.addStage({
                  params: { groupId },
                  body: { title: stageTitle.trim(), version: group.version },
                }),
              { onSuccess: () => setStageTitle('') },
            );
          }}
        >
          <Group gap="xs" wrap="wrap" maw={560}>
            <TextInput
              size="xs"
              style={{ flex: 1 }}
              value={stageTitle}
              onChange={(e) => setStageTitle(e.currentTarget.value)}
              placeholder={t('workgroups.board.newStage')}
              aria-label={t('workgroups.board.newStage')}
              maxLength={LIMITS.stageTitleChars}
              data-testid="stage-title-input"
            />
            <Button size="xs" type="submit" variant="default" loading={write.isPending} data-testid="stage-add">
              {t('workgroups.board.addStage')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconAdjustmentsHorizontal size={14} />}
              onClick={() => setManaging(true)}
              data-testid="stages-manage"
            >
              {t('workgroups.stages.button')}
            </Button>
          </Group>
        </form>
      ) : canManage ? (
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconAdjustmentsHorizontal size={14} />}
          onClick={() => setManaging(true)}
          data-testid="stages-manage"
          style={{ alignSelf: 'flex-start' }}
        >
          {t('workgroups.stages.button')}
        </Button>
      ) : null}
      {canManage ? <StagesModal group={group} opened={managing} onClose={() => setManaging(false)} /> : null}
      <TaskForm
        opened={!!creatingIn}
        onClose={() => setCreatingIn(null)}
        me={me.sub}
        preset={{ groupId: group.groupId, ...(creatingIn ? { stageId: creatingIn } : {}) }}
        onSaved={(task) => {
          setCreatingIn(null);
          void navigate(`/tasks/${task.taskId}`);
        }}
      />
    </Stack>
  );
}

function Members({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const members = useMembers(group.groupId, true);
  const write = useGroupWrite(group.groupId);
  const [adding, setAdding] = useState<string[]>([]);
  const list = rows(members.data);
  const refresh = { onSuccess: () => void members.refetch() };
  return (
    <Stack gap="sm" data-testid="group-members">
      {group.rights.manageMembers ? (
        <Paper withBorder radius="md" p="sm">
          <Stack gap="xs">
            <PeoplePicker
              label={t('workgroups.members.add')}
              value={adding}
              onChange={setAdding}
              max={LIMITS.addMembersAtOnce}
              testId="members-add-picker"
            />
            <Text size="xs" c="dimmed">
              {t('workgroups.members.extranetHint')}{' '}
              {me.isAdmin ? (
                <Anchor component={Link} to="/company/invitations" size="xs">
                  {t('workgroups.members.inviteExtranet')}
                </Anchor>
              ) : null}
            </Text>
            <Button
              size="xs"
              disabled={adding.length === 0}
              loading={write.isPending}
              style={{ alignSelf: 'flex-start' }}
              onClick={() =>
                write.mutate(
                  (api, groupId) => api.workgroups.addMembers({ params: { groupId }, body: { userIds: adding } }),
                  { onSuccess: () => (setAdding([]), void members.refetch()) },
                )
              }
              data-testid="members-add"
            >
              {t('workgroups.members.addButton')}
            </Button>
          </Stack>
        </Paper>
      ) : null}
      {members.isPending ? (
        <ListSkeleton rows={3} />
      ) : (
        <Table.ScrollContainer minWidth={0}>
          <Table verticalSpacing="xs">
            <Table.Tbody>
              {list.map((m) => (
                <Table.Tr key={m.userId} data-testid="member" data-user-id={m.userId} data-role={m.role}>
                  <Table.Td>
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {`${m.firstName} ${m.lastName}`.trim() || t('tasks.someone')}
                    </Text>
                    {m.extranet ? (
                      <Badge size="xs" color="orange" variant="light">
                        {t('workgroups.members.extranet')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td w={150}>
                    {group.rights.changeRoles && m.userId !== me.sub && m.role !== 'owner' ? (
                      <Select
                        size="xs"
                        value={m.role}
                        data={GROUP_ROLES.map((r) => ({ value: r, label: t(`workgroups.roles.${r}`) }))}
                        onChange={(r) =>
                          r &&
                          write.mutate(
                            (api, groupId) =>
                              api.workgroups.changeRole({
                                params: { groupId, userId: m.userId },
                                body: { role: r as GroupRole },
                              }),
                            refresh,
                          )
                        }
                        allowDeselect={false}
                        aria-label={t('workgroups.members.role')}
                        data-testid="member-role"
                      />
                    ) : (
                      <Badge
                        size="sm"
                        variant="light"
                        color={m.role === 'owner' ? 'grape' : m.role === 'moderator' ? 'blue' : 'gray'}
                      >
                        {t(`workgroups.roles.${m.role}`)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td w={44}>
                    {group.rights.manageMembers && m.userId !== me.sub && m.role !== 'owner' ? (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('workgroups.members.remove')}
                        onClick={() =>
                          write.mutate(
                            (api, groupId) => api.workgroups.removeMember({ params: { groupId, userId: m.userId } }),
                            refresh,
                          )
                        }
                        data-testid="member-remove"
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {group.rights.leave ? (
        <Button
          variant="subtle"
          color="red"
          size="xs"
          style={{ alignSelf: 'flex-start' }}
          onClick={() =>
            write.mutate((api, groupId) => api.workgroups.removeMember({ params: { groupId, userId: me.sub } }), {
              onSuccess: () => void navigate('/workgroups'),
            })
          }
          data-testid="group-leave"
        >
          {t('workgroups.members.leave')}
        </Button>
      ) : null}
    </Stack>
  );
}

function Requests({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const lng = currentLanguage();
  const q = useRequests(group.groupId, true);
  const write = useGroupWrite(group.groupId);
  const items = q.data?.items ?? [];
  if (q.isPending) return <ListSkeleton rows={2} />;
  if (items.length === 0) return <Text c="dimmed">{t('workgroups.requests.none')}</Text>;
  return (
    <Stack gap="xs" data-testid="group-requests">
      {items.map((r) => (
        <Group key={r.userId} justify="space-between" wrap="wrap" data-testid="join-request" data-user-id={r.userId}>
          <div>
            <Text size="sm" fw={500}>
              {`${r.firstName} ${r.lastName}`.trim()}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(r.requestedAt, lng)}
            </Text>
          </div>
          <Group gap="xs">
            <Button
              size="xs"
              leftSection={<IconCheck size={14} />}
              onClick={() =>
                write.mutate(
                  (api, groupId) =>
                    api.workgroups.decideRequest({ params: { groupId, userId: r.userId, decision: 'approve' } }),
                  { onSuccess: () => void q.refetch() },
                )
              }
              data-testid="request-approve"
            >
              {t('workgroups.requests.approve')}
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconX size={14} />}
              onClick={() =>
                write.mutate(
                  (api, groupId) =>
                    api.workgroups.decideRequest({ params: { groupId, userId: r.userId, decision: 'reject' } }),
                  { onSuccess: () => void q.refetch() },
                )
              }
              data-testid="request-reject"
            >
              {t('workgroups.requests.reject')}
            </Button>
          </Group>
        </Group>
      ))}
    </Stack>
  );
}

export function GroupPage() {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const q = useGroup(groupId);
  const join = useJoin(groupId);
  const [tab, setTab] = useState<string>('board');
  const [editing, setEditing] = useState(false);
  useDocumentTitle(q.data?.name ?? t('workgroups.title'));
  const dates = useMemo(() => {
    const g = q.data;
    if (!g?.projectStart && !g?.projectEnd) return null;
    const f = (d: string | null) =>
      d ? new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium' }).format(new Date(`${d}T12:00:00`)) : '…';
    return `${f(g.projectStart)} – ${f(g.projectEnd)}`;
  }, [q.data]);

  if (q.isPending) {
    return (
      <Stack gap="md" data-testid="group-loading">
        <Skeleton height={32} width="50%" />
        <Skeleton height={240} />
      </Stack>
    );
  }
  if (q.isError || !q.data) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    // A closed group is 404 to non-members; someone given its link can still ask to join (nothing of it is shown).
    const asked = join.data?.status === 'requested';
    return (
      <Alert
        color={missing ? 'gray' : 'red'}
        title={missing ? t('workgroups.notFound') : t('workgroups.errors.load')}
        data-testid="group-missing"
      >
        <Stack gap="sm" align="flex-start">
          {missing ? (
            <>
              <Text size="sm">{t('workgroups.closedHint')}</Text>
              {asked ? (
                <Badge size="lg" variant="light" data-testid="group-requested">
                  {t('workgroups.requested')}
                </Badge>
              ) : (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => join.mutate()}
                  loading={join.isPending}
                  data-testid="group-ask-unseen"
                >
                  {t('workgroups.askToJoin')}
                </Button>
              )}
            </>
          ) : null}
          <Anchor component={Link} to="/workgroups">
            {t('workgroups.back')}
          </Anchor>
        </Stack>
      </Alert>
    );
  }
  const g = q.data;
  const member = g.myRole !== null;
  return (
    <Stack
      gap="md"
      data-testid="group-page"
      data-group-id={g.groupId}
      data-my-role={g.myRole ?? ''}
      className="tasks-page"
    >
      <Anchor component={Link} to="/workgroups" size="sm">
        <IconArrowLeft size={14} style={{ verticalAlign: -2 }} /> {t('workgroups.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Title order={1} fz={{ base: 22, sm: 26 }} style={{ overflowWrap: 'anywhere' }} data-testid="group-title">
            {g.name}
          </Title>
          <Group gap={6}>
            <Badge variant="light" color={g.kind === 'project' ? 'grape' : 'blue'}>
              {t(`workgroups.kind.${g.kind}`)}
            </Badge>
            <Badge
              variant="outline"
              color="gray"
              leftSection={g.visibility === 'closed' ? <IconLock size={12} /> : <IconWorld size={12} />}
            >
              {t(`workgroups.visibility.${g.visibility}`)}
            </Badge>
            <Badge variant="outline" color="gray">
              {t('workgroups.memberCount', { count: g.memberCount })}
            </Badge>
            {dates ? (
              <Text size="sm" c="dimmed">
                {dates}
              </Text>
            ) : null}
          </Group>
          {g.description ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {g.description}
            </Text>
          ) : null}
        </Stack>
        {g.rights.join ? (
          g.requested ? (
            <Badge size="lg" variant="light" data-testid="group-requested">
              {t('workgroups.requested')}
            </Badge>
          ) : (
            <Button onClick={() => join.mutate()} loading={join.isPending} data-testid="group-join">
              {g.visibility === 'open' ? t('workgroups.join') : t('workgroups.askToJoin')}
            </Button>
          )
        ) : null}
        {g.rights.edit ? (
          <Button
            variant="default"
            leftSection={<IconPencil size={16} aria-hidden="true" />}
            onClick={() => setEditing(true)}
            data-testid="group-edit-open"
          >
            {t('workgroups.edit.button')}
          </Button>
        ) : null}
        {/* the group's chat (messenger): members only — its membership follows the group */}
        {member ? (
          <Button
            component={Link}
            to={`/messenger/${workgroupChatId(g.groupId)}`}
            variant="light"
            leftSection={<IconMessages size={16} aria-hidden="true" />}
            data-testid="group-chat"
          >
            {t('messenger.workgroup.openChat')}
          </Button>
        ) : null}
      </Group>
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'board')} keepMounted={false}>
        <Tabs.List mb="sm">
          {member || g.rights.edit ? (
            <Tabs.Tab value="board" data-testid="group-tab-board">
              {t('workgroups.tabs.board')}
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="members" data-testid="group-tab-members">
            {t('workgroups.tabs.members')}
          </Tabs.Tab>
          {g.rights.manageMembers && g.visibility === 'closed' ? (
            <Tabs.Tab value="requests" data-testid="group-tab-requests">
              {t('workgroups.tabs.requests')}
            </Tabs.Tab>
          ) : null}
        </Tabs.List>
        <Tabs.Panel value="board">{member || g.rights.edit ? <StageBoard group={g} /> : null}</Tabs.Panel>
        <Tabs.Panel value="members">
          <Members group={g} />
        </Tabs.Panel>
        <Tabs.Panel value="requests">
          <Requests group={g} />
        </Tabs.Panel>
      </Tabs>
      {g.rights.edit ? <GroupEditModal group={g} opened={editing} onClose={() => setEditing(false)} /> : null}
      {!member && !g.rights.edit && tab === 'board' ? (
        <Text c="dimmed" data-testid="group-not-member">
          {t('workgroups.notMember')}
        </Text>
      ) : null}
    </Stack>
  );
}
