/**
 * The signed-out look shared by every page outside the portal (sign in, register, confirm, forgot and
 * reset password, accept an invitation, the registration gate): logo, language and colour-scheme
 * switches, an optional sign-out button, and one card with the page's title (also the tab title).
 */
import { ActionIcon, Anchor, Box, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconLogout } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ColorSchemeToggle } from '../../components/ColorSchemeToggle';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Logo } from '../../components/Logo';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useConfig } from '../../config';
import { useServices } from '../../services';

export interface AuthFrameProps {
  title: string;
  subtitle?: ReactNode;
  children?: ReactNode;
  testId?: string;
  /** The card's largest width (px); 440 unless a page needs more (the company form). */
  width?: number;
  /** A "Sign out" button in the top bar (pages shown to a signed-in person without portal access). */
  signOut?: boolean;
}

export function AuthFrame({ title, subtitle, children, testId, width = 440, signOut = false }: AuthFrameProps) {
  const config = useConfig();
  useDocumentTitle(title);
  return (
    <Box className="sign-in-bg" mih="100dvh">
      <Group justify="space-between" p="md" wrap="nowrap">
        <Logo tenant={config.tenant} compact />
        <Group gap="xs" wrap="nowrap">
          <LanguageSwitch />
          <ColorSchemeToggle />
          {signOut ? <SignOutButton /> : null}
        </Group>
      </Group>
      <Center px="md" pb="xl" pt={{ base: 'md', sm: 56 }}>
        <Paper
          component="main"
          id="main"
          withBorder
          shadow="md"
          radius="lg"
          p={{ base: 'lg', sm: 32 }}
          w="100%"
          maw={width}
          data-testid={testId}
        >
          <Stack gap="xs" mb={children ? 'lg' : 0}>
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

function SignOutButton() {
  const { t } = useTranslation();
  const { session } = useServices();
  return (
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
      <ActionIcon
        hiddenFrom="sm"
        variant="subtle"
        size="lg"
        aria-label={t('registration.signOut')}
        onClick={() => session.signOut()}
      >
        <IconLogout size={18} aria-hidden="true" />
      </ActionIcon>
    </>
  );
}

/** "← Back to sign in" (or another signed-out page) under a card's content. */
export function AuthBackLink({
  label,
  to = '/sign-in',
  state,
  testId,
}: {
  label: string;
  to?: string;
  state?: unknown;
  testId?: string;
}) {
  return (
    <Anchor component={Link} to={to} state={state} size="sm" data-testid={testId}>
      <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: '-2px', marginRight: 4 }} />
      {label}
    </Anchor>
  );
}
