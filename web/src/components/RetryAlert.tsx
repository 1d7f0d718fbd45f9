/** A red "this failed" alert with a Try again button: what a card shows when its request (or its code) failed. */
import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function RetryAlert({ title, children, onRetry }: { title?: string; children: ReactNode; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={title} role="alert">
      <Stack gap="xs">
        {children}
        <div>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconRefresh size={14} aria-hidden="true" />}
            onClick={onRetry}
          >
            {t('common.retry')}
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}
