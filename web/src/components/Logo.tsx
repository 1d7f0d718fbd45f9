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
        <Text
          fw={700}
          size={compact ? 'md' : 'lg'}
          truncate="end"
          maw={{ base: 140, xs: 260 }}
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
