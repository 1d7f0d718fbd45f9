/**
 * /workgroups: my groups and projects, the directory of open groups (search by name), and "New group"
 * (name, description, group or project, open or closed, project dates, members and moderators).
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconLock, IconPlus, IconWorld } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LIMITS, type GroupKind, type GroupSummary, type GroupVisibility } from '../../../shared/workgroups/contract';
import { ApiError } from '../api/client';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { rows } from '../tasks/api';
import { PeoplePicker } from '../tasks/people';
import { useSession } from '../services';
import { useCreateGroup, useMyGroups, useOpenGroups } from './api';
import '@mantine/dates/styles.css';
import '../tasks/tasks.css';

function GroupCard({ g }: { g: GroupSummary }) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component={Link}
      to={`/workgroups/${g.groupId}`}
      className="task-link"
      data-testid="group-card"
      data-group-id={g.groupId}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="group-name">
          {g.name}
        </Text>
        {g.visibility === 'closed' ? (
          <IconLock size={16} aria-label={t('workgroups.visibility.closed')} />
        ) : (
          <IconWorld size={16} aria-label={t('workgroups.visibility.open')} />
        )}
      </Group>
      <Group gap={6} mt={6}>
        <Badge size="sm" variant="light" color={g.kind === 'project' ? 'grape' : 'blue'}>
          {t(`workgroups.kind.${g.kind}`)}
        </Badge>
        {g.myRole ? (
          <Badge size="sm" variant="outline" color="gray">
            {t(`workgroups.roles.${g.myRole}`)}
          </Badge>
        ) : null}
      </Group>
    </Paper>
  );
}

function GroupGrid({
  items,
  pending,
  more,
}: {
  items: GroupSummary[];
  pending: boolean;
  more?: { has: boolean; load: () => void; loading: boolean };
}) {
  const { t } = useTranslation();
  if (pending) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="groups-loading">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={76} radius="md" />
        ))}
      </SimpleGrid>
    );
  }
  if (items.length === 0) {
    return (
      <Text c="dimmed" data-testid="groups-empty">
        {t('workgroups.none')}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="group-list">
        {items.map((g) => (
          <GroupCard key={g.groupId} g={g} />
        ))}
      </SimpleGrid>
      {more?.has ? (
        <Button variant="default" onClick={more.load} loading={more.loading} style={{ alignSelf: 'center' }}>
          {t('tasks.list.more')}
        </Button>
      ) : null}
    </Stack>
  );
}

export function CreateGroupModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const navigate = useNavigate();
  const create = useCreateGroup();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<GroupKind>('project');
  const [visibility, setVisibility] = useState<GroupVisibility>('open');
  const [dates, setDates] = useState<[string | null, string | null]>([null, null]);
  const [members, setMembers] = useState<string[]>([]);
  const [moderators, setModerators] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ name: t('tasks.form.required') });
      return;
    }
    create.mutate(
      {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        kind,
        visibility,
        ...(kind === 'project' && dates[0] ? { projectStart: dates[0].slice(0, 10) } : {}),
        ...(kind === 'project' && dates[1] ? { projectEnd: dates[1].slice(0, 10) } : {}),
        ...(members.length ? { memberIds: members } : {}),
        ...(moderators.length ? { moderatorIds: moderators } : {}),
      },
      {
        onSuccess: (g) => {
          onClose();
          void navigate(`/workgroups/${g.groupId}`);
        },
        onError: (err) => {
          const out: Record<string, string> = {};
          if (err instanceof ApiError)
            for (const f of err.fields ?? []) out[f.path.replace(/^body\./, '').split('.')[0] ?? 'form'] = f.reason;
          setErrors(Object.keys(out).length ? out : { form: err.message });
        },
      },
    );
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('workgroups.create.title')}
      size="lg"
      fullScreen={!!phone}
      data-testid="group-form"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {errors.form ? <Alert color="red">{errors.form}</Alert> : null}
          <TextInput
            label={t('workgroups.create.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={LIMITS.nameChars}
            error={errors.name}
            data-testid="group-name-input"
            data-autofocus
          />
          <Textarea
            label={t('workgroups.create.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            maxLength={LIMITS.descriptionChars}
            autosize
            minRows={2}
            error={errors.description}
            data-testid="group-description-input"
          />
          <Group gap="md" wrap="wrap">
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as GroupKind)}
              data={(['project', 'group'] as const).map((k) => ({ value: k, label: t(`workgroups.kind.${k}`) }))}
              data-testid="group-kind"
            />
            <SegmentedControl
              value={visibility}
              onChange={(v) => setVisibility(v as GroupVisibility)}
              data={(['open', 'closed'] as const).map((k) => ({ value: k, label: t(`workgroups.visibility.${k}`) }))}
              data-testid="group-visibility"
            />
          </Group>
          {kind === 'project' ? (
            <DatePickerInput
              type="range"
              label={t('workgroups.create.dates')}
              value={dates}
              onChange={(v) => setDates([v[0] ? String(v[0]) : null, v[1] ? String(v[1]) : null])}
              clearable
              valueFormat="DD.MM.YYYY"
              error={errors.projectEnd ?? errors.projectStart}
              data-testid="group-dates"
            />
          ) : null}
          <PeoplePicker
            label={t('workgroups.create.members')}
            value={members}
            onChange={setMembers}
            max={LIMITS.addMembersAtOnce}
            testId="group-members"
            error={errors.memberIds}
          />
          <PeoplePicker
            label={t('workgroups.create.moderators')}
            value={moderators}
            onChange={setModerators}
            max={LIMITS.addMembersAtOnce}
            testId="group-moderators"
            error={errors.moderatorIds}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('tasks.form.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="group-save">
              {t('workgroups.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function WorkgroupsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('workgroups.title'));
  const session = useSession();
  const employee = session.status === 'signedIn' && !session.user.groups.includes('extranet');
  const [tab, setTab] = useState<'mine' | 'open'>('mine');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [creating, setCreating] = useState(false);
  const mine = useMyGroups();
  const open = useOpenGroups(debounced, tab === 'open' && employee);
  return (
    <Stack gap="md" data-testid="workgroups-page" className="tasks-page">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} fz={{ base: 24, sm: 28 }}>
          {t('workgroups.title')}
        </Title>
        <Group gap="xs">
          <Button variant="default" component={Link} to="/tasks">
            {t('tasks.title')}
          </Button>
          {employee ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-group">
              {t('workgroups.create.button')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <Tabs value={tab} onChange={(v) => setTab((v as 'mine' | 'open') ?? 'mine')}>
        <Tabs.List>
          <Tabs.Tab value="mine" data-testid="groups-tab-mine">
            {t('workgroups.tabs.mine')}
          </Tabs.Tab>
          {employee ? (
            <Tabs.Tab value="open" data-testid="groups-tab-open">
              {t('workgroups.tabs.open')}
            </Tabs.Tab>
          ) : null}
        </Tabs.List>
      </Tabs>
      {tab === 'mine' ? (
        <GroupGrid
          items={rows(mine.data)}
          pending={mine.isPending}
          more={{ has: !!mine.hasNextPage, load: () => void mine.fetchNextPage(), loading: mine.isFetchingNextPage }}
        />
      ) : (
        <Stack gap="sm">
          <TextInput
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            placeholder={t('workgroups.search')}
            aria-label={t('workgroups.search')}
            maxLength={60}
            data-testid="groups-search"
          />
          <GroupGrid
            items={rows(open.data)}
            pending={open.isPending}
            more={{ has: !!open.hasNextPage, load: () => void open.fetchNextPage(), loading: open.isFetchingNextPage }}
          />
        </Stack>
      )}
      {creating ? <CreateGroupModal opened={creating} onClose={() => setCreating(false)} /> : null}
    </Stack>
  );
}
