/**
 * The frame every Home widget uses: a titled card with a skeleton while its one request loads, an error with
 * "Retry", a useful empty state, and an optional "See all" link to the module.
 */
import { Anchor, Card, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RetryAlert } from '../components/RetryAlert';

export interface WidgetQueryState {
  isPending: boolean;
  isError: boolean;
  refetch: () => unknown;
}

export interface WidgetCardProps {
  /** The registry id: the card is `data-testid="home-widget-{id}"`. */
  id: string;
  title: string;
  icon: ReactNode;
  query: WidgetQueryState;
  /** True when loaded and there is nothing to show: `empty` is shown instead of `children`. */
  isEmpty: boolean;
  /** What to say (and offer) when there is nothing: e.g. "No tasks due. Create one" with a link. */
  empty: ReactNode;
  /** Where "See all" goes (an in-portal path), if anywhere. */
  moreHref?: string;
  children?: ReactNode;
}

export function WidgetCard({ id, title, icon, query, isEmpty, empty, moreHref, children }: WidgetCardProps) {
  const { t } = useTranslation();
  const titleId = `home-widget-${id}-title`;
  return (
    <Card
      withBorder
      radius="lg"
      padding="lg"
      component="section"
      aria-labelledby={titleId}
      aria-busy={query.isPending || undefined}
      data-testid={`home-widget-${id}`}
      data-state={query.isPending ? 'loading' : query.isError ? 'error' : isEmpty ? 'empty' : 'ready'}
      style={{ minWidth: 0 }}
    >
      <Group justify="space-between" mb="md" wrap="nowrap" gap="xs">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon variant="light" radius="md" size="lg" aria-hidden="true">
            {icon}
          </ThemeIcon>
          <Title order={2} size="h4" id={titleId}>
            {title}
          </Title>
        </Group>
        {moreHref ? (
          <Anchor component={Link} to={moreHref} size="sm" style={{ flexShrink: 0 }}>
            {t('home.seeAll')}
          </Anchor>
        ) : null}
      </Group>
      {query.isPending ? (
        <Stack gap="sm" aria-label={t('common.loading')}>
          {[60, 100, 85].map((w, i) => (
            <Skeleton key={i} height={18} radius="sm" width={`${w}%`} />
          ))}
        </Stack>
      ) : query.isError ? (
        <RetryAlert onRetry={() => void query.refetch()}>
          <Text size="sm">{t('home.widgetError')}</Text>
        </RetryAlert>
      ) : isEmpty ? (
        <div data-testid={`home-widget-${id}-empty`}>{empty}</div>
      ) : (
        children
      )}
    </Card>
  );
}

/** What a widget shows while its code loads (the Suspense fallback on Home): the card's shape, no title yet. */
export function WidgetSkeleton({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <Card
      withBorder
      radius="lg"
      padding="lg"
      aria-busy="true"
      aria-label={t('common.loading')}
      data-testid={`home-widget-${id}`}
      data-state="loading"
      style={{ minWidth: 0 }}
    >
      <Group gap="sm" mb="md" wrap="nowrap">
        <Skeleton height={34} width={34} radius="md" />
        <Skeleton height={20} width="45%" radius="sm" />
      </Group>
      <Stack gap="sm">
        {[60, 100, 85].map((w, i) => (
          <Skeleton key={i} height={18} radius="sm" width={`${w}%`} />
        ))}
      </Stack>
    </Card>
  );
}

/** The usual empty state: a sentence that says why there is nothing, and where to go instead. */
export function WidgetEmpty({ text, to, action }: { text: string; to: string; action: string }) {
  return (
    <Stack gap="xs" align="flex-start">
      <Text size="sm" c="dimmed">
        {text}
      </Text>
      <Anchor component={Link} to={to} size="sm">
        {action}
      </Anchor>
    </Stack>
  );
}

/** A widget's rows: a list for assistive technology, without bullets or indent. */
export function WidgetList({ gap, children }: { gap: number; children: ReactNode }) {
  return (
    <Stack gap={gap} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {children}
    </Stack>
  );
}
