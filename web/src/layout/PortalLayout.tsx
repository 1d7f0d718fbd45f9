/**
 * The signed-in frame: header (portal name, tenant, live badge, language, theme, account), the module
 * navigation (a burger drawer under 768 px), a skip link, and the page. It owns the live connection.
 */
import { AppShell, Box, Burger, Group, NavLink, ScrollArea, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure, useMediaQuery, useWindowEvent } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { IconHierarchy2, IconHome, IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import { Fragment, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, NavLink as RouterNavLink, useLocation } from 'react-router';
import type { Me } from '../api/types';
import { queryKeys, useMe, useSaveLanguage } from '../api/queries';
import { ColorSchemeToggle } from '../components/ColorSchemeToggle';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { LiveIndicator } from '../components/LiveIndicator';
import { Logo } from '../components/Logo';
import { UserMenu } from '../components/UserMenu';
import { useConfig } from '../config';
import i18n, { currentLanguage, isLanguage } from '../i18n';
import { LanguageSaverContext, useLanguageSync } from '../i18n/useLanguage';
import { MODULES } from '../modules';
import { useTimeZoneSync } from '../people/time-zone';
import { MessengerLive, MessengerNavBadge } from '../messenger/MessengerNav';
import { NotificationsBell } from '../messenger/NotificationsBell';
import { HeaderTimer, TasksNavBadge } from '../tasks/TasksNav';
import { LiveConnection } from '../realtime/live';
import { LiveContext, useServices } from '../services';

function useLiveConnection(sub: string) {
  const config = useConfig();
  const { session } = useServices();
  const qc = useQueryClient();
  const [live] = useState(() => new LiveConnection(config.wsUrl, () => session.idToken()));
  useEffect(() => {
    const off = live.onFrame((frame) => {
      if (frame.type !== 'preferences.changed') return;
      // Another tab or device changed the preferences: follow, unless this tab already has that version.
      const known = qc.getQueryData<Me>(queryKeys.me(sub))?.preferences.version ?? 0;
      const version = typeof frame.version === 'number' ? frame.version : Infinity;
      if (version <= known) return;
      if (isLanguage(frame.language) && frame.language !== currentLanguage()) void i18n.changeLanguage(frame.language);
      void qc.invalidateQueries({ queryKey: queryKeys.me(sub) });
    });
    live.start();
    return () => {
      off();
      live.stop();
    };
  }, [live, qc, sub]);
  return live;
}

export function PortalLayout({ user }: { user: { sub: string; email: string; groups: string[] } }) {
  const { t } = useTranslation();
  const config = useConfig();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Under the `sm` breakpoint the closed navbar is only moved off screen: keep it out of the tab order too.
  const isMobile = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  useWindowEvent('keydown', (e) => {
    if (e.key === 'Escape' && opened) close();
  });
  const firstRender = useRef(true);
  const live = useLiveConnection(user.sub);
  useLanguageSync();
  useTimeZoneSync();
  const { mutate: saveLanguage } = useSaveLanguage();
  const me = useMe();

  // A new page: close the mobile drawer and move focus to the content (screen readers hear the new page).
  useEffect(() => {
    close();
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: false });
  }, [location.pathname, close]);

  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <LiveContext.Provider value={live}>
      <LanguageSaverContext.Provider value={saveLanguage}>
        <MessengerLive me={user.sub} />
        <a href="#main" className="skip-link" onClick={skip}>
          {t('app.skipToContent')}
        </a>
        <AppShell
          header={{ height: 60 }}
          navbar={{ width: 264, breakpoint: 'sm', collapsed: { mobile: !opened } }}
          padding={{ base: 'md', sm: 'lg' }}
        >
          <AppShell.Header>
            <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
              <Group gap="sm" wrap="nowrap">
                <Burger
                  opened={opened}
                  onClick={toggle}
                  hiddenFrom="sm"
                  size="sm"
                  aria-label={opened ? t('header.closeNavigation') : t('header.openNavigation')}
                  aria-expanded={opened}
                  aria-controls="portal-navbar"
                  data-testid="burger"
                />
                {/* Named by its content, the logo's visible text first (WCAG 2.5.3 label in name). */}
                <RouterNavLink to="/" className="logo-link">
                  <Logo
                    companyName={me.data?.companyName}
                    tenant={me.data && !me.data.companyName ? config.tenant : undefined}
                    compact
                  />
                  <VisuallyHidden> — {t('nav.home')}</VisuallyHidden>
                </RouterNavLink>
              </Group>
              {/* Tighter on phones, where the company's name needs the room. */}
              <Group gap={isMobile ? 4 : 'xs'} wrap="nowrap">
                <HeaderTimer />
                <Box visibleFrom="xs">
                  <NotificationsBell />
                </Box>
                <LiveIndicator />
                <LanguageSwitch />
                <ColorSchemeToggle />
                <UserMenu sub={user.sub} email={user.email} groups={user.groups} />
              </Group>
            </Group>
          </AppShell.Header>

          <AppShell.Navbar
            id="portal-navbar"
            p="xs"
            component="nav"
            aria-label={t('nav.label')}
            data-testid="navbar"
            inert={isMobile && !opened}
          >
            <ScrollArea style={{ flex: 1 }} type="scroll">
              <Box hiddenFrom="xs" mb={4}>
                <NotificationsBell variant="nav" />
              </Box>
              <NavLink
                component={RouterNavLink}
                to="/"
                end
                label={t('nav.home')}
                leftSection={<IconHome size={18} stroke={1.6} aria-hidden="true" />}
                className="nav-item"
              />
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4} id="nav-modules">
                {t('nav.modules')}
              </Text>
              <div role="list" aria-labelledby="nav-modules">
                {MODULES.map((m) => (
                  <Fragment key={m.id}>
                    <div role="listitem">
                      <NavLink
                        component={RouterNavLink}
                        to={m.path}
                        label={t(`modules.${m.id}.title`)}
                        leftSection={<m.icon size={18} stroke={1.6} aria-hidden="true" />}
                        className="nav-item"
                        data-testid={`nav-${m.id}`}
                        rightSection={
                          m.id === 'messenger' ? (
                            <MessengerNavBadge />
                          ) : m.id === 'tasks' ? (
                            <TasksNavBadge />
                          ) : undefined
                        }
                      />
                      {m.id === 'company' && (user.groups.includes('admin') || user.groups.includes('employee')) ? (
                        <NavLink
                          component={RouterNavLink}
                          to="/company/structure"
                          label={t('departments.menu')}
                          leftSection={<IconHierarchy2 size={16} stroke={1.6} aria-hidden="true" />}
                          className="nav-item"
                          pl="xl"
                          data-testid="nav-structure"
                        />
                      ) : null}
                      {m.id === 'company' && user.groups.includes('admin') ? (
                        <NavLink
                          component={RouterNavLink}
                          to="/company/invitations"
                          label={t('invitations.menu')}
                          leftSection={<IconUserPlus size={16} stroke={1.6} aria-hidden="true" />}
                          className="nav-item"
                          pl="xl"
                          data-testid="nav-invitations"
                        />
                      ) : null}
                    </div>
                    {m.id === 'tasks' ? (
                      // Workgroups and projects have their own page (/workgroups): an entry of their own, after Tasks.
                      <div role="listitem">
                        <NavLink
                          component={RouterNavLink}
                          to="/workgroups"
                          label={t('nav.workgroups')}
                          leftSection={<IconUsersGroup size={18} stroke={1.6} aria-hidden="true" />}
                          className="nav-item"
                          data-testid="nav-workgroups"
                        />
                      </div>
                    ) : null}
                  </Fragment>
                ))}
              </div>
            </ScrollArea>
          </AppShell.Navbar>

          <AppShell.Main id="main" ref={mainRef} tabIndex={-1} className="main-focus">
            <Outlet />
          </AppShell.Main>
        </AppShell>
      </LanguageSaverContext.Provider>
    </LiveContext.Provider>
  );
}
