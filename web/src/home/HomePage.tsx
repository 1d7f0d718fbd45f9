/**
 * Home: the person's dashboard. A greeting with their name (GET /me, the same query as the header) and the widgets
 * the modules register (./registry.ts) in a responsive grid — one column on a phone — each loading on its own
 * behind its skeleton, and failing on its own (WidgetBoundary). System status lives in Portal settings → Status.
 */
import { Alert, Button, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { widgetsFor } from './registry';
import { WidgetBoundary } from './WidgetBoundary';
import { WidgetSkeleton } from './WidgetCard';

/** The grid every state of Home uses, so nothing jumps when the widgets arrive. */
export function HomeGrid({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <SimpleGrid
      cols={{ base: 1, sm: 2, lg: 3 }}
      spacing="lg"
      component="section"
      aria-label={label}
      data-testid="home-widgets"
    >
      {children}
    </SimpleGrid>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('dashboard.title'));
  const me = useMe();
  const widgets = me.data ? widgetsFor(me.data) : [];
  return (
    <Stack gap="lg" maw={1200} data-testid="home-page">
      <div>
        {me.data ? (
          <Title order={1} fz={{ base: 26, sm: 32 }} data-testid="welcome">
            {me.data.firstName ? t('home.welcome', { name: me.data.firstName }) : t('home.welcomeNoName')}
          </Title>
        ) : (
          <Title order={1} fz={{ base: 26, sm: 32 }}>
            <Skeleton height={32} width={260} radius="sm" aria-label={t('common.loading')} />
          </Title>
        )}
        <Text c="dimmed">{t('home.intro')}</Text>
      </div>
      {me.isError ? (
        <Alert color="red" variant="light" role="alert" title={t('home.meError')}>
          <Button size="xs" variant="light" color="red" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      ) : me.isPending ? (
        <HomeGrid>
          {['a', 'b', 'c'].map((k) => (
            <WidgetSkeleton key={k} id={`pending-${k}`} />
          ))}
        </HomeGrid>
      ) : widgets.length === 0 ? (
        <Text c="dimmed" data-testid="home-no-widgets">
          {t('home.noWidgets')}
        </Text>
      ) : (
        <HomeGrid label={t('home.widgets')}>
          {widgets.map(({ id, Component }) => (
            <WidgetBoundary key={id} id={id}>
              <Suspense fallback={<WidgetSkeleton id={id} />}>
                <Component />
              </Suspense>
            </WidgetBoundary>
          ))}
        </HomeGrid>
      )}
    </Stack>
  );
}
