/** The signed-out look (as on the sign-in page) for the registration pages; an optional sign-out button. */
import { ActionIcon, Box, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ColorSchemeToggle } from '../components/ColorSchemeToggle';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useConfig } from '../config';
import { useServices } from '../services';

export function RegistrationFrame(props: { title: string; subtitle?: ReactNode; children?: ReactNode; testId: string; width?: number; signOut?: boolean }) {
  const { t } = useTranslation();
  const config = useConfig();
  const { session } = useServices();
  useDocumentTitle(props.title);
  return (
    <Box className="sign-in-bg" mih="100dvh">
      <Group justify="space-between" p="md" wrap="nowrap">
        <Logo tenant={config.tenant} compact />
        <Group gap="xs" wrap="nowrap">
          <LanguageSwitch />
          <ColorSchemeToggle />
          {props.signOut ? (
            <>
              <Button
                visibleFrom="sm"
                variant="subtle"
                size="compact-sm"
                leftSection={<IconLogout size={16} aria-hidden="true" />}
                onClick={() => session.signOut()}
                data-testid="registration-sign-out"
              >
                {t('registration.signOut')}
              </Button>
              <ActionIcon hiddenFrom="sm" variant="subtle" size="lg" aria-label={t('registration.signOut')} onClick={() => session.signOut()}>
                <IconLogout size={18} aria-hidden="true" />
              </ActionIcon>
            </>
          ) : null}
        </Group>
      </Group>
      <Center px="md" pb="xl" pt={{ base: 'md', sm: 48 }}>
        <Paper component="main" id="main" withBorder shadow="md" radius="lg" p={{ base: 'lg', sm: 32 }} w="100%" maw={props.width ?? 440} data-testid={props.testId}>
          <Stack gap="xs" mb={props.children ? 'lg' : 0}>
            <Title order={1} fz={26}>
              {props.title}
            </Title>
            {props.subtitle ? (
              <Text c="dimmed" size="sm">
                {props.subtitle}
              </Text>
            ) : null}
          </Stack>
          {props.children}
        </Paper>
      </Center>
    </Box>
  );
}
