/**
 * Boot: translations first (so even the loading and error screens speak the person's language), then
 * `/config.json`, then the app. A configuration that cannot be read gets a clear screen with a retry.
 */
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import {
  Alert,
  Button,
  Center,
  Code,
  Group,
  MantineProvider,
  Paper,
  Stack,
  Text,
  Title,
  localStorageColorSchemeManager,
} from '@mantine/core';
import { IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { App, FullPageLoader } from './App';
import { LanguageSwitch } from './components/LanguageSwitch';
import { loadConfig, type PortalConfig } from './config';
import { initI18n } from './i18n';
import { NotificationsHost } from './layout/NotificationsHost';
import { theme } from './theme';

initI18n();

type BootState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; config: PortalConfig };

function ConfigErrorScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" p="md">
      <Paper component="main" withBorder radius="lg" p="xl" maw={560} w="100%" data-testid="config-error">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Title order={1} fz={24}>
              {t('boot.errorTitle')}
            </Title>
            <LanguageSwitch />
          </Group>
          <Alert color="red" variant="light" icon={<IconPlugConnectedX size={20} />} role="alert">
            {t('boot.errorBody')}
          </Alert>
          <details>
            <summary>
              <Text span size="sm" c="dimmed">
                {t('common.details')}
              </Text>
            </summary>
            <Code block mt="xs">
              {message}
            </Code>
          </details>
          <div>
            <Button leftSection={<IconRefresh size={16} aria-hidden="true" />} onClick={onRetry}>
              {t('common.retry')}
            </Button>
          </div>
        </Stack>
      </Paper>
    </Center>
  );
}

function Boot() {
  const { t } = useTranslation();
  const [state, setState] = useState<BootState>({ kind: 'loading' });
  const load = useCallback((signal?: AbortSignal) => {
    loadConfig(signal)
      .then((config) => setState({ kind: 'ready', config }))
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setState({ kind: 'error', message: (e as Error).message });
      });
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    load(ac.signal);
    return () => ac.abort();
  }, [load]);
  const retry = () => {
    setState({ kind: 'loading' });
    load();
  };

  if (state.kind === 'loading') return <FullPageLoader label={t('boot.loading')} />;
  if (state.kind === 'error') return <ConfigErrorScreen message={state.message} onRetry={retry} />;
  return <App config={state.config} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      defaultColorScheme="auto"
      colorSchemeManager={localStorageColorSchemeManager({ key: 'portal.colorScheme' })}
    >
      <NotificationsHost />
      <Boot />
    </MantineProvider>
  </StrictMode>,
);
