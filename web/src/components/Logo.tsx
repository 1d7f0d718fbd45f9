import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconHexagonLetterP } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function Logo({ tenant, compact = false }: { tenant?: string; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon
        size={compact ? 30 : 36}
        radius="md"
        variant="gradient"
        gradient={{ from: 'indigo', to: 'cyan', deg: 135 }}
        aria-hidden="true"
      >
        <IconHexagonLetterP size={compact ? 20 : 24} stroke={1.6} />
      </ThemeIcon>
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
    </Group>
  );
}
