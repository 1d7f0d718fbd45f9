/**
 * An admin's actions on one person of the directory: role (administrator / employee / external
 * partner) and deactivate / activate, each confirmed in a modal. Not shown on one's own card (the API
 * refuses changes to oneself); the API's refusals (e.g. the last administrator) are shown in the modal.
 */
import { ActionIcon, Alert, Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlayerPlay, IconShieldCheck, IconUser, IconUserOff, IconWorld } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/auth/roles';
import { ApiError } from '../api/client';
import { usePersonAdmin, type AdminAction } from './admin-api';
import type { DirectoryEntry } from './api';

const ROLE_ITEMS: { role: Role; key: 'makeAdmin' | 'makeEmployee' | 'makeExtranet'; icon: typeof IconUser }[] = [
  { role: 'admin', key: 'makeAdmin', icon: IconShieldCheck },
  { role: 'employee', key: 'makeEmployee', icon: IconUser },
  { role: 'extranet', key: 'makeExtranet', icon: IconWorld },
];

export function PersonAdminMenu({ p }: { p: DirectoryEntry }) {
  const { t } = useTranslation();
  const name = `${p.firstName} ${p.lastName}`.trim() || p.email;
  const [action, setAction] = useState<AdminAction | null>(null);
  const change = usePersonAdmin();

  const open = (a: AdminAction) => {
    change.reset();
    setAction(a);
  };
  const close = () => {
    if (!change.isPending) setAction(null);
  };

  const roleName = (r: Role) => t(`roles.${r}`);
  const title = !action
    ? ''
    : action.kind === 'role'
      ? t('peopleAdmin.confirm.roleTitle', { name })
      : action.kind === 'deactivate'
        ? t('peopleAdmin.confirm.deactivateTitle', { name })
        : t('peopleAdmin.confirm.activateTitle', { name });
  const body = !action
    ? ''
    : action.kind === 'role'
      ? t('peopleAdmin.confirm.roleBody', { name, role: roleName(action.role) })
      : action.kind === 'deactivate'
        ? t('peopleAdmin.confirm.deactivateBody', { name })
        : t('peopleAdmin.confirm.activateBody', { name });
  const confirmLabel = !action
    ? ''
    : action.kind === 'role'
      ? t(`peopleAdmin.${ROLE_ITEMS.find((i) => i.role === action.role)!.key}`)
      : t(`peopleAdmin.${action.kind}`);

  const run = () => {
    if (!action) return;
    change.mutate(
      { userId: p.userId, action },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            message:
              action.kind === 'role'
                ? t('peopleAdmin.done.role', { name, role: roleName(action.role) })
                : t(action.kind === 'deactivate' ? 'peopleAdmin.done.deactivated' : 'peopleAdmin.done.activated', {
                    name,
                  }),
          });
          setAction(null);
        },
      },
    );
  };

  const error = change.error;
  const errorText =
    error instanceof ApiError && error.code === 'LAST_ADMIN'
      ? t('peopleAdmin.lastAdmin')
      : error instanceof ApiError && !error.isNetwork
        ? error.message
        : error
          ? t('errors.network')
          : '';

  return (
    <>
      <Menu position="bottom-end" shadow="md" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('peopleAdmin.actions', { name })}
            data-testid="person-actions"
          >
            <IconDots size={18} aria-hidden="true" />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown data-testid="person-actions-menu">
          {ROLE_ITEMS.filter((i) => i.role !== p.role).map((i) => (
            <Menu.Item
              key={i.role}
              leftSection={<i.icon size={16} aria-hidden="true" />}
              onClick={() => open({ kind: 'role', role: i.role })}
              data-testid={`action-role-${i.role}`}
            >
              {t(`peopleAdmin.${i.key}`)}
            </Menu.Item>
          ))}
          <Menu.Divider />
          {p.status === 'deactivated' ? (
            <Menu.Item
              leftSection={<IconPlayerPlay size={16} aria-hidden="true" />}
              onClick={() => open({ kind: 'activate' })}
              data-testid="action-activate"
            >
              {t('peopleAdmin.activate')}
            </Menu.Item>
          ) : (
            <Menu.Item
              color="red"
              leftSection={<IconUserOff size={16} aria-hidden="true" />}
              onClick={() => open({ kind: 'deactivate' })}
              data-testid="action-deactivate"
            >
              {t('peopleAdmin.deactivate')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={action !== null} onClose={close} title={title} centered data-testid="person-action-modal">
        <Stack gap="md">
          <Text size="sm">{body}</Text>
          {errorText ? (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={t('peopleAdmin.failed')}
              data-testid="person-action-error"
            >
              {errorText}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={change.isPending} data-testid="person-action-cancel">
              {t('peopleAdmin.cancel')}
            </Button>
            <Button
              color={action?.kind === 'deactivate' ? 'red' : 'indigo'}
              onClick={run}
              loading={change.isPending}
              data-testid="person-action-confirm"
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
