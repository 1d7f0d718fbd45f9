/**
 * Home: "New colleagues" — people who joined lately (GET /people/newest: one request), name, photo, position or
 * department, each opening the directory at their card (a search for their name). Employees only (registry: `isEmployee`), like the directory.
 */
import { Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatRelative } from '../components/time';
import { DepartmentBadges } from '../departments/widgets';
import { WidgetCard, WidgetEmpty, WidgetList } from '../home/WidgetCard';
import { useApi, useSession } from '../services';
import { PersonAvatar } from './PersonAvatar';

export const NEWCOMERS_SHOWN = 6;

export default function NewColleaguesWidget() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.sub : '';
  const newest = useQuery({
    queryKey: ['people', 'new'],
    // one more than shown: the list may hold the person themselves, who is not their own new colleague
    queryFn: ({ signal }) => api.people.listNewest({ query: { limit: NEWCOMERS_SHOWN + 1 }, signal }),
    staleTime: 4 * 60_000, // thumbnail URLs live 5 minutes
  });
  const people = (newest.data?.items ?? []).filter((p) => p.userId !== me).slice(0, NEWCOMERS_SHOWN);
  return (
    <WidgetCard
      id="new-colleagues"
      title={t('people.home.newColleagues')}
      icon={<IconUserPlus size={20} />}
      query={newest}
      isEmpty={people.length === 0}
      empty={
        <WidgetEmpty
          text={t('people.home.newColleaguesEmpty')}
          to="/company/employees"
          action={t('people.home.directory')}
        />
      }
      moreHref="/company/employees"
    >
      <WidgetList gap={4}>
        {people.map((p) => {
          const name = `${p.firstName} ${p.lastName}`.trim();
          return (
            <li key={p.userId} style={{ minWidth: 0 }}>
              <UnstyledButton
                component={Link}
                to={`/company/employees?q=${encodeURIComponent(name)}`}
                data-testid="new-colleague"
                data-user-id={p.userId}
                style={{ display: 'block', width: '100%', padding: 6, borderRadius: 8 }}
              >
                <Group wrap="nowrap" gap="sm" align="flex-start">
                  <PersonAvatar
                    userId={p.userId}
                    firstName={p.firstName}
                    lastName={p.lastName}
                    src={p.thumbnailUrl}
                    alt=""
                    size={40}
                  />
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} truncate="end">
                      {name}
                    </Text>
                    {p.position ? (
                      <Text size="xs" c="dimmed" truncate="end">
                        {p.position}
                      </Text>
                    ) : (
                      <DepartmentBadges ids={p.departmentIds} />
                    )}
                    <Text size="xs" c="dimmed">
                      {t('people.home.joined', { when: formatRelative(p.joinedAt, i18n.language) })}
                    </Text>
                  </Stack>
                </Group>
              </UnstyledButton>
            </li>
          );
        })}
      </WidgetList>
    </WidgetCard>
  );
}
