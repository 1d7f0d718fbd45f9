/** The signed-out page frame of the password pages (the same look as the sign-in page). */
import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from '../../components/ColorSchemeToggle';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Logo } from '../../components/Logo';
import { useConfig } from '../../config';

export function AuthFrame({ title, subtitle, children, testId }: { title: string; subtitle?: ReactNode; children: ReactNode; testId?: string }) {
  const config = useConfig();
  return (
    <Box className="sign-in-bg" mih="100dvh">
      <Group justify="space-between" p="md" wrap="nowrap">
        <Logo tenant={config.tenant} compact />
        <Group gap="xs" wrap="nowrap">
          <LanguageSwitch />
          <ColorSchemeToggle />
        </Group>
      </Group>
      <Center px="md" pb="xl" pt={{ base: 'md', sm: 60 }}>
        <Paper component="main" id="main" withBorder shadow="md" radius="lg" p={{ base: 'lg', sm: 32 }} w="100%" maw={440} data-testid={testId}>
          <Stack gap="xs" mb="lg">
            <Title order={1} fz={26}>
              {title}
            </Title>
            {subtitle ? (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            ) : null}
          </Stack>
          {children}
        </Paper>
      </Center>
    </Box>
  );
}
