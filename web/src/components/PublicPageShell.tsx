/**
 * The frame of the pages people open without signing in (a drive public link, a calendar guest's invitation): the
 * company's logo, the language and colour-scheme switches, the page's content in a centred card, and an optional
 * line under it.
 */
import { Container, Group, Paper, Text, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { useOptionalConfig } from '../config';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

export function PublicPageShell({
  width,
  cardPadding,
  testId,
  state,
  footer,
  children,
}: {
  /** The container's width (a file preview needs more room than an invitation). */
  width: MantineSize;
  /** The card's padding on phones (from `sm` up it is `lg`). */
  cardPadding: MantineSize;
  testId: string;
  /** What the card shows (`data-state`, for tests: loading, open, gone…). */
  state: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const config = useOptionalConfig();
  return (
    <div style={{ minHeight: '100dvh', background: 'var(--mantine-color-body)' }}>
      <Container size={width} py="md" px={{ base: 'sm', sm: 'md' }}>
        <Group justify="space-between" wrap="nowrap" mb="md">
          <Logo tenant={config?.tenant} compact />
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <ColorSchemeToggle />
          </Group>
        </Group>
        <Paper
          component="main"
          withBorder
          radius="lg"
          p={{ base: cardPadding, sm: 'lg' }}
          data-testid={testId}
          data-state={state}
        >
          {children}
        </Paper>
        {footer ? (
          <Text size="xs" c="dimmed" ta="center" mt="sm">
            {footer}
          </Text>
        ) : null}
      </Container>
    </div>
  );
}
