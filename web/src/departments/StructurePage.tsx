/**
 * Company → Structure: the department tree for every employee; administrators add, rename, move and
 * delete departments (with confirmation), set the head and put people in. A 409 (changed meanwhile,
 * or a delete refused because of sub-departments / members) is explained and the tree reloaded.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconDots, IconHierarchy2, IconPlus, IconUserStar } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useApi, useSession } from '../services';
import {
  buildTree,
  departmentKeys,
  pathLabel,
  subtreeIds,
  useDepartments,
  type DepartmentView,
  type TreeNode,
} from './api';

type Dialog =
  | { kind: 'create'; parent: DepartmentView | null }
  | { kind: 'rename' | 'move' | 'head' | 'member' | 'delete'; dept: DepartmentView };

export function StructurePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('departments.title'));
  const session = useSession();
  const isAdmin = session.status === 'signedIn' && session.user.groups.includes('admin');
  const { data, isLoading, isError, refetch } = useDepartments();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const tree = buildTree(data ?? []);

  return (
    <Stack gap="lg" maw={960} data-testid="structure-page">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} fz={26}>
            {t('departments.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('departments.intro')}
          </Text>
        </div>
        {isAdmin ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden="true" />}
            onClick={() => setDialog({ kind: 'create', parent: null })}
            data-testid="department-add-top"
          >
            {t('departments.addTop')}
          </Button>
        ) : null}
      </Group>
      {isLoading ? <Skeleton h={120} radius="md" /> : null}
      {isError ? (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {t('departments.loadError')}{' '}
          <Button variant="subtle" size="compact-sm" onClick={() => void refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      ) : null}
      {data && !data.length ? (
        <Card withBorder radius="md" p="lg">
          <Group gap="sm">
            <IconHierarchy2 size={20} aria-hidden="true" />
            <Text c="dimmed">{isAdmin ? t('departments.emptyAdmin') : t('departments.empty')}</Text>
          </Group>
        </Card>
      ) : null}
      {tree.length ? (
        <Card withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
          <ul
            role="tree"
            aria-label={t('departments.title')}
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
            data-testid="department-tree"
          >
            {tree.map((n) => (
              <Branch key={n.departmentId} node={n} admin={isAdmin} onAction={setDialog} />
            ))}
          </ul>
        </Card>
      ) : null}
      {dialog ? <ActionDialog dialog={dialog} all={data ?? []} onClose={() => setDialog(null)} /> : null}
    </Stack>
  );
}

function Branch({ node, admin, onAction }: { node: TreeNode; admin: boolean; onAction: (d: Dialog) => void }) {
  const { t } = useTranslation();
  return (
    <li
      role="treeitem"
      aria-expanded={node.children.length ? true : undefined}
      aria-selected={false}
      data-testid="department-node"
      data-department-id={node.departmentId}
    >
      <Group
        gap="xs"
        wrap="nowrap"
        py={6}
        pl={Math.min(node.depth, 6) * 16}
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="department-name">
            {node.name}
          </Text>
          <Group gap={6} wrap="wrap">
            {node.headName ? (
              <Text size="xs" c="dimmed" data-testid="department-head">
                <IconUserStar size={12} aria-hidden="true" style={{ verticalAlign: -1, marginRight: 2 }} />
                {t('departments.head', { name: node.headName })}
              </Text>
            ) : null}
            <Badge size="xs" variant="light" color="gray" style={{ textTransform: 'none' }}>
              {t('departments.members', { count: node.memberCount })}
            </Badge>
          </Group>
        </Stack>
        {admin ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('departments.actionsFor', { name: node.name })}
                data-testid="department-menu"
              >
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onAction({ kind: 'create', parent: node })} data-testid="department-add-child">
                {t('departments.actions.addChild')}
              </Menu.Item>
              <Menu.Item onClick={() => onAction({ kind: 'rename', dept: node })} data-testid="department-rename">
                {t('departments.actions.rename')}
              </Menu.Item>
              <Menu.Item onClick={() => onAction({ kind: 'move', dept: node })} data-testid="department-move">
                {t('departments.actions.move')}
              </Menu.Item>
              <Menu.Item onClick={() => onAction({ kind: 'head', dept: node })} data-testid="department-set-head">
                {t('departments.actions.head')}
              </Menu.Item>
              <Menu.Item onClick={() => onAction({ kind: 'member', dept: node })} data-testid="department-add-member">
                {t('departments.actions.member')}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item
                color="red"
                onClick={() => onAction({ kind: 'delete', dept: node })}
                data-testid="department-delete"
              >
                {t('departments.actions.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>
      {node.children.length ? (
        <ul role="group" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {node.children.map((c) => (
            <Branch key={c.departmentId} node={c} admin={admin} onAction={onAction} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** A searchable person picker over the directory (first page of a name prefix). */
