import { Badge, Button, Center, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '../components/useDocumentTitle';
import type { PortalModule } from '../modules';

/** What a module's route shows until the module is built. */
export function ModulePlaceholder({ module }: { module: PortalModule }) {
  const { t } = useTranslation();
  const title = t(`modules.${module.id}.title`);
  useDocumentTitle(title);
  return (
    <Center mih="calc(100dvh - 180px)">
      <Paper
        withBorder
        radius="lg"
        p={{ base: 'lg', sm: 'xl' }}
        maw={520}
        w="100%"
        data-testid={`placeholder-${module.id}`}
      >
        <Stack align="center" gap="md" ta="center">
          <ThemeIcon size={72} radius={36} variant="light" color="indigo" aria-hidden="true">
            <module.icon size={38} stroke={1.4} />
          </ThemeIcon>
          <Badge variant="dot" color="indigo" size="lg">
            {t('placeholder.badge')}
          </Badge>
          <Title order={1} fz={{ base: 26, sm: 30 }}>
            {title}
          </Title>
          <Text size="lg" c="dimmed" data-testid="module-description">
            {t(`modules.${module.id}.description`)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('placeholder.body')}
          </Text>
          <Button component={Link} to="/" variant="light" leftSection={<IconArrowLeft size={16} aria-hidden="true" />}>
            {t('placeholder.back')}
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
