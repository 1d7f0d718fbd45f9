/** /calendar/settings/:tab? — the calendar's settings as a page (the same panel the calendar page opens). */
import { Anchor, Container, Group, Stack, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { CalendarSettingsPanel, isSettingsTab } from './CalendarSettingsPanel';

export function CalendarSettingsPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  useDocumentTitle(t('calendar.settings.title'));
  return (
    <Container size="md" px={0}>
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={1} size="h2">
            {t('calendar.settings.title')}
          </Title>
          <Anchor component={Link} to="/calendar" size="sm">
            <Group gap={4} wrap="nowrap">
              <IconArrowLeft size={14} aria-hidden="true" />
              {t('calendar.settings.back')}
            </Group>
          </Anchor>
        </Group>
        <CalendarSettingsPanel
          tab={isSettingsTab(tab) ? tab : 'general'}
          onTabChange={(next) =>
            void navigate(next === 'general' ? '/calendar/settings' : `/calendar/settings/${next}`)
          }
        />
      </Stack>
    </Container>
  );
}
