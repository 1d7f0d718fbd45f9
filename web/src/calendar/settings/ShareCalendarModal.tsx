/**
 * Sharing one of my calendars with people or departments, each with "can see" or "can edit" (the people and
 * department pickers the drive's sharing uses). The whole list is saved at once (PUT …/shares, versioned): when
 * the calendar changed meanwhile, the current sharing replaces the list and the dialog says so.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  type ComboboxItem,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconTrash, IconUser, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LIMITS,
  SHARE_ACCESS,
  type CalendarView,
  type ShareAccess,
  type ShareView,
} from '../../../../shared/calendar/contract';
import { ApiError } from '../../api/client';
import { pathLabel, useDepartments } from '../../departments/api';
import { useApi } from '../../services';
import { displayName } from '../../tasks/people';
import { useShareCalendar } from './api';

type TargetType = ShareView['type'];

function usePeopleSearch(q: string, enabled: boolean) {
  const api = useApi();
  const [debounced] = useDebouncedValue(q.trim(), 250);
  return useQuery({
    queryKey: ['people', 'pick', debounced],
    queryFn: ({ signal }) => api.people.listPeople({ query: { limit: 20, q: debounced }, signal }),
    staleTime: 60_000,
    enabled,
  });
}

function AccessSelect({
  value,
  onChange,
  label,
  testId,
}: {
  value: ShareAccess;
  onChange: (a: ShareAccess) => void;
  label: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={label}
      data={SHARE_ACCESS.map((a) => ({ value: a, label: t(`calendar.settings.shares.accessOptions.${a}`) }))}
      value={value}
      onChange={(v) => v && onChange(v as ShareAccess)}
      allowDeselect={false}
      w={140}
      size="xs"
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function ShareCalendarModal({ calendar, onClose }: { calendar: CalendarView | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={calendar !== null}
      onClose={onClose}
      title={calendar ? t('calendar.settings.calendars.shareTitle', { name: calendar.name }) : ''}
      size="lg"
      centered
      data-testid="calendar-share-dialog"
    >
      {calendar ? <ShareBody key={calendar.calendarId} calendar={calendar} onDone={onClose} /> : null}
    </Modal>
  );
}

function ShareBody({ calendar, onDone }: { calendar: CalendarView; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useShareCalendar();
  const [shares, setShares] = useState<ShareView[]>(() => calendar.shares ?? []);
  const [version, setVersion] = useState(calendar.version);
  const [type, setType] = useState<TargetType>('user');
  const [picked, setPicked] = useState<string | null>(null);
  const [access, setAccess] = useState<ShareAccess>('read');
  const [search, setSearch] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const people = usePeopleSearch(type === 'user' ? search : '', type === 'user');
  const departments = useDepartments(type === 'department');
  const taken = new Set(shares.map((s) => `${s.type}:${s.id}`));
  const options: ComboboxItem[] = (
    type === 'user'
      ? (people.data?.items ?? [])
          .filter((p) => p.status === 'active' || p.status === undefined)
          .map((p) => ({ value: p.userId, label: `${displayName(p, p.email)}${p.position ? ` · ${p.position}` : ''}` }))
      : (departments.data ?? [])
          .map((d) => ({ value: d.departmentId, label: pathLabel(departments.data ?? [], d.departmentId) }))
          .sort((a, b) => a.label.localeCompare(b.label))
  ).filter((o) => !taken.has(`${type}:${o.value}`));

  const add = () => {
    const option = options.find((o) => o.value === picked);
    if (!picked || !option) {
      setProblem(t('calendar.settings.shares.pickSomeone'));
      return;
    }
    setProblem(null);
    // A person's label carries the position after " · ": the list shows the name only.
    const label = type === 'user' ? (option.label.split(' · ')[0] ?? option.label) : option.label;
    setShares((s) => [...s, { type, id: picked, name: label, access }]);
    setPicked(null);
    setSearch('');
  };

  const submit = () => {
    setStale(false);
    setProblem(null);
    save.mutate(
      {
        calendarId: calendar.calendarId,
        body: { version, shares: shares.map(({ type: ty, id, access: a }) => ({ type: ty, id, access: a })) },
      },
      {
        onSuccess: (r) => {
          if ('stale' in r) {
            setStale(true);
            setShares(r.current?.shares ?? []);
            setVersion(r.current?.version ?? version);
            return;
          }
          notifications.show({ color: 'teal', message: t('calendar.settings.shares.saved') });
          onDone();
        },
        onError: (e) => setProblem(e instanceof ApiError ? e.message : t('calendar.settings.calendars.error')),
      },
    );
  };

  return (
    <Stack>
      {stale ? (
        <Alert
          color="yellow"
          variant="light"
          role="alert"
          icon={<IconAlertTriangle size={18} aria-hidden="true" />}
          data-testid="calendar-share-conflict"
        >
          {t('calendar.settings.calendars.conflict')}
        </Alert>
      ) : null}
      <SegmentedControl
        value={type}
        onChange={(v) => {
          setType(v as TargetType);
          setPicked(null);
          setSearch('');
        }}
        data={[
          { value: 'user', label: t('calendar.settings.shares.people') },
          { value: 'department', label: t('calendar.settings.shares.departments') },
        ]}
        aria-label={t('calendar.settings.shares.with')}
      />
      <Group align="flex-end" gap="xs" wrap="wrap">
        <Select
          label={type === 'user' ? t('calendar.settings.shares.people') : t('calendar.settings.shares.departments')}
          placeholder={
            type === 'user' ? t('calendar.settings.shares.findPerson') : t('calendar.settings.shares.findDepartment')
          }
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={options}
          value={picked}
          onChange={setPicked}
          filter={type === 'user' ? ({ options: o }) => o : undefined}
          nothingFoundMessage={people.isFetching || departments.isFetching ? '…' : t('calendar.settings.shares.nobody')}
          style={{ flex: '1 1 200px', minWidth: 0 }}
          data-testid="calendar-share-target"
          comboboxProps={{ withinPortal: true }}
        />
        <AccessSelect
          value={access}
          onChange={setAccess}
          label={t('calendar.settings.shares.access')}
          testId="calendar-share-access"
        />
        <Button
          variant="light"
          onClick={add}
          disabled={shares.length >= LIMITS.shares}
          data-testid="calendar-share-add"
        >
          {t('calendar.settings.shares.add')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t(`calendar.settings.shares.accessHints.${access}`)}
      </Text>
      {problem ? (
        <Alert color="red" variant="light" role="alert" data-testid="calendar-share-error">
          {problem}
        </Alert>
      ) : null}
      <Divider label={t('calendar.settings.shares.current')} labelPosition="left" />
      {shares.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('calendar.settings.shares.none')}
        </Text>
      ) : (
        <Stack gap="xs" role="list" data-testid="calendar-share-list">
          {shares.map((s) => (
            <Group
              key={`${s.type}:${s.id}`}
              role="listitem"
              wrap="nowrap"
              gap="xs"
              data-testid="calendar-share-row"
              data-id={s.id}
              data-access={s.access}
            >
              {s.type === 'user' ? (
                <IconUser size={16} aria-hidden="true" />
              ) : (
                <IconUsersGroup size={16} aria-hidden="true" />
              )}
              <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate="end" title={s.name}>
                {s.name}
              </Text>
              {s.type === 'department' ? (
                <Badge size="xs" variant="light" color="grape" visibleFrom="xs">
                  {t('calendar.settings.shares.department')}
                </Badge>
              ) : null}
              <AccessSelect
                value={s.access}
                onChange={(a) => setShares((all) => all.map((x) => (x === s ? { ...x, access: a } : x)))}
                label={`${t('calendar.settings.shares.access')}: ${s.name}`}
                testId="calendar-share-row-access"
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('calendar.settings.shares.remove', { name: s.name })}
                onClick={() => setShares((all) => all.filter((x) => x !== s))}
              >
                <IconTrash size={16} aria-hidden="true" />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone}>
          {t('calendar.settings.calendars.cancel')}
        </Button>
        <Button onClick={submit} loading={save.isPending} data-testid="calendar-share-save">
          {t('calendar.settings.calendars.save')}
        </Button>
      </Group>
    </Stack>
  );
}
