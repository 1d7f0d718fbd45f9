import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconHexagonLetterP } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * The portal's mark and name. Signed in, the name is the company's (Portal settings); before that (sign-in, a
 * public link) the product name over the tenant.
 */
export function Logo({
  tenant,
  companyName,
  compact = false,
}: {
  tenant?: string;
  companyName?: string | null;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
      <ThemeIcon
        size={compact ? 30 : 36}
        radius="md"
        variant="gradient"
        gradient={{ from: 'indigo', to: 'cyan', deg: 135 }}
        aria-hidden="true"
      >
        <IconHexagonLetterP size={compact ? 20 : 24} stroke={1.6} />
      </ThemeIcon>
      {companyName ? (
        // On a phone the header is tight: the name takes up to two small lines, where "Portal / local" was.
        <Text
          fw={700}
          fz={{ base: 12, xs: compact ? 16 : 18 }}
          lh={1.15}
          lineClamp={2}
          maw={{ base: 72, xs: 180, lg: 260 }}
          style={{ overflowWrap: 'break-word' }}
          data-testid="company-name"
        >
          {companyName}
        </Text>
      ) : (
        <div style={{ lineHeight: 1.1 }}>
          <Text fw={700} size={compact ? 'md' : 'lg'}>
            {t('app.name')}
          </Text>
          {tenant ? (
            <Text size="xs" c="dimmed" data-testid="tenant-name">
              {tenant}
            </Text>
          ) : null}
        </div>
      )}
    </Group>
  );
}
