import { Badge, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconDevicesOff, IconLogout, IconSettings, IconUserCircle } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isRole, type Role } from '../../../shared/auth/roles';
import { useMe } from '../api/queries';
import { PersonAvatar } from '../people/PersonAvatar';
import { useApi, useServices } from '../services';
import { EmailText } from './EmailText';

const ROLE_ORDER: Role[] = ['admin', 'employee', 'extranet'];
const ROLE_COLOR: Record<Role | 'none', string> = {
  admin: 'grape',
  employee: 'indigo',
  extranet: 'orange',
  none: 'gray',
};

/** The most privileged role among the Cognito groups, or 'none'. */
export function primaryRole(groups: string[]): Role | 'none' {
  const roles = groups.filter(isRole);
  return ROLE_ORDER.find((r) => roles.includes(r)) ?? 'none';
}

export function RoleBadge({ groups, size = 'sm' }: { groups: string[]; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  const role = primaryRole(groups);
  return (
    <Badge size={size} variant="light" color={ROLE_COLOR[role]} data-testid="role-badge" data-role={role}>
      {t(`roles.${role}`)}
    </Badge>
  );
}

export function UserMenu({ sub, email, groups }: { sub: string; email: string; groups: string[] }) {
  const { t } = useTranslation();
  const me = useMe().data;
  // The person's name; the address only until GET /me answers or while they have no profile yet (still joining).
  const name = me?.name || email;
  const { session } = useServices();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  /** Revokes every refresh token (other devices stop renewing), then signs this tab out. */
  const signOutEverywhere = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await api.signIn.signOutEverywhere();
      session.signOut('user');
    } catch (err) {
      console.error(err);
      notifications.show({ color: 'red', message: t('user.signOutEverywhereFailed') });
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-end" width={300} shadow="md" withinPortal>
      <Menu.Target>
        {/* Named by its content, the visible name first (WCAG 2.5.3); the initials are decoration. */}
        <UnstyledButton data-testid="user-menu" className="user-button">
          <Group gap={8} wrap="nowrap">
            <PersonAvatar
              userId={sub}
              firstName={me?.firstName ?? ''}
              lastName={me?.lastName ?? ''}
              email={email}
              src={me?.photoUrl}
              alt=""
              size={32}
              aria-hidden="true"
              data-testid="user-menu-avatar"
            />
            <Text size="sm" fw={500} visibleFrom="md" maw={200} truncate="end" data-testid="user-menu-name">
              {name}
            </Text>
            <VisuallyHidden hiddenFrom="md">{name}</VisuallyHidden>
            <VisuallyHidden>, {t('header.userMenu')}</VisuallyHidden>
            <IconChevronDown size={14} aria-hidden="true" className="user-chevron" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('user.signedInAs')}</Menu.Label>
        <div style={{ padding: '0 12px 8px' }}>
          {me?.name ? (
            <Text size="sm" fw={600} data-testid="user-menu-full-name">
              {me.name}
            </Text>
          ) : null}
          <Text
            size={me?.name ? 'xs' : 'sm'}
            c={me?.name ? 'dimmed' : undefined}
            fw={me?.name ? 400 : 600}
            mb={6}
            data-testid="user-menu-email"
          >
            <EmailText email={email} />
          </Text>
          <RoleBadge groups={groups} size="xs" />
        </div>
        <Menu.Divider />
        <Menu.Item
          component={Link}
          to="/profile"
          leftSection={<IconUserCircle size={16} aria-hidden="true" />}
          data-testid="menu-profile"
        >
          {t('people.menu.profile')}
        </Menu.Item>
        {groups.includes('admin') ? (
          <Menu.Item
            component={Link}
            to="/settings/portal"
            leftSection={<IconSettings size={16} aria-hidden="true" />}
            data-testid="menu-portal-settings"
          >
            {t('portalSettings.menu')}
          </Menu.Item>
        ) : null}
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          onClick={() => session.signOut('user')}
          data-testid="sign-out"
        >
          {t('user.signOut')}
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconDevicesOff size={16} aria-hidden="true" />}
          onClick={() => void signOutEverywhere()}
          disabled={busy}
          data-testid="sign-out-everywhere"
        >
          {t('user.signOutEverywhere')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