function PersonPicker({
  value,
  onChange,
  label,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const people = useQuery({
    queryKey: ['people', 'directory', 'first', q, 'picker'],
    queryFn: ({ signal }) => api.people.listPeople({ query: { limit: 20, q }, signal }),
  });
  const options = (people.data?.items ?? [])
    .filter((p) => p.status === 'active' && p.role !== 'extranet')
    .map((p) => ({ value: p.userId, label: `${p.firstName} ${p.lastName} · ${p.email}` }));
  return (
    <Select
      label={label}
      searchable
      data={options}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage={t('departments.dialog.noPeople')}
      data-testid="department-person"
      comboboxProps={{ withinPortal: true }}
    />
  );
}

function ActionDialog({ dialog, all, onClose }: { dialog: Dialog; all: DepartmentView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const dept = dialog.kind === 'create' ? null : dialog.dept;
  const [name, setName] = useState(dept?.name ?? '');
  const [parent, setParent] = useState<string | null>(dept?.parentId ?? null);
  const [person, setPerson] = useState<string | null>(dialog.kind === 'head' ? (dept?.headUserId ?? null) : null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const excluded = dept ? subtreeIds(all, dept.departmentId) : new Set<string>();
  const parentOptions = [
    { value: '', label: t('departments.dialog.topLevel') },
    ...all
      .filter((d) => !excluded.has(d.departmentId))
      .map((d) => ({ value: d.departmentId, label: pathLabel(all, d.departmentId) }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];

  const explain = (err: unknown): string => {
    if (err instanceof ApiError) {
      if (err.code === 'DEPARTMENT_HAS_CHILDREN') return t('departments.errors.hasChildren');
      if (err.code === 'DEPARTMENT_HAS_MEMBERS') return t('departments.errors.hasMembers');
      if (err.status === 409) return t('departments.errors.stale');
      if (err.status === 422 && err.fields?.[0]?.path === 'parentId') return t('departments.errors.badParent');
      if (err.status === 422) return err.message;
      if (err.status === 400 && err.fields?.[0]?.path === 'name') return t('departments.errors.name');
    }
    return t('departments.errors.unknown');
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if ((dialog.kind === 'create' || dialog.kind === 'rename') && !name.trim())
      return setError(t('departments.errors.name'));
    if (dialog.kind === 'member' && !person) return setError(t('departments.errors.person'));
    setBusy(true);
    setError(null);
    try {
      if (dialog.kind === 'create')
        await api.departments.create({
          body: { name: name.trim(), parentId: dialog.parent?.departmentId ?? null },
        });
      else if (dialog.kind === 'rename')
        await api.departments.update({
          params: { departmentId: dialog.dept.departmentId },
          body: { name: name.trim(), version: dialog.dept.version },
        });
      else if (dialog.kind === 'move')
        await api.departments.update({
          params: { departmentId: dialog.dept.departmentId },
          body: { parentId: parent || null, version: dialog.dept.version },
        });
      else if (dialog.kind === 'head')
        await api.departments.setHead({
          params: { departmentId: dialog.dept.departmentId },
          body: { userId: person, version: dialog.dept.version },
        });
      else if (dialog.kind === 'member')
        await api.departments.addMember({ params: { departmentId: dialog.dept.departmentId, userId: person ?? '' } });
      else
        await api.departments.remove({
          params: { departmentId: dialog.dept.departmentId },
          query: { version: dialog.dept.version },
        });
      notifications.show({ color: 'teal', message: t('departments.saved') });
      void qc.invalidateQueries({ queryKey: departmentKeys.all });
      if (dialog.kind === 'member') void qc.invalidateQueries({ queryKey: ['people'] });
      onClose();
    } catch (err) {
      setError(explain(err));
      // a stale version: show the latest tree behind the dialog so trying again works
      if (err instanceof ApiError && err.status === 409) void qc.invalidateQueries({ queryKey: departmentKeys.all });
    } finally {
      setBusy(false);
    }
  };

  const title =
    dialog.kind === 'create'
      ? dialog.parent
        ? t('departments.dialog.createUnder', { name: dialog.parent.name })
        : t('departments.dialog.create')
      : t(`departments.dialog.${dialog.kind}`, { name: dialog.dept.name });

  return (
    <Modal opened onClose={onClose} title={title} centered data-testid="department-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          {error ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              role="alert"
              data-testid="department-error"
            >
              {error}
            </Alert>
          ) : null}
          {dialog.kind === 'create' || dialog.kind === 'rename' ? (
            <TextInput
              label={t('departments.dialog.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              data-autofocus
              required
              data-testid="department-name-input"
            />
          ) : null}
          {dialog.kind === 'move' ? (
            <Select
              label={t('departments.dialog.parent')}
              data={parentOptions}
              value={parent ?? ''}
              onChange={(v) => setParent(v || null)}
              allowDeselect={false}
              searchable
              data-testid="department-parent"
              comboboxProps={{ withinPortal: true }}
            />
          ) : null}
          {dialog.kind === 'head' ? (
            <>
              {dialog.dept.headName ? (
                <Text size="sm">{t('departments.head', { name: dialog.dept.headName })}</Text>
              ) : null}
              <PersonPicker value={person} onChange={setPerson} label={t('departments.dialog.person')} />
            </>
          ) : null}
          {dialog.kind === 'member' ? (
            <PersonPicker value={person} onChange={setPerson} label={t('departments.dialog.person')} />
          ) : null}
          {dialog.kind === 'delete' ? (
            <Text>{t('departments.dialog.confirmDelete', { name: dialog.dept.name })}</Text>
          ) : null}
          <Group justify="flex-end" gap="sm" wrap="wrap">
            {dialog.kind === 'head' && dialog.dept.headUserId ? (
              <Button variant="subtle" color="gray" onClick={() => setPerson(null)} disabled={busy || person === null}>
                {t('departments.dialog.clearHead')}
              </Button>
            ) : null}
            <Button variant="default" onClick={onClose}>
              {t('departments.dialog.cancel')}
            </Button>
            <Button
              type="submit"
              color={dialog.kind === 'delete' ? 'red' : undefined}
              loading={busy}
              data-testid="department-submit"
            >
              {dialog.kind === 'delete' ? t('departments.dialog.confirm') : t('departments.dialog.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
