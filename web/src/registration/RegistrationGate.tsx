/**
 * What a signed-in person without any group sees instead of the portal: the stage their registration
 * is at (GET /registration/status). Confirm the e-mail → the company form (or joining through an
 * allowed domain) → the tokens are refreshed so the new groups are in them → the portal.
 * Anyone else without a group sees a clear "no access yet" page.
 */
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconLock, IconMailForward } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../services';
import { useRegistrationStatus } from './api';
import { CompanyForm } from './CompanyForm';
import { AuthFrame } from '../pages/auth/AuthFrame';

function FullPageLoader({ label }: { label: string }) {
  return (
    <Center mih="100dvh">
      <Stack align="center" gap="sm" role="status" aria-live="polite">
        <Loader size="lg" type="dots" />
        <Text c="dimmed">{label}</Text>
      </Stack>
    </Center>
  );
}

function RefreshIntoPortal() {
  const { t } = useTranslation();
  const { session } = useServices();
  // The groups were added after this token was issued: a refresh brings them (REFRESH_TOKEN_AUTH).
  useEffect(() => void session.refresh().catch(() => undefined), [session]);
  return <FullPageLoader label={t('registration.finishing')} />;
}

export function RegistrationGate({ email }: { email: string }) {
  const { t } = useTranslation();
  const status = useRegistrationStatus();

  if (status.isPending) return <FullPageLoader label={t('common.loading')} />;
  if (status.isError) {
    return (
      <AuthFrame title={t('registration.statusError')} testId="registration-error" signOut>
        <Button onClick={() => void status.refetch()}>{t('common.retry')}</Button>
      </AuthFrame>
    );
  }
  const { stage } = status.data;
  const shown = status.data.email || email;
  if (stage === 'done') return <RefreshIntoPortal />;
  if (stage === 'company' || stage === 'join') return <CompanyForm mode={stage} email={shown} />;
  if (stage === 'email') {
    return (
      <AuthFrame title={t('registration.pending.title')} testId="registration-pending" signOut>
        <Stack gap="md">
          <Alert color="blue" variant="light" icon={<IconMailForward size={18} />}>
            {t('registration.pending.body', { email: shown })}
          </Alert>
          <Button
            onClick={() => void status.refetch()}
            loading={status.isFetching}
            data-testid="registration-pending-check"
          >
            {t('registration.pending.check')}
          </Button>
        </Stack>
      </AuthFrame>
    );
  }
  if (stage === 'invitation') {
    // Signed in through a social provider (address verified) while the portal takes people by invitation only.
    return (
      <AuthFrame title={t('registration.inviteOnly.title')} testId="invitation-needed" signOut>
        <Alert color="blue" variant="light" icon={<IconMailForward size={18} />}>
          {t('registration.inviteOnly.body', { email: shown })}
        </Alert>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t('registration.noAccess.title')} testId="no-access" signOut>
      <Stack gap="md" align="center">
        <Center>
          <IconLock size={40} stroke={1.5} aria-hidden="true" color="var(--mantine-color-dimmed)" />
        </Center>
        <Text ta="center">{t('registration.noAccess.body', { email: shown })}</Text>
        {status.isFetching ? <Loader size="xs" type="dots" /> : null}
      </Stack>
    </AuthFrame>
  );
}
