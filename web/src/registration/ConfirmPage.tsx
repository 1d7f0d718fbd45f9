/**
 * /register/confirm?token=…: uses the e-mailed link once and says what happened. Works signed out
 * (→ sign in, e-mail prefilled) and signed in (→ stage 2). Used, expired, replaced and unknown links
 * each get their own page.
 */
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, type Api } from '../api/client';
import { useApi, useSession } from '../services';
import { registrationKeys } from './api';
import { RegistrationFrame } from './RegistrationFrame';

type Failure = 'used' | 'expired' | 'replaced' | 'unknown' | 'error';
type Outcome = { kind: 'confirmed'; email: string } | { kind: Failure };

const CODES: Record<string, Failure> = { LINK_USED: 'used', LINK_EXPIRED: 'expired', LINK_REPLACED: 'replaced', LINK_UNKNOWN: 'unknown' };

/** One request per token even when React runs the effect twice (a second one would find the link used). */
const inFlight = new Map<string, Promise<Outcome>>();
function confirmOnce(api: Api, token: string): Promise<Outcome> {
  let p = inFlight.get(token);
  if (!p) {
    p = api<{ email: string }>('/registration/confirm', { method: 'POST', anonymous: true, body: { token } })
      .then((r): Outcome => ({ kind: 'confirmed', email: r.email }))
      .catch((e: unknown): Outcome => {
        if (e instanceof ApiError && (CODES[e.code] || e.status === 400)) return { kind: CODES[e.code] ?? 'unknown' };
        return { kind: 'error' };
      });
    inFlight.set(token, p);
  }
  return p;
}

export function ConfirmPage() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [outcome, setOutcome] = useState<Outcome | null>(token ? null : { kind: 'unknown' });
  const signedIn = session.status === 'signedIn';

  useEffect(() => {
    if (!token) return;
    let live = true;
    void confirmOnce(api, token).then((o) => {
      if (!live) return;
      setOutcome(o);
      if (o.kind === 'confirmed' || o.kind === 'used') void queryClient.invalidateQueries({ queryKey: registrationKeys.status });
    });
    return () => {
      live = false;
    };
  }, [api, token, queryClient]);

  const goOn = (email?: string) =>
    signedIn ? navigate('/', { replace: true }) : navigate('/sign-in', { replace: true, state: { email, notice: 'emailConfirmed' } });

  if (!outcome) {
    return (
      <RegistrationFrame title={t('registration.confirm.title')} testId="confirm-page">
        <Group gap="sm" role="status" aria-live="polite">
          <Loader size="sm" type="dots" />
          <Text c="dimmed">{t('registration.confirm.checking')}</Text>
        </Group>
      </RegistrationFrame>
    );
  }
  if (outcome.kind === 'confirmed') {
    return (
      <RegistrationFrame title={t('registration.confirm.doneTitle')} testId="confirm-page">
        <Stack gap="md" data-testid="confirm-done">
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} role="status">
            {t(signedIn ? 'registration.confirm.doneSignedIn' : 'registration.confirm.done', { email: outcome.email })}
          </Alert>
          <Button size="md" fullWidth onClick={() => goOn(outcome.email)} data-testid="confirm-continue">
            {signedIn ? t('registration.confirm.continue') : t('registration.confirm.signIn')}
          </Button>
        </Stack>
      </RegistrationFrame>
    );
  }
  const kind = outcome.kind;
  return (
    <RegistrationFrame title={t(`registration.confirm.${kind === 'error' ? 'errorTitle' : (`${kind}Title` as const)}`)} testId="confirm-page">
      <Stack gap="md" data-testid={`confirm-${kind}`}>
        <Alert color={kind === 'used' ? 'blue' : 'orange'} variant="light" icon={kind === 'used' ? <IconInfoCircle size={18} /> : <IconAlertTriangle size={18} />}>
          {t(`registration.confirm.${kind}`)}
        </Alert>
        {kind === 'used' ? (
          <Button size="md" fullWidth onClick={() => goOn()} data-testid="confirm-continue">
            {signedIn ? t('registration.confirm.continue') : t('registration.confirm.signIn')}
          </Button>
        ) : kind === 'error' ? (
          <Button size="md" fullWidth onClick={() => window.location.reload()}>
            {t('common.retry')}
          </Button>
        ) : (
          <Button component={Link} to="/register" size="md" fullWidth variant="light">
            {t('registration.confirm.registerAgain')}
          </Button>
        )}
      </Stack>
    </RegistrationFrame>
  );
}
