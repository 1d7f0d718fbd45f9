/** What registration adds to the sign-in page: the "address confirmed" notice and "Create your portal" when self-registration is possible. */
import { Alert, Anchor, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { usePortalInfo } from './api';

export function RegistrationNotice() {
  const { t } = useTranslation();
  const state = useLocation().state as { notice?: string } | null;
  if (state?.notice !== 'emailConfirmed') return null;
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconCircleCheck size={18} />}
      role="status"
      data-testid="sign-in-confirmed"
    >
      {t('registration.emailConfirmedNotice')}
    </Alert>
  );
}

export function CreatePortalLink() {
  const { t } = useTranslation();
  const portal = usePortalInfo();
  const mode = portal.data?.selfRegistration;
  if (!mode || mode === 'closed') return null;
  return (
    <Text size="sm" ta="center" data-testid="create-portal">
      {mode === 'open' ? t('registration.createPortalHint') : t('registration.signUpHint')}{' '}
      <Anchor component={Link} to="/register" data-testid="create-portal-link">
        {mode === 'open' ? t('registration.createPortal') : t('registration.signUp')}
      </Anchor>
    </Text>
  );
}
