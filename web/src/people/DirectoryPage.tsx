/**
 * Company → Employees: a search box (debounced) over first or last names, cards with thumbnails or
 * initials, and "Load more" through the directory's cursor. Administrators get a menu of actions on
 * every card but their own (role, deactivate / activate: PersonAdminMenu).
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Group,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMail, IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { RoleBadge } from '../components/UserMenu';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useSession } from '../services';
import { useDirectory, type DirectoryEntry, type SearchBy } from './api';
import { PersonAdminMenu } from './PersonAdminMenu';
import { PersonAvatar } from './PersonAvatar';
import { EmailText } from '../components/EmailText';
import { DepartmentBadges } from '../departments/widgets';

function PersonCard({ p, me, admin }: { p: DirectoryEntry; me: boolean; admin: boolean }) {
  const { t } = useTranslation();
  const name = `${p.firstName} ${p.lastName}`.trim();
  return (
    <Card
      withBorder
      radius="lg"
      padding="md"
      component="li"
      data-testid="person-card"
      data-user-id={p.userId}
      data-status={p.status}
      data-role={p.role}
      style={{ listStyle: 'none', opacity: p.status === 'deactivated' ? 0.65 : 1 }}
    >
      <Group wrap="nowrap" align="flex-start" gap="md">
        <PersonAvatar
          size={56}
          userId={p.userId}
          firstName={p.firstName}
          lastName={p.lastName}
          email={p.email}
          src={p.thumbnailUrl}
          alt={t('people.photo.alt', { name })}
        />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="wrap">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="person-name">
              {name}
            </Text>
            {me ? (
              <Badge size="xs" variant="outline">
                {t('people.directory.you')}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c={p.position ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
            {p.position || t('people.directory.noPosition')}
          </Text>
          <Text size="sm" component="a" href={`mailto:${p.email}`} c="indigo" data-testid="person-email">
            <IconMail size={14} aria-hidden="true" style={{ verticalAlign: -2, marginRight: 4 }} />
            <EmailText email={p.email} />
          </Text>
          <DepartmentBadges ids={p.departmentIds ?? []} />
          <Group gap={6} mt={4}>
            <RoleBadge groups={[p.role]} size="xs" />
            {p.status === 'deactivated' ? (
              <Badge size="xs" color="gray" variant="filled" data-testid="person-deactivated">
                {t('people.directory.deactivated')}
              </Badge>
            ) : null}
          </Group>
        </Stack>
        {admin && !me ? <PersonAdminMenu p={p} /> : null}
      </Group>
    </Card>
  );
}

export function DirectoryPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('people.directory.title'));
  const session = useSession();
  const sub = session.status === 'signedIn' ? session.user.sub : '';
  const isAdmin = session.status === 'signedIn' && session.user.groups.includes('admin');
  // `?q=` opens the directory at a search (Home's "New colleagues" links a person's full name).
  const [params] = useSearchParams();
  const [text, setText] = useState(() => params.get('q') ?? '');
  const [by, setBy] = useState<SearchBy>('first');
  const [q] = useDebouncedValue(text.trim(), 300);
  const dir = useDirectory(q, by);
  const items = dir.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="lg" maw={1100} data-testid="directory-page">
      <div>
        <Title order={1} fz={{ base: 26, sm: 30 }}>
          {t('people.directory.title')}
        </Title>
        <Text c="dimmed">{t('people.directory.intro')}</Text>
      </div>
      <Group gap="sm" align="flex-end" wrap="wrap" role="search">
        <TextInput
          style={{ flex: '1 1 240px' }}
          label={t('people.directory.search')}
          placeholder={t('people.directory.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          maxLength={60}
          type="search"
          data-testid="directory-search"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="search-by-label">
            {t('people.directory.by')}
          </Text>
          <SegmentedControl
            aria-labelledby="search-by-label"
            value={by}
            onChange={(v) => setBy(v as SearchBy)}
            data={[
              { value: 'first', label: t('people.directory.byFirst') },
              { value: 'last', label: t('people.directory.byLast') },
            ]}
            data-testid="directory-by"
          />
        </Stack>
      </Group>

      {dir.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" aria-busy="true" data-testid="directory-loading">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} h={128} radius="lg" />
          ))}
        </SimpleGrid>
      ) : dir.isError ? (
        <Alert color="red" variant="light" role="alert" title={t('people.directory.loadError')}>
          <Button size="xs" variant="light" color="red" onClick={() => void dir.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      ) : items.length === 0 ? (
        <Center py="xl" data-testid="directory-empty">
          <Stack align="center" gap="xs">
            <IconUsers size={40} stroke={1.3} aria-hidden="true" color="var(--mantine-color-dimmed)" />
            <Text c="dimmed" ta="center">
              {q ? t('people.directory.empty', { q }) : t('people.directory.emptyAll')}
            </Text>
          </Stack>
        </Center>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="directory-count">
            {t('people.directory.results', { count: items.length })}
          </Text>
          <SimpleGrid
            component="ul"
            cols={{ base: 1, sm: 2, lg: 3 }}
            spacing="md"
            p={0}
            m={0}
            data-testid="directory-list"
            data-query={q}
            data-by={by}
          >
            {items.map((p) => (
              <PersonCard key={p.userId} p={p} me={p.userId === sub} admin={isAdmin} />
            ))}
          </SimpleGrid>
          {dir.hasNextPage ? (
            <Center>
              <Button
                variant="light"
                onClick={() => void dir.fetchNextPage()}
                loading={dir.isFetchingNextPage}
                data-testid="directory-more"
              >
                {t('people.directory.loadMore')}
              </Button>
            </Center>
          ) : null}
        </>
      )}
    </Stack>
  );
}
