/**
 * Sharing a file or folder: who has access (people and departments, with Read / Edit / Full, changeable
 * and removable) and a form to add someone. Shares on a folder apply to everything under it.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Tooltip,
  type ComboboxItem,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconTrash, IconUser, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RIGHTS, type NodeView, type PrincipalType, type Right, type ShareView } from '../../../shared/drive/contract';
import type { DirectoryEntry } from '../../../shared/people/profile-view';
import { pathLabel, useDepartments } from '../departments/api';
import { useApi } from '../services';
import { usePutShare, useRemoveShare, useShares } from './api';
import { errorText } from './dialogs';

function usePeopleSearch(q: string) {
  const api = useApi();
  const [debounced] = useDebouncedValue(q.trim(), 250);
  return useQuery({
    queryKey: ['people', 'pick', debounced],
    queryFn: ({ signal }) => {
      return api.people.listPeople({ query: { limit: 20, q: debounced }, signal });
    },
    staleTime: 60_000,
  });
}

const name = (p: DirectoryEntry) => `${p.firstName} ${p.lastName}`.trim() || p.email;

export function ShareDialog({ node, onClose }: { node: NodeView | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={node !== null}
      onClose={onClose}
      title={node ? t('drive.share.title', { name: node.name }) : ''}
      size="lg"
      centered
      data-testid="share-dialog"
    >
      {node ? <ShareBody node={node} /> : null}
    </Modal>
  );
}

function RightSelect({
  value,
  onChange,
  testId,
  label,
  disabled,
}: {
  value: Right;
  onChange: (r: Right) => void;
  testId: string;
  label: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={label}
      data={RIGHTS.map((r) => ({ value: r, label: t(`drive.share.rights.${r}`) }))}
      value={value}
      onChange={(v) => v && onChange(v as Right)}
      allowDeselect={false}
      w={110}
      size="xs"
      disabled={disabled}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

function ShareBody({ node }: { node: NodeView }) {
  const { t } = useTranslation();
  const shares = useShares(node.nodeId, true);
  const put = usePutShare();
  const remove = useRemoveShare();
  const [type, setType] = useState<PrincipalType>('user');
  const [principal, setPrincipal] = useState<string | null>(null);
  const [right, setRight] = useState<Right>('read');
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);
  const people = usePeopleSearch(type === 'user' ? search : '');
  const departments = useDepartments(type === 'department');
  const options: ComboboxItem[] =
    type === 'user'
      ? (people.data?.items ?? [])
          .filter((p) => p.status === 'active' || p.status === undefined)
          .map((p) => ({ value: p.userId, label: `${name(p)}${p.position ? ` · ${p.position}` : ''}` }))
      : (departments.data ?? [])
          .map((d) => ({ value: d.departmentId, label: pathLabel(departments.data ?? [], d.departmentId) }))
          .sort((a, b) => a.label.localeCompare(b.label));

  const add = async () => {
    if (!principal) {
      setError(t('drive.share.pickSomeone'));
      return;
    }
    setError(null);
    try {
      await put.mutateAsync({ nodeId: node.nodeId, principalType: type, principalId: principal, right });
      setPrincipal(null);
      setSearch('');
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  const change = (s: ShareView, r: Right) =>
    put.mutate({ nodeId: node.nodeId, principalType: s.principalType, principalId: s.principalId, right: r });

  return (
    <Stack>
      <Stack gap="xs">
        <SegmentedControl
          value={type}
          onChange={(v) => {
            setType(v as PrincipalType);
            setPrincipal(null);
            setSearch('');
          }}
          data={[
            { value: 'user', label: t('drive.share.people') },
            { value: 'department', label: t('drive.share.departments') },
          ]}
          aria-label={t('drive.share.with')}
          data-testid="share-type"
        />
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select
            label={type === 'user' ? t('drive.share.people') : t('drive.share.departments')}
            placeholder={type === 'user' ? t('drive.share.findPerson') : t('drive.share.findDepartment')}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            data={options}
            value={principal}
            onChange={setPrincipal}
            filter={type === 'user' ? ({ options: o }) => o : undefined}
            nothingFoundMessage={people.isFetching || departments.isFetching ? '…' : t('drive.share.nobody')}
            renderOption={({ option }) => (
              <Text size="sm" data-testid="share-option" data-id={option.value}>
                {option.label}
              </Text>
            )}
            style={{ flex: '1 1 200px', minWidth: 0 }}
            data-testid="share-principal"
            comboboxProps={{ withinPortal: true }}
          />
          <RightSelect value={right} onChange={setRight} testId="share-right" label={t('drive.share.right')} />
          <Button onClick={() => void add()} loading={put.isPending} data-testid="share-add">
            {t('drive.share.add')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t(`drive.share.rightHints.${right}`)}
        </Text>
        {error ? (
          <Alert color="red" variant="light" role="alert" data-testid="share-error">
            {error}
          </Alert>
        ) : null}
      </Stack>
      <Divider label={t('drive.share.current')} labelPosition="left" />
      {shares.isPending ? (
        <Loader size="sm" type="dots" aria-label={t('common.loading')} />
      ) : (shares.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="share-none">
          {t('drive.share.none')}
        </Text>
      ) : (
        <Stack gap="xs" role="list" data-testid="share-list">
          {(shares.data ?? []).map((s) => {
            const label = s.principalName ?? s.principalId;
            return (
              <Group
                key={`${s.principalType}:${s.principalId}`}
                role="listitem"
                wrap="nowrap"
                gap="xs"
                data-testid="share-row"
                data-principal={s.principalId}
                data-right={s.right}
              >
                {s.principalType === 'user' ? (
                  <IconUser size={16} aria-hidden="true" />
                ) : (
                  <IconUsersGroup size={16} aria-hidden="true" />
                )}
                <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate="end" title={label}>
                  {label}
                </Text>
                {s.principalType === 'department' ? (
                  <Badge size="xs" variant="light" color="grape" visibleFrom="xs">
                    {t('drive.share.department')}
                  </Badge>
                ) : null}
                <RightSelect
                  value={s.right}
                  onChange={(r) => change(s, r)}
                  testId="share-row-right"
                  label={`${t('drive.share.right')}: ${label}`}
                />
                <Tooltip label={t('drive.share.remove', { name: label })}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('drive.share.remove', { name: label })}
                    onClick={() =>
                      remove.mutate({ nodeId: node.nodeId, principalType: s.principalType, principalId: s.principalId })
                    }
                    data-testid="share-remove"
                  >
                    <IconTrash size={16} aria-hidden="true" />
                  </ActionIcon>
                </Tooltip>
              </Group>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
