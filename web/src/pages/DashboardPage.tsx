/**
 * Home's route. The page itself (web/src/home/HomePage.tsx: greeting, widget grid) and the modules' strings it
 * needs load as one chunk; meanwhile the same grid of skeleton cards shows, so the first paint has Home's shape.
 */
import { SimpleGrid, Skeleton, Stack } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { loadModuleStrings } from '../i18n';

const HomePage = lazy(async () => {
  const [page] = await Promise.all([import('../home/HomePage'), loadModuleStrings()]);
  return { default: page.HomePage };
});

function HomeLoading() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={1200} aria-busy="true" aria-label={t('common.loading')} data-testid="home-loading">
      <Skeleton height={36} width={280} radius="sm" />
      <Skeleton height={16} width={360} maw="100%" radius="sm" />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={220} radius="lg" />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function DashboardPage() {
  return (
    <Suspense fallback={<HomeLoading />}>
      <HomePage />
    </Suspense>
  );
}
